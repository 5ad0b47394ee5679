package io.github.genieenhancer.scoring.internal;

import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.StateConflictException;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.progress.ProgressEvent;
import io.github.genieenhancer.core.progress.Stage;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.state.SessionRecord;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.scoring.ScoringOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bookkeeping of one scoring run, shared by the sequential and the batch scorer: which benchmarks still need an
 * answer (a resumed run skips those already stored), storing each result as it completes, progress events, and the
 * final report in benchmark order.
 */
public final class ScoringRun {
    private final ScoringOptions options;
    private final String spaceId;
    private final String spaceVersion;
    private final BenchmarkSet benchmarks;
    private final String runId;
    private final Instant startedAt;
    private final Map<String, QuestionResult> results = new LinkedHashMap<>();
    private final AtomicInteger completed = new AtomicInteger();

    private ScoringRun(ScoringOptions options, String spaceId, String spaceVersion, BenchmarkSet benchmarks,
                       String runId) {
        this.options = options;
        this.spaceId = spaceId;
        this.spaceVersion = spaceVersion;
        this.benchmarks = benchmarks;
        this.runId = runId;
        this.startedAt = options.clock().instant();
    }

    /**
     * Starts or resumes a run: results already stored under the run id for these benchmarks are kept, benchmarks
     * without expected SQL are excluded at once, and the stage-started event is sent.
     */
    public static ScoringRun start(ScoringOptions options, String spaceId, String spaceVersion,
                                   BenchmarkSet benchmarks, String runId) {
        ScoringRun run = new ScoringRun(options, spaceId, spaceVersion, benchmarks, runId);
        ensureSession(options, spaceId);
        Map<String, QuestionResult> stored = new LinkedHashMap<>();
        for (QuestionResult result : options.stateStore().results(options.sessionId(), runId)) {
            stored.put(result.benchmarkId(), result);
        }
        for (Benchmark benchmark : benchmarks.benchmarks()) {
            QuestionResult previous = stored.get(benchmark.id());
            if (previous != null) {
                run.results.put(benchmark.id(), previous);
            }
        }
        run.completed.set(run.results.size());
        options.progressListener().onEvent(new ProgressEvent.StageStarted(Stage.SCORE, benchmarks.size()));
        for (Benchmark benchmark : run.pending()) {
            if (benchmark.expectedSql().isBlank()) {
                run.record(AnswerScorer.withoutExpectedSql(benchmark));
            }
        }
        return run;
    }

    /** Stores results under the options' session, creating it when an enhancement session has not. */
    private static void ensureSession(ScoringOptions options, String spaceId) {
        StateStore store = options.stateStore();
        if (store.session(options.sessionId()).isEmpty()) {
            try {
                store.saveSession(SessionRecord.create(options.sessionId(), spaceId, Map.of(),
                        options.clock().instant()));
            } catch (StateConflictException createdMeanwhile) {
                // Another scorer created the session between the check and the write: the session exists.
            }
        }
    }

    /** The report of a run that already finished under this id, if there is one. */
    public static Optional<ScoreReport> finished(ScoringOptions options, String runId) {
        return options.stateStore().report(options.sessionId(), runId);
    }

    /** The benchmarks still to be asked, in benchmark order. */
    public synchronized List<Benchmark> pending() {
        List<Benchmark> pending = new ArrayList<>();
        for (Benchmark benchmark : benchmarks.benchmarks()) {
            if (!results.containsKey(benchmark.id())) {
                pending.add(benchmark);
            }
        }
        return pending;
    }

    /** The space scored. */
    public String spaceId() {
        return spaceId;
    }

    /** The scored configuration's fingerprint. */
    public String spaceVersion() {
        return spaceVersion;
    }

    /** Announces that a question was sent to Genie. */
    public void asked(Benchmark benchmark) {
        options.progressListener().onEvent(new ProgressEvent.QuestionAsked(benchmark.id(),
                benchmarks.benchmarks().indexOf(benchmark) + 1, benchmarks.size()));
    }

    /** Stores a result as soon as it is known, then announces it. Thread-safe. */
    public void record(QuestionResult result) {
        options.stateStore().saveResult(options.sessionId(), runId, result);
        synchronized (this) {
            results.put(result.benchmarkId(), result);
        }
        options.progressListener().onEvent(new ProgressEvent.QuestionScored(result.benchmarkId(),
                completed.incrementAndGet(), benchmarks.size(), result.verdict()));
    }

    /** The number of results stored so far, resumed ones included. */
    public int completed() {
        return completed.get();
    }

    /** Builds, stores and announces the report once every benchmark has a result. */
    public synchronized ScoreReport finish() {
        List<QuestionResult> ordered = new ArrayList<>();
        for (Benchmark benchmark : benchmarks.benchmarks()) {
            QuestionResult result = results.get(benchmark.id());
            if (result == null) {
                throw new GenieEnhancerException("Scoring run " + runId + " stopped before benchmark "
                        + benchmark.id() + " was answered (" + completed() + " of " + benchmarks.size()
                        + " results stored); score again with the same run id to resume");
            }
            ordered.add(result);
        }
        Instant finishedAt = options.clock().instant();
        ScoreReport report = new ScoreReport(runId, spaceId, spaceVersion, startedAt, finishedAt, ordered);
        options.stateStore().saveReport(options.sessionId(), report);
        options.progressListener().onEvent(new ProgressEvent.StageFinished(Stage.SCORE,
                Duration.between(startedAt, finishedAt)));
        return report;
    }
}
