package io.github.genieenhancer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Help, bad arguments and missing configuration: what a user gets before anything is called. */
class CommandLineUsageTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"score", "plan", "apply", "validate", "run", "rollback", "report", "doctor", "demo"})
    void everyCommandHasHelpWithTheExitCodes(String command) {
        CliRun run = CliRun.of(command, "--help");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Usage: genie-enhancer " + command).contains("Exit codes:",
                "1   accuracy below --min-accuracy", "3   configuration missing", "5   a score run was incomplete");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void topLevelHelpListsTheCommandsAndHowTheWorkspaceIsFound() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("score", "plan", "apply", "validate", "run", "rollback", "report", "doctor",
                "demo", "DATABRICKS_HOST", "GENIE_SPACE_ID");
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun run = CliRun.of();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required subcommand", "Try 'genie-enhancer --help'");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnknownOptionIsAUsageErrorOnOneLineWithAHint() {
        CliRun run = CliRun.of("score", "--min-acuracy", "80%");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst().orElseThrow())
                .isEqualTo("genie-enhancer score: Unknown options: '--min-acuracy', '80%'");
        assertThat(run.err()).contains("--min-accuracy", "Try 'genie-enhancer score --help'.");
    }

    @Test
    void anAccuracyOutOfRangeIsAUsageError() {
        CliRun run = CliRun.of("score", "--local", "--min-accuracy", "150%");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'150%' is not an accuracy: expected a fraction from 0 to 1 (0.8) or a "
                + "percentage (80%)");
    }

    @Test
    void anUnknownModeIsAUsageError() {
        CliRun run = CliRun.of("plan", "--local", "--mode", "SOMETIMES");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--mode", "SOMETIMES", "CLONE");
    }

    @Test
    void aCommandThatNeedsASessionSaysSo() {
        CliRun run = CliRun.of("report");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--session=ID'");
    }

    @Test
    void missingWorkspaceSettingsAreNamedWithTheirVariables() {
        CliRun run = CliRun.of("plan", "--state-dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err().strip()).isEqualTo("genie-enhancer plan: Missing --space-id (or GENIE_SPACE_ID), "
                + "--warehouse-id (or GENIE_WAREHOUSE_ID), --llm-endpoint (or GENIE_LLM_ENDPOINT); --local uses "
                + "the local sample workspace instead");
    }

    @Test
    void environmentVariablesGiveTheDefaults() {
        CliRun run = CliRun.of(Map.of("GENIE_SPACE_ID", "01ef", "GENIE_LLM_ENDPOINT", "model"), "plan");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("Missing --warehouse-id (or GENIE_WAREHOUSE_ID);")
                .doesNotContain("--space-id").doesNotContain("--llm-endpoint");
    }

    @Test
    void scoringNeedsNoLlmEndpoint() {
        CliRun run = CliRun.of("score");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("--space-id", "--warehouse-id").doesNotContain("--llm-endpoint");
    }

    @Test
    void reportOfAnUnknownSessionIsAConfigurationError() {
        CliRun run = CliRun.of("report", "--session", "nope", "--state-dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err().strip()).isEqualTo("genie-enhancer report: No session 'nope' in the state store");
    }

    @Test
    void verbosePrintsTheStackTraceAfterTheLine() {
        CliRun quiet = CliRun.of("report", "--session", "nope", "--state-dir", dir.toString());
        CliRun verbose = CliRun.of("report", "--session", "nope", "--state-dir", dir.toString(), "--verbose");

        assertThat(quiet.err().lines()).hasSize(1);
        assertThat(verbose.exitCode()).isEqualTo(3);
        assertThat(verbose.err()).startsWith("genie-enhancer report: No session 'nope'")
                .contains("io.github.genieenhancer.core.ConfigurationException", "\tat ");
    }
}
