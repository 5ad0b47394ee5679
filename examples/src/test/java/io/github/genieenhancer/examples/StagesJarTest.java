package io.github.genieenhancer.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.SessionOwnedException;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.state.SessionOwner;
import io.github.genieenhancer.core.state.StateEvent;
import io.github.genieenhancer.core.state.StateStore;
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
 * The four stages as four processes of the runnable jar, sharing a state directory, against a workspace found
 * through the SDK's environment variables (a {@link LocalWorkspace} started by the test, as a real workspace
 * would be); then report and rollback.
 */
class StagesJarTest {
    private static final Pattern NEXT = Pattern.compile("next: genie-enhancer apply --session (\\S+)");

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
    void stagesContinueAStoredSessionAcrossProcessesAndRollbackRestoresTheSpace() throws Exception {
        Path benchmarks = home.resolve("benchmarks.json");
        Files.writeString(benchmarks, GenieJson.write(local.sampleBenchmarks()));

        ProcessRun plan = cli("plan", "--mode", "IN_PLACE", "--propagation-wait", "0",
                "--benchmarks", benchmarks.toString());
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("baseline: accuracy 35.7%", "is at stage PLANNED");
        Matcher next = NEXT.matcher(plan.out());
        assertThat(next.find()).as(plan.out()).isTrue();
        String session = next.group(1);

        ProcessRun again = cli("plan", "--session", session);
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(3);
        assertThat(again.err()).contains("is at stage PLANNED, where it cannot plan; its next stage is 'apply'");

        ProcessRun apply = cli("apply", "--session", session);
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).containsPattern("applied \\d+ fixes to space " + local.sampleSpaceId())
                .contains("next: genie-enhancer validate --session " + session);
        assertThat(changed()).isTrue();

        Path reports = home.resolve("reports");
        ProcessRun validate = cli("validate", "--session", session, "--report-dir", reports.toString(),
                "--min-accuracy", "90%");
        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        assertThat(validate.out()).contains("iteration 1: accuracy 35.7% -> ", "(kept)");
        assertThat(reports.resolve("score-report.html")).isRegularFile();

        ProcessRun report = cli("report", "--session", session, "--report-dir", home.resolve("again").toString());
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(home.resolve("again").resolve("TEST-genie-benchmarks.xml")).isRegularFile();

        ProcessRun rollback = cli("rollback", "--session", session);
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(rollback.out()).containsPattern("restored snapshot snap-\\S+ \\(taken .+\\) on space "
                + local.sampleSpaceId() + ": \\d+ changes");
        assertThat(changed()).isFalse();
    }

    /**
     * Issue 12: a second process continuing a session another one holds is refused before it writes anything,
     * naming the holder and until when; {@code --take-over} continues it, and the holder is refused from then on.
     * Each command releases the session when it ends, so the next one continues it at once.
     */
    @Test
    void aSessionAnotherProcessHoldsIsRefusedUntilTakenOver() throws Exception {
        Path benchmarks = home.resolve("benchmarks.json");
        Files.writeString(benchmarks, GenieJson.write(local.sampleBenchmarks()));
        ProcessRun plan = cli("plan", "--mode", "IN_PLACE", "--propagation-wait", "0",
                "--benchmarks", benchmarks.toString());
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        Matcher next = NEXT.matcher(plan.out());
        assertThat(next.find()).as(plan.out()).isTrue();
        String session = next.group(1);
        // This JVM holds the session, as a run that crashed a moment ago would.
        SessionOwner crashed = SessionOwner.builder(StateStore.directory(home.resolve("state")), session)
                .owner("crashed run (pid 1 on host-a)").claim();

        ProcessRun refused = cli("apply", "--session", session);

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
        assertThat(refused.err()).contains("Session '" + session + "' is held by crashed run (pid 1 on host-a) "
                + "until " + crashed.lease().expiresAt(), "--take-over");
        assertThat(changed()).isFalse();

        ProcessRun taken = cli("apply", "--session", session, "--take-over");
        assertThat(taken.exitCode()).as(taken.toString()).isZero();
        assertThat(changed()).isTrue();
        assertThatThrownBy(() -> crashed.store().appendEvent(new StateEvent(session, crashed.lease().expiresAt(),
                "late", "", null))).isInstanceOf(SessionOwnedException.class).hasMessageContaining("taken over");

        ProcessRun rollback = cli("rollback", "--session", session);
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(changed()).isFalse();
    }

    @Test
    void anUnknownSessionIsAConfigurationError() {
        ProcessRun run = cli("apply", "--session", "session-unknown");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err().strip()).isEqualTo("genie-enhancer apply: No session 'session-unknown' in the state "
                + "store");
    }

    /** Whether the sample space's configuration differs from the one it started with. */
    private static boolean changed() {
        SpaceConfig now = local.spaceConfig(local.sampleSpaceId()).orElseThrow();
        return !now.diffTo(local.sampleSpaceConfig()).isEmpty();
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
        command.addAll(List.of("--state-dir", home.resolve("state").toString()));
        if (!args[0].equals("report")) {
            command.addAll(List.of("--questions-per-minute", "6000"));
        }
        return ProcessRun.run(home, env, Duration.ofMinutes(3), command);
    }
}
