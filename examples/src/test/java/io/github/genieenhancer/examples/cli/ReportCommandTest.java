package io.github.genieenhancer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genie-enhancer report}: the enhancement report of a session stored by a {@code run} on the local
 * workspace in a directory store, with its gates on the tuning and the held-out accuracy.
 */
class ReportCommandTest {
    @TempDir
    static Path dir;

    private static CliRun run;

    private static String state() {
        return "--state-dir=" + dir.resolve("state");
    }

    @BeforeAll
    static void runASessionWithAHeldOutSet() {
        run = CliRun.of("run", "--local", "--local-latency=5", state(), "--held-out", "25%",
                "--report-dir", dir.resolve("run").toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    @Test
    void aRunWritesTheEnhancementReportBesideTheScoreReports() {
        Path reports = dir.resolve("run");

        assertThat(reports.resolve("score-report.html")).isRegularFile();
        assertThat(reports.resolve("enhancement-report.html")).content()
                .contains("Enhancement of space ", "Accuracy per iteration", "Configuration changes kept");
        assertThat(reports.resolve("enhancement-report.md")).isRegularFile();
        assertThat(reports.resolve("enhancement-report.json")).isRegularFile();
        assertThat(reports.resolve("TEST-genie-enhancement.xml")).content().contains("failures=\"0\"");
        assertThat(run.out()).contains("enhancement-report.html", "TEST-genie-enhancement.xml");
    }

    @Test
    void reportWritesTheEnhancementReportOfAStoredSession() throws Exception {
        Path later = dir.resolve("later");

        CliRun report = CliRun.of("report", "--session", run.sessionId(), state(), "--report-dir", later.toString());

        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.out()).contains("run i1-baseline: accuracy ", "enhancement-report.html");
        String md = Files.readString(later.resolve("enhancement-report.md"));
        assertThat(md).contains("Session **" + run.sessionId() + "**", "Stop reason: **TARGET_REACHED**",
                        "## Accuracy per iteration", "## Questions", "- fixed: ",
                        "## Fixes proposed", "### Iteration 1 (snapshot before it: snap-", "```diff\n+ ")
                .containsPattern("tuning \\d+\\.\\d% over \\d+ of \\d+ questions; held-out \\d+\\.\\d% over \\d+ of "
                        + "\\d+ questions");
        assertThat(later.resolve("score-report.json")).content().contains("i1-baseline", "i1-validation");
    }

    @Test
    void theGateFailsOnTheHeldOutAccuracyBelowItsMinimum() {
        Path gated = dir.resolve("gated");

        CliRun report = CliRun.of("report", "--session", run.sessionId(), state(), "--report-dir", gated.toString(),
                "--min-accuracy", "80%", "--min-held-out-accuracy", "100%");

        assertThat(report.exitCode()).as(report.toString()).isEqualTo(1);
        assertThat(report.out()).containsPattern("gate failed: held-out accuracy \\d+\\.\\d% over \\d+ of \\d+ "
                + "questions is below the minimum of 100\\.0%").doesNotContain("gate failed: tuning");
        assertThat(gated.resolve("TEST-genie-enhancement.xml")).content()
                .contains("<failure type=\"HELD_OUT_BELOW_MINIMUM\"");
    }

    @Test
    void theGateFailsOnTheTuningAccuracyBelowItsMinimumAndPassesAboveBoth() {
        CliRun dryRun = CliRun.of("run", "--local", "--local-latency=5", state(), "--mode", "DRY_RUN",
                "--report-dir", dir.resolve("dry").toString());
        CliRun below = CliRun.of("report", "--session", dryRun.sessionId(), state(), "--report-dir",
                dir.resolve("below").toString(), "--min-accuracy", "50%");
        CliRun above = CliRun.of("report", "--session", run.sessionId(), state(), "--report-dir",
                dir.resolve("above").toString(), "--min-accuracy", "50%", "--min-held-out-accuracy", "10%");

        assertThat(below.exitCode()).as(below.toString()).isEqualTo(1);
        assertThat(below.out()).contains("gate failed: tuning accuracy 35.7% over 42 of 42 questions (run "
                + "i1-baseline) is below the minimum of 50.0%");
        assertThat(dir.resolve("below").resolve("enhancement-report.md")).content()
                .contains("Stop reason: **DRY_RUN**", "No iteration was kept");
        assertThat(above.exitCode()).as(above.toString()).isZero();
        assertThat(above.out()).contains("gate passed");
    }

    @Test
    void aSessionWhoseOnlyRunIsIncompleteExitsWithFiveWhateverItsAccuracy() throws Exception {
        Path file = dir.resolve("half.yaml");
        Files.writeString(file, """
                - id: customers
                  question: How many customers are there?
                  expected_sql: SELECT COUNT(*) FROM retail.sales.customers
                - id: refunds
                  question: How many refunds are there?
                  expected_sql: SELECT COUNT(*) FROM retail.sales.refunds
                """);
        CliRun incomplete = CliRun.of("run", "--local", "--local-latency=5", state(), "--benchmarks", file.toString(),
                "--report-dir", dir.resolve("half").toString());
        assertThat(incomplete.exitCode()).as(incomplete.toString()).isEqualTo(5);

        CliRun report = CliRun.of("report", "--session", incomplete.sessionId(), state(), "--report-dir",
                dir.resolve("half-report").toString(), "--min-accuracy", "10%");

        assertThat(report.exitCode()).as(report.toString()).isEqualTo(5);
        assertThat(report.out()).contains("run i1-baseline: accuracy 100.0% over 1 of 2 questions",
                "gate failed: Session " + incomplete.sessionId() + " has no complete score run yet");
        assertThat(dir.resolve("half-report").resolve("score-report.md")).content()
                .contains("| i1-baseline (incomplete) |");
        assertThat(dir.resolve("half-report").resolve("TEST-genie-enhancement.xml")).content()
                .contains("<failure type=\"INCOMPLETE_RUN\"");
    }

    @Test
    void anUnknownSessionIsAConfigurationError() {
        CliRun report = CliRun.of("report", "--session", "no-such-session", state(), "--report-dir",
                dir.resolve("none").toString());

        assertThat(report.exitCode()).isEqualTo(3);
        assertThat(report.err()).contains("No session 'no-such-session' in the state store");
    }
}
