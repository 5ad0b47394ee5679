package io.github.genieenhancer.enhancement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.fix.ApplyResult;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.fix.RejectedFix;
import io.github.genieenhancer.core.progress.Stage;
import io.github.genieenhancer.core.progress.TokenUsage;
import io.github.genieenhancer.core.score.PairedScore;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.core.space.SpaceDiff;
import io.github.genieenhancer.core.state.SessionStage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enhancement report of a session built by hand, so each section's figures are known: two iterations (the
 * first kept, the second rolled back), a held-out question, a question holding markup, a token in Genie's
 * explanation, stage costs and an eval run.
 */
class EnhancementReportTest {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final String TOKEN = "dapi0123456789abcdef0123456789abcdef";
    private static final String SCRIPT = "<script>alert('x')</script> Revenue by region?";

    @TempDir
    Path dir;

    private static final BenchmarkSet BENCHMARKS = BenchmarkSet.of("sample", List.of(
            new Benchmark("b1", "How many customers?", "SELECT COUNT(*) FROM customers", Optional.of("counts"),
                    Map.of("difficulty", "easy")),
            new Benchmark("b2", SCRIPT, "SELECT region, SUM(amount) FROM orders GROUP BY region",
                    Optional.of("revenue"), Map.of("difficulty", "hard")),
            new Benchmark("b3", "Top store?", "SELECT store FROM stores ORDER BY sales DESC LIMIT 1",
                    Optional.of("revenue"), Map.of("difficulty", "hard")),
            Benchmark.of("b4", "Orders last week?", "SELECT COUNT(*) FROM orders WHERE week = 1"),
            new Benchmark("b5", "Average order value?", "SELECT AVG(amount) FROM orders", Optional.of("revenue"),
                    Map.of("difficulty", "medium"))));

    private static QuestionResult result(String id, Verdict verdict, ReasonCode reason, String genieSql,
                                         String explanation) {
        Benchmark b = BENCHMARKS.byId(id).orElseThrow();
        return new QuestionResult(id, b.question(), b.expectedSql(), Optional.ofNullable(genieSql), verdict, reason,
                explanation, List.of(), Duration.ofMillis(10), Duration.ofMillis(5), Optional.empty(),
                Optional.empty());
    }

    private static QuestionResult correct(String id) {
        return result(id, Verdict.CORRECT, ReasonCode.RESULT_MATCH, "SELECT 1", "");
    }

    private static ScoreReport run(String runId, QuestionResult... results) {
        return new ScoreReport(runId, "space-1", "v-" + runId, T0, T0.plusSeconds(30), List.of(results));
    }

    // b1 and b5 fixed, b2 still failing (markup, a token in the explanation), b3 (held-out) regressed, b4 still
    // passing (and wrong in the rolled-back iteration)
    private static final ScoreReport BASELINE = run("i1-baseline",
            result("b1", Verdict.INCORRECT, ReasonCode.RESULT_MISSING_ROWS, "SELECT 0", "missing 1 row"),
            result("b2", Verdict.INCORRECT, ReasonCode.SINGLE_CELL_DIFFERENCE, "SELECT region FROM orders",
                    "wrong region"),
            correct("b3"), correct("b4"),
            result("b5", Verdict.INCORRECT, ReasonCode.RESULT_MISSING_ROWS, "SELECT 0", "missing 1 row"));
    private static final ScoreReport KEPT = run("i1-validation", correct("b1"),
            result("b2", Verdict.INCORRECT, ReasonCode.SINGLE_CELL_DIFFERENCE, "SELECT region, 0 FROM orders",
                    "row 1, column 2: 10 vs 12; the server said Bearer " + TOKEN),
            result("b3", Verdict.INCORRECT, ReasonCode.EMPTY_RESULT, "SELECT 1 WHERE false", "empty"),
            correct("b4"), correct("b5"));
    private static final ScoreReport ROLLED_BACK = run("i2-validation", correct("b1"),
            result("b2", Verdict.ERROR, ReasonCode.GENIE_FAILED, null, "Genie failed"),
            result("b3", Verdict.INCORRECT, ReasonCode.EMPTY_RESULT, "SELECT 1 WHERE false", "empty"),
            result("b4", Verdict.NO_SQL, ReasonCode.TEXT_ANSWER, null, "Genie answered in text"), correct("b5"));

