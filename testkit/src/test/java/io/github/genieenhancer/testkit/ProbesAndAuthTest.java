package io.github.genieenhancer.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.service.dashboards.GenieListSpacesRequest;
import com.databricks.sdk.service.iam.MeRequest;
import com.databricks.sdk.service.iam.User;
import com.databricks.sdk.service.iam.UserSchema;
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
    void the_current_user_is_the_workspace_user_in_the_scim_shape() {
        User me = ws.workspaceClient().currentUser().me(new MeRequest());

        assertThat(me.getUserName()).isEqualTo("local@localworkspace");
        assertThat(me.getId()).isEqualTo("4206660001");
        assertThat(me.getDisplayName()).isEqualTo("Local User");
        assertThat(me.getActive()).isTrue();
        assertThat(me.getName().getGivenName()).isEqualTo("Local");
        assertThat(me.getEmails()).singleElement().satisfies(e -> {
            assertThat(e.getValue()).isEqualTo("local@localworkspace");
            assertThat(e.getPrimary()).isTrue();
        });
        assertThat(me.getSchemas()).contains(UserSchema.URN_IETF_PARAMS_SCIM_SCHEMAS_CORE_2_0_USER);
        assertThat(ws.requestCount(Endpoint.CURRENT_USER)).isEqualTo(1);
        WorkspaceClient stranger = new WorkspaceClient(ws.databricksConfig().setToken("dapi-wrong"));
        assertThatThrownBy(() -> stranger.currentUser().me(new MeRequest()))
                .isInstanceOfSatisfying(DatabricksError.class, e -> assertThat(e.getStatusCode()).isEqualTo(401));
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
