package io.github.genieenhancer.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.genieenhancer.core.StateStoreException;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.state.SessionStage;
import io.github.genieenhancer.core.state.StateEvent;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.enhancement.ApplyMode;
import io.github.genieenhancer.enhancement.EnhancementResult;
import io.github.genieenhancer.enhancement.EnhancementSession;
import io.github.genieenhancer.enhancement.IterationResult;
import io.github.genieenhancer.enhancement.StopReason;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.testkit.Endpoint;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A session killed at every boundary between two stages, then resumed by a new session object on the same state
 * directory, with new clients, as a restarted process would: it must end where an uninterrupted session ends, having
 * asked Genie no answered question again, called the model for no plan it already had, and written the space once.
 *
 * <p>The benchmarks are nine sample questions that need fixes of several categories, one the sample space already
 * answers, and one no configuration can fix (a median, which the local Genie cannot compute), so the loop runs two
 * iterations: the first fixes what it can, the second plans nothing and stops ({@code NO_FIXES}). That gives seven
 * boundaries, each the moment the session record reaches a stage.
 */
class ResumeEndToEndTest {
    private static final Set<String> SAMPLE_IDS = Set.of("b01", "b02", "b08", "b11", "b12", "b15", "b28", "b32",
            "b35");
    private static final Benchmark UNFIXABLE = Benchmark.of("x01", "What is the median list price of products?",
            "SELECT MEDIAN(list_price) FROM retail.sales.products");

    private static final FastForward TIME = new FastForward();
    private static LocalWorkspace workspace;
    private static BenchmarkSet benchmarks;
    private static Uninterrupted uninterrupted;

    @TempDir
    Path stateDirectory;

    /** Where the first process dies: right after the session record reaches the stage in the iteration. */
    enum Boundary {
        AFTER_SCORE(SessionStage.SCORED, 1),
        AFTER_PLAN(SessionStage.PLANNED, 1),
        AFTER_APPLY(SessionStage.APPLIED, 1),
        AFTER_VALIDATE(SessionStage.VALIDATED, 1),
        AFTER_NEXT_ITERATION_STARTED(SessionStage.SCORED, 2),
        AFTER_EMPTY_PLAN(SessionStage.PLANNED, 2),
        AFTER_FINISH(SessionStage.FINISHED, 2);

        final SessionStage stage;
        final int iteration;

        Boundary(SessionStage stage, int iteration) {
            this.stage = stage;
            this.iteration = iteration;
        }
    }

    /** What the session does when nothing kills it. */
    private record Uninterrupted(EnhancementResult result, SpaceConfig finalConfig, long questions, long llmCalls) {
    }

    @BeforeAll
    static void start() {
        workspace = LocalStack.start();
        List<Benchmark> chosen = new ArrayList<>(workspace.sampleBenchmarks().filter("resume",
                b -> SAMPLE_IDS.contains(b.id())).benchmarks());
        chosen.add(UNFIXABLE);
        benchmarks = BenchmarkSet.of("resume", chosen);

        String space = LocalStack.sampleSpace(workspace, "Uninterrupted");
        long questions = asked();
        long llmCalls = llmCalls();
        EnhancementResult result = session(space, StateStore.inMemory(), new SpaceWatcher(workspace, space)).build()
                .run();
        uninterrupted = new Uninterrupted(result, workspace.spaceConfig(space).orElseThrow(), asked() - questions,
                llmCalls() - llmCalls);
    }

    @AfterAll
    static void stop() {
        workspace.close();
    }

    private static EnhancementSession.Builder session(String space, StateStore store, SpaceWatcher watcher) {
        return LocalStack.session(workspace, space, store, watcher, TIME).benchmarks(benchmarks).targetAccuracy(1.0);
    }

    private static long asked() {
        return workspace.requestCount(Endpoint.START_CONVERSATION);
    }

    private static long llmCalls() {
        return workspace.requestCount(Endpoint.SERVING_ENDPOINT);
    }

    @Test
    void withoutAKillTheLoopFixesWhatItCanThenPlansNothing() {
        EnhancementResult result = uninterrupted.result();
        assertThat(result.stopReason()).isEqualTo(StopReason.NO_FIXES);
        assertThat(result.iterations()).hasSize(2);
        IterationResult first = result.iterations().get(0);
        assertThat(first.plan().orElseThrow().fixes()).hasSizeGreaterThan(5);
        assertThat(first.kept()).isTrue();
        assertThat(first.validation().orElseThrow().failures()).extracting(QuestionResult::benchmarkId)
                .containsExactly(UNFIXABLE.id());
        IterationResult second = result.iterations().get(1);
        assertThat(second.baseline().runId()).isEqualTo("i1-validation");
        assertThat(second.plan().orElseThrow().fixes()).isEmpty();
        assertThat(second.validation()).isEmpty();
        // Every question asked once per scoring run, and two runs in all.
        assertThat(uninterrupted.questions()).isEqualTo(2L * benchmarks.size());
        assertThat(uninterrupted.llmCalls()).isPositive();
    }