    private static final PlannedFix EXAMPLE = new PlannedFix("f1", new Fix.SampleQueryAdd("How many customers?",
            "SELECT COUNT(*)\nFROM customers", ""), "Genie counted orders instead", List.of("b1"));
    private static final PlannedFix JOIN = new PlannedFix("f2", new Fix.JoinSpecDelete("c.s.customers",
            "c.s.stores"), "the join on region multiplies rows", List.of("b2"));
    private static final PlannedFix UNKNOWN_COLUMN = new PlannedFix("f3", new Fix.MetadataAdd("c.s.orders",
            Optional.of("amount_usd"), Optional.of("Amount in US dollars"), List.of()), "amounts are in USD",
            List.of("b2"));
    private static final PlannedFix INSTRUCTION = new PlannedFix("f4", new Fix.InstructionFix("Use net revenue.",
            false), "revenue means net revenue", List.of("b2"));

    private static SessionHistory history(List<StageStats> stages, Map<String, ScoreReport> evalRuns) {
        EnhancementPlan plan1 = new EnhancementPlan("i1-plan", "i1-baseline", T0, List.of(EXAMPLE, JOIN),
                List.of(new RejectedFix(UNKNOWN_COLUMN, "column c.s.orders.amount_usd does not exist")));
        SpaceDiff diff = new SpaceDiff(List.of(
                new SpaceDiff.Change("instructions.example_question_sqls", "01f0aa", SpaceDiff.Kind.ADDED,
                        "How many customers?"),
                new SpaceDiff.Change("instructions.join_specs", "01f0bb", SpaceDiff.Kind.REMOVED,
                        "c.s.customers JOIN c.s.stores")));
        ApplyResult applied1 = new ApplyResult("space-1-copy", "snap-1", diff, List.of(EXAMPLE, JOIN), List.of(),
                Optional.empty(), T0);
        IterationResult first = new IterationResult(1, BASELINE, Optional.of(plan1), Optional.of(applied1),
                Optional.of(KEPT), Accuracy.of(BASELINE, Set.of("b3")), Optional.of(Accuracy.of(KEPT, Set.of("b3"))),
                true, List.of(), Optional.of(PairedScore.of(BASELINE, KEPT)));
        EnhancementPlan plan2 = new EnhancementPlan("i2-plan", "i1-validation", T0, List.of(INSTRUCTION), List.of());
        ApplyResult applied2 = new ApplyResult("space-1-copy", "snap-2", new SpaceDiff(List.of(
                new SpaceDiff.Change("instructions.text_instructions", "01f0cc", SpaceDiff.Kind.CHANGED,
                        "(changed: content)"))), List.of(INSTRUCTION), List.of(), Optional.empty(), T0);
        IterationResult second = new IterationResult(2, KEPT, Optional.of(plan2), Optional.of(applied2),
                Optional.of(ROLLED_BACK), Accuracy.of(KEPT, Set.of("b3")),
                Optional.of(Accuracy.of(ROLLED_BACK, Set.of("b3"))), false, List.of(),
                Optional.of(PairedScore.of(KEPT, ROLLED_BACK)));
        return new SessionHistory("session-7", "space-1", Optional.of("space-1-copy"), ApplyMode.CLONE,
                SessionStage.FINISHED, Optional.of(StopReason.NO_GAIN), 0.9, 0.75, BENCHMARKS, Set.of("b3"), T0,
                T0.plusSeconds(600), List.of(first, second), stages, evalRuns);
    }

    private static SessionHistory history() {
        return history(List.of(new StageStats(1, Stage.SCORE, Duration.ofSeconds(42), 0, TokenUsage.ZERO),
                new StageStats(1, Stage.PLAN, Duration.ofMillis(2500), 3, new TokenUsage(1200, 340)),
                new StageStats(2, Stage.PLAN, Duration.ofMillis(1500), 2, new TokenUsage(800, 60))), Map.of());
    }

