package io.github.genieenhancer.genie.state;

import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.core.state.StateStoreContractTest;
import io.github.genieenhancer.genie.SqlExecutor;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on {@link DeltaStateStore} end to end: the real SDK and {@link SqlExecutor} against LocalWorkspace,
 * whose writable warehouse runs the store's DDL, MERGE, UPDATE and SELECT statements on DuckDB. What this proves is
 * the store's logic over the Statement Execution API; Delta's own conflict detection needs a real warehouse (see
 * docs/state-stores-shared.md). Each test uses tables of its own prefix, so it starts with empty storage.
 */
class DeltaStateStoreLocalWorkspaceTest extends StateStoreContractTest {

    private static LocalWorkspace workspace;

    private final String prefix = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";

    @BeforeAll
    static void startWorkspace() {
        workspace = LocalWorkspace.builder().writableWarehouse(true).statementLatency(Duration.ZERO).start();
        SqlExecutor.builder(workspace.workspaceClient()).warehouseId(workspace.warehouseId()).readOnly(false)
                .build().execute("CREATE SCHEMA IF NOT EXISTS retail.genie_state");
    }

    @AfterAll
    static void stopWorkspace() {
        workspace.close();
    }

    @Override
    protected StateStore openStore() {
        return DeltaStateStore.builder(workspace.workspaceClient()).warehouseId(workspace.warehouseId())
                .catalog("retail").schema("genie_state").tablePrefix(prefix)
                // Writers that collide retry at once: the embedded warehouse answers in milliseconds.
                .sleeper(pause -> Thread.onSpinWait())
                // Leases expire by the test's clock; statement deadlines then never pass, which the embedded
                // warehouse does not need.
                .clock(clock)
                .build();
    }
}
