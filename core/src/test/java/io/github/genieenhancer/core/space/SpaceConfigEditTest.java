package io.github.genieenhancer.core.space;

import static io.github.genieenhancer.core.space.SpaceFixtures.SALES;
import static io.github.genieenhancer.core.space.SpaceFixtures.load;
import static io.github.genieenhancer.core.space.SpaceFixtures.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every edit changes exactly its part: one change in the diff, every other subtree equal, unknown fields kept. */
class SpaceConfigEditTest {
    private static final String ORDERS = "main.sales.orders";
    private static final String CUSTOMERS = "main.sales.customers";
    /** The largest id anywhere in the sales space is in an unknown section; new ids must come after it too. */
    private static final String NEXT_ID = "01f0a00000000000000000000000b00a";

    private final SpaceConfig space = load(SALES);

    @Test
    void setInstructionTextKeepsTheItemsIdAndUnknownFields() {
        SpaceConfig edited = space.withInstructionText("Answer in English.\nUse fiscal quarters.");

        assertOnlyChange(edited, "instructions.text_instructions", "01f0a00000000000000000000000b001",
                SpaceDiff.Kind.CHANGED, "/instructions/text_instructions/0/content");
        JsonNode item = edited.toTree().at("/instructions/text_instructions/0");
        assertThat(item.get("content")).hasToString("[\"Answer in English.\\n\",\"Use fiscal quarters.\"]");
        assertThat(item.at("/x_author/history/1/rev").asInt()).isEqualTo(2);
        assertThat(edited.instructionText()).isEqualTo("Answer in English.\nUse fiscal quarters.");
        assertThat(edited.validate()).isEmpty();
    }

    @Test
    void appendedInstructionTextStartsOnANewLine() {
        SpaceConfig edited = space.withInstructionTextAppended("- Fiscal year starts in February.");

        assertOnlyChange(edited, "instructions.text_instructions", "01f0a00000000000000000000000b001",
                SpaceDiff.Kind.CHANGED, "/instructions/text_instructions/0/content");
        assertThat(edited.instructionText()).isEqualTo("## PURPOSE\n- Answer questions about order revenue.\n"
                + "- Round money to 2 decimals.\n- Fiscal year starts in February.");
        assertThat(edited.toTree().at("/instructions/text_instructions/0/content")).hasSize(4);
        assertThat(edited.validate()).isEmpty();
    }

    @Test
    void instructionTextIsCreatedWhenAbsentAndRemovedWhenBlank() {
        SpaceConfig none = space.withInstructionText("");
        assertThat(none.textInstructions()).isEmpty();
        assertOnlyChange(none, "instructions.text_instructions", "01f0a00000000000000000000000b001",
                SpaceDiff.Kind.REMOVED, "/instructions/text_instructions/0");

        SpaceConfig created = none.withInstructionTextAppended("Be brief.");
        assertThat(created.textInstructions()).containsExactly(new TextInstruction(NEXT_ID, "Be brief."));
    }

    @Test
    void addedExampleSqlGetsTheNextIdAndEveryOtherPartStays() {
        SpaceConfig edited = space.withExampleSql(ExampleQuestionSql.of("Revenue by segment",
                "SELECT c.segment, SUM(o.amount)\nFROM main.sales.orders o\nJOIN main.sales.customers c USING "
                        + "(customer_id)\nGROUP BY c.segment", "Use for segment breakdowns"));

        assertOnlyChange(edited, "instructions.example_question_sqls", NEXT_ID, SpaceDiff.Kind.ADDED,
                "/instructions/example_question_sqls/2");
        JsonNode added = edited.toTree().at("/instructions/example_question_sqls/2");
        assertThat(added.toString()).isEqualTo("{\"id\":\"" + NEXT_ID + "\",\"question\":[\"Revenue by segment\"],"
                + "\"sql\":[\"SELECT c.segment, SUM(o.amount)\\n\",\"FROM main.sales.orders o\\n\","
                + "\"JOIN main.sales.customers c USING (customer_id)\\n\",\"GROUP BY c.segment\"],"
                + "\"usage_guidance\":[\"Use for segment breakdowns\"]}");
        assertThat(edited.validate()).isEmpty();
    }

