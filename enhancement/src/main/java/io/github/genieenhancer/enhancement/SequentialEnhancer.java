package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.IncompleteScoreException;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.fix.ApplyResult;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.fix.FixCategory;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.score.PairedScore;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.enhancement.internal.Propagation;
import io.github.genieenhancer.scoring.BatchScorer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Applies a plan one category at a time, the slower and safer alternative to the session's single update: for each
 * category with fixes (in {@link FixCategory} order, so a category's removals come before its additions) it applies
 * that category's fixes with the {@link Applier} (a snapshot, one update), waits the propagation delay, re-scores
 * only the questions those fixes address, and keeps the change when more of those questions are answered correctly
 * than before (among those counted both before and after), else rolls it back to the snapshot. A category that does
 * not help therefore never stays in the space, and a helpful one is not hidden by a harmful one applied with it. A
 * re-score too incomplete to decide on (see the scorer's minimum coverage) cannot show that the change helps: the
 * change is rolled back, and the step carries the incomplete re-score.
 *
 * <pre>{@code
 * Applier applier = Applier.builder(SpaceApi.create(ws), store).validator(validator).build();
 * try (BatchScorer scorer = BatchScorer.create(ws, "warehouse-id")) {
 *     SequentialResult result = SequentialEnhancer.builder(applier, scorer).build()
 *             .apply(spaceId, plan, baseline);
 *     result.kept().forEach(f -> System.out.println("kept " + f.id()));
 * }
 * }</pre>
 *
 * <p>"Before" is the latest known result of each affected question: the baseline's, or the re-score of an earlier
 * kept category that addressed it too. Questions a category's fixes do not name are not re-scored, so an effect on
 * them shows only in a full score afterwards (which the session's validation is). Each step stores its snapshot;
 * the steps are not resumable one by one, so after a crash score the space again and plan from there.
 */
public final class SequentialEnhancer {
    private final Applier applier;
    private final BatchScorer scorer;
    private final Duration propagationWait;
    private final Clock clock;

    private SequentialEnhancer(Builder b) {
        this.applier = b.applier;
        this.scorer = b.scorer;
        this.propagationWait = b.propagationWait;
        this.clock = b.clock;
    }

    /**
     * Starts a builder.
     *
     * @param applier writes each category's fixes after a snapshot, and rolls back
     * @param scorer  re-scores the questions a category's fixes address
     */
    public static Builder builder(Applier applier, BatchScorer scorer) {
        return new Builder(Objects.requireNonNull(applier, "applier"), Objects.requireNonNull(scorer, "scorer"));
    }

    /**
     * Applies the plan category by category, keeping what helps.
     *
     * @param spaceId  the space to change
     * @param plan     the fixes, each naming the benchmarks it addresses
     * @param baseline the score the plan was made from; its results are the "before" of each question, and its
     *                 questions and expected SQL are what is re-scored
     * @return one step per category with fixes, in order
     * @throws io.github.genieenhancer.core.SpaceConflictException when the space was edited underneath during a
     *                                                             step; that step wrote nothing, earlier kept steps
     *                                                             stay
     */
    public SequentialResult apply(String spaceId, EnhancementPlan plan, ScoreReport baseline) {
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(baseline, "baseline");
        Map<String, QuestionResult> latest = new LinkedHashMap<>();
        baseline.results().forEach(r -> latest.put(r.benchmarkId(), r));
        String run = "sequential-" + UUID.randomUUID();
        List<SequentialResult.Step> steps = new ArrayList<>();
        plan.byCategory().forEach((category, fixes) -> {
            if (!fixes.isEmpty()) {
                steps.add(step(spaceId, plan, category, fixes, latest, run + "-" + category.wireName()));
            }
        });
        return new SequentialResult(spaceId, steps);
    }

    private SequentialResult.Step step(String spaceId, EnhancementPlan plan, FixCategory category,
                                       List<PlannedFix> fixes, Map<String, QuestionResult> latest, String runId) {
        EnhancementPlan part = new EnhancementPlan(plan.planId() + "-" + category.wireName(), plan.sourceRunId(),
                clock.instant(), fixes, List.of());
        ApplyResult applied = applier.apply(spaceId, part);
        BenchmarkSet affected = affected(applied.applied(), latest);
        if (applied.applied().isEmpty() || affected.size() == 0) {
            if (!applied.diff().isEmpty()) {
                // Nothing names a question to measure the change by, so it cannot be shown to help.
                applier.rollback(applied.snapshotId());
            }
            return new SequentialResult.Step(category, applied, List.of(), Optional.empty(), 0, 0, 0, false);
        }
        Propagation.await(propagationWait);
        ScoreReport rescored;
        boolean complete = true;
        try {
            rescored = scorer.score(spaceId, affected, runId);
        } catch (IncompleteScoreException e) {
            rescored = e.report();
            complete = false;
        }
        List<String> ids = affected.benchmarks().stream().map(Benchmark::id).toList();
        ScoreReport before = new ScoreReport("latest", spaceId, rescored.spaceVersion(), rescored.startedAt(),
                rescored.startedAt(), ids.stream().map(latest::get).toList());
        PairedScore paired = PairedScore.of(before, rescored);
        boolean kept = complete && paired.correctAfter() > paired.correctBefore();
        if (kept) {
            rescored.results().forEach(r -> latest.put(r.benchmarkId(), r));
        } else {
            applier.rollback(applied.snapshotId());
        }
        return new SequentialResult.Step(category, applied, ids, Optional.of(rescored), paired.paired(),
                paired.correctBefore(), paired.correctAfter(), kept);
    }

    /** The baseline's questions the applied fixes name, as benchmarks to score. */
    private static BenchmarkSet affected(List<PlannedFix> applied, Map<String, QuestionResult> latest) {
        Set<String> ids = new LinkedHashSet<>();
        applied.forEach(f -> ids.addAll(f.benchmarkIds()));
        List<Benchmark> benchmarks = ids.stream().filter(latest::containsKey).map(latest::get)
                .map(r -> Benchmark.of(r.benchmarkId(), r.question(), r.expectedSql())).toList();
        return BenchmarkSet.of("affected", benchmarks);
    }

    /** Options of a {@link SequentialEnhancer}. */
    public static final class Builder {
        private final Applier applier;
        private final BatchScorer scorer;
        private Duration propagationWait = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();

        private Builder(Applier applier, BatchScorer scorer) {
            this.applier = applier;
            this.scorer = scorer;
        }

        /**
         * How long to wait after each category's update before re-scoring (default 30 s, as Databricks needs; tests
         * use {@link Duration#ZERO}).
         */
        public Builder propagationWait(Duration propagationWait) {
            if (Objects.requireNonNull(propagationWait, "propagationWait").isNegative()) {
                throw new ConfigurationException("propagationWait must not be negative, got " + propagationWait);
            }
            this.propagationWait = propagationWait;
            return this;
        }

        /** The clock that stamps the per-category plans (default: the system clock, UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Builds the enhancer. */
        public SequentialEnhancer build() {
            return new SequentialEnhancer(this);
        }
    }
}
