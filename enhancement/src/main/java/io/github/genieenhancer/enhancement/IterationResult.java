package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.fix.ApplyResult;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.score.PairedScore;
import io.github.genieenhancer.core.score.ScoreReport;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One pass of the score, plan, apply, validate loop.
 *
 * @param iteration   1-based
 * @param baseline    the score the iteration started from
 * @param plan        the plan made from the baseline's tuning failures, once planned
 * @param applied     what the update changed (or, in a dry run, would change), once applied
 * @param validation  the score after the update, once validated
 * @param before      the baseline's accuracies, each over the questions that run counted
 * @param after       the validation's accuracies, once validated
 * @param kept        whether the update was kept; false when it was rolled back, or not validated yet
 * @param failedCalls LLM calls of the planning that gave no usable answer
 * @param paired      the baseline and the validation compared on the tuning questions counted in both, on which
 *                    keeping or rolling back was decided, once validated (absent for iterations validated before
 *                    pairing)
 */
public record IterationResult(int iteration, ScoreReport baseline, Optional<EnhancementPlan> plan,
                              Optional<ApplyResult> applied, Optional<ScoreReport> validation, Accuracy before,
                              Optional<Accuracy> after, boolean kept, List<FailedCall> failedCalls,
                              Optional<PairedScore> paired) {

    /** Validates and copies the components. */
    public IterationResult {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(before, "before");
        plan = plan == null ? Optional.empty() : plan;
        applied = applied == null ? Optional.empty() : applied;
        validation = validation == null ? Optional.empty() : validation;
        after = after == null ? Optional.empty() : after;
        failedCalls = failedCalls == null ? List.of() : List.copyOf(failedCalls);
        paired = paired == null ? Optional.empty() : paired;
    }
}
