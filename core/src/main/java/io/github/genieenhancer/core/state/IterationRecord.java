package io.github.genieenhancer.core.state;

import io.github.genieenhancer.core.score.PairedScore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One pass of the loop within a session. Written again as the pass advances; the latest write wins.
 *
 * @param sessionId       the session
 * @param iteration       1-based iteration number
 * @param baselineRunId   the score run the iteration started from
 * @param planId          the plan made, once planned
 * @param snapshotId      the backup taken before applying, once applied
 * @param validationRunId the re-score after applying, once validated
 * @param accuracyBefore  the baseline accuracy
 * @param accuracyAfter   the accuracy after applying, once validated
 * @param kept            whether the change was kept (false: rolled back), once validated
 * @param updatedAt       when this record was written
 * @param paired          the baseline and the validation compared on the questions counted in both, which keeping
 *                        or rolling back was decided on, once validated (absent in records written before pairing)
 */
public record IterationRecord(String sessionId, int iteration, String baselineRunId, Optional<String> planId,
                              Optional<String> snapshotId, Optional<String> validationRunId, double accuracyBefore,
                              Optional<Double> accuracyAfter, Optional<Boolean> kept, Instant updatedAt,
                              Optional<PairedScore> paired) {

    /** Validates the components. */
    public IterationRecord {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(baselineRunId, "baselineRunId");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (iteration < 1) {
            throw new IllegalArgumentException("iteration must be 1 or more, got " + iteration);
        }
        planId = planId == null ? Optional.empty() : planId;
        snapshotId = snapshotId == null ? Optional.empty() : snapshotId;
        validationRunId = validationRunId == null ? Optional.empty() : validationRunId;
        accuracyAfter = accuracyAfter == null ? Optional.empty() : accuracyAfter;
        kept = kept == null ? Optional.empty() : kept;
        paired = paired == null ? Optional.empty() : paired;
    }

    /** A record without a paired comparison: the iteration is not validated yet. */
    public IterationRecord(String sessionId, int iteration, String baselineRunId, Optional<String> planId,
                           Optional<String> snapshotId, Optional<String> validationRunId, double accuracyBefore,
                           Optional<Double> accuracyAfter, Optional<Boolean> kept, Instant updatedAt) {
        this(sessionId, iteration, baselineRunId, planId, snapshotId, validationRunId, accuracyBefore, accuracyAfter,
                kept, updatedAt, Optional.empty());
    }
}
