package io.github.genieenhancer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code genie-enhancer fleet score} against the local stand-in workspace, with copies of its sample space. */
class FleetCommandTest {
    private static final String FAST = "--local-latency=5";

    @TempDir
    Path dir;

    @Test
    void scoresEverySpaceWritesTheFleetReportsAndGatesPerSpace() {
        Path reports = dir.resolve("reports");

        CliRun run = CliRun.of("fleet", "score", "--local", FAST, "--state-dir", dir.resolve("state").toString(),
                "--report-dir", reports.toString(), "--fleet-run-id", "night-1", "--min-accuracy", "30%");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("fleet run night-1", "Sample copy 1  accuracy 35.7% over 42 of 42 questions",
                "Sample copy 2  accuracy 35.7% over 42 of 42 questions");
        assertThat(reports.resolve("fleet.html")).content().contains("<svg", "Sample copy 2");
        assertThat(reports.resolve("fleet.md")).content().contains("| Sample copy 1 (`");
        assertThat(reports.resolve("fleet.json")).content().contains("\"accuracy\" : 0.357");
        assertThat(reports.resolve("fleet-junit.xml")).content().contains("tests=\"3\"", "failures=\"0\"");
    }

    @Test
    void aNamePatternChoosesTheSpacesAndAMissedMinimumExitsWithOne() {
        CliRun run = CliRun.of("fleet", "score", "--local", FAST, "--state-dir", dir.resolve("state").toString(),
                "--report-dir", dir.toString(), "--space-name", "Sample copy ?", "--min-accuracy", "90%");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("Sample copy 1", "Sample copy 2",
                "a space is below the minimum accuracy 90.0%");
        assertThat(dir.resolve("fleet-junit.xml")).content().contains("tests=\"2\"", "failures=\"2\"");
    }

    @Test
    void aSpaceThatCannotBeScoredMakesTheFleetIncomplete() {
        CliRun run = CliRun.of("fleet", "score", "--local", FAST, "--state-dir", dir.resolve("state").toString(),
                "--report-dir", dir.toString(), "--space-ids", "no-such-space");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(5);
        assertThat(run.out()).contains("no-such-space", "not scored", "run again with --fleet-run-id");
    }

    @Test
    void idsAndANamePatternTogetherAreAConfigurationError() {
        CliRun run = CliRun.of("fleet", "score", "--local", FAST, "--space-ids", "a,b", "--space-name", "x*");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("Give --space-ids or --space-name, not both");
    }
}