    @Test
    void rewritingAnExampleSqlByIdKeepsItsUnknownFields() {
        ExampleQuestionSql first = space.exampleSqls().get(0);
        ExampleQuestionSql changed = new ExampleQuestionSql(first.id(), first.question(), first.sql(),
                Optional.of("Use for any top-N question"), List.of());

        SpaceConfig edited = space.withExampleSql(changed);

        assertOnlyChange(edited, "instructions.example_question_sqls", first.id(), SpaceDiff.Kind.CHANGED,
                "/instructions/example_question_sqls/0/usage_guidance");
        assertThat(edited.diffTo(space).changes().get(0).summary()).endsWith("(changed: usage_guidance)");
        assertThat(edited.toTree().at("/instructions/example_question_sqls/0/x_review/reviewers/1").asText())
                .isEqualTo("b");
    }

    @Test
    void exampleSqlsAreRemovedByIdOrByQuestion() {
        SpaceConfig byId = space.withoutExampleSql("01f0a00000000000000000000000b003");
        SpaceConfig byQuestion = space.withoutExampleSqlsFor("  show SALES for a   region ");

        assertOnlyChange(byId, "instructions.example_question_sqls", "01f0a00000000000000000000000b003",
                SpaceDiff.Kind.REMOVED, "/instructions/example_question_sqls/1");
        assertThat(byQuestion).isEqualTo(byId);
        assertThat(space.withoutExampleSql("01f0a00000000000000000000000ffff")).isSameAs(space);
        assertThat(space.withoutExampleSqlsFor("unknown question")).isSameAs(space);
    }

    @Test
    void addedJoinSpecHasTheTwoElementSqlWithItsMarker() {
        SpaceConfig edited = space.withJoinSpec(JoinSpec.of(ORDERS, "main.sales.revenue_metrics",
                "`orders`.`region` = `revenue_metrics`.`region`", RelationshipType.MANY_TO_MANY, "For KPIs"));

        assertOnlyChange(edited, "instructions.join_specs", NEXT_ID, SpaceDiff.Kind.ADDED,
                "/instructions/join_specs/1");
        assertThat(edited.toTree().at("/instructions/join_specs/1").toString()).isEqualTo("{\"id\":\"" + NEXT_ID
                + "\",\"left\":{\"identifier\":\"main.sales.orders\",\"alias\":\"orders\"},"
                + "\"right\":{\"identifier\":\"main.sales.revenue_metrics\",\"alias\":\"revenue_metrics\"},"
                + "\"sql\":[\"`orders`.`region` = `revenue_metrics`.`region`\","
                + "\"--rt=FROM_RELATIONSHIP_TYPE_MANY_TO_MANY--\"],\"instruction\":[\"For KPIs\"]}");
        assertThat(edited.joinSpecs().get(1).relationship()).contains(RelationshipType.MANY_TO_MANY);
        assertThat(edited.validate()).isEmpty();
    }

    @Test
    void rewritingAJoinSpecKeepsNestedUnknownObjects() {
        JoinSpec join = space.joinSpecs().get(0);
        JoinSpec changed = new JoinSpec(join.id(), join.left(), join.right(), join.condition(),
                Optional.of(RelationshipType.ONE_TO_ONE), join.instruction(), join.comment());

        SpaceConfig edited = space.withJoinSpec(changed);

        assertOnlyChange(edited, "instructions.join_specs", join.id(), SpaceDiff.Kind.CHANGED,
                "/instructions/join_specs/0/sql/1");
        JsonNode item = edited.toTree().at("/instructions/join_specs/0");
        assertThat(item.at("/sql/1").asText()).isEqualTo("--rt=FROM_RELATIONSHIP_TYPE_ONE_TO_ONE--");
        assertThat(item.at("/left/x_side_note/hint").asText()).isEqualTo("fact");
        assertThat(item.get("x_confidence").decimalValue()).isEqualByComparingTo("0.930");
    }

    @Test
    void joinSpecsAreRemovedByIdOrByTheirTablesInEitherOrder() {
        SpaceConfig byTables = space.withoutJoinSpecsBetween("MAIN.SALES.CUSTOMERS", "`main`.`sales`.`orders`");

        assertOnlyChange(byTables, "instructions.join_specs", "01f0a00000000000000000000000b005",
                SpaceDiff.Kind.REMOVED, "/instructions/join_specs/0");
        assertThat(space.withoutJoinSpec("01f0a00000000000000000000000b005")).isEqualTo(byTables);
        assertThat(space.withoutJoinSpecsBetween(ORDERS, "main.sales.revenue_metrics")).isSameAs(space);
    }