    @Test
    void showsAccuracyPerIterationWithCoverageAndEachQuestionsStory() {
        EnhancementReport report = EnhancementReport.of(history());
        String html = report.toHtml();
        String md = report.toMarkdown();

        for (String text : List.of(html, md)) {
            assertThat(text).contains("NO_GAIN", "90.0%", "session-7", "25.0% over 4 of 4 questions",
                    "75.0% over 4 of 4 questions", "50.0% over 4 of 4 questions", "100.0% over 1 of 1 questions",
                    "0.0% over 1 of 1 questions", "kept", "rolled back");
        }
        assertThat(html).contains("40.0% -&gt; 60.0% on the 5 questions counted in both",
                "<svg role=\"img\" aria-label=\"Accuracy per iteration\"", "<polyline", "target 90.0%");
        assertThat(md).contains("40.0% -> 60.0% on the 5 questions counted in both",
                "Final configuration (iteration 1): tuning 75.0% over 4 of 4 questions; held-out 0.0% over 1 of 1",
                "- fixed: 2", "- regressed: 1", "- still failing: 1", "- still passing: 1",
                "| b1 | How many customers? | tuning | fixed | incorrect | correct | correct |",
                "| b3 | Top store? | held-out | regressed | correct | incorrect | incorrect |",
                "| b4 | Orders last week? | tuning | still passing | correct | correct | no sql |");
    }

    @Test
    void showsEachFailureLeftWithBothSqlsAndExplanationAndTheBreakdowns() {
        String md = EnhancementReport.of(history()).toMarkdown();

        assertThat(md).contains("### b3 (regressed): Top store?", "`EMPTY_RESULT`: empty",
                "SELECT store FROM stores ORDER BY sales DESC LIMIT 1", "SELECT 1 WHERE false",
                "### b2 (still failing)", "SELECT region, 0 FROM orders", "row 1, column 2: 10 vs 12")
                .doesNotContain("### b1 (", "### b4 (", "### b5 (");
        assertThat(md).contains("| RESULT_MISSING_ROWS | 2 | 0 | 0 |", "| TEXT_ANSWER | 0 | 0 | 1 |",
                "| EMPTY_RESULT | 0 | 1 | 1 |", "| counts / easy | 1 of 1 | 0 of 1 | 0 of 1 |",
                "| revenue / hard | 1 of 2 | 2 of 2 | 2 of 2 |", "| (none) / (none) | 0 of 1 | 0 of 1 | 1 of 1 |",
                "| revenue / medium | 1 of 1 | 0 of 1 | 0 of 1 |");
    }

    @Test
    void listsEveryFixWithItsFateAndTheFailuresByFixCategory() {
        String md = EnhancementReport.of(history()).toMarkdown();

        assertThat(md).contains(
                "| 1 | f1 | sample_queries_add | Genie counted orders instead | b1 | validated | yes | kept |",
                "| 1 | f2 | join_specs_delete | the join on region multiplies rows | b2 | validated | yes | kept |",
                "| 1 | f3 | metadata_add | amounts are in USD | b2 | rejected: column c.s.orders.amount_usd does "
                        + "not exist | no | not applied |",
                "| 2 | f4 | instruction_fix | revenue means net revenue | b2 | validated | yes | rolled back |",
                "| sample_queries_add | 1 | 0 | 1 | 1 | 1 | 1 |", "| metadata_add | 1 | 1 | 0 | 0 | 1 | 0 |");
    }

    @Test
    void showsTheDiffOfEachKeptIterationBySectionWithAddedAndRemovedLines() {
        EnhancementReport report = EnhancementReport.of(history());

        assertThat(report.toMarkdown()).contains("### Iteration 1 (snapshot before it: snap-1)",
                "`instructions.example_question_sqls`\n\n```diff\n+ 01f0aa: How many customers?\n"
                        + "  fix f1 (sample_queries_add):\n+ question: How many customers?\n+ SELECT COUNT(*)\n"
                        + "+ FROM customers\n```",
                "`instructions.join_specs`\n\n```diff\n- 01f0bb: c.s.customers JOIN c.s.stores\n"
                        + "  fix f2 (join_specs_delete):\n- c.s.customers JOIN c.s.stores\n```")
                .doesNotContain("### Iteration 2", "snap-2");
        assertThat(report.toHtml()).contains("<div class=\"diff-head\">instructions.example_question_sqls</div>",
                "<div class=\"diff-line added\">+ SELECT COUNT(*)</div>",
                "<div class=\"diff-line removed\">- c.s.customers JOIN c.s.stores</div>")
                .doesNotContain("\"snapshotId\"", "{\"");
    }

