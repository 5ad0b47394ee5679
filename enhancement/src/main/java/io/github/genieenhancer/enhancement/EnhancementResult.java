package io.github.genieenhancer.enhancement;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link EnhancementSession#run()} did: every iteration's scores, plan and change, and why it stopped.
 *
 * @param sessionId      the session, for {@link EnhancementSession#resume}
 * @param spaceId        the space being enhanced
 * @param workingSpaceId the copy the changes went to in {@link ApplyMode#CLONE} mode, once made
 * @param mode           how spaces were changed
 * @param iterations     every iteration, in order
 * @param stopReason     why the loop ended
 */
public record EnhancementResult(String sessionId, String spaceId, Optional<String> workingSpaceId, ApplyMode mode,
                                List<IterationResult> iterations, StopReason stopReason) {

    /** Validates and copies the components. */
    public EnhancementResult {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(stopReason, "stopReason");
        workingSpaceId = workingSpaceId == null ? Optional.empty() : workingSpaceId;
        iterations = List.copyOf(iterations);
        if (iterations.isEmpty()) {
            throw new IllegalArgumentException("a result has at least one iteration");
        }
    }

    /** The accuracies before the first change. */
    public Accuracy initialAccuracy() {
        return iterations.get(0).before();
    }

    /**
     * The accuracies of the configuration the session ended with: the last kept validation, else the first
     * baseline.
     */
    public Accuracy finalAccuracy() {
        Accuracy last = initialAccuracy();
        for (IterationResult i : iterations) {
            if (i.kept() && i.after().isPresent()) {
                last = i.after().get();
            }
        }
        return last;
    }
}
