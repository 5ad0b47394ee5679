package io.github.genieenhancer.core.state;

import static io.github.genieenhancer.core.state.StateFixtures.T0;
import static io.github.genieenhancer.core.state.StateFixtures.event;
import static io.github.genieenhancer.core.state.StateFixtures.iteration;
import static io.github.genieenhancer.core.state.StateFixtures.planWithEveryFixKind;
import static io.github.genieenhancer.core.state.StateFixtures.report;
import static io.github.genieenhancer.core.state.StateFixtures.result;
import static io.github.genieenhancer.core.state.StateFixtures.session;
import static io.github.genieenhancer.core.state.StateFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.SessionOwnedException;
import io.github.genieenhancer.core.StateConflictException;
import io.github.genieenhancer.core.StateStoreException;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.fix.FixCategory;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ScoreReport;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link StateStore} must do, written against the interface only. An implementation's test extends this
 * class and says how to open a store; the JDBC and Delta stores reuse it from core's test jar
 * ({@code <type>test-jar</type>}).
 */
public abstract class StateStoreContractTest {

    /** Ids that are hard to store: separators, dots, case twins, Windows device names, non-ASCII, very long. */
    private static final List<String> AWKWARD_IDS = List.of("a/b\\c:d*e?f\"g<h>i|j", ".", "..", ".hidden",
            "trailing.", "Q1", "q1", "con", "nul.txt", "%41", "세션 🚀", "x".repeat(300),
            "ü".repeat(200) + "/end");

    /** How long the leases of these tests hold without renewal. */
    private static final Duration LEASE = Duration.ofMinutes(2);

    /**
     * The time the store under test goes by: every store of a test must decide lease expiry by it, so tests move
     * time by hand instead of waiting.
     */
    protected final MutableClock clock = new MutableClock(T0);

    /** The store under test, opened before each test and closed after it. */
    protected StateStore store;

    /**
     * Opens a store over this test's storage whose leases expire by {@link #clock}. Each test starts with empty
     * storage; a second call in the same test must open the same storage again (that is how resuming after a
     * restart, and a second process, are tested).
     */
    protected abstract StateStore openStore();

    @BeforeEach
    void openTheStore() {
        store = openStore();
    }

    @AfterEach
    void closeTheStore() {
        store.close();
    }

    @Test
    void should_list_nothing_when_empty() {
        assertThat(store.sessions()).isEmpty();
        assertThat(store.iterations("s")).isEmpty();
        assertThat(store.results("s", "run")).isEmpty();
        assertThat(store.reports("s")).isEmpty();
        assertThat(store.plans("s")).isEmpty();
        assertThat(store.snapshots("s")).isEmpty();
        assertThat(store.events("s")).isEmpty();
    }

    @Test
    void should_return_empty_for_unknown_ids() {
        store.saveSession(session("s1", T0));
        store.saveResult("s1", "run-1", result("q1", 0));

        assertThat(store.session("nope")).isEmpty();
        assertThat(store.report("s1", "run-1")).isEmpty();
        assertThat(store.report("nope", "run-1")).isEmpty();
        assertThat(store.plan("s1", "nope")).isEmpty();
        assertThat(store.snapshot("nope")).isEmpty();
        assertThat(store.results("s1", "run-2")).isEmpty();
        assertThat(store.iterations("s1")).isEmpty();
        assertThat(store.events("s1")).isEmpty();
    }

