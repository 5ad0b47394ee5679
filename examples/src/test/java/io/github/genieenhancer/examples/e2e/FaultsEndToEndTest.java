package io.github.genieenhancer.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.IncompleteScoreException;
import io.github.genieenhancer.core.Sleeper;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.fix.ApplyResult;
import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.fix.RejectedFix;
import io.github.genieenhancer.core.progress.ProgressEvent;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.progress.Stage;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.core.space.SnippetKind;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.state.IterationRecord;
import io.github.genieenhancer.core.state.SessionStage;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.enhancement.EnhancementResult;
import io.github.genieenhancer.enhancement.EnhancementSession;
import io.github.genieenhancer.enhancement.IterationResult;
import io.github.genieenhancer.enhancement.StopReason;
import io.github.genieenhancer.genie.GenieClient;
import io.github.genieenhancer.genie.RetryPolicy;
import io.github.genieenhancer.genie.Space;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.testkit.Endpoint;
import io.github.genieenhancer.testkit.Faults;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each fault the local workspace can inject, survived by the whole loop with nothing lost. Every test runs the
 * loop on its own copy of the sample space and then checks the same two things: the space's configuration, looked
 * at on every progress event, was only ever a configuration the session stored as a snapshot, or the result of
 * one of its updates (or a colleague's edit the test made), never something in between; and the session's state
 * is complete: finished, every iteration recorded, and every benchmark with one result, with a verdict and a
 * reason, in every scoring run, a question that failed included.
 *
 * <p>Long waits (backoffs, {@code Retry-After}) of the Genie and model clients are skipped by a {@link FastForward}
 * clock, which the workspace's rate-limit window also runs on; the session's own space and SQL clients wait for
 * real, so the faults aimed at them are few.
 */
class FaultsEndToEndTest {
    private static final String CONFIGURATION_ERROR = "CONTEXT_EXCEEDED_EXCEPTION";
    private static final String TRANSIENT_ERROR = "REPLY_PROCESS_TIMEOUT_EXCEPTION";

    private static final FastForward TIME = new FastForward();
    private static LocalWorkspace workspace;
    private static Faults faults;
    private static SpaceApi spaces;
    private static BenchmarkSet benchmarks;

    private final StateStore store = StateStore.inMemory();
    private final List<SpaceConfig> colleagueEdits = new CopyOnWriteArrayList<>();
    private String space;
    private SpaceConfig original;
    private SpaceWatcher watcher;

    @BeforeAll
    static void start() {
        workspace = LocalStack.start(TIME);
        faults = workspace.faults();
        spaces = SpaceApi.create(workspace.workspaceClient());
        // Nineteen questions: six the sample space answers, thirteen that need fixes of eight kinds (no join removal).
        benchmarks = workspace.sampleBenchmarks().filter("faults", b -> b.id().compareTo("b20") <= 0
                && !b.id().equals("b17"));
    }

    @AfterAll
    static void stop() {
        workspace.close();
    }

    @BeforeEach
    void newSpace() {
        space = LocalStack.sampleSpace(workspace, "Faults");
        original = workspace.spaceConfig(space).orElseThrow();
        watcher = new SpaceWatcher(workspace, space);
        TIME.clearWaits();
    }

    @AfterEach
    void clearFaults() {
        faults.reset();
    }

    /** A session on the test's space; the watcher hears every event first, then the given listeners. */
    private EnhancementSession.Builder session(ProgressListener... more) {
        return LocalStack.session(workspace, space, store, ProgressListener.of(watcher, ProgressListener.of(more)),
                TIME).benchmarks(benchmarks);
    }

    /** A colleague edits the space; the test remembers the configuration the edit made. */
    private void colleagueEdits(UnaryOperator<SpaceConfig> edit) {
        faults.editSpaceUnderneath(space, tree -> edit.apply(SpaceConfig.parse(tree.toString())).toTree());
        colleagueEdits.add(workspace.spaceConfig(space).orElseThrow());
        watcher.look();
    }

    @Test
    void latencyAndJitterOnEveryCall() {
        faults.latency(Duration.ofMillis(2), Duration.ofMillis(6));

        EnhancementResult result = session().build().run();

        assertReachedTheTargetAsWithoutFaults(result);
        assertNothingLost(result);
    }

    @Test
    void tooManyRequestsAreRetriedAfterTheWaitTheServerNames() {
        faults.tooManyRequests(Endpoint.START_CONVERSATION, 3, Duration.ofSeconds(7))
                .tooManyRequests(Endpoint.GET_MESSAGE, 3, Duration.ofSeconds(5))
                .tooManyRequests(Endpoint.QUERY_RESULT, 2, Duration.ofSeconds(4))
                .tooManyRequests(Endpoint.SERVING_ENDPOINT, 2, Duration.ofSeconds(3))
                .tooManyRequests(Endpoint.STATEMENTS, 2, Duration.ZERO);
        // The update itself is refused twice: the applier stores its snapshot between reading and writing.
        StateStore hooked = StoreHooks.beforeEachSnapshot(store,
                () -> faults.tooManyRequests(Endpoint.SPACES, 2, Duration.ZERO));

        EnhancementResult result = session().stateStore(hooked).build().run();

        assertReachedTheTargetAsWithoutFaults(result);
        assertNothingLost(result);
        // Every other call waits the whole seconds the server named before its own retry. A refused start instead
        // pauses the pace for every start until the named 7 s have passed: each start waits what is left of the
        // pause as the clock tells it, never more than the pause and its place in the pace.
        List<Duration> retryWaits = TIME.skippedWaits().stream().filter(w -> w.getNano() == 0).toList();
        List<Duration> paceWaits = TIME.skippedWaits().stream().filter(w -> w.getNano() != 0).toList();
        assertThat(retryWaits).containsExactlyInAnyOrder(seconds(5), seconds(5), seconds(5), seconds(4), seconds(4),
                seconds(3), seconds(3));
        assertThat(paceWaits).isNotEmpty()
                .allSatisfy(w -> assertThat(w).isPositive().isLessThan(seconds(7).plusMillis(100)));
    }

    @Test
    void serverErrorBurstsAreRetried() {
        faults.serverErrors(Endpoint.START_CONVERSATION, 3, 500)
                .serverErrors(Endpoint.GET_MESSAGE, 3, 503)
                .serverErrors(Endpoint.QUERY_RESULT, 2, 502)
                .serverErrors(Endpoint.SERVING_ENDPOINT, 2, 504)
                .serverErrors(Endpoint.STATEMENTS, 1, 500);
        StateStore hooked = StoreHooks.beforeEachSnapshot(store, () -> faults.serverErrors(Endpoint.SPACES, 1, 503));

        EnhancementResult result = session().stateStore(hooked).build().run();

        assertReachedTheTargetAsWithoutFaults(result);
        assertNothingLost(result);
        // One backoff per refused Genie and model call (the session's space and SQL clients wait for real).
        assertThat(TIME.skippedWaits()).hasSize(10);
    }

    @Test
    void aBurstOutlastingTheRetriesIsAskedAgainAndCounted() {
        faults.serverErrors(Endpoint.START_CONVERSATION, 40, 500);

        EnhancementResult result = session().build().run();

        assertReachedTheTargetAsWithoutFaults(result);
        assertNothingLost(result);
        assertThat(result.iterations().get(0).baseline().results()).anySatisfy(r ->
                assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("ASKED_AGAIN: asked ")
                        .contains("INTERNAL_ERROR")));
    }

    @Test
    void aBurstOutlastingTheAsksAgainLeavesAnIncompleteScoreThatSaysWhyDecidesNothingAndResumes() {
        faults.serverErrors(Endpoint.START_CONVERSATION, 40, 500);
        GenieClient askingOnce = LocalStack.genie(workspace.workspaceClient(), TIME)
                .reaskPolicy(RetryPolicy.none()).build();
        EnhancementSession session = session().genie(askingOnce).build();
        long modelCalls = workspace.requestCount(Endpoint.SERVING_ENDPOINT);

        assertThatThrownBy(session::run).isInstanceOf(IncompleteScoreException.class)
                .hasMessageContaining("Score run i1-baseline").hasMessageContaining("INFRASTRUCTURE");

        assertThat(session.stage()).isEqualTo(SessionStage.CREATED);
        assertThat(workspace.requestCount(Endpoint.SERVING_ENDPOINT)).as("nothing planned").isEqualTo(modelCalls);
        assertThat(spaces.get(space).config()).isEqualTo(original);
        List<QuestionResult> excluded = store.results(session.id(), "i1-baseline").stream()
                .filter(r -> r.verdict() == Verdict.EXCLUDED).toList();
        assertThat(excluded).hasSizeGreaterThan(benchmarks.size() / 10).allSatisfy(r -> {
            assertThat(r.reason()).isEqualTo(ReasonCode.INFRASTRUCTURE);
            assertThat(r.explanation()).contains("HTTP 500", "after 4 attempts");
        });
        long asked = workspace.requestCount(Endpoint.START_CONVERSATION);

        EnhancementResult result = session.run();

        assertReachedTheTargetAsWithoutFaults(result);
        assertNothingLost(result);
        // Resumed: only the excluded questions were asked again, then the validation asked every one.
        assertThat(workspace.requestCount(Endpoint.START_CONVERSATION) - asked)
                .isEqualTo(excluded.size() + benchmarks.size());
    }

    @Test
    void failedMessagesAreResultsWithTheirError() {
        faults.failMessages(3, CONFIGURATION_ERROR);
        ProgressListener transientFailuresWhileValidating = event -> {
            if (event instanceof ProgressEvent.StageStarted s && s.stage() == Stage.VALIDATE) {
                faults.failMessages(2, TRANSIENT_ERROR);
            }
        };

        EnhancementResult result = session(transientFailuresWhileValidating).build().run();

        assertNothingLost(result);
        IterationResult first = result.iterations().get(0);
        assertThat(first.baseline().results()).filteredOn(r -> r.verdict() == Verdict.ERROR).hasSize(3)
                .allSatisfy(r -> {
                    assertThat(r.reason()).isEqualTo(ReasonCode.GENIE_FAILED);
                    assertThat(r.explanation()).contains(CONFIGURATION_ERROR);
                });
        // The transient failures were asked again, and answered: nothing left the denominator.
        assertThat(first.validation().orElseThrow().results()).noneMatch(r -> r.verdict() == Verdict.EXCLUDED)
                .filteredOn(r -> !r.notes().isEmpty()).hasSize(2).allSatisfy(r -> assertThat(r.notes())
                        .contains("ASKED_AGAIN: asked 2 times; earlier asks failed with " + TRANSIENT_ERROR));
        assertThat(result.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
    }

    @Test
    void aValidationThatFailsRollsTheUpdateBackToTheSnapshot() {
        ProgressListener everyValidationAnswerFails = event -> {
            if (event instanceof ProgressEvent.StageStarted s && s.stage() == Stage.VALIDATE) {
                faults.failMessages(benchmarks.size(), CONFIGURATION_ERROR);
            }
        };

        EnhancementResult result = session(everyValidationAnswerFails).build().run();

        assertNothingLost(result);
        assertThat(result.stopReason()).isEqualTo(StopReason.NO_GAIN);
        IterationResult only = result.iterations().get(0);
        assertThat(only.kept()).isFalse();
        assertThat(only.validation().orElseThrow().results()).allSatisfy(r ->
                assertThat(r.verdict()).isEqualTo(Verdict.ERROR));
        SpaceConfig applied = watcher.configurationsSeen().get(1);
        assertThat(watcher.configurationsSeen()).containsExactly(original, applied, original);
        // The rollback kept the update it undid as a snapshot of its own.
        assertThat(store.snapshots(result.sessionId())).extracting(s -> SpaceConfig.parse(s.serializedSpace()))
                .containsExactly(original, applied);
        assertThat(store.events(result.sessionId())).anySatisfy(e -> assertThat(e.type()).isEqualTo("rolled_back"));
    }

    @Test
    void expiredResultsAreRunAgain() {
        ResultCallGuard guard = new ResultCallGuard(workspace);
        // After each poll wait, right before the poll, every result produced so far expires: answers are found
        // QUERY_RESULT_EXPIRED, or expire between the poll that saw them COMPLETED and the fetch.
        Sleeper expiring = wait -> {
            TIME.sleep(wait);
            guard.whenNoResultCallIsOpen(faults::expireResults);
        };

        EnhancementResult result = session().workspace(guard.workspaceClient())
                .genie(LocalStack.genie(guard.workspaceClient(), expiring).build()).build().run();

        assertReachedTheTargetAsWithoutFaults(result);
        assertNothingLost(result);
        assertThat(guard.reExecutions()).as("answers run again").isGreaterThanOrEqualTo(benchmarks.size());
    }

    @Test
    void theStartConversationRateLimitIsKept() {
        int perMinute = 8;
        faults.rateLimitStartConversation(perMinute);
        GenieClient limited = LocalStack.genie(workspace.workspaceClient(), TIME).questionsPerMinute(perMinute)
                .clock(TIME).build();
        Instant started = TIME.instant();

        EnhancementResult result = session().genie(limited).build().run();

        assertReachedTheTargetAsWithoutFaults(result);
        assertNothingLost(result);
        // Two scoring runs at eight questions a minute take minutes of the workspace's clock, not of the test's.
        assertThat(Duration.between(started, TIME.instant()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(60L * (2 * benchmarks.size() - perMinute) / perMinute));
    }

    @Test
    void aSpaceEditedUnderneathIsBuiltOnNeverOverwritten() {
        AtomicInteger scoreRuns = new AtomicInteger();
        ProgressListener colleague = event -> {
            if (event instanceof ProgressEvent.StageStarted s && s.stage() == Stage.SCORE
                    && scoreRuns.incrementAndGet() == 1) {
                // While the baseline is scored, right after the scorer next reads the space: a note Genie ignores.
                // Tied to a read, not to a number of answers, so some answers are always given after the edit.
                faults.editSpaceAfterNextRead(space, tree -> SpaceConfig.parse(tree.toString())
                        .withInstructionTextAppended("Colleague's note: reviewed every quarter.").toTree());
            } else if (event instanceof ProgressEvent.StageStarted s && s.stage() == Stage.APPLY) {
                // After the plan: the colleague removes the misleading filter the plan also removes.
                colleagueEdits(c -> c.withoutSnippetsNamed(SnippetKind.FILTER, "active customers"));
            }
        };

        EnhancementSession session = session(colleague).build();

        // The baseline's answers span two versions of the space: nothing is decided on it...
        assertThatThrownBy(session::run).isInstanceOf(IncompleteScoreException.class)
                .hasMessageContaining("the space was edited while it was scored");
        assertThat(session.stage()).isEqualTo(SessionStage.CREATED);
        colleagueEdits.add(workspace.spaceConfig(space).orElseThrow());
        watcher.look();
        ScoreReport mixed = store.report(session.id(), "i1-baseline").orElseThrow();
        assertThat(mixed.spaceVersions()).containsExactly(original.fingerprint(),
                colleagueEdits.get(0).fingerprint());
        // ...until running again asks against the edited version what was answered against the other.
        EnhancementResult result = session.run();

        assertThat(result.iterations().get(0).baseline().spaceVersions())
                .containsExactly(colleagueEdits.get(0).fingerprint());
        assertNothingLost(result);
        assertThat(colleagueEdits).hasSize(2);
        IterationResult first = result.iterations().get(0);
        Fix filterRemoval = new Fix.SqlSnippetDelete(SnippetKind.FILTER, "active customers");
        assertThat(first.plan().orElseThrow().fixes()).extracting(PlannedFix::fix).contains(filterRemoval);
        ApplyResult applied = first.applied().orElseThrow();
        assertThat(applied.rejected()).singleElement().satisfies(r -> {
            assertThat(r.fix().fix()).isEqualTo(filterRemoval);
            assertThat(r.reason()).contains("active customers");
        });
        assertThat(store.snapshot(applied.snapshotId()).map(s -> SpaceConfig.parse(s.serializedSpace())))
                .contains(colleagueEdits.get(1));
        SpaceConfig live = spaces.get(space).config();
        assertThat(watcher.configurationsSeen()).containsExactly(original, colleagueEdits.get(0),
                colleagueEdits.get(1), live);
        assertThat(live.instructionText()).contains("Colleague's note");
        assertThat(result.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
        assertThat(watcher.events(ProgressEvent.FixRejected.class)).extracting(e -> e.rejected().fix().fix())
                .contains(filterRemoval);
    }

    private static Duration seconds(long n) {
        return Duration.ofSeconds(n);
    }

    /** One iteration, every question right afterwards, as the loop does on this set when nothing goes wrong. */
    private static void assertReachedTheTargetAsWithoutFaults(EnhancementResult result) {
        assertThat(result.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
        assertThat(result.iterations()).singleElement().satisfies(i -> {
            assertThat(i.baseline().results()).noneMatch(r -> r.verdict() == Verdict.EXCLUDED
                    || r.verdict() == Verdict.ERROR);
            assertThat(i.before().tuning()).isEqualTo(6.0 / benchmarks.size());
            assertThat(i.validation().orElseThrow().results()).allSatisfy(r ->
                    assertThat(r.verdict()).isEqualTo(Verdict.CORRECT));
            assertThat(i.applied().orElseThrow().rejected()).isEmpty();
        });
    }

    /**
     * The space was only ever the original, a colleague's edit, a stored snapshot or the result of an update the
     * session recorded; and the session's state is complete.
     */
    private void assertNothingLost(EnhancementResult result) {
        String id = result.sessionId();
        List<ApplyResult> updates = result.iterations().stream().flatMap(i -> i.applied().stream())
                .filter(a -> !a.applied().isEmpty()).toList();
        List<SpaceConfig> snapshots = store.snapshots(id).stream()
                .map(s -> SpaceConfig.parse(s.serializedSpace())).toList();
        Space live = spaces.get(space);
        List<SpaceConfig> seen = watcher.configurationsSeen();
        assertThat(seen.get(0)).isEqualTo(original);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(live.config());
        for (SpaceConfig config : seen) {
            boolean known = config.equals(original) || colleagueEdits.contains(config) || snapshots.contains(config)
                    || updates.stream().anyMatch(a -> isTheResultOf(a, config));
            assertThat(known).as("a configuration the space had that no snapshot or update explains:\n%s",
                    original.diffTo(config).describe()).isTrue();
        }
        for (ApplyResult update : updates) {
            assertThat(seen).as("the result of update %s", update.snapshotId())
                    .anyMatch(config -> isTheResultOf(update, config));
        }
        IterationResult last = result.iterations().get(result.iterations().size() - 1);
        if (last.kept() && last.applied().isPresent()) {
            assertThat(live.etag()).as("no write after the last update").isEqualTo(last.applied().get().etag());
        }

        assertThat(store.session(id)).hasValueSatisfying(s -> {
            assertThat(s.stage()).isEqualTo(SessionStage.FINISHED);
            assertThat(EnhancementSession.history(store, id).stopReason()).contains(result.stopReason());
        });
        List<String> benchmarkIds = benchmarks.benchmarks().stream().map(Benchmark::id).toList();
        List<String> runs = new ArrayList<>();
        for (IterationRecord i : store.iterations(id)) {
            runs.add(i.baselineRunId());
            i.validationRunId().ifPresent(runs::add);
            if (i.planId().flatMap(p -> store.plan(id, p)).filter(p -> !p.isEmpty()).isPresent()) {
                assertThat(i.snapshotId()).isPresent();
                assertThat(i.validationRunId()).isPresent();
                assertThat(i.kept()).isPresent();
            }
        }
        for (String run : runs) {
            assertThat(store.report(id, run)).as("report of %s", run).isPresent();
            assertThat(store.results(id, run)).as("results of %s", run).allSatisfy(r -> {
                assertThat(r.verdict()).isNotNull();
                assertThat(r.reason()).isNotNull();
                if (!r.isCorrect()) {
                    assertThat(r.explanation()).isNotBlank();
                }
            }).extracting(QuestionResult::benchmarkId).containsExactlyInAnyOrderElementsOf(benchmarkIds);
        }
        assertThat(result.iterations()).allSatisfy(i -> assertThat(i.plan()).isPresent());
        for (IterationResult i : result.iterations()) {
            i.plan().ifPresent(p -> assertThat(p.rejected()).extracting(RejectedFix::reason)
                    .allSatisfy(reason -> assertThat(reason).isNotBlank()));
        }
    }

    /** Whether the configuration is exactly what the update made: its snapshot with the whole diff, every fix in. */
    private boolean isTheResultOf(ApplyResult update, SpaceConfig config) {
        Optional<SpaceConfig> before = store.snapshot(update.snapshotId())
                .map(s -> SpaceConfig.parse(s.serializedSpace()));
        return before.isPresent() && before.get().diffTo(config).equals(update.diff())
                && update.applied().stream().allMatch(f -> FixEffects.visibleIn(config, f.fix()));
    }
}
