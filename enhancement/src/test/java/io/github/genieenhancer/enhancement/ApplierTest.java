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
import io.github.genieenhancer.core.state.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ApplierTest {
    private static final String SPACE = Fixtures.SPACE_ID;

    private final FakeSpaces spaces = new FakeSpaces();
    private final StateStore store = StateStore.inMemory();
    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    private final Applier applier = new Applier(spaces, store, FixValidator.builder().build(), events::add, "s1",
            Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC));

    ApplierTest() {
        spaces.put(SPACE, Fixtures.spaceJson());
    }

    private static EnhancementPlan plan(Fix... fixes) {
        List<PlannedFix> planned = new java.util.ArrayList<>();
        for (Fix f : fixes) {
            planned.add(new PlannedFix("f" + (planned.size() + 1), f, "", List.of()));
        }
        return new EnhancementPlan("p1", "run1", Instant.EPOCH, planned,
                List.of(new RejectedFix(new PlannedFix("f0", new Fix.SampleQueryDelete("x"), "", List.of()),
                        "refused while planning")));
    }

    private static final Fix DELETE_JOIN = new Fix.JoinSpecDelete("retail.sales.orders", "retail.sales.customers");
    private static final Fix ADD_JOIN = new Fix.JoinSpecAdd("retail.sales.orders", "retail.sales.customers",
            "orders.cust_id = customers.customer_id", RelationshipType.MANY_TO_ONE, "");
    private static final Fix MISSING = new Fix.SampleQueryDelete("No such example");

    @Test
    void writesEveryAcceptedFixInOneUpdateAfterASnapshot() {
        String before = Fixtures.spaceJson();
        ApplyResult result = applier.apply(SPACE, plan(DELETE_JOIN, ADD_JOIN, MISSING,
                new Fix.InstructionFix("Completed orders have status COMPLETED.", false)));

        assertThat(spaces.writes()).isEqualTo(1);
        assertThat(result.applied()).extracting(PlannedFix::id).containsExactly("f1", "f2", "f4");
        assertThat(result.rejected()).extracting(r -> r.fix().id(), RejectedFix::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("f0", "refused while planning"),
                org.assertj.core.groups.Tuple.tuple("f3", "no example question SQL asks 'No such example'"));
        assertThat(result.etag()).contains("etag-2");
        assertThat(result.appliedAt()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
        SpaceConfig after = spaces.config(SPACE);
        assertThat(after.joinSpecs()).singleElement()
                .satisfies(j -> assertThat(j.condition()).isEqualTo("orders.cust_id = customers.customer_id"));
        assertThat(after.validate()).isEmpty();
        assertThat(result.diff()).isEqualTo(SpaceConfig.parse(before).diffTo(after));
        // The snapshot holds the configuration exactly as read, with its etag.
        assertThat(store.snapshot(result.snapshotId())).hasValueSatisfying(s -> {
            assertThat(s.serializedSpace()).isEqualTo(before);
            assertThat(s.etag()).contains("etag-1");
            assertThat(s.sessionId()).isEqualTo("s1");
        });
        assertThat(events).filteredOn(ProgressEvent.FixApplied.class::isInstance).hasSize(3);
        assertThat(events).filteredOn(ProgressEvent.FixRejected.class::isInstance).hasSize(1);
    }

    @Test
    void planWithNothingAcceptableWritesNothing() {
        ApplyResult result = applier.apply(SPACE, plan(MISSING));
        assertThat(spaces.writes()).isZero();
        assertThat(result.diff().isEmpty()).isTrue();
        assertThat(result.applied()).isEmpty();
        assertThat(store.snapshot(result.snapshotId())).isPresent();
    }

    @Test
    void conflictIsRefusedAndNothingIsLost() {
        // The space is edited by someone else between our read and our write.
        FakeSpaces racing = new FakeSpaces();
        racing.editAfterNextRead("Someone else's rule.");
        racing.put(SPACE, Fixtures.spaceJson());
        Applier racingApplier = new Applier(racing, store, FixValidator.builder().build(), e -> { }, "s1",
                Clock.systemUTC());
        EnhancementPlan plan = plan(DELETE_JOIN, ADD_JOIN);

        assertThatThrownBy(() -> racingApplier.apply(SPACE, plan)).isInstanceOf(SpaceConflictException.class);

        // The other edit is kept, our change was not written, and the snapshot is stored.
        assertThat(racing.writes()).isZero();
        assertThat(racing.config(SPACE).instructionText()).contains("Someone else's rule.");
        assertThat(racing.config(SPACE).joinSpecs()).hasSize(1)
                .allSatisfy(j -> assertThat(j.condition()).contains("order_id"));
        assertThat(store.snapshots("s1")).hasSize(1);
        // Applying the same plan again re-reads the space and keeps both edits.
        ApplyResult again = racingApplier.apply(SPACE, plan);
        assertThat(again.applied()).hasSize(2);
        assertThat(racing.config(SPACE).instructionText()).contains("Someone else's rule.");
        assertThat(racing.config(SPACE).joinSpecs()).singleElement()
                .satisfies(j -> assertThat(j.condition()).contains("cust_id"));
    }

    @Test
    void rollbackRestoresTheSnapshotExactlyButKeepsLiveBenchmarks() {
        SpaceConfig original = spaces.config(SPACE);
        ApplyResult result = applier.apply(SPACE, plan(DELETE_JOIN, ADD_JOIN,
                new Fix.InstructionFix("A new rule.", false)));
        // Meanwhile the benchmarks of the space change (evaluation state, not configuration).
        SpaceConfig withNewBenchmarks = spaces.config(SPACE).withBenchmarkQuestions(List.of(
                BenchmarkQuestion.of("How many products are there?", "SELECT COUNT(*) FROM retail.sales.products")))
                .normalized();
        spaces.put(SPACE, withNewBenchmarks.toJson());

        var diff = applier.rollback(result.snapshotId());

        SpaceConfig restored = spaces.config(SPACE);
        assertThat(restored).isEqualTo(original.withBenchmarksOf(withNewBenchmarks));
        assertThat(restored.benchmarkQuestions()).extracting(BenchmarkQuestion::question)
                .containsExactly("How many products are there?");
        assertThat(diff.changes()).isNotEmpty();
        // The state before the rollback was itself saved.
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
        ApplyResult preview = applier.preview(SPACE, plan(DELETE_JOIN, ADD_JOIN, MISSING));
        assertThat(preview.snapshotId()).isEqualTo(Applier.NO_SNAPSHOT);
        assertThat(preview.applied()).hasSize(2);
        assertThat(preview.diff().changes()).isNotEmpty();
        assertThat(spaces.writes()).isZero();
        assertThat(store.snapshots("s1")).isEmpty();
        assertThat(spaces.config(SPACE)).isEqualTo(Fixtures.space());
        assertThat(preview.etag()).contains("etag-1");
    }
}
