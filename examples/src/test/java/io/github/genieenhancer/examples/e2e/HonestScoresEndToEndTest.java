package io.github.genieenhancer.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.IncompleteScoreException;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.progress.ProgressEvent;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.progress.Stage;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.state.SessionStage;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.enhancement.EnhancementResult;
import io.github.genieenhancer.enhancement.EnhancementSession;
import io.github.genieenhancer.enhancement.IterationResult;
import io.github.genieenhancer.enhancement.StopReason;
import io.github.genieenhancer.genie.BatchGenieClient;
import io.github.genieenhancer.genie.GenieClient;
import io.github.genieenhancer.genie.RetryPolicy;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.genie.SqlExecutor;
import io.github.genieenhancer.scoring.BatchScorer;
import io.github.genieenhancer.scoring.ScoringOptions;
import io.github.genieenhancer.testkit.Endpoint;
import io.github.genieenhancer.testkit.Faults;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reproductions of "honest accuracy, honest stop" on the whole product, the 42 sample benchmarks and the
 * faults a real workspace produces: rate-limited answers, a validation mostly excluded, every Genie answer failing,
 * a Genie slower than the deadline. No decision (keep, roll back, target, the end of the loop) is taken on a score
 * with too few questions counted; the session says why and continues the score when run again.
 */
class HonestScoresEndToEndTest {
    private static final String RATE_LIMITED = "RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION";
    private static final Pattern ASKED = Pattern.compile("ASKED_AGAIN: asked (\\d+) times");

    private static final FastForward TIME = new FastForward();
    private static LocalWorkspace workspace;
    private static Faults faults;
    private static BenchmarkSet benchmarks;

    private final StateStore store = StateStore.inMemory();
    private String space;
    private SpaceConfig original;

    @BeforeAll
    static void start() {
        workspace = LocalStack.start(TIME);
        faults = workspace.faults();
        benchmarks = workspace.sampleBenchmarks();
    }

    @AfterAll
    static void stop() {
        workspace.close();
    }

    @BeforeEach
    void newSpace() {
        space = LocalStack.sampleSpace(workspace, "Honest scores");
        original = workspace.spaceConfig(space).orElseThrow();
    }

    @AfterEach
    void clearFaults() {
        faults.reset();
    }

    private EnhancementSession.Builder session(ProgressListener listener) {
        return LocalStack.session(workspace, space, store, listener, TIME).benchmarks(benchmarks);
    }

    /** Makes the next {@code count} Genie answers fail when the given stage first starts. */
    private static ProgressListener failingWhen(Stage stage, int count, String errorType) {
        AtomicBoolean started = new AtomicBoolean();
        return event -> {
            if (event instanceof ProgressEvent.StageStarted s && s.stage() == stage && !started.getAndSet(true)) {
                faults.failMessages(count, errorType);
            }
        };
    }

    private static long counted(ScoreReport report) {
        return report.results().stream().filter(r -> r.verdict() != Verdict.EXCLUDED).count();
    }

    /** How many more times than once the questions of a run were asked. */
    private static int asksAgain(ScoreReport report) {
        int again = 0;
        for (QuestionResult r : report.results()) {
            for (String note : r.notes()) {
                Matcher m = ASKED.matcher(note);
                if (m.find()) {
                    again += Integer.parseInt(m.group(1)) - 1;
                }
            }
        }
        return again;
    }