    @Test
    void showsLlmCallsTokensAndTimePerStageOrSaysTheyWereNotRecorded() {
        String md = EnhancementReport.of(history()).toMarkdown();
        assertThat(md).contains("| 1 | score | 42.0 s | 0 | 0 | 0 |", "| 1 | plan | 2.5 s | 3 | 1200 | 340 |",
                "| all | plan | 4.0 s | 5 | 2000 | 400 |");

        EnhancementReport unrecorded = EnhancementReport.of(history(List.of(), Map.of()));
        assertThat(unrecorded.toMarkdown()).contains("Not recorded for this session.");
        assertThat(unrecorded.toHtml()).contains("Not recorded for this session.");
    }

    @Test
    void markupInAQuestionIsTextAndTokensNeverAppear() {
        EnhancementReport report = EnhancementReport.of(history());

        assertThat(report.toHtml()).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Revenue by region?")
                .doesNotContain("<script", TOKEN);
        assertThat(report.toMarkdown()).contains("&lt;script&gt;").doesNotContain("<script", TOKEN);
        assertThat(report.toJson()).contains("the server said Bearer ***").doesNotContain(TOKEN);
        assertThat(report.toJUnitXml()).doesNotContain(TOKEN);
    }

    @Test
    void theHtmlIsOneFileThatFetchesNothing() {
        String html = EnhancementReport.of(history()).toHtml();

        assertThat(html).doesNotContainPattern("(?i)<(script|link|img|iframe)\\b")
                .doesNotContainPattern("(?i)(src|href)\\s*=").doesNotContain("url(", "@import");
    }

    @Test
    void showsWhereDatabricksEvalRunDisagreesWithTheLibrary() {
        ScoreReport eval = run("eval-1", correct("b1"), correct("b2"),
                result("b3", Verdict.INCORRECT, ReasonCode.EMPTY_RESULT, null, ""), correct("b4"), correct("b5"));
        String md = EnhancementReport.of(history(List.of(), Map.of("i1-validation", eval))).toMarkdown();

        assertThat(md).contains("## Library and Databricks eval run: i1-validation",
                        "They agree on 80.0% of the 5 questions both counted.",
                        "| b2 | &lt;script&gt;alert('x')&lt;/script&gt; Revenue by region? | incorrect "
                                + "(SINGLE_CELL_DIFFERENCE) | correct (RESULT_MATCH) |")
                .doesNotContain("| b1 | How many customers? | correct", "| b3 | Top store? | incorrect (EMPTY_RESULT)");
    }

    @Test
    void theGateFailsOnTuningAccuracyBelowItsMinimum() {
        EnhancementReport passing = EnhancementReport.builder(history()).minAccuracy(0.7).build();
        EnhancementReport failing = EnhancementReport.builder(history()).minAccuracy(0.8).build();

        assertThat(passing.passed()).isTrue();
        assertThat(passing.gateFailures()).isEmpty();
        assertThat(failing.passed()).isFalse();
        assertThat(failing.complete()).isTrue();
        assertThat(failing.gateFailures()).containsExactly("tuning accuracy 75.0% over 4 of 4 questions "
                + "(run i1-validation) is below the minimum of 80.0%");
        assertThat(failing.toJUnitXml()).contains("tests=\"2\" failures=\"1\"",
                "<failure type=\"ACCURACY_BELOW_MINIMUM\"", "name=\"tuningAccuracy\" value=\"0.7500\"");
    }

    @Test
    void theGateFailsOnHeldOutAccuracyBelowItsMinimumWhenOneIsGiven() {
        EnhancementReport failing = EnhancementReport.builder(history()).minAccuracy(0.7).minHeldOutAccuracy(0.5)
                .build();
        EnhancementReport passing = EnhancementReport.builder(history()).minHeldOutAccuracy(0).build();

        assertThat(failing.gateFailures()).containsExactly("held-out accuracy 0.0% over 1 of 1 questions is below "
                + "the minimum of 50.0%");
        assertThat(failing.toJUnitXml()).contains("tests=\"3\" failures=\"1\"",
                "<failure type=\"HELD_OUT_BELOW_MINIMUM\"");
        assertThat(passing.passed()).isTrue();
    }

