package io.github.genieenhancer.scoring;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.service.dashboards.EvaluationStatusType;
import com.databricks.sdk.service.dashboards.GenieAPI;
import com.databricks.sdk.service.dashboards.GenieCreateEvalRunRequest;
import com.databricks.sdk.service.dashboards.GenieEvalResult;
import com.databricks.sdk.service.dashboards.GenieEvalResultDetails;
import com.databricks.sdk.service.dashboards.GenieEvalRunResponse;
import com.databricks.sdk.service.dashboards.GenieListEvalResultsRequest;
import com.databricks.sdk.service.dashboards.GenieListEvalResultsResponse;
import io.github.genieenhancer.core.GenieApiException;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.Sleeper;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.progress.ProgressEvent;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.progress.Stage;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.space.BenchmarkQuestion;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.genie.Space;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.scoring.internal.EvalResultMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Scores a space with Databricks' own benchmark evaluation (the Beta eval-run API): Databricks asks the benchmark
 * questions stored in the space and rates each answer GOOD, BAD or NEEDS_REVIEW with its reasons; this maps the
 * ratings into the same {@link ScoreReport} the local scorers produce, so both can be put
 * {@link SideBySide side by side} to see where they disagree.
 *
 * <pre>{@code
 * EvalRunScorer evalRuns = EvalRunScorer.create(new WorkspaceClient());
 * ScoreReport official = evalRuns.score("01ef...");                        // the space's own benchmarks
 * ScoreReport local = batchScorer.score("01ef...", BenchmarkSet.fromSpace(space.config(), "space"));
 * ScoreReports.builder().add(local).sideBySide("local", "Databricks eval run", official).build();
 * }</pre>
 *
 * <p>Mapping: GOOD is {@code CORRECT}; BAD is {@code INCORRECT} with the first deterministic reason (named like the
 * local ones), {@code NO_SQL} when Genie answered in text, or {@code EVAL_RUN_BAD} when only the LLM judge's
 * reasons are given; NEEDS_REVIEW is {@code NEEDS_REVIEW}; a question the run could not evaluate is an error
 * (timeout, failure) or excluded (cancelled). Every reason Databricks gave is kept in the notes. A run takes minutes
 * (Databricks: about 17 for 30 to 40 questions); it is polled every 20 seconds by default.
 */
public final class EvalRunScorer {
    private static final Set<EvaluationStatusType> RUN_ENDED = EnumSet.of(EvaluationStatusType.DONE,
            EvaluationStatusType.EVALUATION_FAILED, EvaluationStatusType.EVALUATION_CANCELLED,
            EvaluationStatusType.EVALUATION_TIMEOUT);
    private static final long PAGE_SIZE = 100;

    private final GenieAPI genie;
    private final SpaceApi spaces;
    private final Duration pollInterval;
    private final Duration timeout;
    private final ProgressListener listener;
    private final Clock clock;
    private final Sleeper sleeper;

    private EvalRunScorer(Builder b) {
        this.genie = b.workspace.genie();
        this.spaces = b.spaces != null ? b.spaces : SpaceApi.create(b.workspace);
        this.pollInterval = b.pollInterval;
        this.timeout = b.timeout;
        this.listener = ProgressListener.isolated(b.listener);
        this.clock = b.clock;
        this.sleeper = b.sleeper;
    }

    /** A scorer with the defaults: polls every 20 seconds for at most 45 minutes. */
    public static EvalRunScorer create(WorkspaceClient workspace) {
        return builder(workspace).build();
    }

    /** A builder. */
    public static Builder builder(WorkspaceClient workspace) {
        return new Builder(workspace);
    }