    /**
     * The baseline: 39 of 42 answers rate-limited gave 0.667 on 3 questions, and a validation that was
     * really up (16 of 42 from 15) was rolled back as NO_GAIN. Asked again, every question counts.
     */
    @Test
    void aBaselineWithThirtyNineAnswersRateLimitedIsAskedAgainNotScoredOnThreeQuestions() {
        faults.failMessages(39, RATE_LIMITED);

        EnhancementResult result = session(ProgressListener.none()).build().run();

        IterationResult first = result.iterations().get(0);
        assertThat(counted(first.baseline())).isEqualTo(42);
        assertThat(first.before().tuning()).isEqualTo(15.0 / 42);
        assertThat(asksAgain(first.baseline())).isEqualTo(39);
        assertThat(first.kept()).isTrue();
        assertThat(result.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
        assertThat(counted(first.validation().orElseThrow())).isEqualTo(42);
    }

    /** When asking again cannot help (the limit outlasts it), the baseline is refused, not decided on. */
    @Test
    void aBaselineStillRateLimitedAfterTheAsksIsRefusedAndContinuedWhenRunAgain() {
        faults.failMessages(39, RATE_LIMITED);
        GenieClient askingOnce = LocalStack.genie(workspace.workspaceClient(), TIME)
                .reaskPolicy(RetryPolicy.none()).build();
        EnhancementSession session = session(ProgressListener.none()).genie(askingOnce).build();

        assertThatThrownBy(session::run).isInstanceOfSatisfying(IncompleteScoreException.class, e -> {
            assertThat(e.report().counted()).isEqualTo(3);
            assertThat(e.report().accuracy()).isNotEqualTo(15.0 / 42);
        }).hasMessageContaining("accuracy over 3 of 42 questions (coverage 7.1%, below the minimum of 90.0%)")
                .hasMessageContaining("39 INFRASTRUCTURE").hasMessageContaining(RATE_LIMITED);
        assertThat(session.stage()).isEqualTo(SessionStage.CREATED);
        assertThat(store.iterations(session.id())).isEmpty();
        assertThat(workspace.spaceConfig(space).orElseThrow()).isEqualTo(original);

        EnhancementResult result = session.run();

        assertThat(result.iterations().get(0).baseline().counted()).isEqualTo(42);
        assertThat(result.initialAccuracy().tuning()).isEqualTo(15.0 / 42);
        assertThat(result.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
    }

    /** The validation: with 36 of 42 excluded the session stopped TARGET_REACHED at 1.000 on 6 questions. */
    @Test
    void aValidationWithThirtySixAnswersExcludedDoesNotReachTheTargetOnSix() {
        EnhancementResult result = session(failingWhen(Stage.VALIDATE, 36, RATE_LIMITED)).build().run();

        IterationResult first = result.iterations().get(0);
        ScoreReport validation = first.validation().orElseThrow();
        assertThat(counted(validation)).isEqualTo(42);
        assertThat(asksAgain(validation)).isEqualTo(36);
        assertThat(result.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
    }

    /** When asking again cannot help, the validation decides nothing: no keep, no rollback, no target. */
    @Test
    void aValidationStillExcludedAfterTheAsksKeepsTheSessionAtApplied() {
        GenieClient askingOnce = LocalStack.genie(workspace.workspaceClient(), TIME)
                .reaskPolicy(RetryPolicy.none()).build();
        EnhancementSession session = session(failingWhen(Stage.VALIDATE, 36, RATE_LIMITED)).genie(askingOnce)
                .build();

        assertThatThrownBy(session::run).isInstanceOf(IncompleteScoreException.class)
                .hasMessageContaining("Score run i1-validation")
                .hasMessageContaining("accuracy over 6 of 42 questions");
        assertThat(session.stage()).isEqualTo(SessionStage.APPLIED);
        assertThat(store.iterations(session.id())).singleElement().satisfies(i -> {
            assertThat(i.kept()).isEmpty();
            assertThat(i.validationRunId()).isEmpty();
        });
        assertThat(store.events(session.id())).noneMatch(e -> e.type().equals("rolled_back"));
        SpaceConfig applied = workspace.spaceConfig(space).orElseThrow();
        assertThat(applied).isNotEqualTo(original);
        long asked = workspace.requestCount(Endpoint.START_CONVERSATION);

        EnhancementResult result = session.run();

        // Only the 36 excluded questions were asked again.
        assertThat(workspace.requestCount(Endpoint.START_CONVERSATION) - asked).isEqualTo(36);
        IterationResult first = result.iterations().get(0);
        assertThat(first.validation().orElseThrow().counted()).isEqualTo(42);
        assertThat(first.paired()).hasValueSatisfying(p -> assertThat(p.paired()).isEqualTo(42));
        assertThat(result.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
    }

    /** The outage: with every Genie answer failing the session ended FINISHED, NO_FIXES, "0.0% -> 0.0%". */
    @Test
    void everyGenieAnswerFailingEndsInNoDecision() {
        faults.failMessages(1_000, "WAREHOUSE_ACCESS_MISSING_EXCEPTION");
        EnhancementSession session = session(ProgressListener.none()).build();
        long modelCalls = workspace.requestCount(Endpoint.SERVING_ENDPOINT);

        assertThatThrownBy(session::run).isInstanceOf(GenieEnhancerException.class)
                .hasMessageContaining("accuracy over 0 of 42 questions");

        assertThat(session.stage()).isEqualTo(SessionStage.CREATED);
        assertThat(EnhancementSession.history(store, session.id()).stopReason()).isEmpty();
        assertThat(workspace.requestCount(Endpoint.SERVING_ENDPOINT)).isEqualTo(modelCalls);
    }

    /** The timeout: a Genie slower than the deadline was EXCLUDED, although scoring.md says ERROR. */
    @Test
    void aGenieSlowerThanTheDeadlineIsAnErrorThatCounts() {
        BenchmarkSet five = benchmarks.filter("five", b -> b.id().compareTo("b05") <= 0);
        try (LocalWorkspace slow = LocalWorkspace.builder().genieLatency(Duration.ofMinutes(10), Duration.ZERO)
                .statementLatency(Duration.ofMillis(1)).start();
             BatchGenieClient genie = BatchGenieClient.create(GenieClient.builder(slow.workspaceClient())
                     .questionsPerMinute(600_000).pollInterval(Duration.ofMillis(5), Duration.ofMillis(20))
                     .questionTimeout(Duration.ofMillis(300)).build());
             BatchScorer scorer = BatchScorer.create(genie, SqlExecutor.builder(slow.workspaceClient())
                     .warehouseId(slow.warehouseId()).build(), SpaceApi.create(slow.workspaceClient()),
                     ScoringOptions.defaults())) {

            ScoreReport report = scorer.score(slow.sampleSpaceId(), five);

            assertThat(report.results()).hasSize(5).allSatisfy(r -> {
                assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
                assertThat(r.reason()).isEqualTo(ReasonCode.TIMEOUT);
                assertThat(r.explanation()).contains("TIMED_OUT");
            });
            assertThat(counted(report)).isEqualTo(5);
            assertThat(report.accuracy()).isZero();
        }
    }
}
