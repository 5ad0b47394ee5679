package io.github.genieenhancer.genie.state;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.findAll;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.resetAllRequests;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.github.genieenhancer.core.state.StateFixtures.T0;
import static io.github.genieenhancer.core.state.StateFixtures.planWithEveryFixKind;
import static io.github.genieenhancer.core.state.StateFixtures.result;
import static io.github.genieenhancer.core.state.StateFixtures.session;
import static io.github.genieenhancer.core.state.StateFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.SessionOwnedException;
import io.github.genieenhancer.core.StateConflictException;
import io.github.genieenhancer.core.StateStoreException;
import io.github.genieenhancer.core.state.SessionLease;
import io.github.genieenhancer.core.state.SessionRecord;
import io.github.genieenhancer.core.state.SessionStage;
import io.github.genieenhancer.core.state.SpaceSnapshot;
import io.github.genieenhancer.genie.RetryPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link DeltaStateStore} against a WireMock Statement Execution API: the exact statements and parameters it
 * sends, and how it reads the warehouse's answers (affected rows, concurrent modifications, lost responses).
 */
class DeltaStateStoreTest {

    private static final LandedWrite LANDED = new LandedWrite();

    @RegisterExtension
    static WireMockExtension wireMock = WireMockExtension.newInstance()
            .options(WireMockConfiguration.wireMockConfig().dynamicPort().extensions(LANDED))
            .configureStaticDsl(true)
            .build();

    private static final String STATEMENTS = "/api/2.0/sql/statements";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String RESULTS_MERGE = """
            MERGE INTO `main`.`genie_state`.`genie_enhancer_results` AS t
            USING (
                SELECT s.session_id, :run_id AS run_id, :benchmark_id AS benchmark_id,
                    (SELECT COALESCE(MAX(seq), 0) + 1 FROM `main`.`genie_state`.`genie_enhancer_results` \
            WHERE session_id = :session_id) AS seq,
                    :record_json AS record_json
                FROM `main`.`genie_state`.`genie_enhancer_sessions` AS s
                WHERE s.session_id = :session_id
                    AND :lease_token = COALESCE((SELECT MAX(l.token) FROM \
            `main`.`genie_state`.`genie_enhancer_leases` AS l WHERE l.session_id = :session_id AND l.expires_at_ms > \
            :now_ms), 0)
            ) AS u
            ON t.session_id = u.session_id AND t.run_id = u.run_id AND t.benchmark_id = u.benchmark_id
            WHEN MATCHED THEN UPDATE SET record_json = u.record_json
            WHEN NOT MATCHED THEN INSERT (session_id, run_id, benchmark_id, seq, record_json)
                VALUES (u.session_id, u.run_id, u.benchmark_id, u.seq, u.record_json)""";

    private static final String SESSION_UPDATE = """
            UPDATE `main`.`genie_state`.`genie_enhancer_sessions`
            SET space_id = :space_id, stage = :stage, version = :version, write_id = :write_id, \
            record_json = :record_json
            WHERE session_id = :session_id AND version = :expected_version
                AND :lease_token = COALESCE((SELECT MAX(l.token) FROM \
            `main`.`genie_state`.`genie_enhancer_leases` AS l WHERE l.session_id = :session_id AND l.expires_at_ms > \
            :now_ms), 0)""";

    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    private WorkspaceClient workspace;

    @BeforeEach
    void workspace() {
        stubFor(get("/.well-known/databricks-config").willReturn(notFound()));
        stubFor(get("/oidc/.well-known/oauth-authorization-server").willReturn(notFound()));
        workspace = new WorkspaceClient(new DatabricksConfig().setHost(wireMock.baseUrl()).setToken("dapi-test"));
    }

    private DeltaStateStore.Builder builder() {
        return DeltaStateStore.builder(workspace).warehouseId("wh1").catalog("main").schema("genie_state")
                .retryPolicy(RetryPolicy.none()).sleeper(sleeps::add).clock(Clock.fixed(T0, ZoneOffset.UTC));
    }

    /** A store on tables that exist at the current version; the probe is then forgotten. */
    private DeltaStateStore openCurrent() {
        answer("SELECT MAX(version)", rows("version", "2"));
        DeltaStateStore store = builder().build();
        resetAllRequests();
        return store;
    }

