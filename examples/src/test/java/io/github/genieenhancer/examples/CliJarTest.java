package io.github.genieenhancer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runnable jar as a user starts it ({@code java -jar ...-all.jar}), in an environment with no workspace. */
class CliJarTest {

    @TempDir
    Path home;

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        ProcessRun run = java(ProcessRun.bareEnvironment(home), "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: genie-enhancer", "score", "plan", "apply", "validate", "run",
                "rollback", "report", "demo", "Exit codes:");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void noDatabricksWorkspaceIsAConfigurationErrorWithTheStackOnlyWhenVerbose() {
        Map<String, String> env = new HashMap<>(ProcessRun.bareEnvironment(home));
        env.put("GENIE_SPACE_ID", "01ef0000000000000000000000000001");
        env.put("GENIE_WAREHOUSE_ID", "abc123");

        ProcessRun quiet = java(env, "score");
        ProcessRun verbose = java(env, "score", "--verbose");

        assertThat(quiet.exitCode()).isEqualTo(3);
        assertThat(quiet.err().strip()).doesNotContain("\n").contains("No Databricks workspace configured");
        assertThat(verbose.exitCode()).isEqualTo(3);
        assertThat(verbose.err()).contains("No Databricks workspace configured", "ConfigurationException", "\tat ");
    }

    @Test
    void aHostWithoutCredentialsIsAConfigurationError() {
        Map<String, String> env = new HashMap<>(ProcessRun.bareEnvironment(home));
        env.put("DATABRICKS_HOST", "http://127.0.0.1:9");
        env.put("GENIE_SPACE_ID", "01ef0000000000000000000000000001");
        env.put("GENIE_WAREHOUSE_ID", "abc123");

        ProcessRun run = java(env, "score");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err().strip()).doesNotContain("\n").contains("cannot configure default credentials");
    }

    private ProcessRun java(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessRun.jdkTool("java"), "-Duser.home=" + home, "-jar",
                ProcessRun.builtJar().toString()));
        command.addAll(List.of(args));
        return ProcessRun.run(home, env, Duration.ofMinutes(2), command);
    }
}
