package io.github.genieenhancer.core;

/**
 * Root of every exception the library throws. Unchecked, like Jackson's and OkHttp's; catch this type to handle
 * every library failure in one place.
 *
 * <p>Messages never contain secrets: tokens and credentials are not part of any exception text.
 */
public class GenieEnhancerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public GenieEnhancerException(String message) {
        super(message);
    }

    /** Creates an exception with a message and its cause. */
    public GenieEnhancerException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether repeating the same operation later may succeed (a rate limit, a transient server error). Failures
     * caused by the request or the data are never retriable.
     */
    public boolean isRetriable() {
        return false;
    }
}
