package io.github.genieenhancer.core.state;

import java.time.Instant;
import java.util.Objects;

/**
 * A claim on a session: while it holds, only its holder may write to the session. Stores hand leases out with
 * {@link StateStore#acquireLease}, and check one atomically with every write made through
 * {@link StateStore#withLease}.
 *
 * <p>{@code token} is the fencing token: a number that grows with every lease ever acquired on the session (1 for
 * the first). A store accepts a write under a lease only while its token is the session's current one and it has not
 * expired, so a holder that paused past its expiry, or whose session was taken over, is refused at its next write
 * even if it does not know yet.
 *
 * @param sessionId the session
 * @param owner     who holds it, for people: e.g. {@code genie-enhancer (pid 4242 on build-7)}
 * @param token     the fencing token, 1 or more
 * @param expiresAt when the lease ends unless renewed; a released lease expired when it was released
 */
public record SessionLease(String sessionId, String owner, long token, Instant expiresAt) {

    /** Validates the components. */
    public SessionLease {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (token < 1) {
            throw new IllegalArgumentException("token must be 1 or more, got " + token);
        }
    }

    /** Whether the lease still holds at {@code now}: it ends at {@link #expiresAt()}, exclusively. */
    public boolean isHeldAt(Instant now) {
        return expiresAt.isAfter(now);
    }
}
