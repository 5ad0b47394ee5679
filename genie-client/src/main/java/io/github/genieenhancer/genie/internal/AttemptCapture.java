package io.github.genieenhancer.genie.internal;

import com.databricks.sdk.core.ApiClient;
import com.databricks.sdk.core.http.HttpClient;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.core.http.Response;
import io.github.genieenhancer.core.secret.SentCredentials;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Wraps the workspace's SDK HTTP client to remember what the SDK's exceptions and answers leave out: the
 * {@code Retry-After} header of a failed response, and the credential each request carried, so that a server
 * echoing it back cannot leak it into a message or an answer. The call runs on the calling thread, so a
 * thread-local hands the wait to the decision made right after it on the same thread.
 */
public final class AttemptCapture implements HttpClient {
    private static final ThreadLocal<Duration> LAST_RETRY_AFTER = new ThreadLocal<>();

    private final HttpClient delegate;
    private final SentCredentials credentials;

    /**
     * Wraps an HTTP client.
     *
     * @param credentials where the credential of every request is remembered
     */
    public AttemptCapture(HttpClient delegate, SentCredentials credentials) {
        this.delegate = delegate;
        this.credentials = credentials;
    }

    @Override
    public Response execute(Request request) throws IOException {
        credential(request.getHeaders()).ifPresent(credentials::remember);
        Response response = delegate.execute(request);
        if (response.getStatusCode() >= 400) {
            ApiClient.getBackoffFromRetryAfterHeader(response)
                    .ifPresent(millis -> LAST_RETRY_AFTER.set(Duration.ofMillis(Math.max(0, millis))));
        }
        return response;
    }

    /** Forgets what earlier attempts left; call before each attempt. */
    static void clear() {
        LAST_RETRY_AFTER.remove();
    }

    /** The {@code Retry-After} of the last failed response on this thread, if it had one; clears it. */
    static Optional<Duration> takeRetryAfter() {
        Duration value = LAST_RETRY_AFTER.get();
        LAST_RETRY_AFTER.remove();
        return Optional.ofNullable(value);
    }

    private static Optional<String> credential(Map<String, String> headers) {
        if (headers == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("Authorization") && header.getValue() != null) {
                String value = header.getValue().strip();
                int space = value.indexOf(' ');
                String secret = space < 0 ? value : value.substring(space + 1).strip();
                return secret.isEmpty() ? Optional.empty() : Optional.of(secret);
            }
        }
        return Optional.empty();
    }
}
