package io.github.genieenhancer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.genie.GenieClient;
import io.github.genieenhancer.genie.Space;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.genie.SpaceDraft;
import io.github.genieenhancer.testkit.Endpoint;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genie-enhancer doctor} as a user runs it: the runnable jar in a process of its own, finding the workspace
 * through the SDK's environment variables, against a {@link LocalWorkspace} (through the real SDK) that the test
 * faults as a real workspace fails. Each test checks a space of its own, which stores the sample benchmarks.
 */
class DoctorJarTest {
    /** Not the stand-in's default token, so a leak of this one cannot come from a hard-coded string. */
    private static final String TOKEN = "dapi-doctor-0123456789abcdef";

    private static LocalWorkspace local;
    private static SpaceApi spaces;

    @TempDir
    Path home;

    private String spaceId;

    @BeforeAll
    static void startWorkspace() {
        local = LocalWorkspace.builder().token(TOKEN).genieLatency(Duration.ofMillis(5), Duration.ofMillis(2))
                .statementLatency(Duration.ofMillis(2)).start();
        spaces = SpaceApi.create(local.workspaceClient());
    }

    @AfterAll
    static void stopWorkspace() {
        local.close();
    }

    @BeforeEach
    void spaceWithBenchmarks() {
        SpaceConfig config = local.sampleBenchmarks().toSpace(local.sampleSpaceConfig());
        spaceId = spaces.create(SpaceDraft.of("Doctor's patient", local.warehouseId(), config)).spaceId();
    }

    @AfterEach
    void clearFaults() {
        local.faults().reset();
    }

