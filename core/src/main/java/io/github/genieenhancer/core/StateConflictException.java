package io.github.genieenhancer.core;

/**
 * Another writer advanced the same session first: the stored version is not the one this writer read. Re-read the
 * session and decide again; never overwrite.
 */
public class StateConflictException extends StateStoreException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception naming the session and both versions. */
    public StateConflictException(String message) {
        super(message);
    }
}
