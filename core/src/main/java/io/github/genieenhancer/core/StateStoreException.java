package io.github.genieenhancer.core;

/**
 * A {@code StateStore} could not read or write: an I/O failure, or a corrupt or foreign entry (named with its
 * path or key so it is never silently dropped).
 */
public class StateStoreException extends GenieEnhancerException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message naming the entry. */
    public StateStoreException(String message) {
        super(message);
    }

    /** Creates an exception with a message naming the entry, and its cause. */
    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