    @Test
    void snippetsAreAddedToTheArrayOfTheirKind() {
        SpaceConfig edited = space.withSnippet(SqlSnippet.of(SnippetKind.MEASURE, "Average order value", "aov",
                "AVG(orders.amount)", List.of("AOV", "basket size"), "Use for average order questions"));

        assertOnlyChange(edited, "instructions.sql_snippets.measures", NEXT_ID, SpaceDiff.Kind.ADDED,
                "/instructions/sql_snippets/measures/1");
        assertThat(edited.toTree().at("/instructions/sql_snippets/measures/1").toString()).isEqualTo(
                "{\"id\":\"" + NEXT_ID + "\",\"alias\":\"aov\",\"sql\":[\"AVG(orders.amount)\"],"
                        + "\"display_name\":\"Average order value\",\"synonyms\":[\"AOV\",\"basket size\"],"
                        + "\"instruction\":[\"Use for average order questions\"]}");

        SpaceConfig filter = space.withSnippet(SqlSnippet.of(SnippetKind.FILTER, "EMEA", "ignored",
                "orders.region = 'EMEA'", List.of(), ""));
        assertThat(filter.toTree().at("/instructions/sql_snippets/filters/1").has("alias")).isFalse();
        assertThat(filter.validate()).isEmpty();
    }

