package io.github.genieenhancer.core.fix;

import java.util.Objects;

/**
 * A fix that validation refused, with the reason.
 *
 * @param fix    the refused fix
 * @param reason why, e.g. "column orders.amount does not exist in the space"
 */
public record RejectedFix(PlannedFix fix, String reason) {

    /** Validates the components. */
    public RejectedFix {
        Objects.requireNonNull(fix, "fix");
        Objects.requireNonNull(reason, "reason");
    }
}
