package io.github.genieenhancer.scoring;

import com.databricks.sdk.WorkspaceClient;
import io.github.genieenhancer.core.GenieApiException;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.IncompleteScoreException;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.genie.GenieAnswer;
import io.github.genieenhancer.genie.GenieClient;
import io.github.genieenhancer.genie.Space;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.genie.SqlExecutor;
import io.github.genieenhancer.scoring.internal.AnswerScorer;
import io.github.genieenhancer.scoring.internal.ExpectedResults;
import io.github.genieenhancer.scoring.internal.ScoringRun;
import io.github.genieenhancer.scoring.internal.SpaceVersions;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Scores a space one question at a time: run the expected SQL, ask Genie (unless the expected SQL failed, which
 * excludes the benchmark), compare, read the space again to know which version answered, store the result, next.
 * The reference the {@link BatchScorer} is measured against; slower, and simple enough to trust. Like it, it stores
 * and then refuses an incomplete run ({@link IncompleteScoreException}), which scoring again resumes.
 *
 * <pre>{@code
 * Scorer scorer = Scorer.create(new WorkspaceClient(), "warehouse-id");
 * ScoreReport report = scorer.score("01ef...", BenchmarkSet.load(Path.of("benchmarks.yaml")));
 * }</pre>
 *
 * <p>Each result is written to the {@link ScoringOptions#stateStore() state store} as soon as it is known; calling
 * {@link #score(String, BenchmarkSet, String)} again with the same run id after a crash asks Genie only the
 * questions without a stored result.
 */
public final class Scorer {
    private final GenieClient genie;
    private final SpaceApi spaces;
    private final ScoringOptions options;
    private final ExpectedResults expected;
    private final AnswerScorer answers;

    private Scorer(GenieClient genie, SqlExecutor sql, SpaceApi spaces, ScoringOptions options) {
        this.genie = Objects.requireNonNull(genie, "genie");
        this.spaces = Objects.requireNonNull(spaces, "spaces");
        this.options = Objects.requireNonNull(options, "options");
        this.expected = new ExpectedResults(Objects.requireNonNull(sql, "sql"),
                options.comparator().policy().rowCap(), options.clock());
        this.answers = new AnswerScorer(options.comparator(), sql, options.judge(), options.clock());
    }

    /**
     * A scorer with the default clients on a workspace: Genie at the documented 5 questions a minute, SQL on the
     * given warehouse (read-only), and {@link ScoringOptions#defaults()}.
     */
    public static Scorer create(WorkspaceClient workspace, String warehouseId) {
        return create(GenieClient.create(workspace), SqlExecutor.builder(workspace).warehouseId(warehouseId).build(),
                SpaceApi.create(workspace), ScoringOptions.defaults());
    }

    /**
     * A scorer on the given clients.
     *
     * @param genie   asks the questions
     * @param sql     runs the expected SQL (and Genie's SQL when its result expired)
     * @param spaces  reads the space's configuration, whose fingerprint is the version scored
     * @param options comparison, state store, progress and judge
     */
    public static Scorer create(GenieClient genie, SqlExecutor sql, SpaceApi spaces, ScoringOptions options) {
        return new Scorer(genie, sql, spaces, options);
    }

    /** Scores the benchmarks against the space's current configuration, as a new run. */
    public ScoreReport score(String spaceId, BenchmarkSet benchmarks) {
        return score(spaceId, benchmarks, UUID.randomUUID().toString());
    }

    /**
     * Scores the benchmarks under a run id: a run that finished complete returns its stored report; an interrupted
     * or incomplete one resumes, asking only the questions without a usable stored result.
     *
     * @throws IncompleteScoreException when the run is incomplete; it is stored
     */
    public ScoreReport score(String spaceId, BenchmarkSet benchmarks, String runId) {
        Optional<ScoreReport> done = ScoringRun.finished(options, runId);
        return done.orElseGet(() -> score(spaces.get(spaceId), benchmarks, runId));
    }

    /**
     * Scores the benchmarks against a space already read, under a run id (see above).
     *
     * @throws IncompleteScoreException when the run is incomplete; it is stored
     */
    public ScoreReport score(Space space, BenchmarkSet benchmarks, String runId) {
        Optional<ScoreReport> done = ScoringRun.finished(options, runId);
        if (done.isPresent()) {
            return done.get();
        }
        ScoringRun run = ScoringRun.start(options, space.spaceId(), space.config().fingerprint(), benchmarks, runId);
        SpaceVersions versions = new SpaceVersions(run.spaceVersion(),
                () -> spaces.get(space.spaceId()).config().fingerprint());
        for (Benchmark benchmark : run.pending()) {
            ExpectedResults.Expected result = expected.get(run.spaceVersion(), benchmark, Runnable::run).join();
            if (result.failure().isPresent()) {
                run.record(AnswerScorer.expectedFailedUnasked(benchmark, result));
                continue;
            }
            run.asked(benchmark);
            int mark = versions.mark();
            GenieAnswer answer;
            try {
                answer = genie.ask(space.spaceId(), benchmark.question());
            } catch (GenieApiException e) {
                // As a batch does: a request that kept failing excludes the question instead of ending the run.
                run.record(AnswerScorer.requestFailed(benchmark, e, result));
                continue;
            }
            SpaceVersions.Seen seen = versions.versionSince(mark);
            answers.score(benchmark, answer, result).ifPresent(r -> run.record(r, seen));
            if (Thread.currentThread().isInterrupted()) {
                throw new GenieEnhancerException("Scoring run " + runId + " was interrupted after "
                        + run.completed() + " of " + benchmarks.size() + " results; score again with the same run id "
                        + "to resume");
            }
        }
        return run.finish(versions.versions());
    }
}
