package io.github.genieenhancer.scoring;

import com.databricks.sdk.WorkspaceClient;
import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.IncompleteScoreException;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.genie.AnswerStatus;
import io.github.genieenhancer.genie.BatchGenieClient;
import io.github.genieenhancer.genie.BatchRun;
import io.github.genieenhancer.genie.GenieAnswer;
import io.github.genieenhancer.genie.GenieClient;
import io.github.genieenhancer.genie.GenieRateLimiter;
import io.github.genieenhancer.genie.Space;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.genie.SqlExecutor;
import io.github.genieenhancer.scoring.internal.AnswerScorer;
import io.github.genieenhancer.scoring.internal.ExpectedResults;
import io.github.genieenhancer.scoring.internal.ScoringRun;
import io.github.genieenhancer.scoring.internal.SpaceVersions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scores a space by asking all questions concurrently through a {@link BatchGenieClient} (under its rate limit and
 * concurrency bound), while the expected SQL runs alongside, once per benchmark and space version. Each answer is
 * compared as soon as it and its expected result are both there, and its result is written to the state store at
 * once, so a killed run resumes without asking Genie again what it already answered. Scoring N questions takes
 * about max(Genie's latency, N / rate limit) plus the SQL time.
 *
 * <p>After each answer the space is read again (one GET, outside Genie's rate limit) to tell which version of the
 * configuration the answer was given against. A run whose coverage is below {@link ScoringOptions#minCoverage()},
 * or whose space was edited while it was scored, is stored and then refused with an
 * {@link IncompleteScoreException}; scoring it again under the same run id asks the excluded questions, and those
 * answered against another version, again.
 *
 * <pre>{@code
 * try (BatchScorer scorer = BatchScorer.builder(new WorkspaceClient(), "warehouse-id")
 *         .questionsPerMinute(15).maxConcurrency(8).build()) {
 *     ScoreReport report = scorer.score("01ef...", benchmarks);
 * }
 * }</pre>
 */
public final class BatchScorer implements AutoCloseable {
    /** Threads for expected SQL and comparisons; SQL statements mostly wait on the warehouse. */
    private static final int WORK_THREADS = 4;

    private final BatchGenieClient genie;
    private final SpaceApi spaces;
    private final ScoringOptions options;
    private final ExpectedResults expected;
    private final AnswerScorer answers;
    private final ExecutorService work;
    private final AutoCloseable owned;

    private BatchScorer(BatchGenieClient genie, SqlExecutor sql, SpaceApi spaces, ScoringOptions options,
                        AutoCloseable owned) {
        this.genie = Objects.requireNonNull(genie, "genie");
        this.spaces = Objects.requireNonNull(spaces, "spaces");
        this.options = Objects.requireNonNull(options, "options");
        this.expected = new ExpectedResults(Objects.requireNonNull(sql, "sql"),
                options.comparator().policy().rowCap(), options.clock());
        this.answers = new AnswerScorer(options.comparator(), sql, options.judge(), options.clock());
        AtomicInteger threads = new AtomicInteger();
        this.work = Executors.newFixedThreadPool(WORK_THREADS, task -> {
            Thread thread = new Thread(task, "genie-scoring-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.owned = owned;
    }

    /**
     * A scorer with the default clients on a workspace: Genie at the documented 5 questions a minute with its
     * default concurrency, SQL on the given warehouse (read-only), and {@link ScoringOptions#defaults()}.
     */
    public static BatchScorer create(WorkspaceClient workspace, String warehouseId) {
        return builder(workspace, warehouseId).build();
    }

    /**
     * A builder for a scorer on a workspace whose Genie pace, concurrency and polling are set in one place; the
     * clients it creates are closed with the scorer.
     *
     * @param warehouseId the SQL warehouse of the expected SQL (read-only)
     */
    public static Builder builder(WorkspaceClient workspace, String warehouseId) {
        return new Builder(workspace, warehouseId);
    }

    /**
     * A scorer on the given clients; closing the scorer leaves {@code genie} open.
     *
     * @param genie   asks the questions concurrently
     * @param sql     runs the expected SQL (and Genie's SQL when its result expired)
     * @param spaces  reads the space's configuration, whose fingerprint is the version scored
     * @param options comparison, state store, progress and judge
     */
    public static BatchScorer create(BatchGenieClient genie, SqlExecutor sql, SpaceApi spaces,
                                     ScoringOptions options) {
        return new BatchScorer(genie, sql, spaces, options, () -> { });
    }

    /** Scores the benchmarks against the space's current configuration, as a new run. */
    public ScoreReport score(String spaceId, BenchmarkSet benchmarks) {
        return score(spaceId, benchmarks, UUID.randomUUID().toString());
    }

    /**
     * Scores the benchmarks under a run id: a run that finished complete returns its stored report; an interrupted
     * or incomplete one resumes, asking only the questions without a usable stored result.
     *
     * @throws IncompleteScoreException when the run is incomplete (see the class documentation); it is stored
     */
    public ScoreReport score(String spaceId, BenchmarkSet benchmarks, String runId) {
        Optional<ScoreReport> done = ScoringRun.finished(options, runId);
        return done.orElseGet(() -> score(spaces.get(spaceId), benchmarks, runId));
    }

    /**
     * Scores the benchmarks against a space already read, under a run id (see above).
     *
     * @throws IncompleteScoreException when the run is incomplete (see the class documentation); it is stored
     * @throws GenieEnhancerException   when the calling thread is interrupted: the batch is cancelled, the results
     *                                  scored so far stay stored, and scoring again with the run id resumes
     */
    public ScoreReport score(Space space, BenchmarkSet benchmarks, String runId) {
        Optional<ScoreReport> done = ScoringRun.finished(options, runId);
        if (done.isPresent()) {
            return done.get();
        }
        ScoringRun run = ScoringRun.start(options, space.spaceId(), space.config().fingerprint(), benchmarks, runId);
        SpaceVersions versions = new SpaceVersions(run.spaceVersion(),
                () -> spaces.get(space.spaceId()).config().fingerprint());
        List<Benchmark> pending = run.pending();
        if (pending.isEmpty()) {
            return run.finish(versions.versions());
        }
        List<CompletableFuture<Answered>> asked = new ArrayList<>();
        List<CompletableFuture<Void>> scored = new ArrayList<>();
        List<String> questions = new ArrayList<>();
        for (Benchmark benchmark : pending) {
            CompletableFuture<Answered> answer = new CompletableFuture<>();
            asked.add(answer);
            questions.add(benchmark.question());
            scored.add(answer.thenCombineAsync(expected.get(run.spaceVersion(), benchmark, work),
                    (answered, expectedResult) -> answers.score(benchmark, answered.answer(), expectedResult)
                            .map(result -> new Scored(result, answered.seen())), work)
                    .thenAccept(result -> result.ifPresent(r -> run.record(r.result(), r.seen()))));
        }
        pending.forEach(run::asked);
        // When each question is sent is the batch's business, so every answer is checked against the version read
        // at the start: one that arrives after an edit was seen belongs to no single version.
        int start = versions.mark();
        BatchRun batch = genie.start(space.spaceId(), questions, (index, answer) -> asked.get(index).complete(
                new Answered(answer, answer.status() == AnswerStatus.ABORTED ? new SpaceVersions.Seen(
                        Optional.empty(), false) : versions.versionSince(start))));
        try {
            CompletableFuture.allOf(scored.toArray(CompletableFuture[]::new)).get();
        } catch (InterruptedException e) {
            batch.cancel();
            scored.forEach(future -> future.cancel(true));
            Thread.currentThread().interrupt();
            throw new GenieEnhancerException("Scoring run " + runId + " was interrupted after " + run.completed()
                    + " of " + benchmarks.size() + " results; score again with the same run id to resume", e);
        } catch (ExecutionException e) {
            batch.cancel();
            throw new GenieEnhancerException("Scoring run " + runId + " failed after " + run.completed() + " of "
                    + benchmarks.size() + " results: " + e.getCause().getMessage(), e.getCause());
        }
        return run.finish(versions.versions());
    }

    /** An answer and the version of the space it was given against. */
    private record Answered(GenieAnswer answer, SpaceVersions.Seen seen) {
    }

    /** A result and the version of the space its answer was given against. */
    private record Scored(QuestionResult result, SpaceVersions.Seen seen) {
    }

    /** Stops the scorer's threads, and the Genie client when the scorer created it. */
    @Override
    public void close() {
        work.shutdownNow();
        try {
            owned.close();
        } catch (Exception e) {
            throw new GenieEnhancerException("Cannot close the batch Genie client", e);
        }
    }

    /**
     * Builds a {@link BatchScorer} on a workspace: a {@link GenieClient} and {@link BatchGenieClient} with the
     * given pace, concurrency and polling, a read-only {@link SqlExecutor} on the warehouse and a {@link SpaceApi},
     * all closed with the scorer. Every setting has the default of the client it configures.
     */
    public static final class Builder {
        private final WorkspaceClient workspace;
        private final String warehouseId;
        private final GenieClient.Builder genie;
        private int maxConcurrency = 10;
        private ScoringOptions options = ScoringOptions.defaults();

        private Builder(WorkspaceClient workspace, String warehouseId) {
            this.workspace = Objects.requireNonNull(workspace, "workspace");
            this.warehouseId = Objects.requireNonNull(warehouseId, "warehouseId");
            this.genie = GenieClient.builder(workspace);
        }

        /** Conversation starts per rolling minute (default 5, Genie's documented per-workspace limit). */
        public Builder questionsPerMinute(double questionsPerMinute) {
            genie.questionsPerMinute(questionsPerMinute);
            return this;
        }

        /** A limiter shared with other clients of the workspace; it replaces {@link #questionsPerMinute}. */
        public Builder rateLimiter(GenieRateLimiter rateLimiter) {
            genie.rateLimiter(rateLimiter);
            return this;
        }

        /**
         * Questions in flight at once (default 10); to reach the rate it must cover Genie's latency × the rate,
         * e.g. 30 s × 15/min ≈ 8.
         */
        public Builder maxConcurrency(int maxConcurrency) {
            if (maxConcurrency < 1) {
                throw new ConfigurationException(
                        "BatchScorer.maxConcurrency must be at least 1, got " + maxConcurrency);
            }
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /** Poll intervals before a latency is learned (defaults 1 s growing to 10 s); see {@link GenieClient}. */
        public Builder pollInterval(Duration initial, Duration max) {
            genie.pollInterval(initial, max);
            return this;
        }

        /** Whether polls follow the answer latency learned in the run (default true). */
        public Builder adaptivePolling(boolean adaptivePolling) {
            genie.adaptivePolling(adaptivePolling);
            return this;
        }

        /** How long one question may take (default 10 minutes); after it the answer is a TIMED_OUT error. */
        public Builder questionTimeout(Duration questionTimeout) {
            genie.questionTimeout(questionTimeout);
            return this;
        }

        /** Whether each conversation is deleted once read (default false; a space holds 10,000). */
        public Builder deleteConversations(boolean deleteConversations) {
            genie.deleteConversations(deleteConversations);
            return this;
        }

        /** Comparison, state store, progress and judge (default {@link ScoringOptions#defaults()}). */
        public Builder options(ScoringOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** The scorer. */
        public BatchScorer build() {
            BatchGenieClient batch = BatchGenieClient.builder(genie.build()).maxConcurrency(maxConcurrency).build();
            return new BatchScorer(batch, SqlExecutor.builder(workspace).warehouseId(warehouseId).build(),
                    SpaceApi.create(workspace), options, batch);
        }
    }
}
