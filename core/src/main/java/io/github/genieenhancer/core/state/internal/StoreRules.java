package io.github.genieenhancer.core.state.internal;

import io.github.genieenhancer.core.SessionOwnedException;
import io.github.genieenhancer.core.StateConflictException;
import io.github.genieenhancer.core.StateStoreException;
import io.github.genieenhancer.core.state.SessionLease;
import io.github.genieenhancer.core.state.SessionRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * The checks and messages every store shares (the embedded ones here, the Delta store in genie-client), so all
 * report the same thing the same way. Not part of the public API: it may change without notice.
 *
 * <p>The lease rules: a claim succeeds when the session has no lease, or its lease expired or was released, or
 * when taking over is asked for; it gets the next token. A renewal succeeds while the lease's token is still the
 * session's (also after it expired, as long as nobody claimed the session since). A write under a lease succeeds
 * while its token is the session's and it has not expired; a write under no lease succeeds while nobody holds a
 * lease that has not expired. Times are kept to the millisecond, which every store can hold.
 */
public final class StoreRules {

    /** The token a writer without a lease writes under. */
    public static final long NO_LEASE = 0;

    /** The longest owner description a store must keep. */
    public static final int MAX_OWNER_LENGTH = 200;

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

    /**
     * The lease a claim gets, with the token after the current one.
     *
     * @throws SessionOwnedException when another holds a lease that has not expired and {@code takeOver} is false
     */
    public static SessionLease claim(String sessionId, Optional<SessionLease> current, String owner,
                                     Duration duration, boolean takeOver, Instant now) {
        requireOwner(owner);
        requireDuration(duration);
        if (current.isPresent() && current.get().isHeldAt(now) && !takeOver) {
            SessionLease held = current.get();
            throw new SessionOwnedException("Session '" + sessionId + "' is held by " + held.owner() + " until "
                    + held.expiresAt() + " (lease " + held.token() + "). Wait until then, or, if that process is "
                    + "gone, take the session over (takeOver, --take-over)", sessionId, held.owner(),
                    held.expiresAt());
        }
        return new SessionLease(sessionId, owner, current.map(SessionLease::token).orElse(0L) + 1,
                expiry(now, duration));
    }

    /**
     * The lease extended to {@code now + duration}.
     *
     * @throws SessionOwnedException when the session was claimed by another since
     */
    public static SessionLease renewal(SessionLease lease, Optional<SessionLease> current, Duration duration,
                                       Instant now) {
        requireDuration(duration);
        requireCurrent(lease, current);
        return new SessionLease(lease.sessionId(), lease.owner(), lease.token(), expiry(now, duration));
    }

    /**
     * The lease to store when {@code lease} is released at {@code now}: the same, expiring now. Empty when there is
     * nothing to change: the session was claimed by another since, or the lease expired already.
     */
    public static Optional<SessionLease> release(SessionLease lease, Optional<SessionLease> current, Instant now) {
        Objects.requireNonNull(lease, "lease");
        if (current.isEmpty() || current.get().token() != lease.token() || !current.get().isHeldAt(now)) {
            return Optional.empty();
        }
        return Optional.of(new SessionLease(lease.sessionId(), current.get().owner(), lease.token(),
                now.truncatedTo(ChronoUnit.MILLIS)));
    }

    /**
     * Checks that a write may be made now under {@code token} ({@link #NO_LEASE} for a writer without one).
     *
     * @throws SessionOwnedException naming the holder when it may not
     */
    public static void checkWrite(String sessionId, long token, Optional<SessionLease> current, Instant now) {
        if (token == NO_LEASE) {
            if (current.isPresent() && current.get().isHeldAt(now)) {
                SessionLease held = current.get();
                throw new SessionOwnedException("Session '" + sessionId + "' is held by " + held.owner()
                        + " until " + held.expiresAt() + " (lease " + held.token() + "); only its holder may write "
                        + "to it, and nothing was written", sessionId, held.owner(), held.expiresAt());
            }
            return;
        }
        if (current.isEmpty() || current.get().token() != token) {
            throw takenOver(sessionId, token, current);
        }
        SessionLease held = current.get();
        if (!held.isHeldAt(now)) {
            throw new SessionOwnedException("The lease " + token + " on session '" + sessionId + "' (held by "
                    + held.owner() + ") expired at " + held.expiresAt() + "; renew it before writing. Nothing was "
                    + "written", sessionId, held.owner(), held.expiresAt());
        }
    }

    /** The lease's owner description: not blank, at most {@value #MAX_OWNER_LENGTH} characters. */
    public static String requireOwner(String owner) {
        requireId(owner, "lease owner");
        if (owner.length() > MAX_OWNER_LENGTH) {
            throw new IllegalArgumentException("lease owner has " + owner.length() + " characters; at most "
                    + MAX_OWNER_LENGTH + " are kept");
        }
        return owner;
    }

    /** A lease's duration: positive. */
    public static Duration requireDuration(Duration duration) {
        if (Objects.requireNonNull(duration, "duration").isNegative() || duration.toMillis() < 1) {
            throw new IllegalArgumentException("lease duration must be at least 1 ms, got " + duration);
        }
        return duration;
    }

    private static void requireCurrent(SessionLease lease, Optional<SessionLease> current) {
        Objects.requireNonNull(lease, "lease");
        if (current.isEmpty() || current.get().token() != lease.token()) {
            throw takenOver(lease.sessionId(), lease.token(), current);
        }
    }

    private static SessionOwnedException takenOver(String sessionId, long token, Optional<SessionLease> current) {
        if (current.isEmpty()) {
            return new SessionOwnedException("Session '" + sessionId + "' has no lease " + token + "; claim the "
                    + "session before writing under a lease. Nothing was written", sessionId, "nobody",
                    Instant.EPOCH);
        }
        SessionLease held = current.get();
        return new SessionOwnedException("Session '" + sessionId + "' was taken over by " + held.owner()
                + " (lease " + held.token() + ", held until " + held.expiresAt() + "); the lease " + token
                + " this writer holds is no longer valid, and nothing was written", sessionId, held.owner(),
                held.expiresAt());
    }

    private static Instant expiry(Instant now, Duration duration) {
        return now.plus(duration).truncatedTo(ChronoUnit.MILLIS);
    }
}
