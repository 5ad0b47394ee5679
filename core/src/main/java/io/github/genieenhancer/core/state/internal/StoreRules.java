package io.github.genieenhancer.core.state.internal;

import io.github.genieenhancer.core.StateConflictException;
import io.github.genieenhancer.core.StateStoreException;
import io.github.genieenhancer.core.state.SessionRecord;

/**
 * The checks and messages every store shares (the embedded ones here, the Delta store in genie-client), so all
 * report the same thing the same way. Not part of the public API: it may change without notice.
 */
public final class StoreRules {

    private StoreRules() {
    }

    /** Returns the id, or throws {@link IllegalArgumentException} naming {@code what} when it is null or blank. */
    public static String requireId(String id, String what) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return id;
    }

    /** A write named a session that was never saved. */
    public static StateStoreException unknownSession(String sessionId) {
        return new StateStoreException("Session '" + sessionId + "' is not stored; save the session first");
    }

    /** A session write expected {@code expected} but the store holds {@code stored} (0: not stored). */
    public static StateConflictException conflict(String sessionId, long expected, long stored) {
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

    /** A different snapshot was offered under a stored id. */
    public static StateStoreException snapshotClash(String snapshotId) {
        return new StateStoreException("Snapshot '" + snapshotId
                + "' is already stored with different content; snapshots are write-once, use a new id");
    }

    /** The record as a store keeps it after a successful write: the same values, the version incremented. */
    public static SessionRecord nextVersion(SessionRecord session) {
        return new SessionRecord(session.id(), session.spaceId(), session.stage(), session.iteration(),
                session.createdAt(), session.updatedAt(), session.version() + 1, session.settings());
    }
}
