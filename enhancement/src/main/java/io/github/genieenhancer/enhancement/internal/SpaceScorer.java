package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.score.ScoreReport;

/**
 * Scores a space against benchmarks: what the session needs of scoring. The session's is scoring's
 * {@code BatchScorer}; tests give one that decides each verdict from the configuration, to steer the loop exactly.
 */
@FunctionalInterface
public interface SpaceScorer {

    /**
     * Scores every benchmark against the space.
     *
     * @param runId    a run id that is the same when a crashed run is resumed, so answered questions are not asked
     *                 again
     * @param progress hears the run's questions and its SCORE stage
     */
    ScoreReport score(String runId, String spaceId, BenchmarkSet benchmarks, ProgressListener progress);
}
