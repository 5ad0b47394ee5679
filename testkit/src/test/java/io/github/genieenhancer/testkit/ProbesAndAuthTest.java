package io.github.genieenhancer.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.service.dashboards.GenieListSpacesRequest;
import java.util.HashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProbesAndAuthTest {
    private static final String TOKEN = "dapi-localworkspace";
    static LocalWorkspace ws;

    @BeforeAll
    static void start() {
        ws = WorkspaceFixture.fast().start();
    }

    @AfterAll
    static void stop() {
        ws.close();
    }

    @Test
    void sdk_resolves_the_workspace_from_the_discovery_probes() throws Exception {
        WorkspaceClient client = ws.workspaceClient();

        assertThat(ws.host()).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(client.config().getWorkspaceId()).matches("\\d+");
        assertThat(client.config().getDatabricksOidcEndpoints().getTokenEndpoint())
                .isEqualTo(ws.host() + "/oidc/v1/token");
    }

    @Test
    void requests_with_a_wrong_token_are_unauthenticated() {
        WorkspaceClient stranger = new WorkspaceClient(ws.databricksConfig().setToken("dapi-wrong"));

        assertThatThrownBy(() -> stranger.genie().listSpaces(new GenieListSpacesRequest()))
                .isInstanceOfSatisfying(DatabricksError.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(401);
                    assertThat(e.getErrorCode()).isEqualTo("UNAUTHENTICATED");
                    assertThat(e.getMessage()).doesNotContain("dapi-wrong").doesNotContain(TOKEN);
                });
    }

    @Test
    void the_workspace_token_is_not_part_of_any_description() {
        assertThat(ws.databricksConfig().getToken()).isEqualTo(TOKEN);
        assertThat(ws.toString()).doesNotContain(TOKEN);
        assertThat(ws.faults().toString()).doesNotContain(TOKEN);
        assertThat(LocalWorkspace.builder().token("dapi-custom-secret").toString()).doesNotContain("dapi-custom");
    }

    @Test
    void unknown_paths_answer_404_with_a_databricks_error_body() {
        assertThatThrownBy(() -> ws.workspaceClient().apiClient()
                .execute(new Request("GET", "/api/2.0/no-such-api"), HashMap.class))
                .isInstanceOfSatisfying(DatabricksError.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getErrorCode()).isEqualTo("ENDPOINT_NOT_FOUND");
                    assertThat(e.getMessage()).contains("/api/2.0/no-such-api");
                });
    }
}
