package io.github.genieenhancer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage commands, the loop and the report against the local stand-in workspace, each in one command (a local
 * workspace lives as long as the command; stored sessions across commands are tested on the jar, against a
 * workspace outside the tool).
 */
class StageCommandsTest {
    private static final String FAST = "--local-latency=5";

    @TempDir
    Path dir;

    private String state() {
        return "--state-dir=" + dir.resolve("state");
    }

    @Test
    void validateRunsTheEarlierStagesThenKeepsTheGainAndWritesReports() {
        Path reports = dir.resolve("reports");

        CliRun run = CliRun.of("validate", "--local", FAST, state(), "--report-dir", reports.toString(),
                "--min-accuracy", "90%");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("started on space ", "(CLONE mode)",
                        "baseline: accuracy 35.7% over 42 of 42 questions (15 correct, 23 incorrect, 4 no sql)",
                        "plan i1-plan: ")
                .containsPattern("\\n  \\+ join_specs_add: .+\\[b\\d\\d")
                .containsPattern("applied \\d+ fixes to space \\w+ \\(snapshot snap-[0-9a-f-]+\\)")
                .contains("validation: accuracy ", "iteration 1: accuracy 35.7% -> ",
                        "(kept), on the 42 questions counted in both: 35.7% -> ",
                        "meets the minimum 90.0%", "is at stage VALIDATED; its changes are on the copy ")
                .doesNotContain("next:");
        assertThat(dir.resolve("state")).isNotEmptyDirectory();
        assertThat(reports.resolve("score-report.html")).isRegularFile();
        assertThat(reports.resolve("score-report.md")).content().contains("i1-baseline", "i1-validation");
    }

    @Test
    void aDryRunSessionHasNothingToValidate() {
        CliRun run = CliRun.of("validate", "--local", FAST, state(), "--mode", "dry_run");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.out()).contains("dry run, nothing written");
        assertThat(run.err()).contains("is a DRY_RUN session: it writes nothing, so there is nothing to validate");
    }

    @Test
    void runLoopsToTheTargetPromotesTheCopyAndItsSessionCanBeReportedLater() {
        Path reports = dir.resolve("run-reports");
        CliRun run = CliRun.of("run", "--local", FAST, state(), "--report-dir", reports.toString(),
                "--min-accuracy", "0.9", "--promote");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("iteration 1: accuracy 35.7% -> ", "stopped: TARGET_REACHED; accuracy 35.7% -> ",
                "promoting the copy onto space ").containsPattern("applied \\d+ fixes to space \\w+ \\(snapshot snap-");
        assertThat(reports.resolve("TEST-genie-benchmarks.xml")).isRegularFile();

        Path later = dir.resolve("later");
        CliRun report = CliRun.of("report", "--session", run.sessionId(), state(), "--report-dir", later.toString(),
                "--min-accuracy", "90%");

        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.out()).contains("run i1-baseline: accuracy 35.7%", "run i1-validation: accuracy ");
        assertThat(later.resolve("score-report.json")).content().contains("i1-baseline", "i1-validation");
    }

    @Test
    void aDryRunEndsBelowTheGate() {
        CliRun run = CliRun.of("run", "--local", FAST, state(), "--report-dir", dir.resolve("r").toString(),
                "--mode", "DRY_RUN", "--min-accuracy", "50%");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("stopped: DRY_RUN; accuracy 35.7% -> 35.7%",
                "accuracy 35.7% is below the minimum 50.0%");
    }

    @Test
    void aStoredSessionCannotBeContinuedOnAFreshLocalWorkspace() {
        CliRun run = CliRun.of("apply", "--local", FAST, state(), "--session", "session-1");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("--session cannot be combined with --local");
    }

    @Test
    void rollbackNeedsAStoredSessionOnARealWorkspace() {
        CliRun run = CliRun.of("rollback", "--local", FAST, state(), "--session", "session-1");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("rollback cannot use --local");
    }

    @Test
    void demoRunsTheWholeLoopAndWritesTheReports() {
        Path reports = dir.resolve("demo");

        CliRun run = CliRun.of("demo", FAST, "--report-dir", reports.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("iteration 1: accuracy 35.7% over 42 of 42 questions -> ",
                "decided on the 42 questions counted in both runs", "(TARGET_REACHED)",
                "the sample space is unchanged", "reports written to " + reports.toAbsolutePath());
        assertThat(reports.resolve("score-report.html")).isRegularFile();
    }

    @Test
    void aLoopWhoseBaselineIsIncompleteDecidesNothingAndExitsWithFive() throws Exception {
        Path file = dir.resolve("half.yaml");
        java.nio.file.Files.writeString(file, """
                - id: customers
                  question: How many customers are there?
                  expected_sql: SELECT COUNT(*) FROM retail.sales.customers
                - id: refunds
                  question: How many refunds are there?
                  expected_sql: SELECT COUNT(*) FROM retail.sales.refunds
                """);
        Path reports = dir.resolve("reports");

        CliRun run = CliRun.of("run", "--local", FAST, state(), "--benchmarks", file.toString(),
                "--report-dir", reports.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(5);
        assertThat(run.out()).contains("incomplete: Score run i1-baseline of space ",
                        "accuracy over 1 of 2 questions (coverage 50.0%, below the minimum of 90.0%)",
                        "is at stage CREATED")
                .doesNotContain("stopped:", "plan i1-plan");
        assertThat(reports.resolve("score-report.md")).content().contains("| i1-baseline (incomplete) |");
    }
}
