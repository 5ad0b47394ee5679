package io.github.genieenhancer.genie.state;

import static io.github.genieenhancer.core.state.StateFixtures.T0;
import static io.github.genieenhancer.core.state.StateFixtures.event;
import static io.github.genieenhancer.core.state.StateFixtures.iteration;
import static io.github.genieenhancer.core.state.StateFixtures.result;
import static io.github.genieenhancer.core.state.StateFixtures.session;
import static io.github.genieenhancer.core.state.StateFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.core.state.StateStoreContractTest;
import io.github.genieenhancer.genie.SqlExecutor;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

    /**
     * A deletion killed after its first statement (the session's row) and before the sweep of the other tables:
     * the session does not load, and deleting the id again removes the rows left, so a new session under the id
     * starts empty.
     */
    @Test
    void should_finish_a_deletion_that_a_crash_interrupted() {
        store.saveSession(session("s1", T0));
        store.saveIteration(iteration("s1", 1, Optional.empty()));
        store.saveResult("s1", "run-1", result("q1", 0));
        store.saveSnapshot(snapshot("snap-1", "s1", T0));
        store.appendEvent(event("s1", "w", 1));
        store.acquireLease("s1", "worker", Duration.ofMinutes(2), false);
        warehouse().execute("DELETE FROM retail.genie_state.`" + prefix + "sessions` WHERE session_id = 's1'");

        assertThat(store.session("s1")).isEmpty();
        assertThat(store.sessions()).isEmpty();
        assertThat(store.deleteSession("s1")).as("no session was stored").isFalse();

        for (String table : new String[] {"iterations", "results", "snapshots", "events", "leases"}) {
            assertThat(warehouse().execute("SELECT COUNT(*) FROM retail.genie_state.`" + prefix + table + "`")
                    .rows().get(0).get(0)).as(table).isEqualTo("0");
        }
        store.saveSession(session("s1", T0));
        assertThat(store.iterations("s1")).isEmpty();
        assertThat(store.lease("s1")).isEmpty();
    }

    private static SqlExecutor warehouse() {
        return SqlExecutor.builder(workspace.workspaceClient()).warehouseId(workspace.warehouseId()).readOnly(false)
                .build();
    }
}
