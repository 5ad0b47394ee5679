package io.github.genieenhancer.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.dashboards.GenieGetSpaceRequest;
import com.databricks.sdk.service.dashboards.GenieSpace;
import com.databricks.sdk.service.dashboards.GenieUpdateSpaceRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.fix.FixCategory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The local Genie's documented rules, observed through the SDK only. */
class GenieRulesTest {
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

    private static Benchmark benchmark(String id) {
        return ws.sampleBenchmarks().byId(id).orElseThrow();
    }

    private static boolean correctIn(String spaceId, String benchmarkId) {
        return Sdk.correct(client, ws.warehouseId(), spaceId, benchmark(benchmarkId));
    }

    private static String space(ObjectNode config) {
        return Sdk.createSpace(client, ws.warehouseId(), config.toString());
    }

    private static String id(int n) {
        return "01f0a1b2c3d4e5f6" + String.format(Locale.ROOT, "%016x", n);
    }

    @Test
    void the_sample_space_scores_between_30_and_50_percent_and_the_reference_configuration_at_least_90() throws Exception {
        double baseline = accuracy(ws.sampleSpaceId());
        double tuned = accuracy(space(ws.referenceSpaceConfig().toTree()));

        assertThat(ws.sampleBenchmarks().size()).isGreaterThanOrEqualTo(30);
        assertThat(baseline).isBetween(0.30, 0.50);
        assertThat(tuned).isGreaterThanOrEqualTo(0.90);
    }

    private static double accuracy(String spaceId) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (Benchmark b : ws.sampleBenchmarks().benchmarks()) {
                results.add(pool.submit(() -> Sdk.correct(client, ws.warehouseId(), spaceId, b)));
            }
            int correct = 0;
            for (Future<Boolean> r : results) {
                correct += r.get() ? 1 : 0;
            }
            return (double) correct / results.size();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void the_genie_reads_the_configuration_as_it_is_now() {
        String spaceId = space(ws.sampleSpaceConfig().toTree());
        assertThat(correctIn(spaceId, "b08")).isFalse();
        GenieSpace current = client.genie().getSpace(new GenieGetSpaceRequest().setSpaceId(spaceId)
                .setIncludeSerializedSpace(true));
        ObjectNode fixed = ws.sampleSpaceConfig().toTree();
        ((ObjectNode) fixed.path("instructions")).remove("sql_snippets");

        client.genie().updateSpace(new GenieUpdateSpaceRequest().setSpaceId(spaceId).setEtag(current.getEtag())
                .setSerializedSpace(fixed.toString()));

        assertThat(correctIn(spaceId, "b08")).isTrue();
    }

    static Stream<Arguments> each_category_decides_a_sample_answer() {
        return Stream.of(
                Arguments.of(FixCategory.INSTRUCTION_FIX, "b28", (UnaryOperator<ObjectNode>) c -> {
                    ArrayNode content = (ArrayNode) c.path("instructions").path("text_instructions").path(0).path("content");
                    while (content.size() > 1) {
                        content.remove(1);
                    }
                    return c;
                }),
                Arguments.of(FixCategory.JOIN_SPECS_ADD, "b21", remove("join_specs", id(0x33))),
                Arguments.of(FixCategory.JOIN_SPECS_DELETE, "b22", addFromSample("join_specs", id(0x32))),
                Arguments.of(FixCategory.SQL_SNIPPETS_ADD, "b11", remove("sql_snippets/measures", id(0x42))),
                Arguments.of(FixCategory.SQL_SNIPPETS_DELETE, "b08", addFromSample("sql_snippets/filters", id(0x40))),
                Arguments.of(FixCategory.METADATA_ADD, "b02", (UnaryOperator<ObjectNode>) c -> {
                    ((ObjectNode) column(c, "retail.sales.orders", "order_date")).remove("synonyms");
                    return c;
                }),
                Arguments.of(FixCategory.METADATA_DELETE, "b15", (UnaryOperator<ObjectNode>) c -> {
                    ObjectNode stores = (ObjectNode) table(c, "retail.sales.stores");
                    stores.putArray("column_configs").addObject().put("column_name", "store_type")
                            .putArray("synonyms").add("channel");
                    return c;
                }),
                Arguments.of(FixCategory.SAMPLE_QUERIES_ADD, "b35", remove("example_question_sqls", id(0x22))),
                Arguments.of(FixCategory.SAMPLE_QUERIES_DELETE, "b12", addFromSample("example_question_sqls", id(0x20))));
    }

    /**
     * The reference configuration answers the benchmark; undoing one fix of the category (removing the item an add
     * fix would bring, or putting back the misleading item a delete fix removes) breaks it.
     */
    @ParameterizedTest(name = "{0} decides {1}")
    @MethodSource
    void each_category_decides_a_sample_answer(FixCategory category, String benchmarkId,
                                                UnaryOperator<ObjectNode> undoFix) {
        String reference = space(ws.referenceSpaceConfig().toTree());
        String withoutFix = space(undoFix.apply(ws.referenceSpaceConfig().toTree()));

        assertThat(correctIn(reference, benchmarkId)).as("reference configuration").isTrue();
        assertThat(correctIn(withoutFix, benchmarkId)).as("without the " + category.wireName() + " fix").isFalse();
    }

    private static UnaryOperator<ObjectNode> remove(String path, String itemId) {
        return c -> {
            ArrayNode items = array(c, path);
            for (int i = 0; i < items.size(); i++) {
                if (items.path(i).path("id").asText().equals(itemId)) {
                    items.remove(i);
                    return c;
                }
            }
            throw new AssertionError("no item " + itemId + " under " + path);
        };
    }

    private static UnaryOperator<ObjectNode> addFromSample(String path, String itemId) {
        return c -> {
            JsonNode item = null;
            for (JsonNode n : array(ws.sampleSpaceConfig().toTree(), path)) {
                if (n.path("id").asText().equals(itemId)) {
                    item = n;
                }
            }
            ArrayNode items = array(c, path);
            List<JsonNode> sorted = new ArrayList<>();
            items.forEach(sorted::add);
            sorted.add(item);
            sorted.sort(Comparator.comparing(n -> n.path("id").asText()));
            items.removeAll();
            items.addAll(sorted);
            return c;
        };
    }

    private static ArrayNode array(ObjectNode config, String path) {
        ObjectNode parent = (ObjectNode) config.path("instructions");
        String[] parts = path.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            parent = parent.withObject(parts[i]);
        }
        return parent.withArray(parts[parts.length - 1]);
    }

    private static JsonNode table(ObjectNode config, String identifier) {
        for (JsonNode t : config.path("data_sources").path("tables")) {
            if (t.path("identifier").asText().equals(identifier)) {
                return t;
            }
        }
        throw new AssertionError("no table " + identifier);
    }

    private static JsonNode column(ObjectNode config, String identifier, String column) {
        for (JsonNode c : table(config, identifier).path("column_configs")) {
            if (c.path("column_name").asText().equals(column)) {
                return c;
            }
        }
        throw new AssertionError("no column config " + column);
    }
}