    @Test
    void should_create_its_tables_when_the_schema_has_none() throws IOException {
        stubFor(post(STATEMENTS).inScenario("fresh").whenScenarioStateIs(STARTED)
                .withRequestBody(matchingJsonPath("$.statement", containing("SELECT MAX(version)")))
                .willReturn(okJson(failed("BAD_REQUEST", "42P01", "[TABLE_OR_VIEW_NOT_FOUND] The table or view "
                        + "`main`.`genie_state`.`genie_enhancer_schema_version` cannot be found.")))
                .willSetStateTo("version table created"));
        stubFor(post(STATEMENTS).inScenario("fresh").whenScenarioStateIs("version table created")
                .withRequestBody(matchingJsonPath("$.statement", containing("SELECT MAX(version)")))
                .willReturn(okJson(rows("version", (String) null))).willSetStateTo("empty"));
        stubFor(post(STATEMENTS).inScenario("fresh").whenScenarioStateIs("empty")
                .withRequestBody(matchingJsonPath("$.statement", containing("INTO `main`.`genie_state`."
                        + "`genie_enhancer_schema_version`")))
                .willReturn(okJson(affected(1))).willSetStateTo("version 1"));
        stubFor(post(STATEMENTS).inScenario("fresh").whenScenarioStateIs("version 1")
                .withRequestBody(matchingJsonPath("$.statement", containing("SELECT MAX(version)")))
                .willReturn(okJson(rows("version", "1"))).willSetStateTo("at 1"));
        stubFor(post(STATEMENTS).inScenario("fresh").whenScenarioStateIs("at 1")
                .withRequestBody(matchingJsonPath("$.statement", containing("INTO `main`.`genie_state`."
                        + "`genie_enhancer_schema_version`")))
                .willReturn(okJson(affected(1))).willSetStateTo("version 2"));
        stubFor(post(STATEMENTS).inScenario("fresh").whenScenarioStateIs("version 2")
                .withRequestBody(matchingJsonPath("$.statement", containing("SELECT MAX(version)")))
                .willReturn(okJson(rows("version", "2"))));
        answer("CREATE TABLE IF NOT EXISTS", noRows());

        DeltaStateStore store = builder().build();

        List<JsonNode> sent = sent();
        DeltaSql sql = new DeltaSql("main", "genie_state", "genie_enhancer_");
        List<String> expected = new ArrayList<>();
        expected.add(sql.selectVersion);
        expected.add(sql.createVersionTable);
        expected.add(sql.selectVersion);
        expected.addAll(sql.migrations.get(0).statements());
        expected.add(sql.recordVersion);
        expected.add(sql.selectVersion);
        expected.addAll(sql.migrations.get(1).statements());
        expected.add(sql.recordVersion);
        expected.add(sql.selectVersion);
        assertThat(sent).extracting(r -> r.path("statement").asText()).containsExactlyElementsOf(expected);
        assertThat(parameters(sent.get(10))).containsExactly(
                Map.of("name", "version", "value", "1", "type", "INT"),
                Map.of("name", "description", "value",
                        "sessions, iterations, results, reports, plans, snapshots and events"),
                Map.of("name", "applied_at", "value", T0.toString()));
        assertThat(sent).allSatisfy(r -> assertThat(r.path("warehouse_id").asText()).isEqualTo("wh1"));
        assertThat(sent.get(5).path("statement").asText()).startsWith("""
                CREATE TABLE IF NOT EXISTS `main`.`genie_state`.`genie_enhancer_results` (
                    session_id   STRING NOT NULL,
                    run_id       STRING NOT NULL,
                    benchmark_id STRING NOT NULL,
                    seq          BIGINT NOT NULL,
                    record_json  STRING NOT NULL
                ) USING DELTA
                TBLPROPERTIES ('delta.isolationLevel' = 'Serializable', 'delta.enableDeletionVectors' = 'false')""");
        assertThat(sent.get(12).path("statement").asText()).startsWith("""
                CREATE TABLE IF NOT EXISTS `main`.`genie_state`.`genie_enhancer_leases` (
                    session_id    STRING NOT NULL,
                    holder        STRING NOT NULL,
                    token         BIGINT NOT NULL,
                    expires_at_ms BIGINT NOT NULL,
                    write_id      STRING NOT NULL
                ) USING DELTA""");
        assertThat(parameters(sent.get(13))).contains(Map.of("name", "version", "value", "2", "type", "INT"));
        assertThat(store.schemaVersion()).isEqualTo(2);
    }

