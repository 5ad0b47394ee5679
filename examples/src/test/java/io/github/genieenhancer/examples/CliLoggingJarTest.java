package io.github.genieenhancer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar's log output against the local workspace, whose requests carry the token
 * {@code dapi-localworkspace}: quiet by default, debug lines with {@code --debug}, and the token in neither.
 */
class CliLoggingJarTest {
    private static final String TOKEN = "dapi-localworkspace";

    @TempDir
    Path home;

    @BeforeEach
    void benchmarks() throws IOException {
        Files.writeString(home.resolve("two.yaml"), """
                - id: customers
                  question: How many customers are there?
                  expected_sql: SELECT COUNT(*) FROM retail.sales.customers
                - id: stores
                  question: How many stores are there?
                  expected_sql: SELECT COUNT(*) FROM retail.sales.stores
                """);
    }

    @Test
    void byDefaultNothingIsLogged() {
        ProcessRun run = score(ProcessRun.bareEnvironment(home), List.of());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void debugPrintsTheLibraryAndSdkDebugLinesButNeverTheToken() {
        // The SDK's debug_headers prints every request header at debug level; the tool's output masks them.
        Map<String, String> env = new HashMap<>(ProcessRun.bareEnvironment(home));
        env.put("DATABRICKS_DEBUG_HEADERS", "true");

        ProcessRun run = score(env, List.of("--debug"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("DEBUG com.databricks.sdk.core.ApiClient - > POST /api/2.0/genie/spaces/",
                "Authorization: Bearer ***");
        assertThat(run.err().lines()).noneMatch(line -> line.contains("org.apache.http"));
        assertThat(run.out() + run.err()).doesNotContain(TOKEN);
    }

    @Test
    void commonsLoggingsOwnDebugOutputBypassesTheToolAndPrintsTheToken() {
        // Why the user guide says never to switch this on: the HTTP client's header log goes around the tool.
        ProcessRun run = score(ProcessRun.bareEnvironment(home), List.of(), List.of(
                "-Dorg.apache.commons.logging.LogFactory=org.apache.commons.logging.impl.LogFactoryImpl",
                "-Dorg.apache.commons.logging.Log=org.apache.commons.logging.impl.SimpleLog",
                "-Dorg.apache.commons.logging.simplelog.defaultlog=debug"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("Authorization: Bearer " + TOKEN);
    }

    private ProcessRun score(Map<String, String> env, List<String> options) {
        return score(env, options, List.of());
    }

    private ProcessRun score(Map<String, String> env, List<String> options, List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of(ProcessRun.jdkTool("java"), "-Duser.home=" + home));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", ProcessRun.builtJar().toString(), "score", "--local", "--local-latency", "5",
                "--benchmarks", "two.yaml", "--report-dir", "reports"));
        command.addAll(options);
        return ProcessRun.run(home, env, Duration.ofMinutes(2), command);
    }
}