    @Test
    void should_create_and_advance_a_session() {
        SessionRecord created = store.saveSession(session("s1", T0));
        assertThat(created.version()).isEqualTo(1);
        assertThat(store.session("s1")).contains(created);

        SessionRecord advanced = store.saveSession(created.advance(SessionStage.SCORED, 1, T0.plusSeconds(60)));

        assertThat(advanced.version()).isEqualTo(2);
        assertThat(advanced.stage()).isEqualTo(SessionStage.SCORED);
        assertThat(advanced.iteration()).isEqualTo(1);
        assertThat(advanced.createdAt()).isEqualTo(T0);
        assertThat(advanced.updatedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(advanced.settings()).containsEntry("warehouseId", "abc123").hasSize(3);
        assertThat(store.session("s1")).contains(advanced);
    }

    @Test
    void should_refuse_a_stale_version() {
        SessionRecord v1 = store.saveSession(session("s1", T0));
        SessionRecord v2 = store.saveSession(v1.advance(SessionStage.SCORED, 1, T0));

        assertThatThrownBy(() -> store.saveSession(v1.advance(SessionStage.FAILED, 1, T0)))
                .isInstanceOf(StateConflictException.class)
                .hasMessageContaining("s1").hasMessageContaining("expected version 1").hasMessageContaining("2");
        assertThatThrownBy(() -> store.saveSession(session("s1", T0)))
                .as("creating a session that exists").isInstanceOf(StateConflictException.class);
        assertThatThrownBy(() -> store.saveSession(new SessionRecord("s2", "space", SessionStage.SCORED, 0, T0, T0,
                3, null))).as("a version for a session never stored").isInstanceOf(StateConflictException.class);

        assertThat(store.session("s1")).contains(v2);
        assertThat(store.session("s2")).isEmpty();
        assertThat(store.sessions()).containsExactly(v2);
    }

    @Test
    void should_list_sessions_oldest_first() {
        store.saveSession(session("b", T0.plusSeconds(10)));
        store.saveSession(session("c", T0));
        store.saveSession(session("a", T0.plusSeconds(10)));

        assertThat(store.sessions()).extracting(SessionRecord::id).containsExactly("c", "a", "b");
    }

    @Test
    void should_replace_iterations_by_number() {
        store.saveSession(session("s1", T0));
        store.saveIteration(iteration("s1", 2, Optional.empty()));
        store.saveIteration(iteration("s1", 1, Optional.empty()));
        IterationRecord validated = iteration("s1", 1, Optional.of(0.75));
        store.saveIteration(validated);

        assertThat(store.iterations("s1")).containsExactly(validated, iteration("s1", 2, Optional.empty()));
        assertThat(store.iterations("s1").get(0).kept()).contains(true);
    }

    @Test
    void should_keep_results_per_run_in_first_write_order_and_replace_by_benchmark() {
        store.saveSession(session("s1", T0));
        for (String id : List.of("q3", "q1", "q2")) {
            store.saveResult("s1", "run-1", result(id, 0));
        }
        store.saveResult("s1", "run-2", result("q9", 0));
        QuestionResult retried = result("q1", 1);
        store.saveResult("s1", "run-1", retried);

        assertThat(store.results("s1", "run-1")).containsExactly(result("q3", 0), retried, result("q2", 0));
        assertThat(store.results("s1", "run-2")).containsExactly(result("q9", 0));
    }

    @Test
    void should_store_reports_in_first_write_order() {
        store.saveSession(session("s1", T0));
        store.saveReport("s1", report("run-b", 3));
        store.saveReport("s1", report("run-a", 2));
        ScoreReport redone = report("run-b", 5);
        store.saveReport("s1", redone);

        assertThat(store.reports("s1")).containsExactly(redone, report("run-a", 2));
        assertThat(store.report("s1", "run-b")).contains(redone);
        assertThat(store.report("s1", "run-b").orElseThrow().accuracy()).isEqualTo(redone.accuracy());
    }

    @Test
    void should_round_trip_plans_with_every_kind_of_fix() {
        store.saveSession(session("s1", T0));
        EnhancementPlan plan = planWithEveryFixKind("plan-2", "run-1");
        store.savePlan("s1", plan);
        store.savePlan("s1", planWithEveryFixKind("plan-1", "run-1"));

        EnhancementPlan read = store.plan("s1", "plan-2").orElseThrow();

        assertThat(read).isEqualTo(plan);
        assertThat(read.fixes()).extracting(f -> f.fix().category())
                .as("one fix of each kind, each read back as its own record type")
                .containsExactly(FixCategory.values());
        assertThat(read.fixes().get(8).fix()).isInstanceOf(Fix.SampleQueryAdd.class);
        assertThat(store.plans("s1")).extracting(EnhancementPlan::planId).containsExactly("plan-2", "plan-1");
    }

    @Test
    void should_keep_snapshot_text_exactly() {
        store.saveSession(session("s1", T0));
        store.saveSession(session("s2", T0));
        store.saveSnapshot(snapshot("snap-late", "s1", T0.plusSeconds(30)));
        store.saveSnapshot(snapshot("snap-early", "s1", T0));
        store.saveSnapshot(snapshot("snap-other", "s2", T0));

        SpaceSnapshot read = store.snapshot("snap-early").orElseThrow();

        assertThat(read.serializedSpace()).isEqualTo(StateFixtures.SPACE_JSON);
        assertThat(read).isEqualTo(snapshot("snap-early", "s1", T0));
        assertThat(store.snapshots("s1")).extracting(SpaceSnapshot::id).containsExactly("snap-early", "snap-late");
    }

    @Test
    void should_keep_snapshots_write_once() {
        store.saveSession(session("s1", T0));
        SpaceSnapshot original = snapshot("snap-1", "s1", T0);
        store.saveSnapshot(original);
        store.saveSnapshot(original);

        SpaceSnapshot changed = new SpaceSnapshot("snap-1", "s1", "01ef0000space", T0, Optional.empty(), "{}");
        assertThatThrownBy(() -> store.saveSnapshot(changed))
                .isInstanceOf(StateStoreException.class).hasMessageContaining("snap-1");

        assertThat(store.snapshot("snap-1")).contains(original);
        assertThat(store.snapshots("s1")).containsExactly(original);
    }

    @Test
    void should_return_events_in_append_order() {
        store.saveSession(session("s1", T0));
        for (int n = 5; n >= 1; n--) {
            store.appendEvent(event("s1", "main", n));
        }

        assertThat(store.events("s1")).extracting(e -> e.attributes().get("n"))
                .containsExactly("5", "4", "3", "2", "1");
        assertThat(store.events("s1").get(0)).isEqualTo(event("s1", "main", 5));
    }

    @Test
    void should_refuse_writes_to_an_unknown_session() {
        store.saveSession(session("s1", T0));
        List<Runnable> writes = List.of(
                () -> store.saveIteration(iteration("nope", 1, Optional.empty())),
                () -> store.saveResult("nope", "run-1", result("q1", 0)),
                () -> store.saveReport("nope", report("run-1", 1)),
                () -> store.savePlan("nope", planWithEveryFixKind("p", "run-1")),
                () -> store.saveSnapshot(snapshot("snap", "nope", T0)),
                () -> store.appendEvent(event("nope", "main", 1)));

        for (Runnable write : writes) {
            assertThatThrownBy(write::run).isInstanceOf(StateStoreException.class).hasMessageContaining("'nope'");
        }
        assertThat(store.sessions()).extracting(SessionRecord::id).containsExactly("s1");
        assertThat(store.snapshot("snap")).isEmpty();
    }

    @Test
    void should_reject_blank_ids() {
        store.saveSession(session("s1", T0));

        assertThatThrownBy(() -> store.saveSession(session(" ", T0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.saveResult("s1", "", result("q1", 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.session("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_store_any_id_apart_from_every_other() {
        for (String id : AWKWARD_IDS) {
            store.saveSession(session(id, T0));
            store.saveResult(id, id, result(id, 0));
            store.saveReport(id, report(id, 1));
            store.savePlan(id, planWithEveryFixKind(id, id));
            store.saveSnapshot(snapshot(id, id, T0));
            store.appendEvent(event(id, id, 1));
        }

        assertThat(store.sessions()).extracting(SessionRecord::id).containsExactlyInAnyOrderElementsOf(AWKWARD_IDS);
        for (String id : AWKWARD_IDS) {
            assertThat(store.session(id)).map(SessionRecord::id).contains(id);
            assertThat(store.results(id, id)).containsExactly(result(id, 0));
            assertThat(store.report(id, id)).contains(report(id, 1));
            assertThat(store.plans(id)).containsExactly(planWithEveryFixKind(id, id));
            assertThat(store.snapshots(id)).containsExactly(snapshot(id, id, T0));
            assertThat(store.events(id)).containsExactly(event(id, id, 1));
        }
    }

    @Test
    void should_return_unmodifiable_lists() {
        store.saveSession(session("s1", T0));
        store.saveResult("s1", "run-1", result("q1", 0));
        List<QuestionResult> results = store.results("s1", "run-1");

        assertThatThrownBy(() -> results.add(result("q2", 0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> store.sessions().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(store.results("s1", "run-1")).hasSize(1);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void should_let_exactly_one_writer_win_each_version() throws Exception {
        int writers = 8;
        SessionRecord base = store.saveSession(session("s1", T0));
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 20; round++) {
                SessionRecord read = base;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> outcomes = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    outcomes.add(pool.submit(() -> {
                        start.await();
                        try {
                            store.saveSession(read.advance(SessionStage.SCORED, writer, T0));
                            return true;
                        } catch (StateConflictException e) {
                            return false;
                        }
                    }));
                }
                start.countDown();
                int won = 0;
                for (Future<Boolean> outcome : outcomes) {
                    won += outcome.get() ? 1 : 0;
                }
                assertThat(won).as("winners of version %d", read.version() + 1).isEqualTo(1);
                base = store.session("s1").orElseThrow();
                assertThat(base.version()).isEqualTo(read.version() + 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void should_account_for_every_write_of_concurrent_writers() throws Exception {
        int writers = 8;
        int perWriter = 200;
        store.saveSession(session("s1", T0));
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String writer = "w" + w;
            Callable<List<Long>> task = () -> {
                start.await();
                List<Long> versionsWon = new ArrayList<>();
                for (int i = 0; i < perWriter; i++) {
                    store.saveResult("s1", "run-1", result(writer + "-" + i, i));
                    if (i % 10 == 0) {
                        store.appendEvent(event("s1", writer, i));
                    }
                    if (i % 20 == 0) {
                        versionsWon.add(advanceWithRetry("s1"));
                    }
                }
                return versionsWon;
            };
            futures.add(pool.submit(task));
        }
        start.countDown();
        List<Long> versionsWon = new ArrayList<>();
        for (Future<List<Long>> future : futures) {
            versionsWon.addAll(future.get());
        }
        pool.shutdown();

        int advances = writers * (perWriter / 20);
        assertThat(versionsWon).as("each version won by exactly one writer")
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(2, advances + 1).mapToObj(v -> (long) v)
                        .toList());
        SessionRecord last = store.session("s1").orElseThrow();
        assertThat(last.version()).isEqualTo(advances + 1);
        assertThat(last.iteration()).as("no advance lost").isEqualTo(advances);

        List<QuestionResult> results = store.results("s1", "run-1");
        assertThat(results).hasSize(writers * perWriter);
        assertThat(new HashSet<>(results)).hasSize(writers * perWriter);
        List<StateEvent> events = store.events("s1");
        assertThat(events).hasSize(writers * perWriter / 10);
        for (int w = 0; w < writers; w++) {
            String writer = "w" + w;
            assertThat(results.stream().filter(r -> r.benchmarkId().startsWith(writer + "-")))
                    .as("results of %s in write order", writer)
                    .containsExactlyElementsOf(IntStream.range(0, perWriter).mapToObj(i -> result(writer + "-" + i, i))
                            .toList());
            assertThat(events.stream().filter(e -> e.attributes().get("writer").equals(writer)))
                    .as("events of %s in append order", writer)
                    .containsExactlyElementsOf(IntStream.range(0, perWriter / 10).mapToObj(i -> event("s1", writer,
                            i * 10)).toList());
        }
    }

    @Test
    void should_have_everything_after_reopening() {
        SessionRecord created = store.saveSession(session("s1", T0));
        SessionRecord session = store.saveSession(created.advance(SessionStage.PLANNED, 1, T0.plusSeconds(1)));
        store.saveIteration(iteration("s1", 1, Optional.of(0.8)));
        store.saveResult("s1", "run-1", result("q2", 0));
        store.saveResult("s1", "run-1", result("q1", 1));
        store.saveReport("s1", report("run-1", 2));
        store.savePlan("s1", planWithEveryFixKind("plan-1", "run-1"));
        store.saveSnapshot(snapshot("snap-1", "s1", T0));
        store.appendEvent(event("s1", "main", 1));
        store.appendEvent(event("s1", "main", 2));
        store.close();

        store = openStore();

        assertThat(store.sessions()).containsExactly(session);
        assertThat(store.iterations("s1")).containsExactly(iteration("s1", 1, Optional.of(0.8)));
        assertThat(store.results("s1", "run-1")).containsExactly(result("q2", 0), result("q1", 1));
        assertThat(store.reports("s1")).containsExactly(report("run-1", 2));
        assertThat(store.plans("s1")).containsExactly(planWithEveryFixKind("plan-1", "run-1"));
        assertThat(store.snapshot("snap-1")).contains(snapshot("snap-1", "s1", T0));
        assertThat(store.events("s1")).containsExactly(event("s1", "main", 1), event("s1", "main", 2));

        // Writing continues where it stopped: new entries go after the old ones, the version keeps counting.
        store.saveResult("s1", "run-1", result("q0", 0));
        store.appendEvent(event("s1", "main", 3));
        store.savePlan("s1", planWithEveryFixKind("plan-0", "run-1"));
        assertThat(store.results("s1", "run-1")).extracting(QuestionResult::benchmarkId)
                .containsExactly("q2", "q1", "q0");
        assertThat(store.events("s1")).extracting(e -> e.attributes().get("n")).containsExactly("1", "2", "3");
        assertThat(store.plans("s1")).extracting(EnhancementPlan::planId).containsExactly("plan-1", "plan-0");
        assertThatThrownBy(() -> store.saveSession(created)).isInstanceOf(StateConflictException.class);
        assertThat(store.saveSession(session.advance(SessionStage.APPLIED, 1, T0)).version()).isEqualTo(3);
    }

    @Test
    void should_let_one_owner_at_a_time_claim_a_session() {
        store.saveSession(session("s1", T0));
        assertThat(store.lease("s1")).as("a session never claimed").isEmpty();

        SessionLease first = store.acquireLease("s1", "first (pid 1 on host-a)", LEASE, false);

        assertThat(first).isEqualTo(new SessionLease("s1", "first (pid 1 on host-a)", 1, T0.plus(LEASE)
                .truncatedTo(ChronoUnit.MILLIS)));
        assertThat(store.lease("s1")).contains(first);
        StateStore second = openStore();
        assertThatThrownBy(() -> second.acquireLease("s1", "second", LEASE, false))
                .isInstanceOfSatisfying(SessionOwnedException.class, e -> {
                    assertThat(e.sessionId()).isEqualTo("s1");
                    assertThat(e.owner()).isEqualTo("first (pid 1 on host-a)");
                    assertThat(e.expiresAt()).isEqualTo(first.expiresAt());
                })
                .hasMessageContaining("'s1' is held by first (pid 1 on host-a) until " + first.expiresAt())
                .hasMessageContaining("take the session over");
        assertThat(store.lease("s1")).contains(first);
        assertThatThrownBy(() -> store.acquireLease("nope", "first", LEASE, false))
                .isInstanceOf(StateStoreException.class).hasMessageContaining("'nope' is not stored");
        assertThatThrownBy(() -> store.acquireLease("s1", " ", LEASE, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.acquireLease("s1", "first", Duration.ZERO, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Issue 12's finding: a second process resumed the session after the first had written its plan and iteration,
     * and overwrote both before its session write was refused. Now the second is refused the claim, and every write
     * it tries anyway, and nothing of it is stored; the first writes on.
     */
    @Test
    void should_refuse_a_late_second_process_before_it_writes_anything() {
        SessionRecord created = store.saveSession(session("s1", T0));
        SessionLease lease = store.acquireLease("s1", "first", LEASE, false);
        StateStore first = store.withLease(lease);
        SessionRecord scored = first.saveSession(created.advance(SessionStage.SCORED, 1, T0));
        first.saveResult("s1", "i1-baseline", result("q1", 0));
        first.saveReport("s1", report("i1-baseline", 2));
        first.savePlan("s1", planWithEveryFixKind("i1-plan", "i1-baseline"));
        first.saveIteration(iteration("s1", 1, Optional.empty()));
        clock.advance(Duration.ofMillis(2500));
        Map<String, Object> before = contents("s1");

        StateStore second = openStore();
        assertThatThrownBy(() -> second.acquireLease("s1", "second", LEASE, false))
                .isInstanceOf(SessionOwnedException.class).hasMessageContaining("held by first");
        for (Map.Entry<String, Runnable> write : everyWrite(second, scored, "second").entrySet()) {
            assertThatThrownBy(write.getValue()::run).as(write.getKey())
                    .isInstanceOf(SessionOwnedException.class)
                    .hasMessageContaining("'s1' is held by first until " + lease.expiresAt());
        }
        assertThat(contents("s1")).as("nothing of the second process stored").isEqualTo(before);

        for (Runnable write : everyWrite(first, scored, "first").values()) {
            write.run();
        }
        assertThat(first.plan("s1", "i1-plan")).contains(planWithEveryFixKind("i1-plan", "first"));
        assertThat(first.session("s1").orElseThrow().version()).isEqualTo(scored.version() + 1);
    }

    @Test
    void should_refuse_the_old_owner_once_its_expired_lease_is_claimed() {
        SessionRecord created = store.saveSession(session("s1", T0));
        SessionLease old = store.acquireLease("s1", "old", LEASE, false);
        StateStore oldOwner = store.withLease(old);
        oldOwner.saveResult("s1", "run-1", result("q1", 0));
        clock.advance(LEASE);

        StateStore other = openStore();
        SessionLease taken = other.acquireLease("s1", "new", LEASE, false);

        assertThat(taken.token()).isEqualTo(old.token() + 1);
        refusesEveryWrite(oldOwner, created, "taken over by new");
        assertThatThrownBy(() -> store.renewLease(old, LEASE)).isInstanceOf(SessionOwnedException.class)
                .hasMessageContaining("taken over by new");
        other.withLease(taken).saveResult("s1", "run-1", result("q2", 0));
        assertThat(store.results("s1", "run-1")).containsExactly(result("q1", 0), result("q2", 0));
    }

    @Test
    void should_refuse_the_old_owner_after_a_forced_take_over() {
        SessionRecord created = store.saveSession(session("s1", T0));
        SessionLease old = store.acquireLease("s1", "crashed (pid 7)", LEASE, false);
        StateStore oldOwner = store.withLease(old);

        SessionLease taken = openStore().acquireLease("s1", "rescuer", LEASE, true);

        assertThat(taken.owner()).isEqualTo("rescuer");
        assertThat(store.lease("s1")).contains(taken);
        refusesEveryWrite(oldOwner, created, "taken over by rescuer");
        assertThatThrownBy(() -> store.withLease(old).acquireLease("s1", "crashed (pid 7)", LEASE, false))
                .isInstanceOf(SessionOwnedException.class).hasMessageContaining("held by rescuer");
        SessionRecord advanced = store.withLease(taken).saveSession(created.advance(SessionStage.SCORED, 1, T0));
        assertThat(store.session("s1")).contains(advanced);
    }

    @Test
    void should_keep_a_renewed_lease_and_refuse_an_expired_one() {
        SessionRecord created = store.saveSession(session("s1", T0));
        SessionLease lease = store.acquireLease("s1", "worker", LEASE, false);
        StateStore owner = store.withLease(lease);

        for (int i = 0; i < 5; i++) {
            // A long scoring run: each renewal comes before the lease ends, so it never lapses.
            clock.advance(Duration.ofSeconds(100));
            lease = store.renewLease(lease, LEASE);
            owner.saveResult("s1", "run-1", result("q" + i, 0));
            assertThatThrownBy(() -> openStore().acquireLease("s1", "other", LEASE, false))
                    .isInstanceOf(SessionOwnedException.class).hasMessageContaining("until " + lease.expiresAt());
        }
        assertThat(lease.token()).as("renewals keep the token").isEqualTo(1);
        clock.advance(LEASE);

        assertThatThrownBy(() -> owner.saveResult("s1", "run-1", result("late", 0)))
                .isInstanceOf(SessionOwnedException.class).hasMessageContaining("expired at " + lease.expiresAt());
        SessionLease revived = store.renewLease(lease, LEASE);
        assertThat(revived.token()).as("nobody claimed it meanwhile").isEqualTo(1);
        owner.saveSession(created.advance(SessionStage.SCORED, 1, T0));
        assertThat(store.results("s1", "run-1")).hasSize(5);
    }

    @Test
    void should_free_a_released_session_at_once() {
        SessionRecord created = store.saveSession(session("s1", T0));
        SessionLease lease = store.acquireLease("s1", "finished", LEASE, false);
        StateStore owner = store.withLease(lease);
        SessionRecord advanced = owner.saveSession(created.advance(SessionStage.FINISHED, 1, T0));

        store.releaseLease(lease);
        store.releaseLease(lease);

        assertThat(store.lease("s1")).hasValueSatisfying(l -> assertThat(l.isHeldAt(clock.instant())).isFalse());
        assertThatThrownBy(() -> owner.appendEvent(event("s1", "finished", 1)))
                .isInstanceOf(SessionOwnedException.class).hasMessageContaining("expired");
        store.appendEvent(event("s1", "anyone", 1));
        SessionLease next = openStore().acquireLease("s1", "next", LEASE, false);
        assertThat(next.token()).isEqualTo(2);
        store.releaseLease(lease);
        assertThat(store.lease("s1")).as("a stale release changes nothing").contains(next);
        store.releaseLease(new SessionLease("nope", "nobody", 1, T0));
        assertThat(store.session("s1")).contains(advanced);
    }

    @Test
    void should_write_sessions_stored_without_a_lease_as_before() {
        SessionRecord created = store.saveSession(session("s1", T0));
        SessionLease other = store.acquireLease(store.saveSession(session("s2", T0)).id(), "busy", LEASE, false);

        for (Runnable write : everyWrite(store, created, "anyone").values()) {
            write.run();
        }
        // A view writes other sessions as the store does.
        store.withLease(other).saveResult("s1", "run-1", result("q9", 0));

        assertThat(store.lease("s1")).isEmpty();
        assertThat(store.results("s1", "i1-baseline")).containsExactly(result("anyone", 0));
        assertThat(store.acquireLease("s1", "owner", LEASE, false).token()).isEqualTo(1);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void should_let_exactly_one_of_racing_processes_claim_a_session() throws Exception {
        int claimants = 8;
        for (int round = 0; round < 5; round++) {
            String id = "s" + round;
            store.saveSession(session(id, T0));
            ExecutorService pool = Executors.newFixedThreadPool(claimants);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> outcomes = new ArrayList<>();
                for (int c = 0; c < claimants; c++) {
                    String owner = "claimant-" + c;
                    StateStore process = openStore();
                    outcomes.add(pool.submit(() -> {
                        start.await();
                        try {
                            process.acquireLease(id, owner, LEASE, false);
                            return true;
                        } catch (SessionOwnedException e) {
                            return false;
                        }
                    }));
                }
                start.countDown();
                int won = 0;
                for (Future<Boolean> outcome : outcomes) {
                    won += outcome.get() ? 1 : 0;
                }
                assertThat(won).as("claims won in round %d", round).isEqualTo(1);
                assertThat(store.lease(id)).hasValueSatisfying(l -> assertThat(l.token()).isEqualTo(1));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void should_keep_leases_when_reopened() {
        store.saveSession(session("s1", T0));
        SessionLease lease = store.acquireLease("s1", "worker", LEASE, false);
        store.close();

        store = openStore();

        assertThat(store.lease("s1")).contains(lease);
        assertThatThrownBy(() -> store.saveResult("s1", "run-1", result("q1", 0)))
                .isInstanceOf(SessionOwnedException.class);
        store.withLease(lease).saveResult("s1", "run-1", result("q1", 0));
        assertThat(store.results("s1", "run-1")).hasSize(1);
    }

    @Test
    void should_delete_a_session_with_everything_stored_under_it() {
        SessionRecord doomed = fillSession("s1");
        fillSession("s2");
        Map<String, Object> other = contents("s2");
        store.acquireLease(doomed.id(), "worker", LEASE, false);
        clock.advance(LEASE);

        assertThat(store.deleteSession("s1")).as("deleted, its lease having expired").isTrue();

        assertThat(store.session("s1")).isEmpty();
        assertThat(store.sessions()).extracting(SessionRecord::id).containsExactly("s2");
        assertThat(contents("s1")).isEqualTo(contents("never stored"));
        assertThat(store.results("s1", "run-1")).isEmpty();
        assertThat(store.report("s1", "i1-baseline")).isEmpty();
        assertThat(store.snapshot("snap-s1")).isEmpty();
        assertThat(store.lease("s1")).isEmpty();
        assertThat(contents("s2")).as("the other session untouched").isEqualTo(other);
        assertThat(openStore().sessions()).as("reopened").extracting(SessionRecord::id).containsExactly("s2");
        assertThat(store.deleteSession("s1")).as("nothing left to delete").isFalse();
        assertThat(store.deleteSession("never stored")).isFalse();
        assertThatThrownBy(() -> store.saveResult("s1", "run-1", result("q1", 0)))
                .isInstanceOf(StateStoreException.class).hasMessageContaining("'s1' is not stored");
    }

    @Test
    void should_store_a_new_session_under_the_id_of_a_deleted_one_with_none_of_its_data() {
        fillSession("s1");
        store.deleteSession("s1");

        SessionRecord again = store.saveSession(session("s1", T0.plusSeconds(5)));
        store.appendEvent(event("s1", "again", 1));

        assertThat(again.version()).isEqualTo(1);
        assertThat(store.session("s1")).contains(again);
        assertThat(store.events("s1")).containsExactly(event("s1", "again", 1));
        assertThat(store.iterations("s1")).isEmpty();
        assertThat(store.plans("s1")).isEmpty();
        assertThat(store.snapshots("s1")).isEmpty();
        assertThat(store.lease("s1")).isEmpty();
        assertThat(store.acquireLease("s1", "new owner", LEASE, false).token()).isEqualTo(1);
    }

    @Test
    void should_refuse_to_delete_a_session_another_holds_unless_forced() {
        fillSession("s1");
        SessionLease held = store.acquireLease("s1", "worker (pid 9 on host-b)", LEASE, false);
        Map<String, Object> before = contents("s1");

        assertThatThrownBy(() -> openStore().deleteSession("s1"))
                .isInstanceOfSatisfying(SessionOwnedException.class, e -> {
                    assertThat(e.owner()).isEqualTo("worker (pid 9 on host-b)");
                    assertThat(e.expiresAt()).isEqualTo(held.expiresAt());
                })
                .hasMessageContaining("'s1' is held by worker (pid 9 on host-b) until " + held.expiresAt());
        SessionLease stale = new SessionLease("s1", "old", held.token() + 7, held.expiresAt());
        assertThatThrownBy(() -> store.withLease(stale).deleteSession("s1"))
                .isInstanceOf(SessionOwnedException.class);
        assertThat(contents("s1")).as("nothing deleted").isEqualTo(before);
        assertThat(store.lease("s1")).contains(held);

        assertThat(openStore().deleteSession("s1", true)).isTrue();

        assertThat(contents("s1")).isEqualTo(contents("never stored"));
        assertThatThrownBy(() -> store.withLease(held).saveResult("s1", "run-1", result("q9", 0)))
                .as("the holder's next write").isInstanceOf(StateStoreException.class);
        assertThat(store.results("s1", "run-1")).isEmpty();
    }

    @Test
    void should_let_the_holder_of_the_lease_delete_its_session() {
        fillSession("s1");
        SessionLease held = store.acquireLease("s1", "worker", LEASE, false);

        assertThat(store.withLease(held).deleteSession("s1")).isTrue();

        assertThat(store.session("s1")).isEmpty();
        assertThat(store.lease("s1")).isEmpty();
    }

    /** Stores a session with one value of every kind under it, a result in run {@code run-1}. */
    private SessionRecord fillSession(String id) {
        SessionRecord created = store.saveSession(session(id, T0));
        for (Runnable write : everyWrite(store, created, id).values()) {
            write.run();
        }
        store.saveResult(id, "run-1", result("q1", 0));
        return store.session(id).orElseThrow();
    }

    /** Tries every kind of write through {@code writer} and expects each refused, with nothing stored. */
    private void refusesEveryWrite(StateStore writer, SessionRecord session, String message) {
        Map<String, Object> before = contents(session.id());
        for (Map.Entry<String, Runnable> write : everyWrite(writer, session, "refused").entrySet()) {
            assertThatThrownBy(write.getValue()::run).as(write.getKey())
                    .isInstanceOf(SessionOwnedException.class).hasMessageContaining(message);
        }
        assertThat(contents(session.id())).isEqualTo(before);
    }

    /** One write of each kind to the session, its content marked with {@code tag}. */
    private static Map<String, Runnable> everyWrite(StateStore writer, SessionRecord session, String tag) {
        String id = session.id();
        Map<String, Runnable> writes = new LinkedHashMap<>();
        writes.put("result", () -> writer.saveResult(id, "i1-baseline", result(tag, 0)));
        writes.put("report", () -> writer.saveReport(id, report("i1-baseline", tag.length())));
        writes.put("plan", () -> writer.savePlan(id, planWithEveryFixKind("i1-plan", tag)));
        writes.put("iteration", () -> writer.saveIteration(new IterationRecord(id, 1, tag, Optional.empty(),
                Optional.empty(), Optional.empty(), 0.349, Optional.empty(), Optional.empty(), T0)));
        writes.put("snapshot", () -> writer.saveSnapshot(snapshot("snap-" + tag, id, T0)));
        writes.put("event", () -> writer.appendEvent(event(id, tag, 1)));
        writes.put("session", () -> writer.saveSession(session.advance(SessionStage.PLANNED, 1, T0)));
        return writes;
    }

    /** Everything stored under a session, to compare before and after refused writes. */
    private Map<String, Object> contents(String sessionId) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("session", store.session(sessionId));
        all.put("iterations", store.iterations(sessionId));
        all.put("results", store.results(sessionId, "i1-baseline"));
        all.put("reports", store.reports(sessionId));
        all.put("plans", store.plans(sessionId));
        all.put("snapshots", store.snapshots(sessionId));
        all.put("events", store.events(sessionId));
        return all;
    }

    /** Advances a session by one iteration, re-reading and retrying on conflicts; returns the version won. */
    private long advanceWithRetry(String sessionId) {
        while (true) {
            SessionRecord current = store.session(sessionId).orElseThrow();
            try {
                return store.saveSession(current.advance(SessionStage.SCORED, current.iteration() + 1, T0)).version();
            } catch (StateConflictException e) {
                // Another writer advanced it first: read again and retry, as a real caller would.
            }
        }
    }
}
