package io.github.genieenhancer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genie-enhancer run} as a user starts it, against a workspace whose every Genie answer fails (no access to
 * the warehouse): it used to end FINISHED, NO_FIXES, "0.0% -> 0.0%" with exit code 0. Now the baseline is
 * incomplete, nothing is decided, the tool exits with 5 and says how to continue; once Genie answers, the same
 * session continues to the target.
 */
class IncompleteScoreJarTest {
    private static final Pattern STARTED = Pattern.compile("session (\\S+) started");

    private static LocalWorkspace local;

    @TempDir
    Path home;

    @BeforeAll
    static void startWorkspace() {
        local = LocalWorkspace.builder().genieLatency(Duration.ofMillis(5), Duration.ofMillis(2)).start();
    }

    @AfterAll
    static void stopWorkspace() {
        local.close();
    }

    @Test
    void everyGenieAnswerFailingExitsWithFiveDecidesNothingAndTheSessionContinuesLater() throws Exception {
        Path benchmarks = home.resolve("benchmarks.json");
        Files.writeString(benchmarks, GenieJson.write(local.sampleBenchmarks()));
        local.faults().failMessages(1_000, "WAREHOUSE_ACCESS_MISSING_EXCEPTION");

        ProcessRun failing = cli("run", "--mode", "IN_PLACE", "--propagation-wait", "0",
                "--benchmarks", benchmarks.toString(), "--report-dir", home.resolve("reports").toString());

        assertThat(failing.exitCode()).as(failing.toString()).isEqualTo(5);
        assertThat(failing.out()).contains("baseline", "incomplete: Score run i1-baseline of space ",
                        "accuracy over 0 of 42 questions (coverage 0.0%, below the minimum of 90.0%); excluded: 42 "
                                + "INFRASTRUCTURE", "WAREHOUSE_ACCESS_MISSING_EXCEPTION", "is at stage CREATED",
                        "next: genie-enhancer run --session ")
                .doesNotContain("stopped:", "NO_FIXES");
        assertThat(home.resolve("reports").resolve("TEST-genie-benchmarks.xml")).content()
                .contains("type=\"INCOMPLETE_RUN\"");
        Matcher started = STARTED.matcher(failing.out());
        assertThat(started.find()).as(failing.out()).isTrue();

        local.faults().reset();
        ProcessRun resumed = cli("run", "--session", started.group(1));

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("stopped: TARGET_REACHED; accuracy 35.7% -> ");
    }

    private ProcessRun cli(String... args) {
        Map<String, String> env = new HashMap<>(ProcessRun.bareEnvironment(home));
        env.put("DATABRICKS_HOST", local.host());
        env.put("DATABRICKS_TOKEN", "dapi-localworkspace");
        env.put("GENIE_SPACE_ID", local.sampleSpaceId());
        env.put("GENIE_WAREHOUSE_ID", local.warehouseId());
        env.put("GENIE_LLM_ENDPOINT", local.servingEndpointName());
        List<String> command = new ArrayList<>(List.of(ProcessRun.jdkTool("java"), "-Duser.home=" + home, "-jar",
                ProcessRun.builtJar().toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--state-dir", home.resolve("state").toString(), "--questions-per-minute", "6000"));
        return ProcessRun.run(home, env, Duration.ofMinutes(3), command);
    }
}
