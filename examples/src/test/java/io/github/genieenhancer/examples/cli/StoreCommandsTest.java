package io.github.genieenhancer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.state.JdbcStateStore;
import io.github.genieenhancer.core.state.SessionLease;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.genie.SqlExecutor;
import io.github.genieenhancer.genie.state.DeltaStateStore;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The commands that work on stored sessions ({@code run}, {@code sessions}, {@code report}, {@code promote},
 * {@code rollback}) across commands, on each kind of store: a directory, an H2 database by JDBC URL, and Delta
 * tables on the warehouse. Each command runs in process through {@link GenieEnhancerCli#execute}, against a
 * {@link LocalWorkspace} this test started (a {@code --local} one lives only as long as one command), found through
 * the environment as the SDK finds a real one.
 */
class StoreCommandsTest {
    private static final Pattern PROMOTED = Pattern.compile("applied \\d+ fixes to space (\\S+) \\(snapshot");

    private static LocalWorkspace local;

    @TempDir
    Path dir;

    private final String prefix = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";

    /** The stores every command is tried on. */
    enum Store {
        DIRECTORY, H2, DELTA
    }

    @BeforeAll
    static void startWorkspace() {
        local = LocalWorkspace.builder().writableWarehouse(true).genieLatency(Duration.ofMillis(5),
                Duration.ofMillis(2)).statementLatency(Duration.ZERO).start();
        SqlExecutor.builder(local.workspaceClient()).warehouseId(local.warehouseId()).readOnly(false).build()
                .execute("CREATE SCHEMA IF NOT EXISTS retail.genie_state");
    }

    @AfterAll
    static void stopWorkspace() {
        local.close();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aSessionIsListedShownReportedPromotedRolledBackAndDeletedAcrossCommands(Store store) {
        CliRun run = cli("run", store, "--max-iterations", "1", "--target", "90%", "--propagation-wait", "0");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String id = run.sessionId();
        assertThat(run.out()).contains("stopped: TARGET_REACHED");

        CliRun list = cli("sessions", "list", store);
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).containsPattern(Pattern.quote(id) + "  space " + local.sampleSpaceId()
                + "  FINISHED  iteration 1  accuracy \\d+\\.\\d% over 42 of 42 questions  updated 20\\d\\d-");

        CliRun show = cli("sessions", "show", store, id);
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains("session " + id, "space " + local.sampleSpaceId() + " (changes on its copy ",
                        "mode CLONE, target 90.0%, min coverage ", "42 benchmarks (0 held out)",
                        "stage FINISHED (stopped: TARGET_REACHED)", "not held by any process",
                        "iteration 1: accuracy 35.7% -> ")
                .contains("(kept)");

        Path reports = dir.resolve("reports");
        CliRun report = cli("report", store, "--session", id, "--report-dir", reports.toString());
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(reports.resolve("score-report.md")).content().contains("i1-baseline", "i1-validation");

        CliRun promote = cli("promote", store, "--session", id);
        assertThat(promote.exitCode()).as(promote.toString()).isZero();
        assertThat(promote.out()).containsPattern("target 90\\.0% met: iteration 1 reached \\d+\\.\\d% over 42 of "
                + "42 questions").contains("promoting the copy ");
        Matcher promoted = PROMOTED.matcher(promote.out());
        assertThat(promoted.find()).as(promote.out()).isTrue();
        assertThat(promoted.group(1)).isEqualTo(local.sampleSpaceId());
        assertThat(changed()).as("the original space has the copy's configuration").isTrue();

        CliRun rollback = cli("rollback", store, "--session", id);
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(rollback.out()).contains("on space " + local.sampleSpaceId());
        assertThat(changed()).as("the original space restored").isFalse();

        CliRun delete = cli("sessions", "delete", store, id);
        assertThat(delete.exitCode()).as(delete.toString()).isZero();
        assertThat(delete.out()).contains("deleted session " + id + " of space " + local.sampleSpaceId()
                + "; its copy space ");
        assertThat(cli("sessions", "list", store).out()).doesNotContain(id);
        CliRun gone = cli("sessions", "show", store, id);
        assertThat(gone.exitCode()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(gone.err()).contains("No session '" + id + "' in the state store");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void theStageCommandsContinueAStoredSessionOneCommandAfterAnother(Store store) {
        CliRun plan = cli("plan", store, "--propagation-wait", "0");
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        String id = plan.sessionId();
        assertThat(plan.out()).contains("next: genie-enhancer apply --session " + id);

        CliRun apply = cli("apply", store, "--session", id);
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).containsPattern("applied \\d+ fixes to space ").contains("is at stage APPLIED");

        CliRun validate = cli("validate", store, "--session", id, "--report-dir", dir.resolve("v").toString());
        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        assertThat(validate.out()).contains("iteration 1: accuracy 35.7% -> ", "is at stage VALIDATED");
        assertThat(cli("sessions", "show", store, id).out()).contains("stage VALIDATED");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aSessionHeldByAnotherProcessIsShownWithItsHolderAndDeletedOnlyWithForce(Store store) {
        CliRun plan = cli("plan", store, "--propagation-wait", "0");
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        String id = plan.sessionId();
        SessionLease held;
        try (StateStore opened = open(store)) {
            held = opened.acquireLease(id, "job task (pid 77 on cluster-1)", Duration.ofMinutes(2), false);
        }

        CliRun show = cli("sessions", "show", store, id);
        assertThat(show.out()).contains("stage PLANNED", "held by job task (pid 77 on cluster-1) until "
                + held.expiresAt(), "iteration 1: baseline accuracy 35.7% over 42 of 42 questions, planned ");
        CliRun refused = cli("sessions", "delete", store, id);
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(refused.err()).contains("is held by job task (pid 77 on cluster-1)", "--force");
        assertThat(cli("sessions", "list", store).out()).contains(id);

        CliRun forced = cli("sessions", "delete", store, id, "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(cli("sessions", "list", store).out()).contains("no sessions in the state store");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void promoteRefusesASessionWithoutACopyOrNotClone(Store store) {
        CliRun plan = cli("plan", store, "--propagation-wait", "0");
        String planned = plan.sessionId();
        CliRun noCopy = cli("promote", store, "--session", planned);
        assertThat(noCopy.exitCode()).as(noCopy.toString()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(noCopy.err()).contains("Session " + planned + " has no copy yet: it never applied a plan");

        CliRun dryRun = cli("validate", store, "--mode", "DRY_RUN", "--propagation-wait", "0");
        CliRun notClone = cli("promote", store, "--session", dryRun.sessionId());
        assertThat(notClone.exitCode()).as(notClone.toString()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(notClone.err()).contains("is a DRY_RUN session: only a CLONE session has a copy to promote");
    }

    @Test
    void promoteRefusesASessionBelowItsTargetUnlessForced() throws Exception {
        // The first question's expected answer is one no configuration makes Genie give: 100% is out of reach.
        List<Benchmark> questions = new ArrayList<>(local.sampleBenchmarks().benchmarks());
        Benchmark first = questions.get(0);
        questions.set(0, Benchmark.of(first.id(), first.question(), "SELECT 'unreachable' AS answer"));
        Path benchmarks = dir.resolve("benchmarks.json");
        Files.writeString(benchmarks, GenieJson.write(BenchmarkSet.of("unreachable", questions)));
        CliRun run = cli("run", Store.DIRECTORY, "--max-iterations", "1", "--target", "100%",
                "--propagation-wait", "0", "--benchmarks", benchmarks.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("(kept)").doesNotContain("TARGET_REACHED");
        String id = run.sessionId();

        CliRun refused = cli("promote", Store.DIRECTORY, "--session", id);
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(refused.err()).containsPattern("did not reach its target 100\\.0% \\(the last kept iteration "
                + "reached \\d+\\.\\d%\\); promote it anyway with --force");
        assertThat(changed()).isFalse();

        CliRun forced = cli("promote", Store.DIRECTORY, "--session", id, "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(forced.out()).contains("target not met: 100.0%", "promoting because of --force");
        assertThat(changed()).isTrue();
        assertThat(cli("rollback", Store.DIRECTORY, "--session", id).exitCode()).isZero();
        assertThat(changed()).isFalse();
    }

    /** The bundle's promote task after its loop task, sharing the session through Delta tables as the jobs do. */
    @Test
    void theJobsPromoteTaskPromotesASessionThatReachedItsTarget() {
        String id = "run-" + prefix;
        CliRun loop = cli(new String[] {"job", "loop"}, Store.DELTA, "--session=" + id, "--max-iterations=1",
                "--propagation-wait=0", "--benchmarks=", "--report-dir=" + dir.resolve("job-reports"));
        assertThat(loop.exitCode()).as(loop.toString()).isZero();
        assertThat(loop.out()).contains("session " + id + " started", "stopped: TARGET_REACHED");

        CliRun promote = cli(new String[] {"job", "promote"}, Store.DELTA, "--session=" + id);
        assertThat(promote.exitCode()).as(promote.toString()).isZero();
        assertThat(promote.out()).contains("target 90.0% met: iteration 1", "promoting the copy ")
                .contains("fixes to space " + local.sampleSpaceId() + " (snapshot");
        assertThat(changed()).isTrue();
        assertThat(cli("rollback", Store.DELTA, "--session", id).exitCode()).isZero();
        assertThat(changed()).isFalse();
    }

    @Test
    void choosingTwoStoresIsAUsageError() {
        CliRun both = CliRun.of("sessions", "list", "--state-dir", dir.toString(), "--state-url", h2Url());
        assertThat(both.exitCode()).as(both.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("The state store is JDBC (--state-url), which does not take --state-dir; "
                + "choose one store");

        CliRun delta = CliRun.of("report", "--session", "s", "--state-store", "DELTA", "--state-dir", "x");
        assertThat(delta.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(delta.err()).contains("does not take --state-dir");

        CliRun catalog = CliRun.of("sessions", "list", "--state-catalog", "main");
        assertThat(catalog.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(catalog.err()).contains("The state store is DIRECTORY (--state-dir), which does not take "
                + "--state-catalog");

        CliRun jdbc = CliRun.of("sessions", "list", "--state-store", "JDBC");
        assertThat(jdbc.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(jdbc.err()).contains("--state-store JDBC needs --state-url");
    }

    @Test
    void theDatabasePasswordComesFromTheEnvironmentAndIsNeverPrinted() {
        String password = "s3cret-state-pw-" + UUID.randomUUID();
        String url = h2Url();
        JdbcDataSource owner = new JdbcDataSource();
        owner.setURL(url);
        owner.setUser("genie");
        owner.setPassword(password);
        try (StateStore created = JdbcStateStore.create(owner)) {
            assertThat(created.sessions()).isEmpty();
        }

        CliRun right = CliRun.of(Map.of(StateOptions.PASSWORD_VARIABLE, password), "sessions", "list",
                "--state-url", url, "--state-user", "genie", "--verbose");
        assertThat(right.exitCode()).as(right.toString()).isZero();
        assertThat(right.out()).contains("no sessions in the state store");

        CliRun wrong = CliRun.of(Map.of(StateOptions.PASSWORD_VARIABLE, password + "-wrong"), "sessions", "list",
                "--state-url", url, "--state-user", "genie", "--verbose");
        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(ExitCodes.FAILURE);
        assertThat(wrong.toString()).doesNotContain(password);
    }

    private CliRun cli(String command, Store store, String... args) {
        return cli(new String[] {command}, store, args);
    }

    private CliRun cli(String command, String subcommand, Store store, String... args) {
        return cli(new String[] {command, subcommand}, store, args);
    }

    /** A command with the store's options, and the workspace's where the command takes them. */
    private CliRun cli(String[] command, Store store, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABRICKS_HOST", local.host());
        env.put("DATABRICKS_TOKEN", "dapi-localworkspace");
        env.put("GENIE_SPACE_ID", local.sampleSpaceId());
        env.put("GENIE_WAREHOUSE_ID", local.warehouseId());
        if (!command[0].equals("promote")) {
            // promote plans nothing, so it needs no model: every promote here runs without one.
            env.put("GENIE_LLM_ENDPOINT", local.servingEndpointName());
        }
        List<String> line = new ArrayList<>(List.of(command));
        line.addAll(List.of(args));
        line.addAll(storeOptions(store));
        if (!List.of("report", "sessions").contains(command[0])) {
            line.add("--questions-per-minute=6000");
        }
        if (command[0].equals("run")) {
            line.add("--report-dir=" + dir.resolve("run-reports"));
        }
        return CliRun.of(env, line.toArray(String[]::new));
    }

    private List<String> storeOptions(Store store) {
        return switch (store) {
            case DIRECTORY -> List.of("--state-dir=" + dir.resolve("state"));
            case H2 -> List.of("--state-url=" + h2Url());
            case DELTA -> List.of("--state-store=DELTA", "--state-catalog=retail", "--state-schema=genie_state",
                    "--state-table-prefix=" + prefix);
        };
    }

    private StateStore open(Store store) {
        return switch (store) {
            case DIRECTORY -> StateStore.directory(dir.resolve("state"));
            case H2 -> {
                JdbcDataSource h2 = new JdbcDataSource();
                h2.setURL(h2Url());
                yield StateStore.jdbc(h2);
            }
            case DELTA -> DeltaStateStore.builder(local.workspaceClient()).warehouseId(local.warehouseId())
                    .catalog("retail").schema("genie_state").tablePrefix(prefix).build();
        };
    }

    private String h2Url() {
        return "jdbc:h2:file:" + dir.resolve("h2/state").toAbsolutePath();
    }

    private static boolean changed() {
        SpaceConfig now = local.spaceConfig(local.sampleSpaceId()).orElseThrow();
        return !now.diffTo(local.sampleSpaceConfig()).isEmpty();
    }
}
