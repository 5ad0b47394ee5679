package io.github.genieenhancer.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.error.platform.ResourceConflict;
import com.databricks.sdk.service.dashboards.GenieGetSpaceRequest;
import com.databricks.sdk.service.dashboards.GenieListSpacesRequest;
import com.databricks.sdk.service.dashboards.GenieListSpacesResponse;
import com.databricks.sdk.service.dashboards.GenieSpace;
import com.databricks.sdk.service.dashboards.GenieUpdateSpaceRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genieenhancer.core.space.BenchmarkQuestion;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.space.SqlParameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
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
        assertThat(ws.spaceConfig(id).map(SpaceConfig::normalized)).contains(ws.referenceSpaceConfig());
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

        assertThat(ws.spaceConfig(id).map(SpaceConfig::normalized)).contains(ws.referenceSpaceConfig());
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
    void get_serves_the_configuration_in_the_order_the_real_api_exports_it() {
        SpaceConfig stored = ws.sampleSpaceConfig();
        String id = Sdk.createSpace(client, ws.warehouseId(), stored.toJson());

        SpaceConfig served = SpaceConfig.parse(get(id).getSerializedSpace());

        // as in the real export: benchmark questions newest first, an example's parameters in the order its SQL
        // names them; everything else in the order the API demands on input
        assertThat(stored.benchmarkQuestions()).hasSize(ws.sampleBenchmarks().size())
                .extracting(BenchmarkQuestion::id).isSorted();
        assertThat(served.benchmarkQuestions()).extracting(BenchmarkQuestion::id)
                .isSortedAccordingTo(Comparator.reverseOrder())
                .containsExactlyInAnyOrderElementsOf(stored.benchmarkQuestions().stream()
                        .map(BenchmarkQuestion::id).toList());
        assertThat(parameters(stored)).containsExactly("channel", "status");
        assertThat(parameters(served)).containsExactly("status", "channel");
        assertThat(served.normalized()).isEqualTo(stored);
        assertThat(ws.spaceConfig(id)).contains(served);
        // and, as the real API does, it refuses its own export order on the way back in
        assertThatThrownBy(() -> client.genie().updateSpace(new GenieUpdateSpaceRequest().setSpaceId(id)
                .setSerializedSpace(served.toJson())))
                .isInstanceOfSatisfying(InvalidParameterValue.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getErrorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
                    assertThat(e.getMessage()).contains("must be sorted by");
                });
    }

    private static List<String> parameters(SpaceConfig config) {
        return config.exampleSqls().stream().filter(e -> !e.parameters().isEmpty()).findFirst().orElseThrow()
                .parameters().stream().map(SqlParameter::name).toList();
    }

    @Test
    void create_and_update_refuse_what_the_real_api_refuses_with_its_error_shape() {
        Map<String, UnaryOperator<ObjectNode>> refused = new LinkedHashMap<>();
        refused.put("benchmarks.questions must be sorted by id", c -> reversed(c, "/benchmarks/questions"));
        refused.put("parameters must be sorted by name",
                c -> reversed(c, "/instructions/example_question_sqls/2/parameters"));
        refused.put("must be 32 lowercase hexadecimal characters", c -> {
            ((ObjectNode) c.at("/instructions/join_specs/0")).put("id", "01F0A1B2C3D4E5F60000000000000030");
            return c;
        });
        refused.put("duplicate id", c -> {
            ((ObjectNode) c.at("/instructions/example_question_sqls/0")).put("id", "01f0a1b2c3d4e5f60000000000000010");
            return c;
        });
        refused.put("needs [condition, --rt=FROM_RELATIONSHIP_TYPE_...--]", c -> {
            ((ArrayNode) c.at("/instructions/join_specs/0/sql")).remove(1);
            return c;
        });
        refused.put("at most 1 text instruction", c -> {
            ((ArrayNode) c.at("/instructions/text_instructions")).addObject()
                    .put("id", "01f0a1b2c3d4e5f6ffffffffffffff01").putArray("content").add("More.");
            return c;
        });
        refused.put("version must be 1 or 2", c -> c.put("version", 3));
        refused.put("unknown field 'join_specs'", c -> {
            ((ObjectNode) c.at("/data_sources")).set("join_specs", c.at("/instructions/join_specs").deepCopy());
            return c;
        });
        refused.put("column 'category' is configured twice", c -> {
            ArrayNode columns = (ArrayNode) c.at("/data_sources/tables/4/column_configs");
            columns.insert(0, columns.get(0).deepCopy());
            return c;
        });
        refused.put("string of 25001 characters, the limit is 25000", c -> {
            ((ObjectNode) c.at("/data_sources/tables/0")).putArray("description").add("x".repeat(25_001));
            return c;
        });
        refused.put("array of 10001 items, the limit is 10000", c -> {
            ArrayNode synonyms = ((ObjectNode) c.at("/data_sources/tables/4/column_configs/0")).putArray("synonyms");
            IntStream.range(0, 10_001).forEach(i -> synonyms.add("s" + i));
            return c;
        });
        refused.put("101 instructions, the limit is 100", c -> items(c, "/instructions/example_question_sqls", 100));
        refused.put("knowledge-store snippets, the limit is 200",
                c -> items(c, "/instructions/sql_snippets/filters", 201));
        refused.put("501 benchmark questions, the limit is 500", c -> items(c, "/benchmarks/questions", 501));
        String id = Sdk.createSpace(client, ws.warehouseId(), ws.sampleSpaceConfig().toJson());
        SpaceConfig before = ws.spaceConfig(id).orElseThrow();

        refused.forEach((message, breakIt) -> {
            String bad = breakIt.apply(ws.sampleSpaceConfig().toTree()).toString();
            assertThatThrownBy(() -> Sdk.createSpace(client, ws.warehouseId(), bad)).as(message)
                    .isInstanceOfSatisfying(InvalidParameterValue.class, e -> assertRefused(e, message));
            assertThatThrownBy(() -> client.genie().updateSpace(new GenieUpdateSpaceRequest().setSpaceId(id)
                    .setSerializedSpace(bad))).as(message)
                    .isInstanceOfSatisfying(InvalidParameterValue.class, e -> assertRefused(e, message));
        });
        assertThat(ws.spaceConfig(id)).contains(before);
    }

    private static void assertRefused(DatabricksError e, String message) {
        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(e.getErrorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(e.getMessage()).contains(message);
    }

    @Test
    void what_the_api_accepts_is_accepted_even_when_it_is_only_advice_to_change_it() {
        ObjectNode glued = ws.sampleSpaceConfig().toTree();
        ((ObjectNode) glued.at("/instructions/text_instructions/0")).putArray("content").add("Amounts are in USD.")
                .add("Round to 2 decimals.");
        ObjectNode unanswered = ws.sampleSpaceConfig().toTree();
        ((ObjectNode) unanswered.at("/benchmarks/questions/0")).remove("answer");

        for (ObjectNode accepted : List.of(glued, unanswered)) {
            String id = Sdk.createSpace(client, ws.warehouseId(), accepted.toString());
            assertThat(ws.spaceConfig(id).orElseThrow().normalized()).isEqualTo(SpaceConfig.parse(accepted.toString()));
        }
    }

    private static ObjectNode reversed(ObjectNode config, String pointer) {
        ArrayNode array = (ArrayNode) config.at(pointer);
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        Collections.reverse(items);
        array.removeAll().addAll(items);
        return config;
    }

    /** The array at the pointer with {@code count} items, copies of its first with new ids in order. */
    private static ObjectNode items(ObjectNode config, String pointer, int count) {
        ArrayNode array = (ArrayNode) config.at(pointer);
        ObjectNode first = (ObjectNode) array.get(0);
        array.removeAll();
        for (int i = 0; i < count; i++) {
            array.add(first.deepCopy().put("id", String.format(Locale.ROOT, "01f0ffff%024x", i)));
        }
        return config;
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
