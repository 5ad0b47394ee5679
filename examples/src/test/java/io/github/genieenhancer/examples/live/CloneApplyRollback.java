package io.github.genieenhancer.examples.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import io.github.genieenhancer.core.fix.ApplyResult;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.space.SpaceDiff;
import io.github.genieenhancer.core.space.TableConfig;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.enhancement.Applier;
import io.github.genieenhancer.enhancement.FixValidator;
import io.github.genieenhancer.genie.Space;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.genie.SpaceCloner;
import io.github.genieenhancer.genie.SqlExecutor;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The write path of the library on a space, through its public API and without touching the space itself: copy it
 * ({@link SpaceCloner}), apply one fix to the copy ({@link Applier}, the fix's SQL checked on the warehouse), roll
 * the fix back from the snapshot the apply stored, check the copy equals the original after normalisation, and
 * trash the copy, in a {@code finally} block so it is trashed whatever failed. Run against a real workspace by
 * {@link CloneApplyRollbackLiveIT} and against the local stand-in by {@link CloneApplyRollbackTest}.
 */
final class CloneApplyRollback {
    /** The copy's title is the original's plus this, so a copy left by a killed run can be recognised. */
    static final String TITLE_SUFFIX = " (Genie Enhancer live test, safe to delete)";

    private final SpaceApi spaces;
    private final SqlExecutor warehouse;

    CloneApplyRollback(WorkspaceClient workspace, String warehouseId) {
        this.spaces = SpaceApi.create(workspace);
        this.warehouse = SqlExecutor.builder(workspace).warehouseId(warehouseId).build();
    }

    /**
     * Runs the scenario on a copy of the space; the space itself is only read.
     *
     * @return the id of the copy, trashed by then
     */
    String run(String spaceId) {
        Space original = spaces.get(spaceId);
        Space copy = SpaceCloner.builder(spaces).titleSuffix(TITLE_SUFFIX).build().copy(spaceId);
        try {
            assertThat(copy.spaceId()).isNotEqualTo(spaceId);
            assertThat(copy.config().normalized()).as("the copy as created, against the original")
                    .isEqualTo(original.config().normalized());

            Applier applier = Applier.builder(spaces, StateStore.inMemory())
                    .sessionId("live-test-" + UUID.randomUUID())
                    .validator(FixValidator.builder().warehouse(warehouse).build())
                    .build();
            PlannedFix fix = fixFor(copy.config());
            ApplyResult applied = applier.apply(copy.spaceId(), new EnhancementPlan("live-plan", "live-test",
                    Instant.now(), List.of(fix), List.of()));
            assertThat(applied.rejected()).as("fixes refused").isEmpty();
            assertThat(applied.applied()).containsExactly(fix);
            assertThat(applied.diff().isEmpty()).as("the apply changed the copy").isFalse();
            assertThat(spaces.get(copy.spaceId()).config().normalized())
                    .as("the copy after the apply").isNotEqualTo(original.config().normalized());

            SpaceDiff undone = applier.rollback(applied.snapshotId());
            assertThat(undone.isEmpty()).as("the rollback changed the copy").isFalse();
            SpaceConfig restored = spaces.get(copy.spaceId()).config().normalized();
            assertThat(restored.diffTo(original.config().normalized()).describe()).as("rolled-back copy to original")
                    .isEmpty();
            assertThat(restored).isEqualTo(original.config().normalized());
        } finally {
            spaces.trash(copy.spaceId());
        }
        Space afterwards = spaces.get(spaceId);
        assertThat(afterwards.serializedSpace()).as("the original space is untouched")
                .isEqualTo(original.serializedSpace());
        return copy.spaceId();
    }

    /**
     * An example SQL over the first table that is not a metric view (its SQL runs on the warehouse when the fix is
     * checked), else a line of text instructions.
     */
    private static PlannedFix fixFor(SpaceConfig space) {
        String marker = "Genie Enhancer live test " + UUID.randomUUID();
        Fix fix = space.tables().stream().filter(t -> !t.metricView()).map(TableConfig::identifier).findFirst()
                .<Fix>map(table -> new Fix.SampleQueryAdd("How many rows are there? (" + marker + ")",
                        "SELECT COUNT(*) AS row_count FROM " + table, ""))
                .orElseGet(() -> new Fix.InstructionFix(marker + ": no instruction.\n", false));
        return new PlannedFix("live-fix", fix, "checks the write path", List.of());
    }
}
