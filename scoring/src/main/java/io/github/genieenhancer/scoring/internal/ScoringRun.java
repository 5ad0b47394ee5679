package io.github.genieenhancer.scoring.internal;

import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.IncompleteScoreException;
import io.github.genieenhancer.core.StateConflictException;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.progress.ProgressEvent;
import io.github.genieenhancer.core.progress.Stage;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
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
 * answer (a resumed run skips those already stored, unless they must be asked again), storing each result as it
 * completes, progress events, and the final report in benchmark order with the versions of the space seen.
 */
public final class ScoringRun {
    private static final String SPACE_CHANGED = "SPACE_CHANGED";
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
     * Starts or resumes a run: results already stored under the run id for these benchmarks are kept unless they
     * must be asked again ({@link #askAgain}), benchmarks without expected SQL are excluded at once, and the
     * stage-started event is sent.
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
            if (previous != null && !askAgain(previous, spaceVersion)) {
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

    /**
     * Whether a stored result is scored again when its run resumes: an exclusion for an infrastructure failure
     * (a rate limit or an outage that may be over), an answer given against another version of the space than the
     * one scored now, or one given while the space changed. Results stored before versions were recorded have
     * none and are kept.
     */
    private static boolean askAgain(QuestionResult stored, String spaceVersion) {
        if (stored.verdict() == Verdict.EXCLUDED && stored.reason() == ReasonCode.INFRASTRUCTURE) {
            return true;
        }
        return stored.spaceVersion().map(v -> !v.equals(spaceVersion))
                .orElseGet(() -> stored.notes().stream().anyMatch(n -> n.startsWith(SPACE_CHANGED)));
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

    /**
     * The report of a run that already finished under this id and is complete, if there is one: an incomplete one
     * is resumed instead.
     */
    public static Optional<ScoreReport> finished(ScoringOptions options, String runId) {
        return options.stateStore().report(options.sessionId(), runId)
                .filter(report -> report.isComplete(options.minCoverage()));
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

    /**
     * Stores a Genie answer's result with the version of the space it was given against, noting when the space
     * changed while it was asked. Thread-safe.
     */
    public void record(QuestionResult result, SpaceVersions.Seen seen) {
        QuestionResult versioned = result.withSpaceVersion(seen.version());
        if (seen.changed()) {
            List<String> notes = new ArrayList<>(result.notes());
            notes.add(SPACE_CHANGED + ": the space was edited while this question was asked, so the answer belongs "
                    + "to no single version; a resumed run asks it again");
            versioned = new QuestionResult(result.benchmarkId(), result.question(), result.expectedSql(),
                    result.genieSql(), result.verdict(), result.reason(), result.explanation(), notes,
                    result.genieTime(), result.sqlTime(), result.resultDigest(), result.conversationId());
        }
        record(versioned);
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

    /**
     * Builds, stores and announces the report once every benchmark has a result; then refuses it when it is
     * incomplete.
     *
     * @param spaceVersions the versions of the space seen while the run was scored, first seen first
     * @throws IncompleteScoreException when fewer questions were counted than the options' minimum coverage, or the
     *                                  space changed during the run; the report is stored all the same
     */
    public synchronized ScoreReport finish(List<String> spaceVersions) {
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
        ScoreReport report = new ScoreReport(runId, spaceId, spaceVersion, startedAt, finishedAt, ordered,
                spaceVersions);
        options.stateStore().saveReport(options.sessionId(), report);
        options.progressListener().onEvent(new ProgressEvent.StageFinished(Stage.SCORE,
                Duration.between(startedAt, finishedAt)));
        return report.requireComplete(options.minCoverage());
    }
}
