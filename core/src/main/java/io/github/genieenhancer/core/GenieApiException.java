package io.github.genieenhancer.core;

import java.util.Optional;

/**
 * A Databricks REST call (Genie, SQL statements, serving endpoints) failed. Carries the HTTP status and the
 * Databricks error code when the server sent them.
 */
public class GenieApiException extends GenieEnhancerException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status, or 0 when no response was received. */
    private final int statusCode;
    /** The Databricks error code, or {@code null} when the server sent none. */
    private final String errorCode;
    /** Whether repeating the call later may succeed. */
    private final boolean retriable;

    /**
     * Creates an exception.
     *
     * @param message    what failed, without secrets
     * @param statusCode HTTP status, or 0 when no response was received
     * @param errorCode  Databricks error code such as {@code RESOURCE_EXHAUSTED}, or {@code null}
     * @param retriable  whether repeating the call later may succeed
     * @param cause      the underlying exception, or {@code null}
     */
    public GenieApiException(String message, int statusCode, String errorCode, boolean retriable, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        this.retriable = retriable;
    }

    /** HTTP status of the failed call, or 0 when no response was received (I/O error, timeout). */
    public int statusCode() {
        return statusCode;
    }

    /** Databricks error code, when the server sent one. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    @Override
    public boolean isRetriable() {
        return retriable;
    }
}
