package io.github.genieenhancer.genie.internal;

import com.databricks.sdk.core.ApiClient;
import com.databricks.sdk.core.http.HttpClient;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.core.http.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Wraps the workspace's SDK HTTP client to remember the {@code Retry-After} header of a failed response. The SDK
 * turns failed responses into {@code DatabricksError}s without their headers; the call runs on the calling thread,
 * so a thread-local hands the header to the retry decision made right after it on the same thread.
 */
public final class RetryAfterCapture implements HttpClient {
    private static final ThreadLocal<Duration> LAST_RETRY_AFTER = new ThreadLocal<>();

    private final HttpClient delegate;

    /** Wraps an HTTP client. */
    public RetryAfterCapture(HttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public Response execute(Request request) throws IOException {
        Response response = delegate.execute(request);
        if (response.getStatusCode() >= 400) {
            ApiClient.getBackoffFromRetryAfterHeader(response)
                    .ifPresent(millis -> LAST_RETRY_AFTER.set(Duration.ofMillis(Math.max(0, millis))));
        }
        return response;
    }

    /** Forgets any header seen before; call before each attempt. */
    static void clear() {
        LAST_RETRY_AFTER.remove();
    }

    /** The {@code Retry-After} of the last failed response on this thread, if it had one; clears it. */
    static Optional<Duration> take() {
        Duration value = LAST_RETRY_AFTER.get();
        LAST_RETRY_AFTER.remove();
        return Optional.ofNullable(value);
    }
}