    @Test
    void should_open_tables_at_the_current_version_with_one_read() throws IOException {
        answer("SELECT MAX(version)", rows("version", "2"));

        builder().build();

        assertThat(sent()).extracting(r -> r.path("statement").asText()).containsExactly(
                "SELECT MAX(version) AS version FROM `main`.`genie_state`.`genie_enhancer_schema_version`");
    }

    @Test
    void should_refuse_tables_written_by_a_newer_library() {
        answer("SELECT MAX(version)", rows("version", "3"));

        assertThatThrownBy(() -> builder().build())
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("`main`.`genie_state`.`genie_enhancer_*` are at schema version 3")
                .hasMessageContaining("knows versions up to 2");
    }

    @Test
    void should_say_when_the_schema_is_missing() {
        answer("SELECT MAX(version)", failed("BAD_REQUEST", "42P01", "[TABLE_OR_VIEW_NOT_FOUND] not found"));
        answer("CREATE TABLE", failed("BAD_REQUEST", "42704", "[SCHEMA_NOT_FOUND] The schema `main`.`genie_state` "
                + "cannot be found."));

        assertThatThrownBy(() -> builder().build())
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("does schema `main`.`genie_state` exist")
                .hasMessageContaining("SCHEMA_NOT_FOUND");
    }

