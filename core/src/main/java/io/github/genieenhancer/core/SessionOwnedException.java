package io.github.genieenhancer.core;

import java.time.Instant;

/**
 * A session has another owner: a process that holds its lease was refused a claim or a write, or a writer whose
 * lease was taken over (or expired) wrote again. The message says who holds the session and until when. Nothing of
 * the refused operation was stored.
 *
 * <p>When the holder is known to be gone (its process crashed), take the session over: it can be claimed once the
 * lease expires, or at once with the take-over option ({@code EnhancementSession.Builder.takeOver}, the command
 * line's {@code --take-over}).
 */
public class SessionOwnedException extends StateStoreException {
    private static final long serialVersionUID = 1L;

    private final String sessionId;
    private final String owner;
    private final Instant expiresAt;

    /**
     * Creates an exception naming the session, its holder and when the holder's lease ends.
     *
     * @param message   the whole message
     * @param sessionId the session
     * @param owner     who holds it
     * @param expiresAt when the holder's lease ends (in the past when it expired)
     */
    public SessionOwnedException(String message, String sessionId, String owner, Instant expiresAt) {
        super(message);
        this.sessionId = sessionId;
        this.owner = owner;
        this.expiresAt = expiresAt;
    }

    /** The session refused. */
    public String sessionId() {
        return sessionId;
    }

    /** Who holds it: the lease's owner description. */
    public String owner() {
        return owner;
    }

    /** When the holder's lease ends unless it is renewed. */
    public Instant expiresAt() {
        return expiresAt;
    }
}
