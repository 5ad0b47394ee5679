package io.github.genieenhancer.genie;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import io.github.genieenhancer.core.ConfigurationException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WireMockTest
class SqlExecutorTest {
    private static final String STATEMENTS = "/api/2.0/sql/statements";

    private final FakeTime time = new FakeTime();
    private WorkspaceClient workspace;

    @BeforeEach
    void setUp(WireMockRuntimeInfo wm) {
        workspace = Stubs.workspace(wm);
    }

    private SqlExecutor.Builder executor() {
        return SqlExecutor.builder(workspace).warehouseId("wh1").clock(time.clock()).sleeper(time)
                .retryPolicy(RetryPolicy.builder().backoff(Duration.ofMillis(10), Duration.ofMillis(10)).build());
    }

    private static String running(String id, String state) {
        return "{\"statement_id\":\"" + id + "\",\"status\":{\"state\":\"" + state + "\"}}";
    }

    private static String chunkedResponse() {
        return """
                {"statement_id":"st1","status":{"state":"SUCCEEDED"},
                 "manifest":{"format":"JSON_ARRAY","schema":{"column_count":2,"columns":[
                     {"name":"id","type_name":"LONG","type_text":"BIGINT","position":0},
                     {"name":"amount","type_name":"DOUBLE","type_text":"DOUBLE","position":1}]},
                   "total_chunk_count":3,"total_row_count":5,"truncated":false},
                 "result":{"chunk_index":0,"row_offset":0,"row_count":2,"next_chunk_index":1,
                   "data_array":[["1","1.5"],["2",null]]}}""";
    }

    private static void stubChunks() {
        stubFor(get(STATEMENTS + "/st1/result/chunks/1").willReturn(okJson("""
                {"chunk_index":1,"row_offset":2,"row_count":2,"next_chunk_index":2,
                 "data_array":[["3","3.5"],["4","4.5"]]}""")));
        stubFor(get(STATEMENTS + "/st1/result/chunks/2").willReturn(okJson("""
                {"chunk_index":2,"row_offset":4,"row_count":1,"data_array":[["5","5.5"]]}""")));
    }

    @Test
    void submitsTheStatementAsTheApiExpectsAndReadsTypedColumns() {
        stubFor(post(STATEMENTS).willReturn(okJson(Stubs.statementResponse("st1"))));

        QueryResult result = executor().catalog("main").schema("sales").waitTimeout(Duration.ofSeconds(30))
                .rowLimit(1000).build()
                .execute(SqlQuery.of("SELECT region, total FROM t WHERE region = :region AND day = :day AND x = :x")
                        .withParameter("region", "EMEA")
                        .withParameter(SqlParameter.typed("day", "2024-01-31", "DATE"))
                        .withParameter(SqlParameter.nullValue("x", "INT")));

        assertThat(result.columns()).containsExactly(ResultColumn.of("region", "STRING", "STRING"),
                new ResultColumn("total", "DECIMAL", "DECIMAL(10,2)", OptionalInt.of(10), OptionalInt.of(2)));
        assertThat(result.rows()).containsExactly(List.of("EMEA", "10.50"), Arrays.asList("APJ", null));
        verify(postRequestedFor(urlEqualTo(STATEMENTS)).withRequestBody(equalToJson("""
                {"statement":"SELECT region, total FROM t WHERE region = :region AND day = :day AND x = :x",
                 "warehouse_id":"wh1","catalog":"main","schema":"sales","wait_timeout":"30s",
                 "on_wait_timeout":"CONTINUE","disposition":"INLINE","format":"JSON_ARRAY","row_limit":1000,
                 "parameters":[{"name":"region","value":"EMEA"},{"name":"day","value":"2024-01-31","type":"DATE"},
                               {"name":"x","type":"INT"}]}""")));
    }