    @Test
    void snippetWithoutTheRequiredAliasOrSqlIsRefused() {
        assertThatThrownBy(() -> space.withSnippet(SqlSnippet.of(SnippetKind.EXPRESSION, "Month", "",
                "MONTH(orders.order_date)", List.of(), "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expression needs an alias");
        assertThatThrownBy(() -> space.withSnippet(SqlSnippet.of(SnippetKind.FILTER, "x", "", " ", List.of(), "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sql");
    }

    @Test
    void snippetsAreRemovedByIdOrByDisplayNameOrAlias() {
        SpaceConfig byName = space.withoutSnippetsNamed(SnippetKind.MEASURE, "total revenue");
        SpaceConfig byAlias = space.withoutSnippetsNamed(SnippetKind.MEASURE, "TOTAL_REVENUE");
        SpaceConfig byId = space.withoutSnippet("01f0a00000000000000000000000b008");

        assertOnlyChange(byName, "instructions.sql_snippets.measures", "01f0a00000000000000000000000b008",
                SpaceDiff.Kind.REMOVED, "/instructions/sql_snippets/measures/0");
        assertThat(byAlias).isEqualTo(byName);
        assertThat(byId).isEqualTo(byName);
        assertThat(space.withoutSnippetsNamed(SnippetKind.FILTER, "total revenue")).isSameAs(space);
    }

    @Test
    void tableDescriptionIsSetAsLinesAndCleared() {
        SpaceConfig edited = space.withTableDescription("`main`.`sales`.`ORDERS`", "Orders.\nOne row per line item.");

        assertOnlyChange(edited, "data_sources.tables", ORDERS, SpaceDiff.Kind.CHANGED,
                "/data_sources/tables/1/description");
        assertThat(edited.toTree().at("/data_sources/tables/1/description").toString())
                .isEqualTo("[\"Orders.\\n\",\"One row per line item.\"]");

        SpaceConfig cleared = space.withoutTableDescription(CUSTOMERS);
        assertOnlyChange(cleared, "data_sources.tables", CUSTOMERS, SpaceDiff.Kind.CHANGED,
                "/data_sources/tables/0/description");
        assertThat(cleared.toTree().at("/data_sources/tables/0/x_table_owner").asText()).isEqualTo("sales-data-team");
        assertThat(space.withTableDescription("main.sales.revenue_metrics", "Monthly revenue")
                .table("main.sales.revenue_metrics").orElseThrow().description()).contains("Monthly revenue");
    }

    @Test
    void editingAnUnknownTableNamesTheSpacesTables() {
        assertThatThrownBy(() -> space.withTableDescription("main.sales.returns", "Returns"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No table or metric view 'main.sales.returns' in the space; it has: main.sales.customers, "
                        + "main.sales.orders, main.sales.revenue_metrics");
    }

    @Test
    void columnDescriptionKeepsTheColumnsUnknownFields() {
        SpaceConfig edited = space.withColumnDescription(CUSTOMERS, "SEGMENT", "Customer tier");

        assertOnlyChange(edited, "data_sources.tables.column_configs", CUSTOMERS + ".segment",
                SpaceDiff.Kind.CHANGED, "/data_sources/tables/0/column_configs/1/description");
        assertThat(edited.toTree().at("/data_sources/tables/0/column_configs/1/x_lineage/checked/on").asText())
                .isEqualTo("2026-01-02");

        SpaceConfig cleared = space.withoutColumnDescription(ORDERS, "amount");
        assertOnlyChange(cleared, "data_sources.tables.column_configs", ORDERS + ".amount",
                SpaceDiff.Kind.CHANGED, "/data_sources/tables/1/column_configs/0/description");
        assertThat(space.withoutColumnDescription(ORDERS, "region")).isSameAs(space);
    }

    @Test
    void describingAnUnconfiguredColumnAddsItsConfigInNameOrder() {
        SpaceConfig edited = space.withColumnDescription(ORDERS, "discount", "Discount in USD");

        assertOnlyChange(edited, "data_sources.tables.column_configs", ORDERS + ".discount", SpaceDiff.Kind.ADDED,
                "/data_sources/tables/1/column_configs/2");
        assertThat(edited.table(ORDERS).orElseThrow().columns()).extracting(ColumnConfig::columnName)
                .containsExactly("amount", "customer_id", "discount", "etl_timestamp", "region");
        assertThat(edited.validate()).isEmpty();
    }

    @Test
    void synonymsAreAddedWithoutDuplicatesAndRemovedIgnoringCase() {
        SpaceConfig added = space.withColumnSynonyms(CUSTOMERS, "segment", List.of("Tier", " plan ", ""));

        assertOnlyChange(added, "data_sources.tables.column_configs", CUSTOMERS + ".segment",
                SpaceDiff.Kind.CHANGED, "/data_sources/tables/0/column_configs/1/synonyms");
        assertThat(added.table(CUSTOMERS).orElseThrow().column("segment").orElseThrow().synonyms())
                .containsExactly("tier", "customer class", "plan");

        SpaceConfig removed = space.withoutColumnSynonyms(CUSTOMERS, "segment", List.of("TIER"));
        assertThat(removed.table(CUSTOMERS).orElseThrow().column("segment").orElseThrow().synonyms())
                .containsExactly("customer class");
        SpaceConfig none = space.withoutColumnSynonyms(CUSTOMERS, "segment", List.of("tier", "Customer Class"));
        assertThat(none.toTree().at("/data_sources/tables/0/column_configs/1").has("synonyms")).isFalse();
        assertThat(space.withColumnSynonyms(CUSTOMERS, "segment", List.of("TIER"))).isSameAs(space);
        assertThat(space.withColumnSynonyms(ORDERS, "new_column", List.of(" "))).isSameAs(space);
    }

    @Test
    void benchmarksAreReplacedKeepingUnknownFieldsOfQuestionsGivenAgain() {
        BenchmarkQuestion kept = space.benchmarkQuestions().get(0);
        List<BenchmarkQuestion> questions = List.of(
                new BenchmarkQuestion(kept.id(), kept.question(), Optional.of("SELECT AVG(amount) FROM main.sales.orders")),
                BenchmarkQuestion.of("Revenue last quarter?", "SELECT SUM(amount) FROM main.sales.orders"));

        SpaceConfig edited = space.withBenchmarkQuestions(questions);

        assertThat(edited.benchmarkQuestions()).extracting(BenchmarkQuestion::id)
                .containsExactly(kept.id(), NEXT_ID);
        assertThat(edited.diffTo(space).changes()).extracting(SpaceDiff.Change::key, SpaceDiff.Change::kind)
                .containsExactlyInAnyOrder(
                        tuple(kept.id(), SpaceDiff.Kind.CHANGED),
                        tuple("01f0a00000000000000000000000a003",
                                SpaceDiff.Kind.ADDED),
                        tuple(NEXT_ID, SpaceDiff.Kind.REMOVED));
        JsonNode first = edited.toTree().at("/benchmarks/questions/0");
        assertThat(first.at("/x_eval/last_assessment").asText()).isEqualTo("GOOD");
        assertThat(first.at("/answer/0/x_checked/at").asText()).isEqualTo("2026-01-03");
        assertThat(first.at("/answer/0/content").toString())
                .isEqualTo("[\"SELECT AVG(amount) FROM main.sales.orders\"]");
        assertThat(without(edited.toTree(), "/benchmarks/questions"))
                .isEqualTo(without(space.toTree(), "/benchmarks/questions"));
        assertThat(edited.validate()).isEmpty();
    }

    @Test
    void benchmarksOfAnotherConfigAreCopiedVerbatim() {
        SpaceConfig live = space.withBenchmarkQuestions(List.of(BenchmarkQuestion.of("Orders today?",
                "SELECT COUNT(*) FROM main.sales.orders WHERE order_date = current_date()")));
        SpaceConfig snapshot = space.withInstructionText("Old instructions.");

        SpaceConfig restored = snapshot.withBenchmarksOf(live);

        assertThat(restored.toTree().get("benchmarks")).isEqualTo(live.toTree().get("benchmarks"));
        assertThat(without(restored.toTree(), "/benchmarks")).isEqualTo(without(snapshot.toTree(), "/benchmarks"));
        SpaceConfig noBenchmarks = SpaceFixtures.edited(space, tree -> tree.remove("benchmarks"));
        assertThat(space.withBenchmarksOf(noBenchmarks).toTree().has("benchmarks")).isFalse();
    }

    @Test
    void jsonNullsCountAsAbsentForEdits() {
        SpaceConfig nulls = SpaceConfig.parse("{\"version\": 2, \"instructions\": null, \"data_sources\": "
                + "{\"tables\": [{\"identifier\": \"main.sales.orders\", \"column_configs\": null, "
                + "\"description\": null}]}, \"benchmarks\": {\"questions\": null}}");

        SpaceConfig edited = nulls.withExampleSql(ExampleQuestionSql.of("q", "SELECT 1", ""))
                .withColumnDescription(ORDERS, "amount", "USD")
                .withTableDescription(ORDERS, "Orders")
                .withBenchmarkQuestions(List.of(BenchmarkQuestion.of("b", "SELECT 2")));

        assertThat(nulls.tables().get(0).description()).isEmpty();
        assertThat(edited.exampleSqls()).singleElement()
                .satisfies(e -> assertThat(e.id()).isEqualTo("00000000000000000000000000000001"));
        assertThat(edited.table(ORDERS).orElseThrow().description()).contains("Orders");
        assertThat(edited.table(ORDERS).orElseThrow().column("amount").orElseThrow().description()).contains("USD");
        assertThat(edited.benchmarkQuestions()).extracting(BenchmarkQuestion::id)
                .containsExactly("00000000000000000000000000000002");
        assertThat(edited.validate()).isEmpty();
    }

    @Test
    void editsNeverChangeTheOriginal() {
        String before = space.toJson();

        space.withInstructionText("x").withoutJoinSpec("01f0a00000000000000000000000b005")
                .withColumnSynonyms(ORDERS, "region", List.of("zone"));

        assertThat(space.toJson()).isEqualTo(before);
    }

    /**
     * The diff holds exactly the one expected change, and the trees are equal once the changed value is taken out
     * of both (an added or removed item is taken out of the side that has it).
     */
    private void assertOnlyChange(SpaceConfig edited, String section, String key, SpaceDiff.Kind kind,
                                  String pointer) {
        assertThat(space.diffTo(edited).changes()).singleElement().satisfies(change -> {
            assertThat(change.section()).isEqualTo(section);
            assertThat(change.key()).isEqualTo(key);
            assertThat(change.kind()).isEqualTo(kind);
        });
        JsonNode before = kind == SpaceDiff.Kind.ADDED ? space.toTree() : without(space.toTree(), pointer);
        JsonNode after = kind == SpaceDiff.Kind.REMOVED ? edited.toTree() : without(edited.toTree(), pointer);
        assertThat(after).isEqualTo(before);
    }
}
