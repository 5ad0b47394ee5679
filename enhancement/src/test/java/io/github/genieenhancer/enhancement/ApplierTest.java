package io.github.genieenhancer.enhancement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.SpaceConflictException;
import io.github.genieenhancer.core.StateStoreException;
import io.github.genieenhancer.core.fix.ApplyResult;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.fix.RejectedFix;
import io.github.genieenhancer.core.progress.ProgressEvent;
import io.github.genieenhancer.core.space.BenchmarkQuestion;
import io.github.genieenhancer.core.space.RelationshipType;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.space.SpaceDiff;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.genie.SpaceDraft;
import io.github.genieenhancer.testkit.Endpoint;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The applier against a local workspace that validates and versions spaces like the Genie API. */
class ApplierTest {
    private static final Fix DELETE_JOIN = new Fix.JoinSpecDelete("retail.sales.orders", "retail.sales.customers");
    private static final Fix ADD_JOIN = new Fix.JoinSpecAdd("retail.sales.orders", "retail.sales.customers",
            "orders.cust_id = customers.customer_id", RelationshipType.MANY_TO_ONE, "");
    private static final Fix MISSING = new Fix.SampleQueryDelete("No such example");

    private static LocalWorkspace workspace;
    private static SpaceApi spaces;

    private final String space = spaces.create(SpaceDraft.of("Applier test", workspace.warehouseId(),
            Fixtures.space())).spaceId();
    private final StateStore store = StateStore.inMemory();
    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    private final Applier applier = Applier.builder(spaces, store).progressListener(events::add).sessionId("s1")
            .clock(Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC)).build();

    @BeforeAll
    static void start() {
        workspace = LocalWorkspace.builder().statementLatency(Duration.ofMillis(1)).start();
        spaces = SpaceApi.create(workspace.workspaceClient());
    }

    @AfterAll
    static void stop() {
        workspace.close();
    }

    private static EnhancementPlan plan(Fix... fixes) {
        List<PlannedFix> planned = new ArrayList<>();
        for (Fix f : fixes) {
            planned.add(new PlannedFix("f" + (planned.size() + 1), f, "", List.of()));
        }
        return new EnhancementPlan("p1", "run1", Instant.EPOCH, planned,
                List.of(new RejectedFix(new PlannedFix("f0", new Fix.SampleQueryDelete("x"), "", List.of()),
                        "refused while planning")));
    }

    private SpaceConfig live() {
        return workspace.spaceConfig(space).orElseThrow();
    }

    private long spaceRequests() {
        return workspace.requestCount(Endpoint.SPACES);
    }

    @Test
    void writesEveryAcceptedFixInOneUpdateAfterASnapshot() {
        SpaceConfig before = live();
        long requests = spaceRequests();

        ApplyResult result = applier.apply(space, plan(DELETE_JOIN, ADD_JOIN, MISSING,
                new Fix.InstructionFix("Completed orders have status COMPLETED.", false)));

        // One read, then one update.
        assertThat(spaceRequests() - requests).isEqualTo(2);
        assertThat(result.spaceId()).isEqualTo(space);
        assertThat(result.applied()).extracting(PlannedFix::id).containsExactly("f1", "f2", "f4");
        assertThat(result.rejected()).extracting(r -> r.fix().id(), RejectedFix::reason).containsExactly(
                Tuple.tuple("f0", "refused while planning"),
                Tuple.tuple("f3", "no example question SQL asks 'No such example'"));
        assertThat(result.appliedAt()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
        SpaceConfig after = live();
        assertThat(after.joinSpecs()).singleElement()
                .satisfies(j -> assertThat(j.condition()).isEqualTo("orders.cust_id = customers.customer_id"));
        assertThat(after.instructionText()).contains("status COMPLETED");
        assertThat(result.diff()).isEqualTo(before.diffTo(after));
        assertThat(result.etag()).isPresent().isEqualTo(spaces.get(space).etag());
        // The snapshot holds the configuration exactly as read, with the etag read.
        assertThat(store.snapshot(result.snapshotId())).hasValueSatisfying(s -> {
            assertThat(SpaceConfig.parse(s.serializedSpace())).isEqualTo(before);
            assertThat(s.etag()).isPresent().isNotEqualTo(result.etag());
            assertThat(s.sessionId()).isEqualTo("s1");
            assertThat(s.spaceId()).isEqualTo(space);
        });
        assertThat(events).filteredOn(ProgressEvent.FixApplied.class::isInstance).hasSize(3);
        assertThat(events).filteredOn(ProgressEvent.FixRejected.class::isInstance).hasSize(1);
    }

    @Test
    void planWithNothingAcceptableWritesNothing() {
        long requests = spaceRequests();
        ApplyResult result = applier.apply(space, plan(MISSING));

        assertThat(spaceRequests() - requests).isEqualTo(1);
        assertThat(result.diff().isEmpty()).isTrue();
        assertThat(result.applied()).isEmpty();
        assertThat(store.snapshot(result.snapshotId())).isPresent();
    }

    @Test
    void conflictIsRefusedAndNothingIsLost() {
        workspace.faults().editSpaceAfterNextRead(space, tree -> SpaceConfig.parse(tree.toString())
                .withInstructionTextAppended("Someone else's rule.").toTree());
        EnhancementPlan plan = plan(DELETE_JOIN, ADD_JOIN);

        assertThatThrownBy(() -> applier.apply(space, plan)).isInstanceOf(SpaceConflictException.class);

        // The other edit is kept, ours was not written, and the snapshot of what we read is stored.
        assertThat(live().instructionText()).contains("Someone else's rule.");
        assertThat(live().joinSpecs()).singleElement()
                .satisfies(j -> assertThat(j.condition()).contains("order_id"));
        assertThat(store.snapshots("s1")).hasSize(1);
        // Applying the same plan again re-reads the space and keeps both edits.
        ApplyResult again = applier.apply(space, plan);
        assertThat(again.applied()).hasSize(2);
        assertThat(live().instructionText()).contains("Someone else's rule.");
        assertThat(live().joinSpecs()).singleElement()
                .satisfies(j -> assertThat(j.condition()).contains("cust_id"));
    }

    @Test
    void rollbackRestoresTheSnapshotExactlyButKeepsLiveBenchmarks() {
        SpaceConfig original = live();
        ApplyResult result = applier.apply(space, plan(DELETE_JOIN, ADD_JOIN,
                new Fix.InstructionFix("A new rule.", false)));
        // Meanwhile the space's benchmarks change: evaluation state, not configuration.
        workspace.faults().editSpaceUnderneath(space, tree -> SpaceConfig.parse(tree.toString())
                .withBenchmarkQuestions(List.of(BenchmarkQuestion.of("How many products are there?",
                        "SELECT COUNT(*) FROM retail.sales.products"))).normalized().toTree());
        SpaceConfig withNewBenchmarks = live();

        SpaceDiff diff = applier.rollback(result.snapshotId());

        SpaceConfig restored = live();
        assertThat(restored).isEqualTo(original.withBenchmarksOf(withNewBenchmarks));
        assertThat(restored.benchmarkQuestions()).extracting(BenchmarkQuestion::question)
                .containsExactly("How many products are there?");
        assertThat(diff.changes()).isNotEmpty();
        // The configuration before the rollback was itself saved, and a second rollback changes nothing.
        assertThat(store.snapshots("s1")).hasSize(2);
        assertThat(applier.rollback(result.snapshotId()).isEmpty()).isTrue();
    }

    @Test
    void rollbackOfAnUnknownSnapshotFails() {
        assertThatThrownBy(() -> applier.rollback("nope")).isInstanceOf(StateStoreException.class)
                .hasMessageContaining("nope");
    }

    @Test
    void previewWritesAndStoresNothing() {
        SpaceConfig before = live();
        long requests = spaceRequests();

        ApplyResult preview = applier.preview(space, plan(DELETE_JOIN, ADD_JOIN, MISSING));

        assertThat(spaceRequests() - requests).isEqualTo(1);
        assertThat(preview.snapshotId()).isEqualTo(Applier.NO_SNAPSHOT);
        assertThat(preview.applied()).hasSize(2);
        assertThat(preview.rejected()).hasSize(2);
        assertThat(preview.diff().changes()).isNotEmpty();
        assertThat(store.sessions()).isEmpty();
        assertThat(live()).isEqualTo(before);
    }
}
