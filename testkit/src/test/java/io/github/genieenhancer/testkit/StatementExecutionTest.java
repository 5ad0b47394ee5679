package io.github.genieenhancer.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.service.sql.CancelExecutionRequest;
import com.databricks.sdk.service.sql.ColumnInfo;
import com.databricks.sdk.service.sql.ColumnInfoTypeName;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.ResultData;
import com.databricks.sdk.service.sql.StatementParameterListItem;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StatementExecutionTest {
    static LocalWorkspace ws;
    static WorkspaceClient client;

    @BeforeAll
    static void start() {
        ws = LocalWorkspace.builder().statementLatency(Duration.ofMillis(40)).rowsPerChunk(1_000).start();
        client = ws.workspaceClient();
    }

    @AfterAll
    static void stop() {
        ws.close();
    }

    private static ExecuteStatementRequest sql(String statement) {
        return new ExecuteStatementRequest().setWarehouseId(ws.warehouseId()).setStatement(statement);
    }

    @Test
    void large_results_come_in_chunks_listed_in_the_manifest() {
        StatementResponse r = client.statementExecution().executeStatement(
                sql("SELECT order_id, status FROM retail.sales.orders ORDER BY order_id").setWaitTimeout("30s"));

        assertThat(r.getStatus().getState()).isEqualTo(StatementState.SUCCEEDED);
        assertThat(r.getManifest().getTotalRowCount()).isEqualTo(20_000L);
        assertThat(r.getManifest().getTotalChunkCount()).isEqualTo(20L);
        assertThat(r.getManifest().getChunks()).hasSize(20);
        assertThat(r.getResult().getDataArray()).hasSize(1_000);
        ResultData third = client.statementExecution().getStatementResultChunkN(r.getStatementId(), 2L);
        assertThat(third.getRowOffset()).isEqualTo(2_000L);
        assertThat(third.getNextChunkIndex()).isEqualTo(3L);
        assertThat(third.getDataArray().iterator().next().iterator().next()).isEqualTo("102001");
        List<List<String>> all = Sdk.rows(client, r);
        assertThat(all).hasSize(20_000);
        assertThat(all.get(19_999).get(0)).isEqualTo("120000");
        ResultData last = client.statementExecution().getStatementResultChunkN(r.getStatementId(), 19L);
        assertThat(last.getNextChunkIndex()).isNull();
        assertThatThrownBy(() -> client.statementExecution().getStatementResultChunkN(r.getStatementId(), 20L))
                .isInstanceOf(NotFound.class);
    }

    @Test
    void the_manifest_carries_databricks_type_names() {
        StatementResponse r = client.statementExecution().executeStatement(sql("SELECT CAST(1 AS INT) AS i, "
                + "CAST(2 AS BIGINT) AS b, CAST(3.25 AS DECIMAL(10,2)) AS d, CAST(0.5 AS DOUBLE) AS f, 'x' AS s, "
                + "DATE '2024-02-29' AS day, TIMESTAMP '2024-02-29 13:14:15' AS ts, TRUE AS flag, CAST(NULL AS STRING) AS nothing")
                .setWaitTimeout("10s"));

        List<ColumnInfo> columns = new ArrayList<>(r.getManifest().getSchema().getColumns());
        assertThat(columns).extracting(ColumnInfo::getTypeName).containsExactly(ColumnInfoTypeName.INT,
                ColumnInfoTypeName.LONG, ColumnInfoTypeName.DECIMAL, ColumnInfoTypeName.DOUBLE,
                ColumnInfoTypeName.STRING, ColumnInfoTypeName.DATE, ColumnInfoTypeName.TIMESTAMP,
                ColumnInfoTypeName.BOOLEAN, ColumnInfoTypeName.STRING);
        assertThat(columns.get(2).getTypeScale()).isEqualTo(2L);
        assertThat(columns.get(2).getTypeText()).isEqualTo("DECIMAL(10,2)");
        assertThat(columns.get(1).getTypeText()).isEqualTo("BIGINT");
        assertThat(r.getResult().getDataArray().iterator().next()).containsExactly("1", "2", "3.25", "0.5", "x",
                "2024-02-29", "2024-02-29T13:14:15.000Z", "true", null);
    }

    @Test
    void row_limit_truncates_the_result() {
        StatementResponse r = client.statementExecution().executeStatement(
                sql("SELECT * FROM retail.sales.customers").setRowLimit(10L).setWaitTimeout("10s"));

        assertThat(r.getManifest().getTotalRowCount()).isEqualTo(10L);
        assertThat(r.getManifest().getTruncated()).isTrue();
    }

    @Test
    void an_asynchronous_statement_goes_from_pending_to_succeeded() {
        StatementResponse r = client.statementExecution().executeStatement(
                sql("SELECT COUNT(*) FROM retail.sales.order_items").setWaitTimeout("0s"));
        List<StatementState> states = new ArrayList<>();
        states.add(r.getStatus().getState());
        StatementResponse polled;
        do {
            polled = client.statementExecution().getStatement(r.getStatementId());
            states.add(polled.getStatus().getState());
        } while (polled.getStatus().getState() != StatementState.SUCCEEDED);

        // How many polls see RUNNING depends on the machine's load; the order of the states does not.
        assertThat(states.get(0)).isEqualTo(StatementState.PENDING);
        assertThat(states).isSortedAccordingTo(Comparator.comparing(StatementExecutionTest::lifecycleStep));
        assertThat(polled.getResult().getDataArray().iterator().next().iterator().next()).matches("\\d{5,}");
    }

    private static int lifecycleStep(StatementState state) {
        return List.of(StatementState.PENDING, StatementState.RUNNING, StatementState.SUCCEEDED).indexOf(state);
    }

    @Test
    void a_cancelled_statement_reports_canceled() {
        StatementResponse r = client.statementExecution().executeStatement(
                sql("SELECT 1").setWaitTimeout("0s"));

        client.statementExecution().cancelExecution(new CancelExecutionRequest().setStatementId(r.getStatementId()));

        assertThat(client.statementExecution().getStatement(r.getStatementId()).getStatus().getState())
                .isEqualTo(StatementState.CANCELED);
    }

    @Test
    void failing_and_writing_statements_end_failed_with_an_error() {
        StatementResponse bad = client.statementExecution().executeStatement(
                sql("SELECT no_such_column FROM retail.sales.orders").setWaitTimeout("10s"));
        StatementResponse write = client.statementExecution().executeStatement(
                sql("DELETE FROM retail.sales.orders").setWaitTimeout("10s"));

        assertThat(bad.getStatus().getState()).isEqualTo(StatementState.FAILED);
        assertThat(bad.getStatus().getError().getMessage()).contains("no_such_column");
        assertThat(write.getStatus().getState()).isEqualTo(StatementState.FAILED);
        assertThat(Sdk.run(client, ws.warehouseId(), "SELECT COUNT(*) FROM retail.sales.orders"))
                .containsExactly(List.of("20000"));
    }

    @Test
    void read_only_sql_may_start_with_comments_as_on_a_real_warehouse() {
        List<String> queries = List.of(
                "-- how many stores\nSELECT COUNT(*) FROM retail.sales.stores",
                "/* stores */ SELECT COUNT(*) FROM retail.sales.stores",
                "/* outer /* nested */ still a comment */\n-- and a line\n(SELECT COUNT(*) FROM retail.sales.stores)",
                "-- with a CTE\nWITH s AS (SELECT * FROM retail.sales.stores) SELECT COUNT(*) FROM s; -- done\n");

        for (String query : queries) {
            StatementResponse r = client.statementExecution().executeStatement(sql(query).setWaitTimeout("10s"));
            assertThat(r.getStatus().getState()).as(query).isEqualTo(StatementState.SUCCEEDED);
            assertThat(Sdk.rows(client, r)).as(query).containsExactly(List.of("40"));
        }
    }

    @Test
    void sql_that_is_not_read_only_is_refused_whatever_precedes_it() {
        List<String> writes = List.of(
                "-- SELECT\nDELETE FROM retail.sales.orders WHERE order_id > 0",
                "/* SELECT */ DROP TABLE retail.sales.returns",
                "SELECT 1; DELETE FROM retail.sales.orders WHERE order_id > 0",
                "SELECT ';' /* ; */; -- a comment\nUPDATE retail.sales.orders SET status = 'GONE'",
                "WITH doomed AS (SELECT 1) DELETE FROM retail.sales.orders WHERE order_id > 0",
                "EXPLAIN ANALYZE DELETE FROM retail.sales.orders WHERE order_id > 0");

        for (String write : writes) {
            StatementResponse r = client.statementExecution().executeStatement(sql(write).setWaitTimeout("10s"));
            assertThat(r.getStatus().getState()).as(write).isEqualTo(StatementState.FAILED);
        }
        assertThat(Sdk.run(client, ws.warehouseId(), "SELECT COUNT(*), COUNT(DISTINCT status) FROM "
                + "retail.sales.orders")).containsExactly(List.of("20000", "4"));
        assertThat(Sdk.run(client, ws.warehouseId(), "SELECT COUNT(*) FROM retail.sales.returns"))
                .containsExactly(List.of("1859"));
    }

    @Test
    void named_parameters_backticks_and_short_names_work() {
        List<List<String>> rows = Sdk.rows(client, client.statementExecution().executeStatement(
                sql("SELECT COUNT(*) FROM `retail`.`sales`.`stores` s JOIN stores t ON s.store_id = t.store_id "
                        + "WHERE s.region = :region AND s.square_feet > :size").setWaitTimeout("10s")
                        .setParameters(List.of(new StatementParameterListItem().setName("region").setValue("West"),
                                new StatementParameterListItem().setName("size").setValue("0").setType("INT")))));

        assertThat(rows).isEqualTo(Sdk.run(client, ws.warehouseId(),
                "SELECT COUNT(*) FROM retail.sales.stores WHERE region = 'West'"));
    }

    @Test
    void bad_requests_get_databricks_errors() {
        assertThatThrownBy(() -> client.statementExecution().executeStatement(sql("SELECT 1").setWaitTimeout("3s")))
                .isInstanceOfSatisfying(DatabricksError.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));
        assertThatThrownBy(() -> client.statementExecution().executeStatement(
                sql("SELECT 1").setWarehouseId("nope")))
                .isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> client.statementExecution().getStatement("no-such-statement"))
                .isInstanceOf(NotFound.class);
    }
}
