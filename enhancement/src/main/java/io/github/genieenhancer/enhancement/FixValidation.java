package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.fix.RejectedFix;
import io.github.genieenhancer.core.space.SpaceConfig;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of validating fixes against a space.
 *
 * @param accepted the fixes that passed, in plan order; duplicates merged into the first of them
 * @param rejected the fixes refused, each with its reason, in plan order
 * @param edited   the configuration with every accepted fix made (removals first) and
 *                 {@linkplain SpaceConfig#normalized() normalised}: what an update would send
 */
public record FixValidation(List<PlannedFix> accepted, List<RejectedFix> rejected, SpaceConfig edited) {

    /** Validates and copies the components. */
    public FixValidation {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
        Objects.requireNonNull(edited, "edited");
    }
}
