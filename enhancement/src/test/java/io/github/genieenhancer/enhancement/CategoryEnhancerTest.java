package io.github.genieenhancer.enhancement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.fix.FixCategory;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.prompt.PromptRepository;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.space.RelationshipType;
import io.github.genieenhancer.core.space.SnippetKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CategoryEnhancerTest {
    private final FakeLlm llm = new FakeLlm();

    @AfterEach
    void stop() {
        llm.close();
    }

    /** Analysis: b1 is a join problem, b2 a snippet problem; fix calls answer per category. */
    private String script(FakeLlm.Call call) {
        if (call.isAnalysis()) {
            if (call.user().contains("Corporate customers")) {
                return "{\"analyses\":[{\"question\":\"How many orders did Corporate customers place?\","
                        + "\"categories\":[\"join_specs_delete\",\"join_specs_add\"],"
                        + "\"rationale\":\"The join spec joins order_id to customer_id.\"}]}";
            }
            return "{\"analyses\":[{\"question\":\"How many completed orders are there?\","
                    + "\"categories\":[\"sql_snippets_add\"],\"rationale\":\"Completed means COMPLETED.\"}]}";
        }
        return switch (call.category().orElseThrow()) {
            case JOIN_SPECS_DELETE -> "{\"fixes\":[{\"fix\":{\"category\":\"join_specs_delete\","
                    + "\"leftTable\":\"retail.sales.orders\",\"rightTable\":\"retail.sales.customers\"},"
                    + "\"rationale\":\"wrong columns\",\"questions\":[\"How many orders did Corporate customers place?\"]}]}";
            case JOIN_SPECS_ADD -> "{\"fixes\":[{\"fix\":{\"category\":\"join_specs_add\","
                    + "\"leftTable\":\"retail.sales.orders\",\"rightTable\":\"retail.sales.customers\","
                    + "\"condition\":\"orders.cust_id = customers.customer_id\",\"relationship\":\"MANY_TO_ONE\","
                    + "\"instruction\":\"\"},\"rationale\":\"right columns\",\"questions\":[]}]}";
            case SQL_SNIPPETS_ADD -> "{\"fixes\":[{\"fix\":{\"category\":\"sql_snippets_add\",\"kind\":\"filter\","
                    + "\"displayName\":\"finished orders\",\"alias\":\"\",\"sql\":\"orders.status = 'COMPLETED'\","
                    + "\"synonyms\":[\"done orders\"],\"instruction\":\"\"},\"rationale\":\"define completed\","
                    + "\"questions\":[\"how many  COMPLETED orders are there?\"]}]}";
            default -> "{\"fixes\":[]}";
        };
    }

    @Test
    void analysesEachFailureOnceThenProposesPerCategory() {
        llm.answer(this::script);
        Proposals proposals = CategoryEnhancer.builder(llm.client()).concurrency(2).build()
                .propose(Fixtures.SPACE_ID, Fixtures.space(), Fixtures.failures());

        assertThat(proposals.diagnoses()).extracting(Diagnosis::benchmarkId, Diagnosis::categories).containsExactly(
                org.assertj.core.groups.Tuple.tuple("b1", Set.of(FixCategory.JOIN_SPECS_DELETE, FixCategory.JOIN_SPECS_ADD)),
                org.assertj.core.groups.Tuple.tuple("b2", Set.of(FixCategory.SQL_SNIPPETS_ADD)));
        assertThat(proposals.fixes()).extracting(PlannedFix::id, PlannedFix::fix, PlannedFix::benchmarkIds)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("f1",
                                new Fix.JoinSpecDelete("retail.sales.orders", "retail.sales.customers"), List.of("b1")),
                        org.assertj.core.groups.Tuple.tuple("f2", new Fix.JoinSpecAdd("retail.sales.orders",
                                "retail.sales.customers", "orders.cust_id = customers.customer_id",
                                RelationshipType.MANY_TO_ONE, ""), List.of("b1")),
                        org.assertj.core.groups.Tuple.tuple("f3", new Fix.SqlSnippetAdd(SnippetKind.FILTER,
                                "finished orders", "", "orders.status = 'COMPLETED'", List.of("done orders"), ""),
                                List.of("b2")));
        assertThat(proposals.fixes().get(0).rationale()).isEqualTo("wrong columns");
        assertThat(proposals.failedCalls()).isEmpty();

        List<FakeLlm.Call> calls = llm.calls();
        assertThat(calls.stream().filter(FakeLlm.Call::isAnalysis)).hasSize(2);
        List<FakeLlm.Call> fixCalls = calls.stream().filter(c -> !c.isAnalysis()).toList();
        assertThat(fixCalls).extracting(FakeLlm.Call::schemaName).containsOnly("FixProposals");
        assertThat(fixCalls).extracting(c -> c.category().orElseThrow()).containsExactlyInAnyOrder(
                FixCategory.JOIN_SPECS_DELETE, FixCategory.JOIN_SPECS_ADD, FixCategory.SQL_SNIPPETS_ADD);
        for (FakeLlm.Call call : fixCalls) {
            // The system prompt names its own category only, so a rule-based LLM can tell what is asked.
            for (FixCategory other : FixCategory.values()) {
                if (other != call.category().orElseThrow()) {
                    assertThat(call.system()).doesNotContain(other.wireName());
                }
            }
            assertThat(call.user()).contains(Fixtures.SPACE_ID);
        }
        FakeLlm.Call snippetCall = fixCalls.stream()
                .filter(c -> c.category().orElseThrow() == FixCategory.SQL_SNIPPETS_ADD).findFirst().orElseThrow();
        assertThat(snippetCall.user()).contains("Question: How many completed orders are there?",
                "Diagnosis: Completed means COMPLETED.", "completed orders", "retail.sales.orders")
                .doesNotContain("Corporate customers");
    }

    @Test
    void analysisPromptShowsTheFailureAndTheConfigurationItsSqlTouches() {
        llm.answer(c -> "{\"analyses\":[]}");
        QuestionResult failure = Fixtures.failure("b9", "Average list price?",
                "SELECT AVG(list_price) FROM retail.sales.products", null);
        Proposals proposals = CategoryEnhancer.builder(llm.client()).build()
                .propose(Fixtures.SPACE_ID, Fixtures.space(), List.of(failure));

        assertThat(proposals.diagnoses()).singleElement().satisfies(d -> assertThat(d.categories()).isEmpty());
        assertThat(proposals.fixes()).isEmpty();
        FakeLlm.Call call = llm.calls().get(0);
        assertThat(call.schemaName()).isEqualTo("FailureAnalysis");
        assertThat(call.system()).contains("genie-enhancer:analysis");
        assertThat(call.user()).contains("Question: Average list price?", "SELECT AVG(list_price)",
                "Genie generated no SQL.", "retail.sales.products", "column list_price: Price in USD",
                "Answer in US dollars.")
                // Only the tables the SQL uses are shown.
                .doesNotContain("retail.sales.customers", "How many orders per status?");
    }

    @Test
    void malformedAnswerCostsOnlyItsOwnCategory() {
        llm.answer(call -> call.category().filter(c -> c == FixCategory.JOIN_SPECS_ADD).isPresent()
                ? "Sure! Here are the fixes: {\"fixes\": [{\"fix\": {\"category\": " : script(call));
        Proposals proposals = CategoryEnhancer.builder(llm.client()).build()
                .propose(Fixtures.SPACE_ID, Fixtures.space(), Fixtures.failures());

        assertThat(proposals.fixes()).extracting(PlannedFix::category)
                .containsExactly(FixCategory.JOIN_SPECS_DELETE, FixCategory.SQL_SNIPPETS_ADD);
        assertThat(proposals.failedCalls()).singleElement().satisfies(failed -> {
            assertThat(failed.purpose()).isEqualTo("categories/join_specs_add");
            assertThat(failed.message()).isNotBlank();
        });
        // The first answer was re-asked once (maxReasks 1), so the join_specs_add call was made twice.
        assertThat(llm.calls().stream().filter(c -> c.category().equals(Optional.of(FixCategory.JOIN_SPECS_ADD))))
                .hasSize(2);
    }

    @Test
    void failedAnalysisLeavesTheFailureUndiagnosed() {
        llm.answer(call -> call.isAnalysis() && call.user().contains("Corporate") ? "not json" : script(call));
        Proposals proposals = CategoryEnhancer.builder(llm.client()).build()
                .propose(Fixtures.SPACE_ID, Fixtures.space(), Fixtures.failures());

        assertThat(proposals.diagnoses().get(0).categories()).isEmpty();
        assertThat(proposals.failedCalls()).extracting(FailedCall::purpose).containsExactly("analyze_failure b1");
        assertThat(proposals.fixes()).extracting(PlannedFix::category).containsExactly(FixCategory.SQL_SNIPPETS_ADD);
    }

    @Test
    void fixOfAnotherCategoryIsRejected() {
        llm.answer(call -> call.category().isPresent()
                ? "{\"fixes\":[{\"fix\":{\"category\":\"instruction_fix\",\"text\":\"Completed means COMPLETED.\","
                + "\"replace\":false},\"rationale\":\"r\",\"questions\":[]}]}"
                : script(call));
        Proposals proposals = CategoryEnhancer.builder(llm.client()).categories(Set.of(FixCategory.SQL_SNIPPETS_ADD))
                .build().propose(Fixtures.SPACE_ID, Fixtures.space(), Fixtures.failures());

        assertThat(proposals.fixes()).isEmpty();
        assertThat(proposals.rejected()).singleElement().satisfies(r -> {
            assertThat(r.fix().fix()).isInstanceOf(Fix.InstructionFix.class);
            assertThat(r.fix().benchmarkIds()).containsExactly("b2");
            assertThat(r.reason()).contains("sql_snippets_add call", "instruction_fix");
        });
        // Only the enabled category is asked for.
        assertThat(llm.calls().stream().filter(c -> c.category().isPresent())).hasSize(1);
    }

    @Test
    void splitsACategoryIntoBatchesThatFitTheBudget() {
        List<QuestionResult> failures = new ArrayList<>();
        String longSql = "SELECT COUNT(*) FROM retail.sales.orders WHERE status = 'COMPLETED' AND order_id > 0"
                .repeat(40);
        for (int i = 1; i <= 6; i++) {
            failures.add(Fixtures.failure("q" + i, "Question number " + i + "?", longSql, null));
        }
        llm.answer(call -> call.isAnalysis()
                ? "{\"analyses\":[{\"question\":\"x\",\"categories\":[\"instruction_fix\"],\"rationale\":\"r\"}]}"
                : "{\"fixes\":[{\"fix\":{\"category\":\"instruction_fix\",\"text\":\"Rule\",\"replace\":false},"
                + "\"rationale\":\"r\",\"questions\":[]}]}");
        Proposals proposals = CategoryEnhancer.builder(llm.client()).promptTokenBudget(3_000).build()
                .propose(Fixtures.SPACE_ID, Fixtures.space(), failures);

        List<FakeLlm.Call> fixCalls = llm.calls().stream().filter(c -> c.category().isPresent()).toList();
        assertThat(fixCalls).hasSizeGreaterThan(1);
        // Every failure is sent exactly once across the batches.
        for (int i = 1; i <= 6; i++) {
            String line = "Question: Question number " + i + "?";
            assertThat(fixCalls.stream().filter(c -> c.user().contains(line))).hasSize(1);
        }
        assertThat(proposals.fixes()).hasSize(fixCalls.size());
        assertThat(proposals.fixes().stream().flatMap(f -> f.benchmarkIds().stream()))
                .containsExactly("q1", "q2", "q3", "q4", "q5", "q6");
    }

    @Test
    void overriddenTemplateIsUsedAndOthersFallBack() {
        llm.answer(this::script);
        PromptRepository custom = PromptRepository.of(Map.of("analyze_failure",
                "[genie-enhancer:analysis] Custom analysis instructions."));
        CategoryEnhancer.builder(llm.client()).prompts(custom).build()
                .propose(Fixtures.SPACE_ID, Fixtures.space(), Fixtures.failures());

        assertThat(llm.calls().stream().filter(FakeLlm.Call::isAnalysis))
                .allSatisfy(c -> assertThat(c.system()).startsWith("[genie-enhancer:analysis] Custom"));
        assertThat(llm.calls().stream().filter(c -> c.category().isPresent())).isNotEmpty();
    }

    @Test
    void rejectsBadOptions() {
        assertThatThrownBy(() -> CategoryEnhancer.builder(llm.client()).promptTokenBudget(10))
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> CategoryEnhancer.builder(llm.client()).concurrency(0))
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> CategoryEnhancer.builder(llm.client()).categories(Set.of()))
                .isInstanceOf(ConfigurationException.class);
    }
}
