package io.github.genieenhancer.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.StatementParameterListItem;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code writableWarehouse(true)}: Delta DDL and DML run on the embedded engine and answer like Databricks. */
class WritableWarehouseTest {
    static LocalWorkspace ws;
    static WorkspaceClient client;

    @BeforeAll
    static void start() {
        ws = LocalWorkspace.builder().writableWarehouse(true).statementLatency(Duration.ZERO).start();
        client = ws.workspaceClient();
    }

    @AfterAll
    static void stop() {
        ws.close();
    }

    private static StatementResponse run(String statement, StatementParameterListItem... parameters) {
        return client.statementExecution().executeStatement(new ExecuteStatementRequest()
                .setWarehouseId(ws.warehouseId()).setStatement(statement).setWaitTimeout("10s")
                .setParameters(parameters.length == 0 ? null : List.of(parameters)));
    }

    @Test
    void delta_ddl_runs_without_its_delta_only_clauses_and_dml_reports_affected_rows() {
        assertThat(run("CREATE SCHEMA IF NOT EXISTS retail.state").getStatus().getState())
                .isEqualTo(StatementState.SUCCEEDED);
        StatementResponse create = run("CREATE TABLE IF NOT EXISTS `retail`.`state`.`notes` (id STRING NOT NULL, "
                + "body STRING NOT NULL) USING DELTA TBLPROPERTIES ('delta.isolationLevel' = 'Serializable')");
        assertThat(create.getStatus().getState()).isEqualTo(StatementState.SUCCEEDED);
        assertThat(create.getManifest().getSchema().getColumnCount()).isZero();

        String merge = "MERGE INTO `retail`.`state`.`notes` AS t USING (SELECT :id AS id, :body AS body) AS u "
                + "ON t.id = u.id WHEN MATCHED THEN UPDATE SET body = u.body "
                + "WHEN NOT MATCHED THEN INSERT (id, body) VALUES (u.id, u.body)";
        StatementResponse inserted = run(merge, parameter("id", "n1"), parameter("body", "USING DELTA it's"));
        // A long value with quotes: literals are scanned without a stack frame per character.
        String second = "it's ".repeat(5_000);
        StatementResponse replaced = run(merge, parameter("id", "n1"), parameter("body", second));
        StatementResponse none = run("UPDATE retail.state.notes SET body = 'x' WHERE id = 'missing'");

        assertThat(inserted.getManifest().getSchema().getColumns()).extracting(c -> c.getName())
                .containsExactly("num_affected_rows");
        assertThat(Sdk.rows(client, inserted)).containsExactly(List.of("1"));
        assertThat(Sdk.rows(client, replaced)).containsExactly(List.of("1"));
        assertThat(Sdk.rows(client, none)).containsExactly(List.of("0"));
        assertThat(Sdk.run(client, ws.warehouseId(), "SELECT id, body FROM retail.state.notes"))
                .containsExactly(List.of("n1", second));
    }

    @Test
    void statements_led_by_comments_are_classified_by_their_first_keyword() {
        StatementResponse create = run("-- a table for notes\n/* Delta clauses are dropped */ CREATE TABLE IF NOT "
                + "EXISTS retail.sales.commented (id STRING) USING DELTA TBLPROPERTIES ('delta.appendOnly' = 'false')");
        StatementResponse insert = run("/* one row */\nINSERT INTO retail.sales.commented VALUES ('a')");
        StatementResponse twoWrites = run("INSERT INTO retail.sales.commented VALUES ('b'); "
                + "DELETE FROM retail.sales.commented");

        assertThat(create.getStatus().getState()).isEqualTo(StatementState.SUCCEEDED);
        assertThat(Sdk.rows(client, insert)).containsExactly(List.of("1"));
        assertThat(twoWrites.getStatus().getState()).isEqualTo(StatementState.FAILED);
        assertThat(twoWrites.getStatus().getError().getMessage()).contains("one statement per request");
        assertThat(Sdk.run(client, ws.warehouseId(), "SELECT id FROM retail.sales.commented"))
                .containsExactly(List.of("a"));
    }

    @Test
    void a_default_workspace_still_refuses_writes() {
        try (LocalWorkspace readOnly = LocalWorkspace.builder().statementLatency(Duration.ZERO).start()) {
            StatementResponse write = readOnly.workspaceClient().statementExecution().executeStatement(
                    new ExecuteStatementRequest().setWarehouseId(readOnly.warehouseId()).setWaitTimeout("10s")
                            .setStatement("CREATE SCHEMA retail.state"));
            assertThat(write.getStatus().getState()).isEqualTo(StatementState.FAILED);
        }
    }

    private static StatementParameterListItem parameter(String name, String value) {
        return new StatementParameterListItem().setName(name).setValue(value);
    }
}
