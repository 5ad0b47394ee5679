package io.github.genieenhancer.core.space;

import static io.github.genieenhancer.core.space.SpaceFixtures.SALES;
import static io.github.genieenhancer.core.space.SpaceFixtures.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.SpaceValidationException;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SpaceConfigValidateTest {
    private final SpaceConfig sales = load(SALES);

    @Test
    void theInstructionBudgetCountsTheTextBlockExamplesAndFunctions() {
        // sales: 1 text block + 2 example SQLs + 1 function = 4; 96 more examples reach the limit of 100
        SpaceConfig atLimit = withExamples(sales, 96);
        SpaceConfig overLimit = withExamples(sales, 97);

        assertThat(atLimit.validate()).isEmpty();
        assertThat(overLimit.validate()).containsExactly(new SpaceViolation("instructions",
                "101 instructions, the limit is 100 (1 text block + 99 example SQLs + 1 SQL functions)"));
        assertThat(overLimit.normalized().validate()).hasSize(1);
    }

    @Test
    void theSnippetBudgetCountsTableDescriptionsJoinSpecsAndSnippets() {
        // sales: 3 described tables + 1 join spec + 3 snippets = 7; 193 more filters reach the limit of 200
        SpaceConfig atLimit = withFilters(sales, 193);
        SpaceConfig overLimit = withFilters(sales, 194);

        assertThat(atLimit.validate()).isEmpty();
        assertThat(overLimit.validate()).containsExactly(new SpaceViolation("instructions.sql_snippets",
                "201 knowledge-store snippets, the limit is 200 (3 table descriptions + 1 join specs + 197 filters, "
                        + "measures and expressions)"));
        assertThat(overLimit.withoutTableDescription("main.sales.orders").validate()).isEmpty();
    }

    @Test
    void atMost500BenchmarkQuestions() {
        List<BenchmarkQuestion> questions = IntStream.range(0, 501)
                .mapToObj(i -> BenchmarkQuestion.of("Question " + i + "?", "SELECT " + i)).toList();

        SpaceConfig space = sales.withBenchmarkQuestions(questions);

        assertThat(space.validate()).containsExactly(new SpaceViolation("benchmarks.questions",
                "501 benchmark questions, the limit is 500"));
        assertThat(sales.withBenchmarkQuestions(questions.subList(0, 500)).validate()).isEmpty();
    }

    @Test
    void stringsOver25000CharactersAreReportedWhereverTheyAre() {
        SpaceConfig space = sales.withTableDescription("main.sales.orders", "x".repeat(25_001))
                .withInstructionText("y".repeat(25_000));

        assertThat(space.validate()).containsExactly(new SpaceViolation("data_sources.tables[1].description[0]",
                "string of 25001 characters, the limit is 25000"));
        SpaceConfig unknown = SpaceFixtures.edited(sales, tree -> tree.put("x_blob", "z".repeat(25_001)));
        assertThat(unknown.validate()).extracting(SpaceViolation::path).containsExactly("x_blob");
    }

    @Test
    void snippetsNeedSqlAndMeasuresAndExpressionsAnAlias() {
        SpaceConfig space = SpaceFixtures.edited(sales, tree -> {
            ((ObjectNode) tree.at("/instructions/sql_snippets/filters/0")).putArray("sql").add(" ");
            ((ObjectNode) tree.at("/instructions/sql_snippets/measures/0")).remove("alias");
            ((ObjectNode) tree.at("/instructions/sql_snippets/expressions/0")).put("alias", "");
        });

        assertThat(space.validate()).containsExactly(
                new SpaceViolation("instructions.sql_snippets.filters[0].sql", "the SQL must not be empty"),
                new SpaceViolation("instructions.sql_snippets.expressions[0].alias",
                        "measures and expressions need an alias"),
                new SpaceViolation("instructions.sql_snippets.measures[0].alias",
                        "measures and expressions need an alias"));
    }

    @Test
    void benchmarkQuestionsHaveAtMostOneSqlAnswer() {
        SpaceConfig space = SpaceFixtures.edited(sales, tree -> {
            ArrayNode answers = (ArrayNode) tree.at("/benchmarks/questions/0/answer");
            answers.addObject().put("format", "TEXT").putArray("content").add("About 42");
            ((ObjectNode) tree.at("/benchmarks/questions/1/answer/0")).putArray("content");
        });

        assertThat(space.validate()).containsExactly(
                new SpaceViolation("benchmarks.questions[0].answer",
                        "a benchmark question has at most one answer; has 2"),
                new SpaceViolation("benchmarks.questions[0].answer[1].format", "must be \"SQL\""),
                new SpaceViolation("benchmarks.questions[1].answer[0].content", "the SQL answer is empty"));
        // a question without an answer is allowed: the UI keeps those for manual review
        SpaceConfig unanswered = SpaceFixtures.edited(sales,
                tree -> ((ObjectNode) tree.at("/benchmarks/questions/1")).remove("answer"));
        assertThat(unanswered.validate()).isEmpty();
        assertThat(unanswered.benchmarkQuestions().get(1).sql()).isEmpty();
    }

    @Test
    void joinSpecsNeedTheConditionAndAKnownMarker() {
        SpaceConfig space = SpaceFixtures.edited(sales, tree -> {
            ArrayNode joins = (ArrayNode) tree.at("/instructions/join_specs");
            ((ObjectNode) joins.get(0)).putArray("sql").add("--rt=FROM_RELATIONSHIP_TYPE_ONE_TO_ONE--")
                    .add("`orders`.`id` = `customers`.`id`");
            ObjectNode second = joins.addObject().put("id", "01f0a00000000000000000000000c001");
            second.putObject("left").put("identifier", "main.sales.orders");
            second.putObject("right").put("identifier", "main.sales.customers");
            second.putArray("sql").add("").add("--rt=FROM_RELATIONSHIP_TYPE_MANY_TO_ONE--").add("extra");
        });

        assertThat(space.validate()).containsExactly(
                new SpaceViolation("instructions.join_specs[0].sql[1]", "must be a relationship marker such as "
                        + "--rt=FROM_RELATIONSHIP_TYPE_MANY_TO_ONE--; is '`orders`.`id` = `customers`.`id`'"),
                new SpaceViolation("instructions.join_specs[1].sql",
                        "must have exactly 2 elements, the condition and the --rt= marker; has 3"));
        // the swapped one is repaired; the one with an extra element too, its condition being "extra"
        assertThat(space.normalized().validate()).isEmpty();
    }

    @Test
    void versionMustBe1Or2() {
        assertThat(SpaceFixtures.edited(sales, tree -> tree.put("version", 1)).validate()).isEmpty();
        assertThat(SpaceFixtures.edited(sales, tree -> tree.put("version", 3)).validate()).containsExactly(
                new SpaceViolation("version", "must be 1 or 2; is 3"));
        assertThat(SpaceFixtures.edited(sales, tree -> tree.put("version", "2")).validate()).containsExactly(
                new SpaceViolation("version", "must be 1 or 2; is \"2\""));
        assertThat(SpaceFixtures.edited(sales, tree -> tree.remove("version")).validate()).containsExactly(
                new SpaceViolation("version", "must be 1 or 2; is missing"));
    }

    @Test
    void aTextLineWithoutTrailingNewlineIsAWarningThatNeverMakesTheConfigInvalid() {
        SpaceConfig glued = SpaceFixtures.edited(sales, tree -> ((ObjectNode) tree.at(
                "/instructions/text_instructions/0")).putArray("content").add("Amounts are in USD.")
                .add("Round to 2 decimals.\n").add("Weeks start on Monday."));

        // the API accepts it and joins the lines without a separator: "USD.Round"
        assertThat(glued.validate()).isEmpty();
        assertThat(glued.requireValid()).isSameAs(glued);
        assertThat(glued.warnings()).containsExactly(new SpaceWarning("instructions.text_instructions[0].content[0]",
                "does not end with \\n, so the API joins it to the next line without a separator: "
                        + "'Amounts are in USD.Round to 2 decimals.'"));
        assertThat(sales.warnings()).isEmpty();
    }

    @Test
    void requireValidListsEveryViolation() {
        SpaceConfig space = withExamples(sales, 97).withTableDescription("main.sales.orders", "x".repeat(25_001));

        assertThatThrownBy(space::requireValid)
                .isInstanceOf(SpaceValidationException.class)
                .isInstanceOf(GenieEnhancerException.class)
                .hasMessage("serialized_space breaks 2 rule(s) of the Genie API:\n"
                        + "  instructions: 101 instructions, the limit is 100 (1 text block + 99 example SQLs + 1 SQL "
                        + "functions)\n"
                        + "  data_sources.tables[1].description[0]: string of 25001 characters, the limit is 25000")
                .satisfies(e -> assertThat(((SpaceValidationException) e).violations()).hasSize(2));
        assertThat(sales.requireValid()).isSameAs(sales);
    }

    private static SpaceConfig withExamples(SpaceConfig space, int count) {
        SpaceConfig result = space;
        for (int i = 0; i < count; i++) {
            result = result.withExampleSql(ExampleQuestionSql.of("Question " + i, "SELECT " + i, ""));
        }
        return result;
    }

    private static SpaceConfig withFilters(SpaceConfig space, int count) {
        SpaceConfig result = space;
        for (int i = 0; i < count; i++) {
            result = result.withSnippet(SqlSnippet.of(SnippetKind.FILTER, "filter " + i, "",
                    "orders.amount > " + i, List.of(), ""));
        }
        return result;
    }
}
