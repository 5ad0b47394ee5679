package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.score.ScoreReport;

/** Scores a space against benchmarks; the session's one dependency on how scoring is done. */
@FunctionalInterface
public interface SpaceScorer {

    /**
     * Scores every benchmark against the space.
     *
     * @param runId a run id that is the same when a crashed run is resumed, so answered questions are not asked
     *              again
     */
    ScoreReport score(String runId, String spaceId, BenchmarkSet benchmarks);
}