    /**
     * Runs Databricks' evaluation of every benchmark question stored in the space and waits for it.
     *
     * @return the report; its run id is the eval run's id, its benchmark ids the space's question ids
     * @throws GenieEnhancerException when the run ends failed, cancelled or timed out as a whole, or does not end
     *                                within the timeout, or the waiting thread is interrupted
     * @throws GenieApiException      when a call fails
     */
    public ScoreReport score(String spaceId) {
        Space space = spaces.get(spaceId);
        Map<String, String> ids = new LinkedHashMap<>();
        space.config().benchmarkQuestions().forEach(q -> ids.put(q.id(), q.id()));
        return evaluate(space, ids, List.of());
    }

    /**
     * Writes the benchmarks into the space's {@code benchmarks.questions} (replacing the ones it has, in one
     * etag-guarded update), then runs Databricks' evaluation of them. Their category and tags are not written.
     *
     * @return the report, with this set's benchmark ids
     * @throws io.github.genieenhancer.core.SpaceConflictException when the space changed while being updated
     */
    public ScoreReport publishAndScore(String spaceId, BenchmarkSet benchmarks) {
        Space current = spaces.get(spaceId);
        SpaceConfig withSet = benchmarks.toSpace(current.config());
        // Ids are assigned in set order; normalising for the API may reorder the questions but keeps valid ids.
        List<BenchmarkQuestion> assigned = withSet.benchmarkQuestions();
        Map<String, String> ids = new LinkedHashMap<>();
        for (int i = 0; i < assigned.size(); i++) {
            ids.put(assigned.get(i).id(), benchmarks.benchmarks().get(i).id());
        }
        Space updated = spaces.update(current, withSet.normalized());
        return evaluate(updated, ids, new ArrayList<>(ids.keySet()));
    }

    /**
     * @param ids        the space's question id to the benchmark id to report, in report order
     * @param questionIds the questions to evaluate; empty for all
     */
    private ScoreReport evaluate(Space space, Map<String, String> ids, List<String> questionIds) {
        String spaceId = space.spaceId();
        Instant started = clock.instant();
        listener.onEvent(new ProgressEvent.StageStarted(Stage.SCORE, ids.size()));
        GenieCreateEvalRunRequest request = new GenieCreateEvalRunRequest().setSpaceId(spaceId);
        if (!questionIds.isEmpty()) {
            request.setBenchmarkQuestionIds(questionIds);
        }
        GenieEvalRunResponse run = call("start an eval run of space " + spaceId, () -> genie.genieCreateEvalRun(
                request));
        String runId = run.getEvalRunId();
        run = awaitEnd(spaceId, runId, run, started);
        if (run.getEvalRunStatus() != EvaluationStatusType.DONE) {
            throw new GenieEnhancerException("Eval run " + runId + " of Genie space " + spaceId + " ended "
                    + run.getEvalRunStatus());
        }
        Map<String, BenchmarkQuestion> questions = new LinkedHashMap<>();
        space.config().benchmarkQuestions().forEach(q -> questions.put(q.id(), q));
        Map<String, QuestionResult> byQuestion = new LinkedHashMap<>();
        for (GenieEvalResult result : results(spaceId, runId)) {
            String questionId = result.getBenchmarkQuestionId();
            GenieEvalResultDetails details = call("read result " + result.getResultId() + " of eval run " + runId,
                    () -> genie.genieGetEvalResultDetails(spaceId, runId, result.getResultId()));
            Benchmark benchmark = benchmark(questionId, ids, questions, result);
            QuestionResult mapped = EvalResultMapper.map(benchmark, result, details);
            byQuestion.put(questionId, mapped);
            listener.onEvent(new ProgressEvent.QuestionScored(mapped.benchmarkId(), byQuestion.size(), ids.size(),
                    mapped.verdict()));
        }
        List<QuestionResult> ordered = new ArrayList<>();
        ids.keySet().stream().filter(byQuestion::containsKey).forEach(id -> ordered.add(byQuestion.remove(id)));
        ordered.addAll(byQuestion.values());
        Instant finished = clock.instant();
        listener.onEvent(new ProgressEvent.StageFinished(Stage.SCORE, Duration.between(started, finished)));
        return new ScoreReport(runId, spaceId, space.config().fingerprint(), started, finished, ordered);
    }