    @ParameterizedTest
    @EnumSource(Boundary.class)
    void aSessionKilledBetweenTwoStagesResumesToTheSameEndWithoutDoingAnythingTwice(Boundary boundary) {
        String space = LocalStack.sampleSpace(workspace, "Killed " + boundary);
        SpaceWatcher watcher = new SpaceWatcher(workspace, space);
        SpaceConfig original = workspace.spaceConfig(space).orElseThrow();
        long questionsBefore = asked();
        long llmCallsBefore = llmCalls();

        KillSwitchStore dying = new KillSwitchStore(StateStore.directory(stateDirectory), boundary.stage,
                boundary.iteration);
        EnhancementSession first = session(space, dying.store(), watcher).build();
        assertThatThrownBy(first::run).isInstanceOf(StateStoreException.class).hasMessageContaining("killed");
        assertThat(dying.killed()).isTrue();
        long questionsOfTheKilled = asked() - questionsBefore;
        long llmCallsOfTheKilled = llmCalls() - llmCallsBefore;

        // A new process: the directory opened again, new clients, the session rebuilt from what was stored.
        StateStore store = StateStore.directory(stateDirectory);
        assertThat(store.session(first.id())).hasValueSatisfying(s -> {
            assertThat(s.stage()).isEqualTo(boundary.stage);
            assertThat(s.iteration()).isEqualTo(boundary.iteration);
        });
        // The killed process's claim has not expired: the new one takes it over.
        EnhancementSession resumed = LocalStack.resumable(workspace, store, watcher, TIME).takeOver(true)
                .resume(first.id());
        assertThat(resumed.stage()).isEqualTo(boundary.stage);
        EnhancementResult result = resumed.run();

        // The same end as without the kill.
        assertThat(result.stopReason()).isEqualTo(uninterrupted.result().stopReason());
        assertThat(result.iterations()).hasSameSizeAs(uninterrupted.result().iterations());
        assertThat(verdicts(result)).isEqualTo(verdicts(uninterrupted.result()));
        SpaceConfig live = SpaceApi.create(workspace.workspaceClient()).get(space).config();
        assertThat(live).isEqualTo(uninterrupted.finalConfig());

        // Nothing done twice: each question asked once per run, each plan made once, the space written once.
        assertThat(asked() - questionsBefore).isEqualTo(uninterrupted.questions());
        assertThat(llmCalls() - llmCallsBefore).isEqualTo(uninterrupted.llmCalls());
        assertThat(asked() - questionsBefore - questionsOfTheKilled)
                .as("questions the resumed session asked").isEqualTo(uninterrupted.questions() - questionsOfTheKilled);
        assertThat(llmCallsOfTheKilled + (llmCalls() - llmCallsBefore - llmCallsOfTheKilled))
                .isEqualTo(uninterrupted.llmCalls());
        assertThat(watcher.configurationsSeen()).containsExactly(original, live);
        assertThat(store.snapshots(first.id())).singleElement()
                .satisfies(s -> assertThat(SpaceConfig.parse(s.serializedSpace())).isEqualTo(original));
        assertThat(eventTypes(store, first.id())).containsExactly("apply_started", "applied");
        assertThat(SpaceApi.create(workspace.workspaceClient()).get(space).etag())
                .isEqualTo(result.iterations().get(0).applied().orElseThrow().etag());

        // The state is complete.
        assertThat(store.session(first.id())).hasValueSatisfying(s -> {
            assertThat(s.stage()).isEqualTo(SessionStage.FINISHED);
            assertThat(EnhancementSession.history(store, first.id()).stopReason()).contains(StopReason.NO_FIXES);
        });
        assertThat(store.iterations(first.id())).hasSize(2);
        assertThat(store.plans(first.id())).extracting(p -> p.planId()).containsExactly("i1-plan", "i2-plan");
        assertThat(store.reports(first.id())).extracting(ScoreReport::runId)
                .containsExactly("i1-baseline", "i1-validation");
        for (String run : List.of("i1-baseline", "i1-validation")) {
            assertThat(store.results(first.id(), run)).extracting(QuestionResult::benchmarkId)
                    .containsExactlyInAnyOrderElementsOf(ids(benchmarks));
        }
    }

    /**
     * A dry run killed after its plan: resumed, it previews the stored plan and stops, as it would have without
     * the kill, instead of applying (which a dry run never does) for ever.
     */
    @Test
    void aDryRunKilledAfterItsPlanResumesToItsPreview() {
        String space = LocalStack.sampleSpace(workspace, "Dry run killed");
        SpaceWatcher watcher = new SpaceWatcher(workspace, space);
        KillSwitchStore dying = new KillSwitchStore(StateStore.directory(stateDirectory), SessionStage.PLANNED, 1);
        EnhancementSession first = session(space, dying.store(), watcher).applyMode(ApplyMode.DRY_RUN).build();
        assertThatThrownBy(first::run).isInstanceOf(StateStoreException.class);
        long questionsBefore = asked();
        long llmCallsBefore = llmCalls();

        StateStore store = StateStore.directory(stateDirectory);
        EnhancementResult result = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> LocalStack.resumable(workspace, store, watcher, TIME).takeOver(true).resume(first.id()).run());

        assertThat(result.stopReason()).isEqualTo(StopReason.DRY_RUN);
        IterationResult only = result.iterations().get(0);
        assertThat(only.applied()).hasValueSatisfying(preview ->
                assertThat(preview.applied()).isEqualTo(only.plan().orElseThrow().fixes()));
        assertThat(asked()).isEqualTo(questionsBefore);
        assertThat(llmCalls()).isEqualTo(llmCallsBefore);
        assertThat(watcher.configurationsSeen()).hasSize(1);
        assertThat(store.snapshots(first.id())).isEmpty();
    }

    private static Map<String, Map<String, Verdict>> verdicts(EnhancementResult result) {
        return result.runs().stream().collect(Collectors.toMap(ScoreReport::runId, r -> r.results().stream()
                .collect(Collectors.toMap(QuestionResult::benchmarkId, QuestionResult::verdict))));
    }

    private static List<String> eventTypes(StateStore store, String sessionId) {
        return store.events(sessionId).stream().map(StateEvent::type)
                .filter(t -> t.startsWith("appl")).toList();
    }

    private static List<String> ids(BenchmarkSet set) {
        return set.benchmarks().stream().map(Benchmark::id).toList();
    }
}
