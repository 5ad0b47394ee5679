package io.github.genieenhancer.core.state;

import io.github.genieenhancer.core.StateConflictException;
import io.github.genieenhancer.core.StateStoreException;

/** The checks and messages every embedded store shares, so both report the same thing the same way. */
final class StoreRules {

    private StoreRules() {
    }

    static String requireId(String id, String what) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return id;
    }

    static StateStoreException unknownSession(String sessionId) {
        return new StateStoreException("Session '" + sessionId + "' is not stored; save the session first");
    }

    static StateConflictException conflict(String sessionId, long expected, long stored) {
        if (stored == 0) {
            return new StateConflictException("Session '" + sessionId + "' is not stored, but this write expected "
                    + "version " + expected + "; create it with version 0");
        }
        if (expected == 0) {
            return new StateConflictException("Session '" + sessionId + "' already exists at version " + stored
                    + "; read it and advance the stored record");
        }
        return new StateConflictException("Session '" + sessionId + "' was advanced by another writer: this write "
                + "expected version " + expected + ", the stored version is " + stored
                + "; re-read the session and decide again");
    }

    static StateStoreException snapshotClash(String snapshotId) {
        return new StateStoreException("Snapshot '" + snapshotId
                + "' is already stored with different content; snapshots are write-once, use a new id");
    }

    static SessionRecord nextVersion(SessionRecord session) {
        return new SessionRecord(session.id(), session.spaceId(), session.stage(), session.iteration(),
                session.createdAt(), session.updatedAt(), session.version() + 1, session.settings());
    }
}
