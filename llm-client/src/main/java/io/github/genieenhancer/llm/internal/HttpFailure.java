package io.github.genieenhancer.llm.internal;

import io.github.genieenhancer.core.secret.Redaction;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A failed exchange with an LLM endpoint (an HTTP error status, an I/O error or a timeout), as seen by the retry
 * layer. It carries what the retry decision needs; {@link Resilience} turns the last one into the public
 * {@link io.github.genieenhancer.core.GenieApiException}. The message never contains credentials.
 */
public final class HttpFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status, or 0 when no response arrived. */
    private final int status;
    /** The error code from the response body, or {@code null}. */
    private final String errorCode;
    /** How long the server asked the client to wait, or {@code null}. */
    private final Duration retryAfter;

    /**
     * Creates a failure.
     *
     * @param message    what failed, without secrets
     * @param status     HTTP status, or 0 when no response arrived
     * @param errorCode  the error code from the response body, or {@code null}
     * @param retryAfter how long the server asked the client to wait, or {@code null}
     * @param cause      the I/O exception, or {@code null}
     */
    public HttpFailure(String message, int status, String errorCode, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
        this.retryAfter = retryAfter;
    }

    /** A failure without a response: an I/O error or a timeout. Always retriable. */
    public static HttpFailure noResponse(String message, Throwable cause) {
        return new HttpFailure(message, 0, null, null, cause);
    }

    /**
     * This failure with the request's credential, bearer tokens and personal access tokens in its message replaced
     * by {@code ***} ({@link Redaction}): a server or a gateway may echo credentials in its error text.
     *
     * @param secret the credential the request carried; empty when it carried none
     */
    public HttpFailure withoutSecret(String secret) {
        String masked = Redaction.redact(getMessage(), secret.isEmpty() ? List.of() : List.of(secret));
        if (masked.equals(getMessage())) {
            return this;
        }
        return new HttpFailure(masked, status, errorCode, retryAfter, getCause());
    }

    /** HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    /** The error code from the response body, when there was one. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** How long the server asked the client to wait before trying again. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * Whether the same request may succeed later: no response at all (I/O error, timeout), 408 (request timeout),
     * 409 (a lock conflict on the server), 429 (rate limit) and every 5xx. Other 4xx are caused by the request.
     */
    public boolean isRetriable() {
        return status == 0 || status == 408 || status == 409 || status == 429 || status >= 500;
    }
}
