package io.github.genieenhancer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.genieenhancer.core.fix.FixCategory;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.progress.Stage;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.enhancement.EnhancementSession;
import io.github.genieenhancer.enhancement.IterationResult;
import io.github.genieenhancer.enhancement.SessionHistory;
import io.github.genieenhancer.enhancement.StageStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options that choose how a session scores and plans ({@code --policy}, {@code --judge-endpoint},
 * {@code --prompts-dir}, {@code --categories}, {@code --scorer}), on the commands and job tasks, against the local
 * stand-in workspace; what the session stored is read back with {@link EnhancementSession#history}.
 */
class EnhancementOptionsTest {
    private static final String FAST = "--local-latency=5";
    /** The local workspace's scripted model. */
    private static final String LOCAL_ENDPOINT = "scripted-llm";

    @TempDir
    Path dir;

    private String state() {
        return "--state-dir=" + dir.resolve("state");
    }

    /** Reports under the test's directory, not the working directory's {@code genie-reports}. */
    private String reports() {
        return "--report-dir=" + dir.resolve("reports");
    }

    private SessionHistory history(String sessionId) {
        try (StateStore store = StateStore.directory(dir.resolve("state"))) {
            return EnhancementSession.history(store, sessionId);
        }
    }

    /** One benchmark Genie answers unrounded: correct to 4 significant digits, not exactly. */
    private Path roundedBenchmark() throws IOException {
        Path file = dir.resolve("rounded.json");
        Files.writeString(file, "{\"benchmarks\": [{\"id\": \"p1\", \"question\": \"What is the average list price "
                + "of products?\", \"expected_sql\": \"SELECT ROUND(AVG(list_price), 2) "
                + "FROM retail.sales.products\"}]}");
        return file;
    }

    @Test
    void policyChangesTheVerdictOfScore() throws IOException {
        String benchmarks = "--benchmarks=" + roundedBenchmark();

        CliRun genie = CliRun.of("score", "--local", FAST, reports(), benchmarks);
        // As the user guide shows it, with a judge (which finds no near miss here).
        CliRun spider = CliRun.of("score", "--local", FAST, reports(), benchmarks, "--policy", "spider-test-suite",
                "--judge-endpoint", LOCAL_ENDPOINT);

        assertThat(genie.exitCode()).as(genie.toString()).isZero();
        assertThat(genie.out()).contains("accuracy 100.0% over 1 of 1 questions");
        assertThat(spider.exitCode()).as(spider.toString()).isZero();
        assertThat(spider.out()).contains("accuracy 0.0% over 1 of 1 questions");
    }

    @Test
    void anUnknownPolicyCategoryOrScorerIsAUsageErrorNamingTheValidOnes() {
        CliRun policy = CliRun.of("run", "--local", "--policy", "strict");
        CliRun category = CliRun.of("plan", "--local", "--categories", "join_specs_add,joins");
        CliRun scorer = CliRun.of("job", "score", "--local", "--session", "s", "--scorer", "databricks");

        assertThat(policy.exitCode()).isEqualTo(2);
        assertThat(policy.err()).contains("'strict' is not a comparison policy; expected one of [genie, lenient, "
                + "spider-test-suite]");
        assertThat(category.exitCode()).isEqualTo(2);
        assertThat(category.err()).contains("'joins' is not a fix category; expected one of [", "join_specs_add",
                "instruction_fix", "sql_snippets_delete");
        assertThat(scorer.exitCode()).isEqualTo(2);
        assertThat(scorer.err()).contains("'databricks' is not a scorer; expected one of [library, eval-runs, "
                + "side-by-side]");
    }

    @Test
    void categoriesLimitThePlanAndAreStored() {
        CliRun run = CliRun.of("plan", "--local", FAST, state(), "--categories", "join_specs_add");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("\\n  \\+ join_specs_add: ").doesNotContainPattern("\\n  \\+ (?!join)");
        IterationResult first = history(run.sessionId()).iterations().get(0);
        assertThat(first.plan().orElseThrow().fixes()).isNotEmpty().extracting(PlannedFix::category)
                .containsOnly(FixCategory.JOIN_SPECS_ADD);
    }

    @Test
    void theJudgeIsAskedWhileScoringAndItsCallsAreCountedInTheStageCost() {
        CliRun run = CliRun.of("validate", "--local", FAST, state(), reports(), "--judge-endpoint", LOCAL_ENDPOINT);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        SessionHistory history = history(run.sessionId());
        assertThat(history.stageStats()).extracting(StageStats::stage)
                .containsExactly(Stage.SCORE, Stage.PLAN, Stage.APPLY, Stage.VALIDATE);
        StageStats score = history.stageStats().get(0);
        assertThat(score.llmCalls()).as("the judge's calls").isPositive();
        assertThat(score.tokens().promptTokens()).isPositive();
    }

    @Test
    void aPromptsDirectoryReplacesTheBundledTemplates() throws IOException {
        Path prompts = Files.createDirectories(dir.resolve("prompts"));
        // A template that names a variable planning does not give: used, it fails naming it.
        Files.writeString(prompts.resolve("analyze_failure.mustache"), "Analyse {{houseRuleOfTheDay}}.");

        CliRun run = CliRun.of("plan", "--local", FAST, state(), "--prompts-dir", prompts.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).contains("houseRuleOfTheDay", "analyze_failure");
    }

    @Test
    void sideBySideScoringStoresTheEvalRunsAndReportsTheirAgreement() {
        CliRun run = CliRun.of("run", "--local", FAST, state(), reports(), "--scorer", "side-by-side",
                "--max-iterations", "1");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("Databricks' eval run \\S+ agrees with run i1-baseline on [0-9.]+% of "
                + "the \\d+ questions both counted")
                .contains("agrees with run i1-validation on ");
        SessionHistory history = history(run.sessionId());
        assertThat(history.evalRuns()).containsOnlyKeys("i1-baseline", "i1-validation");
    }

    @Test
    void scoreWithEvalRunsScoresACopyAndLeavesTheSpace() {
        CliRun run = CliRun.of("score", "--local", FAST, reports(), "--scorer", "side-by-side");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("score: accuracy 35.7% over 42 of 42 questions",
                "Databricks eval run on the copy ", "Databricks eval run: accuracy ",
                "the eval run agrees on ");
    }

    @Test
    void evalRunsAreRefusedOutsideCloneMode() {
        CliRun run = CliRun.of("run", "--local", FAST, state(), "--scorer", "eval-runs", "--mode", "IN_PLACE");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).contains("needs ApplyMode.CLONE");
    }

    @Test
    void jobTasksTakeTheOptionsAndTheSessionKeepsThem() {
        // A local workspace lives as long as one command: the whole loop in one task.
        CliRun loop = CliRun.of("job", "loop", "--local", FAST, state(), reports(), "--session", "job-1",
                "--max-iterations", "1", "--categories", "sql_snippets_add,join_specs_add", "--policy", "lenient",
                "--scorer", "eval-runs");

        assertThat(loop.exitCode()).as(loop.toString()).isZero();
        SessionHistory history = history("job-1");
        assertThat(history.iterations().get(0).baseline().spaceId()).isEqualTo(history.workingSpaceId().orElseThrow());
        assertThat(history.iterations().get(0).plan().orElseThrow().fixes()).isNotEmpty()
                .extracting(PlannedFix::category)
                .allMatch(c -> c == FixCategory.SQL_SNIPPETS_ADD || c == FixCategory.JOIN_SPECS_ADD);
    }

    /** The bundle passes its judge and prompts variables to every task; empty, their default, means none. */
    @Test
    void anEmptyJudgeEndpointOrPromptsDirectoryMeansNoneAsTheBundlePassesThem() {
        CliRun loop = CliRun.of("job", "loop", "--local", FAST, state(), reports(), "--session", "job-2",
                "--max-iterations", "1", "--judge-endpoint=", "--prompts-dir=");

        assertThat(loop.exitCode()).as(loop.toString()).isZero();
        assertThat(history("job-2").stageStats()).filteredOn(s -> s.stage() == Stage.SCORE)
                .allMatch(s -> s.llmCalls() == 0);
    }
}
