package io.github.genieenhancer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.state.SessionRecord;
import io.github.genieenhancer.core.state.SessionStage;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.genie.SqlExecutor;
import io.github.genieenhancer.genie.state.DeltaStateStore;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job entry points as Databricks runs them: each task a JVM of its own on the runnable jar, its main class named
 * as in databricks.yml, the workspace found through the SDK's environment variables, and the session shared through
 * Delta tables on the warehouse (a {@link LocalWorkspace} with a writable warehouse stands in for the workspace).
 */
class JobsJarTest {
    private static final String CATALOG = "retail";
    private static final String SCHEMA = "genie_state";

    private static LocalWorkspace local;

    @TempDir
    Path home;

    @BeforeAll
    static void startWorkspace() {
        local = LocalWorkspace.builder().writableWarehouse(true).genieLatency(Duration.ofMillis(5),
                Duration.ofMillis(2)).statementLatency(Duration.ZERO).start();
        SqlExecutor.builder(local.workspaceClient()).warehouseId(local.warehouseId()).readOnly(false).build()
                .execute("CREATE SCHEMA IF NOT EXISTS " + CATALOG + "." + SCHEMA);
    }

    @AfterAll
    static void stopWorkspace() {
        local.close();
    }

    @Test
    void four_stage_tasks_in_four_processes_make_one_iteration_on_the_shared_session() {
        String session = "run-1001";

        ProcessRun score = task("ScoreJob", session, "--mode", "IN_PLACE", "--propagation-wait", "0",
                "--benchmarks", benchmarks().toString());
        assertThat(score.exitCode()).as(score.toString()).isZero();
        assertThat(score.out()).contains("session " + session + " started", "is at stage SCORED")
                .containsPattern("baseline: accuracy \\d+\\.\\d%");
        ProcessRun scoreAgain = task("ScoreJob", session);
        assertThat(scoreAgain.exitCode()).as(scoreAgain.toString()).isZero();
        assertThat(scoreAgain.out()).contains("score: already done in this iteration; nothing to do");

        ProcessRun plan = task("PlanJob", session);
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).containsPattern("plan i1-plan: \\d+ fixes").contains("is at stage PLANNED");

        ProcessRun apply = task("ApplyJob", session);
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).containsPattern("applied \\d+ fixes to space " + local.sampleSpaceId());

        Path reports = home.resolve("reports");
        ProcessRun validate = task("ValidateJob", session, "--report-dir", reports.toString());
        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        assertThat(validate.out()).containsPattern("iteration 1: accuracy \\d+\\.\\d% -> ")
                .contains("is at stage VALIDATED");
        assertThat(reports.resolve("score-report.html")).isRegularFile();

        try (StateStore store = deltaStore()) {
            SessionRecord stored = store.session(session).orElseThrow();
            assertThat(stored.stage()).isEqualTo(SessionStage.VALIDATED);
            assertThat(store.iterations(session)).hasSize(1);
            assertThat(store.reports(session)).hasSize(2);
            assertThat(store.snapshots(session)).hasSize(1);
        }
    }

    @Test
    void the_loop_task_runs_to_the_end_and_a_second_run_resumes_the_finished_session() {
        String session = "run-2002";

        ProcessRun loop = task("LoopJob", session, "--mode", "IN_PLACE", "--propagation-wait", "0",
                "--benchmarks", benchmarks().toString(), "--target", "80%", "--report-dir",
                home.resolve("loop").toString());
        assertThat(loop.exitCode()).as(loop.toString()).isZero();
        assertThat(loop.out()).contains("session " + session + " started", "stopped: ");

        ProcessRun again = task("LoopJob", session, "--report-dir", home.resolve("again").toString());
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).doesNotContain("started").contains("stopped: ");
        try (StateStore store = deltaStore()) {
            assertThat(store.session(session).orElseThrow().stage()).isEqualTo(SessionStage.FINISHED);
        }
    }

    @Test
    void a_task_out_of_order_fails_its_run_without_touching_the_session() {
        ProcessRun plan = task("PlanJob", "run-3003");

        assertThat(plan.exitCode()).as(plan.toString()).isNotZero();
        assertThat(plan.err()).contains("No session 'run-3003' in the state store; the score task (or the loop) "
                + "starts it", "genie-enhancer job plan ended with exit code 3");
        try (StateStore store = deltaStore()) {
            assertThat(store.session("run-3003")).isEmpty();
        }
    }

    /** A third of the sample benchmarks as a file, as a job would read them from a volume; enough to have failures. */
    private Path benchmarks() {
        Path file = home.resolve("benchmarks.json");
        List<Benchmark> all = local.sampleBenchmarks().benchmarks();
        try {
            Files.writeString(file, GenieJson.write(BenchmarkSet.of("jobs", all.subList(0, all.size() / 3))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static StateStore deltaStore() {
        return DeltaStateStore.builder(local.workspaceClient()).warehouseId(local.warehouseId()).catalog(CATALOG)
                .schema(SCHEMA).build();
    }

    /** One task as Databricks starts it: {@code java -cp <jar> <main class> <parameters>}, in a fresh JVM. */
    private ProcessRun task(String mainClass, String session, String... extra) {
        Map<String, String> env = new HashMap<>(ProcessRun.bareEnvironment(home));
        env.put("DATABRICKS_HOST", local.host());
        env.put("DATABRICKS_TOKEN", "dapi-localworkspace");
        List<String> command = new ArrayList<>(List.of(ProcessRun.jdkTool("java"), "-Duser.home=" + home, "-cp",
                ProcessRun.builtJar().toString(), "io.github.genieenhancer.examples.jobs." + mainClass,
                "--session=" + session, "--space-id=" + local.sampleSpaceId(),
                "--warehouse-id=" + local.warehouseId(), "--llm-endpoint=" + local.servingEndpointName(),
                "--state-store=DELTA", "--state-catalog=" + CATALOG, "--state-schema=" + SCHEMA,
                "--questions-per-minute=6000"));
        command.addAll(List.of(extra));
        return ProcessRun.run(home, env, Duration.ofMinutes(3), command);
    }
}
