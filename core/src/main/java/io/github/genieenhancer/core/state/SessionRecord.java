package io.github.genieenhancer.core.state;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A stored enhancement session. {@code version} implements optimistic locking: a store accepts a write only when
 * the record's version equals the stored one, and stores it with the version incremented, so two processes cannot
 * both advance the same session.
 *
 * @param id        the session id
 * @param spaceId   the space being enhanced (for CLONE mode, the original)
 * @param stage     where the loop stands
 * @param iteration the current iteration, 0 before the first plan
 * @param createdAt when the session was created
 * @param updatedAt when the record was last written
 * @param version   the stored version this record was read at; 0 for a new session
 * @param settings  the session's settings (never secrets), e.g. warehouse id, target accuracy, apply mode
 */
public record SessionRecord(String id, String spaceId, SessionStage stage, int iteration, Instant createdAt,
                            Instant updatedAt, long version, Map<String, String> settings) {

    /** Validates and copies the components. */
    public SessionRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** A new session at stage {@link SessionStage#CREATED}, version 0. */
    public static SessionRecord create(String id, String spaceId, Map<String, String> settings, Instant now) {
        return new SessionRecord(id, spaceId, SessionStage.CREATED, 0, now, now, 0, settings);
    }

    /** This record moved to another stage and iteration, written at {@code now}; the version is unchanged. */
    public SessionRecord advance(SessionStage newStage, int newIteration, Instant now) {
        return new SessionRecord(id, spaceId, newStage, newIteration, createdAt, now, version, settings);
    }
}
