package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.state.SessionStage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a stored session holds, read without a workspace or a claim on it: what a report or a review is made
 * from ({@link EnhancementSession#history}). A session still running reads as far as it has come.
 *
 * @param sessionId      the session
 * @param spaceId        the space being enhanced
 * @param workingSpaceId the copy changes go to in {@link ApplyMode#CLONE} mode, once made
 * @param mode           how spaces are changed
 * @param stage          the stage the session stands at
 * @param stopReason     why the loop ended, once it has
 * @param targetAccuracy the tuning accuracy aimed at
 * @param minCoverage    the least share of a run's questions counted for anything to be decided on it
 * @param benchmarks     every benchmark, tuning and held-out
 * @param heldOutIds     the ids of the held-out benchmarks (empty without a held-out set)
 * @param createdAt      when the session was created
 * @param updatedAt      when it last changed
 * @param iterations     every iteration, in order (empty before the first score)
 * @param stageStats     each stage's time, LLM calls and tokens, in the order run (empty for sessions stored before
 *                       they were recorded)
 * @param evalRuns       with the side-by-side scorer: Databricks' eval run of each run, by the run id of the
 *                       library's run it was made with
 */
public record SessionHistory(String sessionId, String spaceId, Optional<String> workingSpaceId, ApplyMode mode,
                             SessionStage stage, Optional<StopReason> stopReason, double targetAccuracy,
                             double minCoverage, BenchmarkSet benchmarks, Set<String> heldOutIds, Instant createdAt,
                             Instant updatedAt, List<IterationResult> iterations, List<StageStats> stageStats,
                             Map<String, ScoreReport> evalRuns) {

    /** Validates and copies the components. */
    public SessionHistory {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(benchmarks, "benchmarks");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        workingSpaceId = workingSpaceId == null ? Optional.empty() : workingSpaceId;
        stopReason = stopReason == null ? Optional.empty() : stopReason;
        heldOutIds = Set.copyOf(heldOutIds);
        iterations = List.copyOf(iterations);
        stageStats = List.copyOf(stageStats);
        evalRuns = Map.copyOf(evalRuns);
    }
}
