package io.github.genieenhancer.core.state;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A stored progress event: what happened in a session, for audit and for reports.
 *
 * @param sessionId  the session
 * @param at         when it happened
 * @param type       a short type name, e.g. {@code stage_finished} or {@code fix_rejected}
 * @param message    a human description
 * @param attributes details as text (never secrets)
 */
public record StateEvent(String sessionId, Instant at, String type, String message, Map<String, String> attributes) {

    /** Validates and copies the components. */
    public StateEvent {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        message = message == null ? "" : message;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
