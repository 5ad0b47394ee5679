package io.github.genieenhancer.core.space;

import static io.github.genieenhancer.core.space.SpaceFixtures.BROKEN;
import static io.github.genieenhancer.core.space.SpaceFixtures.REAL_EXPORT;
import static io.github.genieenhancer.core.space.SpaceFixtures.SALES;
import static io.github.genieenhancer.core.space.SpaceFixtures.load;
import static io.github.genieenhancer.core.space.SpaceFixtures.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genieenhancer.core.SpaceValidationException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpaceConfigNormalizeTest {

    @Test
    void aNormalConfigIsReturnedUnchanged() {
        SpaceConfig sales = load(SALES);

        assertThat(sales.validate()).isEmpty();
        assertThat(sales.normalized()).isSameAs(sales);
    }

    @Test
    void theRealExportOnlyGetsTheTwoArraysItLeavesUnsortedSorted() {
        SpaceConfig export = load(REAL_EXPORT);

        SpaceConfig normal = export.normalized();

        // The API exports benchmark questions newest first and one example's parameters out of name order, against
        // the documented sort rules; nothing else in it breaks a rule, and nothing else is touched.
        assertThat(export.validate()).extracting(SpaceViolation::path)
                .containsExactly("benchmarks.questions", "instructions.example_question_sqls[3].parameters");
        String parameters = "/instructions/example_question_sqls/3/parameters";
        assertThat(without(normal.toTree(), "/benchmarks/questions", parameters))
                .isEqualTo(without(export.toTree(), "/benchmarks/questions", parameters));
        assertThat(normal.benchmarkQuestions()).extracting(BenchmarkQuestion::id).isSorted();
        assertThat(normal.benchmarkQuestions()).containsExactlyInAnyOrderElementsOf(export.benchmarkQuestions());
        assertThat(normal.exampleSqls().get(3).parameters()).extracting(SqlParameter::name)
                .containsExactly("day_plus", "param2");
        assertThat(normal.exampleSqls().get(3).parameters())
                .containsExactlyInAnyOrderElementsOf(export.exampleSqls().get(3).parameters());
        assertThat(normal.validate()).isEmpty();
        assertThat(normal.normalized()).isSameAs(normal);
    }

    @Test
    void validateReportsEveryRuleTheBrokenSpaceBreaks() {
        List<SpaceViolation> violations = load(BROKEN).validate();

        assertThat(violations).extracting(SpaceViolation::path).containsExactly(
                "title",
                "warehouse_id",
                "data_sources.join_specs",
                "data_sources.tables",
                "instructions.text_instructions",
                "instructions.example_question_sqls[0].id",
                "instructions.example_question_sqls[1]",
                "instructions.example_question_sqls[2].id",
                "instructions.example_question_sqls",
                "instructions.sql_functions",
                "instructions.sql_snippets.filters",
                "benchmarks.questions",
                "instructions.example_question_sqls[3].id",
                "benchmarks.questions[0].id",
                "data_sources.tables[0].column_configs",
                "data_sources.tables[0].column_configs[2].column_name",
                "instructions.example_question_sqls[0].parameters",
                "instructions.join_specs[0].sql",
                "instructions.text_instructions");
        assertThat(violations.get(12).message()).isEqualTo("id '01f0a00000000000000000000000b001' is also used by "
                + "instructions.text_instructions[1]; instruction ids must be unique across all instruction kinds");
        assertThat(violations.get(13).message()).contains("unique across both");
        assertThat(violations.get(17).message()).isEqualTo(
                "must have exactly 2 elements, the condition and the --rt= marker; has 1");
        // advice, not a refusal: the API glues "First line" to the next element
        assertThat(load(BROKEN).warnings()).extracting(SpaceWarning::path)
                .containsExactly("instructions.text_instructions[1].content[0]");
    }

    @Test
    void writableIsTheNormalFormWhenItIsValidAndRefusesWhatNormalisingCannotFix() {
        SpaceConfig export = load(REAL_EXPORT);

        assertThat(export.writable()).isEqualTo(export.normalized());
        SpaceConfig normal = export.normalized();
        assertThat(normal.writable()).isSameAs(normal);
        SpaceConfig emptyMeasure = SpaceFixtures.edited(export, tree -> ((ObjectNode) tree.at(
                "/instructions/sql_snippets/measures/0")).putArray("sql").add(" "));
        assertThatThrownBy(emptyMeasure::writable).isInstanceOfSatisfying(SpaceValidationException.class,
                e -> assertThat(e.violations()).containsExactly(new SpaceViolation(
                        "instructions.sql_snippets.measures[0].sql", "the SQL must not be empty")));
    }

    @Test
    void normalizedFixesEveryFixableRule() {
        SpaceConfig broken = load(BROKEN);

        SpaceConfig normal = broken.normalized();
        JsonNode tree = normal.toTree();

        assertThat(normal.validate()).isEmpty();
        assertThat(normal.normalized()).isSameAs(normal);
        // read-only metadata stripped, unknown fields kept
        assertThat(tree.has("title")).isFalse();
        assertThat(tree.has("warehouse_id")).isFalse();
        assertThat(tree.at("/x_custom/keep/me").asBoolean()).isTrue();
        // tables and columns sorted, the repeated column merged into the first
        assertThat(normal.tables()).extracting(TableConfig::identifier)
                .containsExactly("main.sales.customers", "main.sales.orders");
        assertThat(tree.at("/data_sources/tables/0/x_owner/team").asText()).isEqualTo("crm");
        assertThat(tree.at("/data_sources/tables/1/column_configs").toString()).isEqualTo("[{\"column_name\":\"amount\","
                + "\"description\":[\"USD\"]},{\"column_name\":\"region\",\"synonyms\":[\"area\"],"
                + "\"description\":[\"Sales region\"],\"x_note\":\"second config of region\"}]");
        // misplaced join spec moved, both join specs with condition and marker
        assertThat(tree.at("/data_sources").has("join_specs")).isFalse();
        assertThat(normal.joinSpecs()).extracting(JoinSpec::id, JoinSpec::relationship).containsExactly(
                tuple("01f0a00000000000000000000000b008",
                        Optional.of(RelationshipType.ONE_TO_MANY)),
                tuple("01f0a00000000000000000000000b010",
                        Optional.of(RelationshipType.MANY_TO_ONE)));
        assertThat(tree.at("/instructions/join_specs/0/sql").toString()).isEqualTo(
                "[\"`orders`.`region` = `revenue_metrics`.`region`\",\"--rt=FROM_RELATIONSHIP_TYPE_ONE_TO_MANY--\"]");
        // one text instruction: the smallest id keeps its unknown fields, the texts in id order, lines end in \n
        assertThat(tree.at("/instructions/text_instructions").toString()).isEqualTo(
                "[{\"id\":\"01f0a00000000000000000000000b001\",\"content\":[\"First line continues\\n\","
                        + "\"First part.\\n\",\"Second part.\\n\",\"More.\"],\"x_author\":\"analyst\"}]");
        // ids: case fixed, missing, invalid and clashing ones replaced after the largest id (b010), sorted
        assertThat(normal.exampleSqls()).extracting(ExampleQuestionSql::id, ExampleQuestionSql::question)
                .containsExactly(
                        tuple("01f0a00000000000000000000000b005", "Uppercase id"),
                        tuple("01f0a00000000000000000000000b011", "Missing id"),
                        tuple("01f0a00000000000000000000000b012", "Invalid id"),
                        tuple("01f0a00000000000000000000000b013",
                                "Id clashes with the text instruction's"));
        assertThat(tree.at("/instructions/example_question_sqls/1").fieldNames().next()).isEqualTo("id");
        assertThat(tree.at("/instructions/example_question_sqls/1/x_keep/0").asInt()).isEqualTo(1);
        assertThat(normal.exampleSqls().get(0).parameters()).extracting(SqlParameter::name)
                .containsExactly("a_param", "z_param");
        // the sample question, not the benchmark eval runs refer to, is renumbered
        assertThat(normal.sampleQuestions()).extracting(SampleQuestion::id)
                .containsExactly("01f0a00000000000000000000000b014");
        assertThat(normal.benchmarkQuestions()).extracting(BenchmarkQuestion::id)
                .containsExactly("01f0a00000000000000000000000a001", "01f0a00000000000000000000000a002");
        assertThat(normal.sqlFunctions()).extracting(SqlFunction::identifier)
                .containsExactly("main.sales.f1", "main.sales.f2");
        assertThat(normal.snippets()).extracting(SqlSnippet::id)
                .containsExactly("01f0a00000000000000000000000b009", "01f0a00000000000000000000000b00b");
    }

    @Test
    void joinConditionSplitOverLinesIsJoinedAndGetsTheDefaultMarker() {
        SpaceConfig space = SpaceFixtures.edited(load(SALES), tree -> ((ObjectNode) tree.at("/instructions/join_specs/0"))
                .putArray("sql").add("`orders`.`a` = `customers`.`a`\n").add("AND x = y"));

        SpaceConfig normal = space.normalized();

        assertThat(normal.toTree().at("/instructions/join_specs/0/sql").toString()).isEqualTo(
                "[\"`orders`.`a` = `customers`.`a`\\nAND x = y\",\"--rt=FROM_RELATIONSHIP_TYPE_MANY_TO_ONE--\"]");
        assertThat(space.diffTo(normal).changes()).singleElement()
                .satisfies(c -> assertThat(c.summary()).endsWith("(changed: sql)"));
    }

    @Test
    void aMarkerNamingAnUnknownRelationshipIsLeftForValidateToReport() {
        SpaceConfig space = SpaceFixtures.edited(load(SALES), tree -> ((ObjectNode) tree.at("/instructions/join_specs/0"))
                .putArray("sql").add("`orders`.`a` = `customers`.`a`")
                .add("--rt=FROM_RELATIONSHIP_TYPE_SOMETIMES--"));

        assertThat(space.normalized()).isSameAs(space);
        assertThat(space.validate()).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("instructions.join_specs[0].sql[1]");
            assertThat(v.message()).contains("--rt=FROM_RELATIONSHIP_TYPE_MANY_TO_ONE--", "SOMETIMES");
        });
    }

    @Test
    void idsOfADocumentWithoutAnyStartAtOne() {
        SpaceConfig space = SpaceConfig.parse("{\"version\":2,\"instructions\":{\"example_question_sqls\":["
                + "{\"question\":[\"b\"],\"sql\":[\"SELECT 2\"]},{\"question\":[\"a\"],\"sql\":[\"SELECT 1\"]}]}}");

        assertThat(space.normalized().exampleSqls()).extracting(ExampleQuestionSql::id).containsExactly(
                "00000000000000000000000000000001", "00000000000000000000000000000002");
    }
}
