package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.enhancement.StopReason;
import java.time.Instant;
import java.util.Objects;

/**
 * Why and when a session's loop ended, stored as its own JSON document next to the settings.
 *
 * @param reason why the loop ended
 * @param at     when (for sessions stored before this record, when the session was last written)
 */
public record SessionStop(StopReason reason, Instant at) {

    /** Validates the components. */
    public SessionStop {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