    @Test
    void should_send_a_result_as_one_parameterised_merge() throws IOException {
        DeltaStateStore store = openCurrent();
        answer("MERGE INTO", affected(1));

        store.saveResult("s1", "run-1", result("q1", 0));

        List<JsonNode> sent = sent();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).path("statement").asText()).isEqualTo(RESULTS_MERGE);
        assertThat(parameters(sent.get(0))).containsExactly(
                Map.of("name", "run_id", "value", "run-1"),
                Map.of("name", "benchmark_id", "value", "q1"),
                Map.of("name", "session_id", "value", "s1"),
                Map.of("name", "record_json", "value", GenieJson.write(result("q1", 0))),
                Map.of("name", "lease_token", "value", "0", "type", "BIGINT"),
                Map.of("name", "now_ms", "value", Long.toString(T0.toEpochMilli()), "type", "BIGINT"));
    }

    @Test
    void should_advance_a_session_with_a_versioned_update() throws IOException {
        DeltaStateStore store = openCurrent();
        answer("UPDATE", affected(1));
        SessionRecord stored = new SessionRecord("s1", "01ef0000space", SessionStage.CREATED, 0, T0, T0, 4, Map.of());

        SessionRecord advanced = store.saveSession(stored.advance(SessionStage.SCORED, 1, T0.plusSeconds(5)));

        assertThat(advanced.version()).isEqualTo(5);
        JsonNode update = sent().get(0);
        assertThat(update.path("statement").asText()).isEqualTo(SESSION_UPDATE);
        List<Map<String, String>> parameters = parameters(update);
        String writeId = parameters.get(4).get("value");
        assertThat(writeId).as("a fresh id per write").matches("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
        assertThat(parameters).containsExactly(
                Map.of("name", "session_id", "value", "s1"),
                Map.of("name", "space_id", "value", "01ef0000space"),
                Map.of("name", "stage", "value", "SCORED"),
                Map.of("name", "version", "value", "5", "type", "BIGINT"),
                Map.of("name", "write_id", "value", writeId),
                Map.of("name", "record_json", "value", GenieJson.write(advanced)),
                Map.of("name", "expected_version", "value", "4", "type", "BIGINT"),
                Map.of("name", "lease_token", "value", "0", "type", "BIGINT"),
                Map.of("name", "now_ms", "value", Long.toString(T0.toEpochMilli()), "type", "BIGINT"));
    }

    @Test
    void should_report_a_conflict_when_no_row_had_the_expected_version() {
        DeltaStateStore store = openCurrent();
        answer("UPDATE", affected(0));
        answer("SELECT version, write_id", table(List.of("version", "write_id"), List.of("5", "their-write")));
        SessionRecord mine = new SessionRecord("s1", "01ef0000space", SessionStage.SCORED, 1, T0, T0, 4, Map.of());

        assertThatThrownBy(() -> store.saveSession(mine))
                .isInstanceOf(StateConflictException.class)
                .hasMessageContaining("expected version 4, the stored version is 5");
    }

    @Test
    void should_report_a_conflict_when_delta_refuses_a_concurrent_update() {
        DeltaStateStore store = openCurrent();
        answer("UPDATE", failed("BAD_REQUEST", "2D521", "[DELTA_CONCURRENT_APPEND] Transaction conflict detected. "
                + "A concurrent UPDATE added data to table genie_enhancer_sessions committed at version 17."));
        answer("SELECT version, write_id", table(List.of("version", "write_id"), List.of("5", "their-write")));

        assertThatThrownBy(() -> store.saveSession(
                new SessionRecord("s1", "01ef0000space", SessionStage.SCORED, 1, T0, T0, 4, Map.of())))
                .isInstanceOf(StateConflictException.class);
        assertThat(sleeps).as("a lost race is reported, not retried").isEmpty();
    }

    @Test
    void should_count_a_write_that_committed_although_its_answer_was_lost() {
        DeltaStateStore store = openCurrent();
        // The update commits, but Delta reports a conflict with a concurrent commit of the same table; the row
        // then carries this write's id, which decides: the write won.
        LANDED.reset();
        stubFor(post(STATEMENTS).withRequestBody(matchingJsonPath("$.statement", containing("UPDATE")))
                .willReturn(okJson(failed("BAD_REQUEST", "2D521", "[DELTA_CONCURRENT_APPEND] conflict"))
                        .withTransformers(LandedWrite.NAME)));
        stubFor(post(STATEMENTS).withRequestBody(matchingJsonPath("$.statement", containing("SELECT version, write_id")))
                .willReturn(okJson("{}").withTransformers(LandedWrite.NAME)));
        SessionRecord mine = new SessionRecord("s1", "01ef0000space", SessionStage.SCORED, 1, T0, T0, 4, Map.of());

        assertThat(store.saveSession(mine).version()).isEqualTo(5);
    }

    @Test
    void should_not_count_an_identical_record_of_another_writer_as_its_own() {
        DeltaStateStore store = openCurrent();
        answer("UPDATE", affected(0));
        answer("SELECT version, write_id", table(List.of("version", "write_id"), List.of("5", "their-write")));
        SessionRecord mine = new SessionRecord("s1", "01ef0000space", SessionStage.SCORED, 1, T0, T0, 4, Map.of());

        assertThatThrownBy(() -> store.saveSession(mine)).isInstanceOf(StateConflictException.class);
    }

    @Test
    void should_retry_an_idempotent_write_after_a_concurrent_modification() throws IOException {
        DeltaStateStore store = openCurrent();
        stubFor(post(STATEMENTS).inScenario("race").whenScenarioStateIs(STARTED)
                .withRequestBody(matchingJsonPath("$.statement", containing("MERGE INTO")))
                .willReturn(okJson(failed("BAD_REQUEST", "2D521", "[DELTA_CONCURRENT_APPEND] Transaction conflict "
                        + "detected.")))
                .willSetStateTo("lost once"));
        stubFor(post(STATEMENTS).inScenario("race").whenScenarioStateIs("lost once")
                .withRequestBody(matchingJsonPath("$.statement", containing("MERGE INTO")))
                .willReturn(okJson(affected(1))));

        store.saveResult("s1", "run-1", result("q1", 0));

        List<JsonNode> sent = sent();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1)).as("the same statement and parameters again").isEqualTo(sent.get(0));
        assertThat(sleeps).hasSize(1);
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void should_not_retry_a_failed_statement_that_is_not_a_conflict() {
        DeltaStateStore store = openCurrent();
        answer("MERGE INTO", failed("PERMISSION_DENIED", "42501", "User does not have MODIFY on table"));

        assertThatThrownBy(() -> store.saveResult("s1", "run-1", result("q1", 0)))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("Cannot save result 'q1' of run 'run-1' of session 's1' in "
                        + "`main`.`genie_state`.`genie_enhancer_*`")
                .hasMessageContaining("MODIFY");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void should_refuse_a_write_to_a_session_that_is_not_stored() {
        DeltaStateStore store = openCurrent();
        answer("MERGE INTO", affected(0));
        answer("SELECT record_json FROM `main`.`genie_state`.`genie_enhancer_sessions`", rows("record_json"));

        assertThatThrownBy(() -> store.saveResult("nope", "run-1", result("q1", 0)))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("Session 'nope' is not stored");
    }

    @Test
    void should_keep_snapshots_write_once() {
        DeltaStateStore store = openCurrent();
        SpaceSnapshot stored = snapshot("snap-1", "s1", T0);
        answer("MERGE INTO", affected(0));
        answer("SELECT record_json FROM `main`.`genie_state`.`genie_enhancer_snapshots`",
                rows("record_json", GenieJson.write(stored)));

        store.saveSnapshot(stored);
        assertThatThrownBy(() -> store.saveSnapshot(new SpaceSnapshot("snap-1", "s1", "01ef0000space", T0,
                Optional.empty(), "{}")))
                .isInstanceOf(StateStoreException.class).hasMessageContaining("write-once");
    }

    @Test
    void should_put_user_values_only_into_parameters() throws IOException {
        DeltaStateStore store = openCurrent();
        answer("MERGE INTO", affected(1));
        answer("SELECT record_json", rows("record_json"));
        String hostile = "x'; DROP TABLE `main`.`genie_state`.`genie_enhancer_sessions`; --";

        store.saveResult(hostile, hostile, result(hostile, 0));
        store.appendEvent(io.github.genieenhancer.core.state.StateFixtures.event(hostile, hostile, 1));
        store.results(hostile, hostile);
        store.plan(hostile, hostile);

        for (JsonNode request : sent()) {
            assertThat(request.path("statement").asText()).doesNotContain("DROP").doesNotContain("x'");
            assertThat(parameters(request)).anySatisfy(p -> assertThat(p.get("value")).isEqualTo(hostile));
        }
    }

    @Test
    void should_accept_only_strict_identifiers() {
        for (String name : List.of("", "main`; DROP TABLE x; --", "main.sales", "my catalog", "x".repeat(256))) {
            assertThatThrownBy(() -> builder().catalog(name).build()).as(name)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("catalog");
            assertThatThrownBy(() -> builder().schema(name).build()).as(name)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("schema");
        }
        assertThatThrownBy(() -> builder().tablePrefix("ge-").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("tablePrefix");
        assertThatThrownBy(() -> DeltaStateStore.builder(workspace).catalog("main").schema("s").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("warehouseId");
        assertThat(findAll(postRequestedFor(urlEqualTo(STATEMENTS)))).as("nothing sent").isEmpty();
    }

    @Test
    void should_name_a_corrupt_row() {
        DeltaStateStore store = openCurrent();
        answer("SELECT record_json", rows("record_json", "{\"benchmarkId\": 7, \"verdict\": \"MAYBE\"}"));

        assertThatThrownBy(() -> store.results("s1", "run-1"))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("Corrupt state row in `main`.`genie_state`.`genie_enhancer_*` (the results of "
                        + "run 'run-1' of session 's1')")
                .hasMessageContaining("verdict");
    }

    @Test
    void should_document_every_statement_it_sends() throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "state-stores-shared.md")).replaceAll("\\s+", " ");
        DeltaSql sql = new DeltaSql("main", "genie_state", "genie_enhancer_");
        List<String> all = new ArrayList<>(sql.ddl());
        all.addAll(List.of(sql.selectVersion, sql.recordVersion, sql.createSession, sql.advanceSession,
                sql.selectSessionWrite, sql.selectSession, sql.selectSessions, sql.mergeIteration, sql.selectIterations, sql.mergeResult,
                sql.selectResults, sql.mergeReport, sql.selectReport, sql.selectReports, sql.mergePlan,
                sql.selectPlan, sql.selectPlans, sql.mergeSnapshot, sql.selectSnapshot, sql.selectSnapshots,
                sql.mergeEvent, sql.selectEvent, sql.selectEvents, sql.selectLease, sql.mergeLease));
        for (String statement : all) {
            assertThat(docs.contains(statement.replaceAll("\\s+", " "))).as("the docs show:%n%s", statement).isTrue();
        }
    }

    @Test
    void should_send_the_writers_lease_token_and_the_time_with_every_write() throws IOException {
        DeltaStateStore store = openCurrent();
        answer("MERGE INTO", affected(1));
        SessionLease lease = new SessionLease("s1", "worker", 3, T0.plusSeconds(120));

        store.withLease(lease).saveResult("s1", "run-1", result("q1", 0));
        store.withLease(lease).saveResult("s2", "run-1", result("q1", 0));

        List<JsonNode> sent = sent();
        assertThat(parameters(sent.get(0))).contains(Map.of("name", "lease_token", "value", "3", "type", "BIGINT"),
                Map.of("name", "now_ms", "value", Long.toString(T0.toEpochMilli()), "type", "BIGINT"));
        assertThat(parameters(sent.get(1))).as("another session: written as without a lease")
                .contains(Map.of("name", "lease_token", "value", "0", "type", "BIGINT"));
    }

    @Test
    void should_claim_a_session_with_a_compare_and_set_on_its_lease_row() throws IOException {
        DeltaStateStore store = openCurrent();
        answer("SELECT holder, token, expires_at_ms, write_id", table(List.of("holder", "token", "expires_at_ms",
                "write_id"), List.of("crashed", "3", Long.toString(T0.toEpochMilli()), "their-write")));
        answer("MERGE INTO `main`.`genie_state`.`genie_enhancer_leases`", affected(1));

        SessionLease lease = store.acquireLease("s1", "rescuer", Duration.ofMinutes(2), false);

        assertThat(lease).isEqualTo(new SessionLease("s1", "rescuer", 4, T0.plusSeconds(120)
                .truncatedTo(ChronoUnit.MILLIS)));
        JsonNode merge = sent().get(1);
        assertThat(merge.path("statement").asText())
                .isEqualTo(new DeltaSql("main", "genie_state", "genie_enhancer_").mergeLease);
        List<Map<String, String>> parameters = parameters(merge);
        assertThat(parameters).contains(Map.of("name", "session_id", "value", "s1"),
                Map.of("name", "holder", "value", "rescuer"),
                Map.of("name", "token", "value", "4", "type", "BIGINT"),
                Map.of("name", "expires_at_ms", "value", Long.toString(lease.expiresAt().toEpochMilli()),
                        "type", "BIGINT"),
                Map.of("name", "expected_write_id", "value", "their-write"));
    }

    @Test
    void should_decide_again_when_another_process_claimed_the_session_first() {
        DeltaStateStore store = openCurrent();
        stubFor(post(STATEMENTS).inScenario("race").whenScenarioStateIs(STARTED)
                .withRequestBody(matchingJsonPath("$.statement", containing("SELECT holder")))
                .willReturn(okJson(rows("holder"))).willSetStateTo("read empty"));
        stubFor(post(STATEMENTS).inScenario("race").whenScenarioStateIs("read empty")
                .withRequestBody(matchingJsonPath("$.statement", containing("SELECT record_json")))
                .willReturn(okJson(rows("record_json", GenieJson.write(session("s1", T0))))));
        stubFor(post(STATEMENTS).inScenario("race").whenScenarioStateIs("read empty")
                .withRequestBody(matchingJsonPath("$.statement", containing("MERGE INTO")))
                .willReturn(okJson(affected(0))).willSetStateTo("lost"));
        stubFor(post(STATEMENTS).inScenario("race").whenScenarioStateIs("lost")
                .withRequestBody(matchingJsonPath("$.statement", containing("SELECT holder")))
                .willReturn(okJson(table(List.of("holder", "token", "expires_at_ms", "write_id"), List.of("faster",
                        "1", Long.toString(T0.plusSeconds(60).toEpochMilli()), "their-write")))));

        assertThatThrownBy(() -> store.acquireLease("s1", "slower", Duration.ofMinutes(2), false))
                .isInstanceOfSatisfying(SessionOwnedException.class, e -> {
                    assertThat(e.owner()).isEqualTo("faster");
                    assertThat(e.expiresAt()).isEqualTo(T0.plusSeconds(60).truncatedTo(ChronoUnit.MILLIS));
                });
    }

    @Test
    void should_name_the_holder_when_the_lease_refused_a_write() {
        DeltaStateStore store = openCurrent();
        answer("MERGE INTO", affected(0));
        answer("SELECT record_json FROM `main`.`genie_state`.`genie_enhancer_sessions`",
                rows("record_json", GenieJson.write(session("s1", T0))));
        answer("SELECT holder, token, expires_at_ms, write_id", table(List.of("holder", "token", "expires_at_ms",
                "write_id"), List.of("owner (pid 7 on host-a)", "2", Long.toString(T0.plusSeconds(90).toEpochMilli()),
                "w")));

        assertThatThrownBy(() -> store.savePlan("s1", planWithEveryFixKind("i1-plan", "run-1")))
                .isInstanceOf(SessionOwnedException.class)
                .hasMessageContaining("Session 's1' is held by owner (pid 7 on host-a) until "
                        + T0.plusSeconds(90).truncatedTo(ChronoUnit.MILLIS));
        assertThat(sleeps).as("a refusal is final").isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ stubs

    private static void answer(String statementPart, String response) {
        stubFor(post(STATEMENTS).withRequestBody(matchingJsonPath("$.statement", containing(statementPart)))
                .willReturn(okJson(response)));
    }

    private static List<JsonNode> sent() throws IOException {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest request : findAll(postRequestedFor(urlEqualTo(STATEMENTS)))) {
            bodies.add(JSON.readTree(request.getBodyAsString()));
        }
        return bodies;
    }

    private static List<Map<String, String>> parameters(JsonNode request) {
        return StreamSupport.stream(request.path("parameters").spliterator(), false).map(p -> {
            Map<String, String> fields = new LinkedHashMap<>();
            p.fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
            return fields;
        }).toList();
    }

    private static String affected(long rows) {
        return rows("num_affected_rows", Long.toString(rows)).replace("\"type_name\":\"STRING\",\"type_text\":\"STRING\"",
                "\"type_name\":\"LONG\",\"type_text\":\"BIGINT\"");
    }

    private static String noRows() {
        return """
                {"statement_id":"st","status":{"state":"SUCCEEDED"},
                 "manifest":{"format":"JSON_ARRAY","schema":{"column_count":0,"columns":[]},
                   "total_chunk_count":0,"total_row_count":0,"truncated":false}}""";
    }

    private static String rows(String column, String... values) {
        List<List<String>> rows = new ArrayList<>();
        for (String value : values) {
            rows.add(Collections.singletonList(value));
        }
        return table(List.of(column), rows);
    }

    @SafeVarargs
    private static String table(List<String> columns, List<String>... rows) {
        return table(columns, List.of(rows));
    }

    /** A SUCCEEDED statement with string columns; a {@code null} cell is SQL NULL. */
    private static String table(List<String> columns, List<List<String>> rows) {
        List<String> columnInfos = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            columnInfos.add("{\"name\":\"%s\",\"type_name\":\"STRING\",\"type_text\":\"STRING\",\"position\":%d}"
                    .formatted(columns.get(i), i));
        }
        List<String> data = new ArrayList<>();
        for (List<String> row : rows) {
            data.add("[" + String.join(",", row.stream().map(v -> v == null ? "null" : quote(v)).toList()) + "]");
        }
        return """
                {"statement_id":"st","status":{"state":"SUCCEEDED"},
                 "manifest":{"format":"JSON_ARRAY","schema":{"column_count":%d,"columns":[%s]},
                   "total_chunk_count":1,"total_row_count":%d,"truncated":false},
                 "result":{"chunk_index":0,"row_offset":0,"row_count":%d,"data_array":[%s]}}"""
                .formatted(columns.size(), String.join(",", columnInfos), rows.size(), rows.size(),
                        String.join(",", data));
    }

    /**
     * Plays a warehouse on which a session write committed although its caller was told otherwise: remembers the
     * {@code write_id} of the update, and answers the version read with it.
     */
    static final class LandedWrite implements ResponseDefinitionTransformerV2 {
        static final String NAME = "landed-write";
        private volatile String writeId = "";

        void reset() {
            writeId = "";
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            try {
                JsonNode body = JSON.readTree(event.getRequest().getBodyAsString());
                if (body.path("statement").asText().startsWith("UPDATE")) {
                    for (JsonNode parameter : body.path("parameters")) {
                        if (parameter.path("name").asText().equals("write_id")) {
                            writeId = parameter.path("value").asText();
                        }
                    }
                    return event.getResponseDefinition();
                }
                return okJson(table(List.of("version", "write_id"), List.of("5", writeId))).build();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    private static String failed(String errorCode, String sqlState, String message) {
        return """
                {"statement_id":"st","status":{"state":"FAILED","sql_state":%s,
                 "error":{"error_code":"%s","message":%s}}}""".formatted(quote(sqlState), errorCode, quote(message));
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