    @Test
    void pollsARunningStatementUntilItSucceeds() {
        stubFor(post(STATEMENTS).willReturn(okJson(running("st1", "PENDING"))));
        stubFor(get(STATEMENTS + "/st1").inScenario("run").whenScenarioStateIs(STARTED)
                .willReturn(okJson(running("st1", "RUNNING"))).willSetStateTo("done"));
        stubFor(get(STATEMENTS + "/st1").inScenario("run").whenScenarioStateIs("done")
                .willReturn(okJson(Stubs.statementResponse("st1"))));

        QueryResult result = executor().build().execute("SELECT 1");

        assertThat(result.rowCount()).isEqualTo(2);
        verify(2, getRequestedFor(urlEqualTo(STATEMENTS + "/st1")));
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(750));
    }

    @Test
    void executeReadsEveryChunk() {
        stubFor(post(STATEMENTS).willReturn(okJson(chunkedResponse())));
        stubChunks();

        QueryResult result = executor().build().execute("SELECT id, amount FROM t");

        assertThat(result.rows()).extracting(row -> row.get(0)).containsExactly("1", "2", "3", "4", "5");
        assertThat(result.rows().get(1).get(1)).isNull();
        assertThat(result.totalRowCount()).isEqualTo(5);
        assertThat(result.columns()).extracting(ResultColumn::typeName).containsExactly("LONG", "DOUBLE");
    }

    @Test
    void streamFetchesTheNextChunkOnlyWhenTheRowsBeforeItWereConsumed() {
        stubFor(post(STATEMENTS).willReturn(okJson(chunkedResponse())));
        stubChunks();

        try (StreamingResult result = executor().build().stream("SELECT id, amount FROM t")) {
            assertThat(result.statementId()).isEqualTo("st1");
            assertThat(result.totalRowCount()).isEqualTo(5);
            try (Stream<List<String>> rows = result.rows()) {
                Iterator<List<String>> iterator = rows.iterator();
                iterator.next();
                iterator.next();
                verify(0, getRequestedFor(urlPathMatching(".*/result/chunks/.*")));
                assertThat(iterator.next()).containsExactly("3", "3.5");
                verify(1, getRequestedFor(urlPathMatching(".*/result/chunks/.*")));
                iterator.next();
                assertThat(iterator.next()).containsExactly("5", "5.5");
                assertThat(iterator.hasNext()).isFalse();
            }
            assertThatThrownBy(result::rows).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void failedStatementCarriesTheServersError() {
        stubFor(post(STATEMENTS).willReturn(okJson("""
                {"statement_id":"st1","status":{"state":"FAILED","sql_state":"42703",
                 "error":{"error_code":"BAD_REQUEST","message":"[UNRESOLVED_COLUMN] `amount` cannot be resolved"}}}""")));

        assertThatThrownBy(() -> executor().build().execute("SELECT amount FROM t"))
                .isInstanceOfSatisfying(SqlExecutionException.class, e -> {
                    assertThat(e.state()).isEqualTo("FAILED");
                    assertThat(e.errorCode()).contains("BAD_REQUEST");
                    assertThat(e.sqlState()).contains("42703");
                    assertThat(e.statementId()).contains("st1");
                    assertThat(e.group()).isEqualTo(ErrorGroup.CONFIGURATION);
                    assertThat(e.isRetriable()).isFalse();
                    assertThat(e.getMessage()).contains("UNRESOLVED_COLUMN");
                });
    }

    @Test
    void aStatementErrorNeverCarriesTheCredentialTheWarehouseEchoes(WireMockRuntimeInfo wm) {
        String token = "opaque-warehouse-session-3a7c9e1f5b";
        WorkspaceClient oauth = new WorkspaceClient(new DatabricksConfig().setHost(wm.getHttpBaseUrl())
                .setToken(token));
        stubFor(post(STATEMENTS).willReturn(okJson("""
                {"statement_id":"st1","status":{"state":"FAILED",
                 "error":{"error_code":"PERMISSION_DENIED","message":"%s may not read t"}}}""".formatted(token))));

        assertThatThrownBy(() -> SqlExecutor.builder(oauth).warehouseId("wh1").clock(time.clock()).sleeper(time)
                .build().execute("SELECT amount FROM t"))
                .isInstanceOf(SqlExecutionException.class)
                .hasMessageContaining("*** may not read t")
                .hasMessageNotContaining(token);
    }

    @Test
    void statementPastItsDeadlineIsCancelled() {
        stubFor(post(STATEMENTS).willReturn(okJson(running("st1", "PENDING"))));
        stubFor(get(STATEMENTS + "/st1").willReturn(okJson(running("st1", "RUNNING"))));
        stubFor(post(STATEMENTS + "/st1/cancel").willReturn(okJson("{}")));

        assertThatThrownBy(() -> executor().statementTimeout(Duration.ofSeconds(20)).build().execute("SELECT 1"))
                .isInstanceOfSatisfying(SqlExecutionException.class, e -> {
                    assertThat(e.state()).isEqualTo("TIMED_OUT");
                    assertThat(e.isRetriable()).isTrue();
                });
        verify(1, postRequestedFor(urlEqualTo(STATEMENTS + "/st1/cancel")));
    }

    @Test
    void interruptCancelsTheStatementAndKeepsTheFlag() {
        stubFor(post(STATEMENTS).willReturn(okJson(running("st1", "PENDING"))));
        stubFor(post(STATEMENTS + "/st1/cancel").willReturn(okJson("{}")));
        SqlExecutor sql = SqlExecutor.builder(workspace).warehouseId("wh1").sleeper(d -> {
            throw new InterruptedException();
        }).build();

        assertThatThrownBy(() -> sql.execute("SELECT 1")).isInstanceOfSatisfying(SqlExecutionException.class,
                e -> assertThat(e.state()).isEqualTo("CANCELED"));
        assertThat(Thread.interrupted()).isTrue();
        verify(1, postRequestedFor(urlEqualTo(STATEMENTS + "/st1/cancel")));
    }

    @Test
    void pollIsRetriedAfterAServerError() {
        stubFor(post(STATEMENTS).willReturn(okJson(running("st1", "PENDING"))));
        stubFor(get(STATEMENTS + "/st1").inScenario("502").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("ok"));
        stubFor(get(STATEMENTS + "/st1").inScenario("502").whenScenarioStateIs("ok")
                .willReturn(okJson(Stubs.statementResponse("st1"))));

        assertThat(executor().build().execute("SELECT 1").rowCount()).isEqualTo(2);
        verify(2, getRequestedFor(urlEqualTo(STATEMENTS + "/st1")));
    }

    @Test
    void unsafeSqlIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> executor().build().execute("DELETE FROM sales"))
                .isInstanceOfSatisfying(UnsafeSqlException.class,
                        e -> assertThat(e.statementKind()).isEqualTo("DELETE"));
        verify(0, anyRequestedFor(urlPathMatching("/api/.*")));
    }

    @Test
    void writesRunOnlyWhenTheGuardIsSwitchedOff() {
        stubFor(post(STATEMENTS).willReturn(okJson(
                "{\"statement_id\":\"st1\",\"status\":{\"state\":\"SUCCEEDED\"},\"manifest\":{\"schema\":{}}}")));

        QueryResult result = executor().readOnly(false).build().execute("INSERT INTO t VALUES (1)");

        assertThat(result.isEmpty()).isTrue();
        assertThat(result.columns()).isEmpty();
    }

    @Test
    void invalidSettingsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> SqlExecutor.builder(workspace).build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("warehouseId");
        assertThatThrownBy(() -> SqlExecutor.builder(workspace).waitTimeout(Duration.ofSeconds(3)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("waitTimeout");
    }
}
