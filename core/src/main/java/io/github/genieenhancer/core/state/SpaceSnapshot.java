package io.github.genieenhancer.core.state;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A backup of a space's configuration, taken before every change.
 *
 * @param id              the snapshot id
 * @param sessionId       the session that took it
 * @param spaceId         the space
 * @param takenAt         when it was taken
 * @param etag            the space's etag when it was read
 * @param serializedSpace the exact {@code serialized_space} JSON text as read from the API
 */
public record SpaceSnapshot(String id, String sessionId, String spaceId, Instant takenAt, Optional<String> etag,
                            String serializedSpace) {

    /** Validates the components. */
    public SpaceSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(takenAt, "takenAt");
        Objects.requireNonNull(serializedSpace, "serializedSpace");
        etag = etag == null ? Optional.empty() : etag;
    }
}