    private GenieEvalRunResponse awaitEnd(String spaceId, String runId, GenieEvalRunResponse first, Instant started) {
        GenieEvalRunResponse run = first;
        Instant deadline = started.plus(timeout);
        while (run.getEvalRunStatus() == null || !RUN_ENDED.contains(run.getEvalRunStatus())) {
            if (!clock.instant().isBefore(deadline)) {
                throw new GenieEnhancerException("Eval run " + runId + " of Genie space " + spaceId
                        + " did not end within " + timeout + " (last status " + run.getEvalRunStatus() + ", "
                        + run.getNumDone() + " of " + run.getNumQuestions() + " questions done)");
            }
            try {
                sleeper.sleep(pollInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GenieEnhancerException("Interrupted while waiting for eval run " + runId, e);
            }
            run = call("read eval run " + runId, () -> genie.genieGetEvalRun(spaceId, runId));
        }
        return run;
    }

    private List<GenieEvalResult> results(String spaceId, String runId) {
        List<GenieEvalResult> results = new ArrayList<>();
        String pageToken = null;
        do {
            GenieListEvalResultsRequest request = new GenieListEvalResultsRequest().setSpaceId(spaceId)
                    .setEvalRunId(runId).setPageSize(PAGE_SIZE).setPageToken(pageToken);
            GenieListEvalResultsResponse page = call("list the results of eval run " + runId,
                    () -> genie.genieListEvalResults(request));
            if (page.getEvalResults() != null) {
                results.addAll(page.getEvalResults());
            }
            pageToken = page.getNextPageToken() == null || page.getNextPageToken().isBlank() ? null
                    : page.getNextPageToken();
        } while (pageToken != null);
        return results;
    }

    /** The benchmark a result belongs to: the space's question (text and SQL), under the id to report. */
    private static Benchmark benchmark(String questionId, Map<String, String> ids,
                                       Map<String, BenchmarkQuestion> questions, GenieEvalResult result) {
        BenchmarkQuestion question = questions.get(questionId);
        String text = question != null ? question.question() : Objects.toString(result.getQuestion(), "");
        String sql = question != null ? question.sql().orElse("")
                : Objects.toString(result.getBenchmarkAnswer(), "");
        String id = ids.getOrDefault(questionId, Objects.toString(questionId, result.getResultId()));
        return Benchmark.of(id, text.isBlank() ? "(question " + id + ")" : text, sql);
    }

    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (DatabricksError e) {
            int status = e.getStatusCode();
            throw new GenieApiException("Cannot " + what + ": " + e.getMessage(), status, e.getErrorCode(),
                    status == 429 || status >= 500, e);
        }
    }

    /** Builds an {@link EvalRunScorer}. */
    public static final class Builder {
        private final WorkspaceClient workspace;
        private SpaceApi spaces;
        private Duration pollInterval = Duration.ofSeconds(20);
        private Duration timeout = Duration.ofMinutes(45);
        private ProgressListener listener = ProgressListener.none();
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();

        private Builder(WorkspaceClient workspace) {
            this.workspace = Objects.requireNonNull(workspace, "workspace");
        }

        /** Reads (and for {@link #publishAndScore} updates) the space; default {@link SpaceApi#create}. */
        public Builder spaceApi(SpaceApi spaces) {
            this.spaces = Objects.requireNonNull(spaces, "spaces");
            return this;
        }

        /** How often the run's status is read (default 20 s; polling does not count against Genie's limits). */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = positive(pollInterval, "pollInterval");
            return this;
        }

        /** How long to wait for a run to end (default 45 minutes). */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /** Hears the stage start and end and each mapped result. */
        public Builder progressListener(ProgressListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The clock for the deadline and report times. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Waits between polls; tests pass a fake. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** The scorer. */
        public EvalRunScorer build() {
            return new EvalRunScorer(this);
        }

        private static Duration positive(Duration value, String name) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }
    }
}
