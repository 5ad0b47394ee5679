package io.github.genieenhancer.core.space;

import static io.github.genieenhancer.core.space.SpaceFixtures.SALES;
import static io.github.genieenhancer.core.space.SpaceFixtures.load;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genieenhancer.core.GenieJson;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpaceDiffTest {
    private final SpaceConfig sales = load(SALES);

    @Test
    void everySectionIsComparedByIdWithAShortSummary() {
        ExampleQuestionSql example = sales.exampleSqls().get(1);
        SpaceConfig after = sales
                .withInstructionTextAppended("Use fiscal quarters.")
                .withoutExampleSql(sales.exampleSqls().get(0).id())
                .withExampleSql(new ExampleQuestionSql(example.id(), example.question(), example.sql() + " LIMIT 5",
                        example.usageGuidance(), example.parameters()))
                .withExampleSql(ExampleQuestionSql.of("Orders per day", "SELECT order_date, COUNT(*) FROM "
                        + "main.sales.orders GROUP BY order_date", ""))
                .withoutJoinSpecsBetween("main.sales.orders", "main.sales.customers")
                .withSnippet(SqlSnippet.of(SnippetKind.FILTER, "EMEA only", "", "orders.region = 'EMEA'",
                        List.of(), ""))
                .withTableDescription("main.sales.revenue_metrics", "Monthly revenue")
                .withColumnSynonyms("main.sales.orders", "region", List.of("zone"))
                .withColumnDescription("main.sales.orders", "status", "Order status")
                .withBenchmarkQuestions(List.of(sales.benchmarkQuestions().get(0)));

        SpaceDiff diff = sales.diffTo(after);

        assertThat(diff.describe()).isEqualTo(String.join("\n",
                "~ data_sources.tables.column_configs main.sales.orders.region: region (changed: synonyms)",
                "+ data_sources.tables.column_configs main.sales.orders.status: status",
                "~ data_sources.metric_views main.sales.revenue_metrics: main.sales.revenue_metrics "
                        + "(changed: description)",
                "~ instructions.text_instructions 01f0a00000000000000000000000b001: ## PURPOSE ... (changed: content)",
                "- instructions.example_question_sqls 01f0a00000000000000000000000b002: Show top 10 customers by "
                        + "revenue",
                "~ instructions.example_question_sqls 01f0a00000000000000000000000b003: Show sales for a region "
                        + "(changed: sql)",
                "+ instructions.example_question_sqls 01f0a00000000000000000000000b00a: Orders per day",
                "- instructions.join_specs 01f0a00000000000000000000000b005: main.sales.orders JOIN "
                        + "main.sales.customers",
                "+ instructions.sql_snippets.filters 01f0a00000000000000000000000b00b: EMEA only",
                "- benchmarks.questions 01f0a00000000000000000000000a003: How many customers are in each segment?"));
        assertThat(diff.in("instructions.example_question_sqls")).extracting(SpaceDiff.Change::kind)
                .containsExactly(SpaceDiff.Kind.REMOVED, SpaceDiff.Kind.CHANGED, SpaceDiff.Kind.ADDED);
        assertThat(after.diffTo(sales).changes()).hasSameSizeAs(diff.changes());
    }

    @Test
    void otherFieldsAreComparedAsWholeValues() {
        SpaceConfig after = SpaceFixtures.edited(sales, tree -> {
            tree.put("version", 3);
            tree.remove("x_export_origin");
            ((ObjectNode) tree.get("instructions")).put("x_new_setting", true);
            ((ObjectNode) tree.at("/instructions/sql_snippets/x_snippet_settings")).put("auto_suggest", true);
        });

        assertThat(sales.diffTo(after).describe()).isEqualTo(String.join("\n",
                "~ version: 2 -> 3",
                "- x_export_origin: {\"workspace\":\"dbc-test\",\"exported_by\":{\"tool\":\"ui\",\"build\":[3,1,"
                        + "{\"patch\":true}]}}",
                "+ instructions x_new_setting: true",
                "~ instructions.sql_snippets x_snippet_settings: {\"auto_suggest\":false} -> {\"auto_suggest\":true}"));
    }

    @Test
    void orderAloneIsNoChangeAndEqualConfigsHaveAnEmptyDiff() {
        SpaceConfig reordered = SpaceFixtures.edited(sales, tree -> {
            ArrayNode tables = (ArrayNode) tree.at("/data_sources/tables");
            tables.add(tables.remove(0));
        });

        assertThat(reordered.validate()).isNotEmpty();
        assertThat(sales.diffTo(reordered).isEmpty()).isTrue();
        assertThat(sales.diffTo(sales).changes()).isEmpty();
    }

    @Test
    void theRealExportAndItsNormalFormDifferOnlyInOrderSoTheirDiffIsEmpty() {
        SpaceConfig export = load(SpaceFixtures.REAL_EXPORT);
        SpaceConfig normal = export.normalized();

        // normalising sorts the benchmarks and one example's parameters: an order the API demands, not a change
        assertThat(normal).isNotEqualTo(export);
        assertThat(export.diffTo(normal).changes()).isEmpty();
        assertThat(normal.diffTo(export).changes()).isEmpty();
        SpaceConfig renamed = SpaceFixtures.edited(export, tree -> ((ObjectNode) tree.at(
                "/instructions/example_question_sqls/3/parameters/0")).put("name", "segment"));
        assertThat(export.diffTo(renamed).describe()).isEqualTo("~ instructions.example_question_sqls "
                + "01f0fbf9429e14aa9c3f1cf4d85f163a: 사용자 리텐션(잔존율)을 보여줘 (changed: parameters)");
    }

    @Test
    void itemsWithoutIdsAreNamedByPosition() {
        SpaceConfig noIds = SpaceFixtures.edited(sales,
                tree -> ((ObjectNode) tree.at("/instructions/example_question_sqls/1")).remove("id"));

        assertThat(sales.diffTo(noIds).describe()).isEqualTo(String.join("\n",
                "- instructions.example_question_sqls 01f0a00000000000000000000000b003: Show sales for a region",
                "+ instructions.example_question_sqls [1]: Show sales for a region"));
    }

    @Test
    void diffRoundTripsThroughJson() {
        SpaceDiff diff = sales.diffTo(sales.withoutSnippet("01f0a00000000000000000000000b007"));

        String json = GenieJson.write(diff);

        assertThat(json).doesNotContain("\"empty\"");
        assertThat(GenieJson.read(json, SpaceDiff.class, "diff")).isEqualTo(diff);
        assertThat(diff.changes()).containsExactly(new SpaceDiff.Change("instructions.sql_snippets.expressions",
                "01f0a00000000000000000000000b007", SpaceDiff.Kind.REMOVED, "Order Year"));
    }

    @Test
    void relationshipChangesShowInTheJoinSpecSummary() {
        JoinSpec join = sales.joinSpecs().get(0);
        SpaceConfig after = sales.withJoinSpec(new JoinSpec(join.id(), join.left(), join.right(), join.condition(),
                Optional.of(RelationshipType.ONE_TO_ONE), Optional.empty(), join.comment()));

        assertThat(sales.diffTo(after).describe()).isEqualTo("~ instructions.join_specs "
                + "01f0a00000000000000000000000b005: main.sales.orders JOIN main.sales.customers "
                + "(changed: sql, instruction)");
    }
}
