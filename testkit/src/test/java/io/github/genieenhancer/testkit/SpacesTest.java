package io.github.genieenhancer.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.error.platform.ResourceConflict;
import com.databricks.sdk.service.dashboards.GenieGetSpaceRequest;
import com.databricks.sdk.service.dashboards.GenieListSpacesRequest;
import com.databricks.sdk.service.dashboards.GenieListSpacesResponse;
import com.databricks.sdk.service.dashboards.GenieSpace;
import com.databricks.sdk.service.dashboards.GenieUpdateSpaceRequest;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genieenhancer.core.space.SpaceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SpacesTest {
    static LocalWorkspace ws;
    static WorkspaceClient client;

    @BeforeAll
    static void start() {
        ws = WorkspaceFixture.fast().start();
        client = ws.workspaceClient();
    }

    @AfterAll
    static void stop() {
        ws.close();
    }

    private static GenieSpace get(String id) {
        return client.genie().getSpace(new GenieGetSpaceRequest().setSpaceId(id).setIncludeSerializedSpace(true));
    }

    @Test
    void get_returns_the_serialized_space_only_when_asked() {
        GenieSpace full = get(ws.sampleSpaceId());
        GenieSpace bare = client.genie().getSpace(new GenieGetSpaceRequest().setSpaceId(ws.sampleSpaceId()));

        assertThat(SpaceConfig.parse(full.getSerializedSpace())).isEqualTo(ws.spaceConfig(ws.sampleSpaceId()).orElseThrow());
        assertThat(full.getWarehouseId()).isEqualTo(ws.warehouseId());
        assertThat(full.getEtag()).isNotBlank();
        assertThat(bare.getSerializedSpace()).isNull();
        assertThat(bare.getEtag()).isEqualTo(full.getEtag());
    }

    @Test
    void list_pages_through_spaces_without_their_configuration() {
        for (int i = 0; i < 3; i++) {
            Sdk.createSpace(client, ws.warehouseId(), ws.sampleSpaceConfig().toJson());
        }
        GenieListSpacesResponse first = client.genie().listSpaces(new GenieListSpacesRequest().setPageSize(2L));
        GenieListSpacesResponse rest = client.genie().listSpaces(new GenieListSpacesRequest().setPageSize(100L)
                .setPageToken(first.getNextPageToken()));

        assertThat(first.getSpaces()).hasSize(2).allSatisfy(s -> assertThat(s.getSerializedSpace()).isNull());
        assertThat(first.getNextPageToken()).isNotBlank();
        assertThat(rest.getSpaces()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(rest.getNextPageToken()).isNull();
    }

    @Test
    void update_with_the_current_etag_replaces_the_configuration_and_changes_the_etag() {
        String id = Sdk.createSpace(client, ws.warehouseId(), ws.sampleSpaceConfig().toJson());
        GenieSpace before = get(id);

        GenieSpace after = client.genie().updateSpace(new GenieUpdateSpaceRequest().setSpaceId(id)
                .setEtag(before.getEtag()).setTitle("renamed")
                .setSerializedSpace(ws.referenceSpaceConfig().toJson()));

        assertThat(after.getEtag()).isNotEqualTo(before.getEtag());
        assertThat(get(id).getTitle()).isEqualTo("renamed");
        assertThat(ws.spaceConfig(id)).contains(ws.referenceSpaceConfig());
    }

    @Test
    void update_with_a_stale_etag_is_refused_with_a_409_and_changes_nothing() {
        String id = Sdk.createSpace(client, ws.warehouseId(), ws.sampleSpaceConfig().toJson());
        String stale = get(id).getEtag();
        ws.faults().editSpaceUnderneath(id, config -> {
            ((ArrayNode) config.path("instructions").path("text_instructions").path(0).path("content"))
                    .add("Edited by a colleague.\n");
            return config;
        });
        SpaceConfig edited = ws.spaceConfig(id).orElseThrow();

        assertThatThrownBy(() -> client.genie().updateSpace(new GenieUpdateSpaceRequest().setSpaceId(id)
                .setEtag(stale).setSerializedSpace(ws.referenceSpaceConfig().toJson())))
                .isInstanceOfSatisfying(ResourceConflict.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(409);
                    assertThat(e.getErrorCode()).isEqualTo("ABORTED");
                });
        assertThat(ws.spaceConfig(id)).contains(edited);
    }

    @Test
    void update_without_an_etag_applies_unconditionally() {
        String id = Sdk.createSpace(client, ws.warehouseId(), ws.sampleSpaceConfig().toJson());
        ws.faults().editSpaceUnderneath(id, config -> config);

        client.genie().updateSpace(new GenieUpdateSpaceRequest().setSpaceId(id)
                .setSerializedSpace(ws.referenceSpaceConfig().toJson()));

        assertThat(ws.spaceConfig(id)).contains(ws.referenceSpaceConfig());
    }

    @Test
    void a_configuration_that_breaks_the_api_rules_is_rejected_with_400() {
        ObjectNode unsorted = ws.referenceSpaceConfig().toTree();
        ArrayNode joins = (ArrayNode) unsorted.path("instructions").path("join_specs");
        joins.insert(0, joins.remove(joins.size() - 1));
        ObjectNode noMarker = ws.referenceSpaceConfig().toTree();
        ((ArrayNode) noMarker.path("instructions").path("join_specs").path(0).path("sql")).remove(1);
        ObjectNode extraField = ws.referenceSpaceConfig().toTree().put("title", "not part of the export");

        for (ObjectNode bad : new ObjectNode[] {unsorted, noMarker, extraField}) {
            assertThatThrownBy(() -> Sdk.createSpace(client, ws.warehouseId(), bad.toString()))
                    .isInstanceOfSatisfying(DatabricksError.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(400);
                        assertThat(e.getErrorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
                    });
        }
    }

    @Test
    void a_read_followed_by_an_edit_underneath_makes_the_next_write_conflict() {
        String id = Sdk.createSpace(client, ws.warehouseId(), ws.sampleSpaceConfig().toJson());
        ws.faults().editSpaceAfterNextRead(id, config -> config.put("version", 2));
        GenieSpace read = get(id);

        assertThatThrownBy(() -> client.genie().updateSpace(new GenieUpdateSpaceRequest().setSpaceId(id)
                .setEtag(read.getEtag()).setSerializedSpace(read.getSerializedSpace())))
                .isInstanceOf(ResourceConflict.class);
        assertThat(get(id).getEtag()).isNotEqualTo(read.getEtag());
    }

    @Test
    void trashed_spaces_are_gone() {
        String id = Sdk.createSpace(client, ws.warehouseId(), ws.sampleSpaceConfig().toJson());

        client.genie().trashSpace(id);

        assertThatThrownBy(() -> get(id)).isInstanceOf(NotFound.class);
        assertThat(ws.spaceConfig(id)).isEmpty();
    }
}
