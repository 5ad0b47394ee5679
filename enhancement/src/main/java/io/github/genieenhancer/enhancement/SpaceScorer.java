package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.score.ScoreReport;

/**
 * Scores a space against benchmarks: what an {@link EnhancementSession} needs of scoring, to give it another way to
 * score ({@link EnhancementSession.Builder#scorer}). The default is scoring's {@code BatchScorer} with the session's
 * {@linkplain EnhancementSession.Builder#comparisonPolicy comparison policy} and judge; a platform team may give one
 * that, say, scores on a dedicated warehouse or adds its own checks. Tests give one that decides each verdict from
 * the configuration, to steer the loop exactly.
 */
@FunctionalInterface
public interface SpaceScorer {

    /**
     * Scores every benchmark against the space.
     *
     * @param runId      a run id that is the same when a crashed run is resumed, so answered questions are not asked
     *                   again; the report returned must carry it
     * @param spaceId    the space to score (the working copy in {@link ApplyMode#CLONE} mode, once made)
     * @param benchmarks every benchmark of the session, tuning and held-out
     * @param progress   hears the run's questions and its SCORE stage
     * @return the report; the session stores it and refuses it when too little of it was counted
     */
    ScoreReport score(String runId, String spaceId, BenchmarkSet benchmarks, ProgressListener progress);
}