    @Test
    void everyCheckPassesAndNothingIsLeftBehind() {
        Space before = spaces.get(spaceId);

        ProcessRun run = doctor();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines()).satisfiesExactly(
                line -> assertThat(line).isEqualTo("PASS auth: authenticated as local@localworkspace (Local User, "
                        + "id 4206660001) with pat auth at " + local.host()),
                line -> assertThat(line).isEqualTo("PASS space: \"Doctor's patient\" (" + spaceId + ") is readable "
                        + "and its " + String.format("%,d", before.serializedSpace().length()) + " characters of "
                        + "serialized_space parse: 7 tables, 3 join specs, 1 SQL snippet, 3 example SQLs; Genie runs "
                        + "its SQL on warehouse " + local.warehouseId()),
                line -> assertThat(line).isEqualTo("PASS round-trip: serialized_space writes back with every field "
                        + "and value unchanged"),
                line -> assertThat(line).isEqualTo("PASS validation: valid after normalisation; normalising reorders "
                        + "or rewrites it, as every write of the enhancer does first"),
                line -> assertThat(line).isEqualTo("PASS benchmarks: 42 benchmark questions in space " + spaceId
                        + " benchmarks"),
                line -> assertThat(line).matches("PASS warehouse: " + local.warehouseId()
                        + " ran SELECT 1 in \\d+\\.\\d s"),
                line -> assertThat(line).matches("PASS llm: serving endpoint scripted-llm answered a JSON-schema "
                        + "request in \\d+\\.\\d s \\(model scripted-llm, \\d+ tokens\\)"),
                line -> assertThat(line).isEqualTo("PASS conversations: 0 of the 10,000 conversations a space holds "
                        + "(every user's)"),
                line -> assertThat(line).matches("PASS genie: Genie answered \"[^\"]+\" "
                        + "with SQL and a result of \\d+ rows? in \\d+\\.\\d s; its conversation is deleted"),
                line -> assertThat(line).isEqualTo("doctor: 9 passed; the enhancer can work with this space"));
        assertThat(run.err()).isEmpty();
        Space after = spaces.get(spaceId);
        assertThat(after.serializedSpace()).isEqualTo(before.serializedSpace());
        assertThat(after.etag()).isEqualTo(before.etag());
        assertThat(GenieClient.create(local.workspaceClient()).countConversations(spaceId, true)).isZero();
        assertThat(run.out() + run.err()).doesNotContain(TOKEN);
    }

    @Test
    void anUnknownSpaceFailsAndWhatNeedsItIsSkippedWhileTheOtherChecksStillRun() {
        ProcessRun run = doctor("--space-id", "01f0000000000000000000000000dead");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(6);
        assertThat(run.out()).contains("PASS auth: ",
                "FAIL space: get Genie space 01f0000000000000000000000000dead failed: HTTP 404 RESOURCE_DOES_NOT_EXIST",
                "SKIP round-trip: needs the space's configuration (see space)",
                "SKIP validation: needs the space's configuration (see space)",
                "SKIP benchmarks: needs the space's configuration (see space), or --benchmarks FILE",
                "PASS warehouse: ", "PASS llm: ",
                "SKIP conversations: needs a readable space (see space)",
                "SKIP genie: needs a readable space (see space)",
                "doctor: 3 passed, 1 failed (space), 5 skipped; exit code 6");
    }

    @Test
    void aWarehouseThatFailsIsReportedWithTheServersReason() {
        local.faults().serverErrors(Endpoint.STATEMENTS, 10, 500);

        ProcessRun run = doctor();

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(6);
        assertThat(run.out()).contains("FAIL warehouse: " + local.warehouseId() + " cannot run SELECT 1: ",
                "HTTP 500 INTERNAL_ERROR: Injected server error 500.", "PASS genie: ",
                "doctor: 8 passed, 1 failed (warehouse); exit code 6");
    }

    @Test
    void anUnknownWarehouseFails() {
        ProcessRun run = doctor("--warehouse-id", "nosuchwarehouse");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(6);
        assertThat(run.out()).contains("FAIL warehouse: nosuchwarehouse cannot run SELECT 1: ",
                "HTTP 404 RESOURCE_DOES_NOT_EXIST: SQL warehouse nosuchwarehouse does not exist.");
    }

    @Test
    void aServingEndpointAnswering500Fails() {
        local.faults().serverErrors(Endpoint.SERVING_ENDPOINT, 10, 500);

        ProcessRun run = doctor();

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(6);
        assertThat(run.out()).contains("FAIL llm: serving endpoint scripted-llm did not answer a JSON-schema request: ",
                "500", "doctor: 8 passed, 1 failed (llm); exit code 6");
    }

    @Test
    void aGenieMessageEndingFailedFailsWithGeniesError() {
        local.faults().failMessages(1, "WAREHOUSE_ACCESS_MISSING_EXCEPTION");

        ProcessRun run = doctor();

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(6);
        assertThat(run.out()).containsPattern("FAIL genie: Genie did not answer \"[^\"]+\": "
                        + "FAILED, WAREHOUSE_ACCESS_MISSING_EXCEPTION: Injected failure: "
                        + "WAREHOUSE_ACCESS_MISSING_EXCEPTION; its conversation is deleted")
                .contains("doctor: 8 passed, 1 failed (genie); exit code 6");
        assertThat(GenieClient.create(local.workspaceClient()).countConversations(spaceId, true)).isZero();
    }

    @Test
    void aTokenTheServerEchoesBackIsMasked() {
        local.faults().failMessages(1, "INTERNAL_ERROR for Bearer " + TOKEN);

        ProcessRun run = doctor();

        assertThat(run.out()).contains("FAIL genie: ", "Injected failure: INTERNAL_ERROR for Bearer ***");
        assertThat(run.out() + run.err()).doesNotContain(TOKEN).doesNotContain("0123456789abcdef");
    }

    @Test
    void aWrongTokenFailsAuthenticationAndTheChecksThatNeedItAreSkipped() {
        Map<String, String> env = environment();
        env.put("DATABRICKS_TOKEN", "dapi-wrong-token-42");

        ProcessRun run = java(env, "doctor");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(6);
        assertThat(run.out()).contains("FAIL auth: the workspace refused to say who is logged in: HTTP 401 "
                        + "UNAUTHENTICATED: Invalid access token.; check the token or profile",
                "SKIP space: needs a working login (see auth)", "SKIP genie: needs a working login (see auth)",
                "doctor: 0 passed, 1 failed (auth), 8 skipped; exit code 6");
        assertThat(run.out() + run.err()).doesNotContain("dapi-wrong-token-42");
    }

    @Test
    void noWorkspaceConfiguredFailsAuthenticationSayingWhatToSet() {
        Map<String, String> env = new HashMap<>(ProcessRun.bareEnvironment(home));

        ProcessRun run = java(env, "doctor");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(6);
        assertThat(run.out().lines().findFirst()).contains("FAIL auth: No Databricks workspace configured: set "
                + "DATABRICKS_HOST and DATABRICKS_TOKEN (or another SDK auth method), use --profile, or --local");
        assertThat(run.out()).contains("SKIP warehouse: needs a workspace to connect to (see auth)",
                "doctor: 0 passed, 1 failed (auth), 8 skipped; exit code 6");
    }

    @Test
    void conversationsNearTheLimitWarnAndAtTheLimitFail() {
        local.faults().conversationsLeftBehind(spaceId, 9_500);

        ProcessRun near = doctor();

        assertThat(near.exitCode()).as(near.toString()).isZero();
        assertThat(near.out()).contains("WARN conversations: 9,500 of the 10,000 conversations a space holds (every "
                + "user's): nearly full; delete old conversations before scoring (each benchmark question starts one)",
                "doctor: 8 passed, 1 warned; the enhancer can work with this space");

        local.faults().conversationsLeftBehind(spaceId, 500);
        ProcessRun full = doctor();

        assertThat(full.exitCode()).as(full.toString()).isEqualTo(6);
        assertThat(full.out()).contains("FAIL conversations: 10,000 of the 10,000 conversations a space holds (every "
                + "user's): the space is full and may refuse new questions; delete old conversations");
    }

    private ProcessRun doctor(String... args) {
        List<String> all = new ArrayList<>(List.of("doctor", "--questions-per-minute", "6000"));
        all.addAll(List.of(args));
        return java(environment(), all.toArray(String[]::new));
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(ProcessRun.bareEnvironment(home));
        env.put("DATABRICKS_HOST", local.host());
        env.put("DATABRICKS_TOKEN", TOKEN);
        env.put("GENIE_SPACE_ID", spaceId);
        env.put("GENIE_WAREHOUSE_ID", local.warehouseId());
        env.put("GENIE_LLM_ENDPOINT", local.servingEndpointName());
        return env;
    }

    private ProcessRun java(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessRun.jdkTool("java"), "-Duser.home=" + home, "-jar",
                ProcessRun.builtJar().toString()));
        command.addAll(List.of(args));
        return ProcessRun.run(home, env, Duration.ofMinutes(2), command);
    }
}
