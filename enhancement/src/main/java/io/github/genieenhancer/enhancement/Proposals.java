package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.fix.RejectedFix;
import java.util.List;

/**
 * What the {@link CategoryEnhancer} proposed for a set of failures, before validation against the space.
 *
 * @param diagnoses   one per failure analysed, in the failures' order
 * @param fixes       the proposed fixes, by category in {@link io.github.genieenhancer.core.fix.FixCategory} order
 * @param rejected    proposals refused while reading the answers (a fix of another category than the call asked for)
 * @param failedCalls LLM calls that gave no usable answer
 */
public record Proposals(List<Diagnosis> diagnoses, List<PlannedFix> fixes, List<RejectedFix> rejected,
                        List<FailedCall> failedCalls) {

    /** Copies the lists. */
    public Proposals {
        diagnoses = diagnoses == null ? List.of() : List.copyOf(diagnoses);
        fixes = fixes == null ? List.of() : List.copyOf(fixes);
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
        failedCalls = failedCalls == null ? List.of() : List.copyOf(failedCalls);
    }
}