    @Test
    void theGateFailsOnIncompleteCoverage() {
        ScoreReport partial = run("i1-baseline", correct("b1"),
                result("b2", Verdict.EXCLUDED, ReasonCode.EXPECTED_SQL_FAILED, null, "expected SQL failed"),
                result("b3", Verdict.EXCLUDED, ReasonCode.EXPECTED_SQL_FAILED, null, ""), correct("b4"),
                result("b5", Verdict.EXCLUDED, ReasonCode.EXPECTED_SQL_FAILED, null, ""));
        IterationResult only = new IterationResult(1, partial, Optional.empty(), Optional.empty(), Optional.empty(),
                Accuracy.of(partial, Set.of("b3")), Optional.empty(), false, List.of(), Optional.empty());
        SessionHistory h = history();
        SessionHistory incomplete = new SessionHistory(h.sessionId(), h.spaceId(), h.workingSpaceId(), h.mode(),
                SessionStage.SCORED, Optional.empty(), 0.9, 0.75, BENCHMARKS, Set.of("b3"), T0, T0, List.of(only),
                List.of(), Map.of());

        EnhancementReport report = EnhancementReport.of(incomplete);

        assertThat(report.passed()).isFalse();
        assertThat(report.complete()).isFalse();
        assertThat(report.gateFailures()).containsExactly("Incomplete run i1-baseline: only 2 of 4 tuning questions "
                + "were counted; only 0 of 1 held-out questions were counted (minimum coverage 75.0%). Nothing may "
                + "be decided on it.");
        assertThat(report.toJUnitXml()).contains("<failure type=\"INCOMPLETE_RUN\"");
        assertThat(report.toMarkdown()).contains("not stopped yet", "scored");
    }

    @Test
    void aSessionWithoutScoreFailsTheGateAndStillRenders() {
        SessionHistory h = history();
        SessionHistory fresh = new SessionHistory(h.sessionId(), h.spaceId(), Optional.empty(), h.mode(),
                SessionStage.CREATED, Optional.empty(), 0.9, 0.75, BENCHMARKS, Set.of(), T0, T0, List.of(),
                List.of(), Map.of());

        EnhancementReport report = EnhancementReport.of(fresh);

        assertThat(report.complete()).isFalse();
        assertThat(report.gateFailures()).containsExactly("no accuracy to check: the session has no complete score "
                + "run", "Session session-7 has no complete score run yet (a run that counted too few questions "
                + "decides nothing and starts no iteration).");
        assertThat(report.toHtml()).contains("No complete score run yet.");
        assertThat(report.toMarkdown()).contains("No complete score run yet.");
    }

    @Test
    void writesFourFilesAndTheJsonHoldsTheFigures() throws Exception {
        List<Path> files = EnhancementReport.builder(history()).minAccuracy(0.5).build().writeTo(dir);

        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("enhancement-report.html",
                "enhancement-report.md", "enhancement-report.json", "TEST-genie-enhancement.xml");
        JsonNode json = GenieJson.mapper().readTree(files.get(2).toFile());
        assertThat(json.path("gatePassed").asBoolean()).isTrue();
        assertThat(json.path("stopReason").asText()).isEqualTo("NO_GAIN");
        assertThat(json.path("points").get(1).path("tuning").path("counted").asInt()).isEqualTo(4);
        assertThat(json.path("questions").get(0).path("story").asText()).isEqualTo("FIXED");
        assertThat(json.path("fixes")).hasSize(4);
        assertThat(json.path("diffs").get(0).path("sections").get(0).path("lines").get(0).path("kind").asText())
                .isEqualTo("ADDED");
    }

    @Test
    void minimumsOutsideZeroToOneAreRefused() {
        assertThatThrownBy(() -> EnhancementReport.builder(history()).minAccuracy(80))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("minAccuracy must be within [0, 1]");
        assertThatThrownBy(() -> EnhancementReport.builder(history()).minHeldOutAccuracy(-0.1))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("minHeldOutAccuracy");
    }
}
