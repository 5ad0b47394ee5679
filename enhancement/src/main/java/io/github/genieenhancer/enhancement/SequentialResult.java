package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.fix.ApplyResult;
import io.github.genieenhancer.core.fix.FixCategory;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.score.ScoreReport;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link SequentialEnhancer} did, one step per category.
 *
 * @param spaceId the space changed
 * @param steps   the categories with fixes, in {@link FixCategory} order
 */
public record SequentialResult(String spaceId, List<Step> steps) {

    /** Validates and copies the components. */
    public SequentialResult {
        Objects.requireNonNull(spaceId, "spaceId");
        steps = List.copyOf(steps);
    }

    /** The fixes that stayed in the space: those of the kept steps. */
    public List<PlannedFix> kept() {
        return steps.stream().filter(Step::kept).flatMap(s -> s.applied().applied().stream()).toList();
    }

    /**
     * One category's turn.
     *
     * @param category      the category
     * @param applied       what its update did: the snapshot taken before it, the change, the fixes written and
     *                      those refused
     * @param affected      the benchmarks its written fixes address, which were re-scored; empty when nothing was
     *                      written or no fix names a benchmark of the baseline
     * @param rescore       the re-score of the affected benchmarks, when there was one (an incomplete one too)
     * @param paired        of the affected benchmarks, those counted (not excluded) both before and after the update
     * @param correctBefore of the paired benchmarks, how many were answered correctly before the update
     * @param correctAfter  how many were after it
     * @param kept          whether the change stayed: the re-score was complete and more paired questions were
     *                      correct than before; otherwise it was rolled back to the snapshot (or nothing was written)
     */
    public record Step(FixCategory category, ApplyResult applied, List<String> affected,
                       Optional<ScoreReport> rescore, int paired, int correctBefore, int correctAfter,
                       boolean kept) {

        /** Validates and copies the components. */
        public Step {
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(applied, "applied");
            affected = List.copyOf(affected);
            rescore = rescore == null ? Optional.empty() : rescore;
        }
    }
}
