package io.github.genieenhancer.genie.internal;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.ApiClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.error.details.ErrorDetails;
import com.databricks.sdk.core.error.details.RetryInfo;
import com.databricks.sdk.core.retry.NoRetryStrategyPicker;
import com.databricks.sdk.service.dashboards.GenieAPI;
import com.databricks.sdk.service.sql.StatementExecutionAPI;
import io.github.genieenhancer.core.GenieApiException;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.Sleeper;
import io.github.genieenhancer.core.secret.SentCredentials;
import io.github.genieenhancer.genie.RetryPolicy;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Databricks call of the module goes through here: the SDK services built on the user's workspace
 * configuration with the SDK's own retries switched off, and a resilience4j {@link Retry} as the single retry
 * layer. Waiting uses the injected {@link Sleeper}: the retry's async context computes each wait without sleeping,
 * so tests stay fast and an interrupt stops a waiting call at once.
 */
public final class DatabricksCalls {
    private static final Logger LOG = LoggerFactory.getLogger(DatabricksCalls.class);
    /** What the SDK reports as the status of a request that got no HTTP response. */
    private static final int SDK_IO_ERROR_STATUS = 523;

    private final GenieAPI genie;
    private final StatementExecutionAPI statements;
    private final Retry retry;
    private final Sleeper sleeper;
    private final SentCredentials credentials;

    private DatabricksCalls(GenieAPI genie, StatementExecutionAPI statements, RetryPolicy policy, Sleeper sleeper,
                            SentCredentials credentials) {
        this.genie = genie;
        this.statements = statements;
        this.retry = Retry.of("databricks", retryConfig(policy));
        this.sleeper = sleeper;
        this.credentials = credentials;
    }

    /**
     * Calls for a workspace. A real client gets a second {@code ApiClient} on the same configuration (host, auth,
     * HTTP client and its timeouts) whose SDK-level retries are off, so 429/501/503 are not retried twice; a mock
     * client (no configuration) is used as it is.
     */
    public static DatabricksCalls create(WorkspaceClient workspace, RetryPolicy policy, Sleeper sleeper) {
        DatabricksConfig config = workspace.config();
        SentCredentials credentials = new SentCredentials();
        if (config == null) {
            return new DatabricksCalls(workspace.genie(), workspace.statementExecution(), policy, sleeper,
                    credentials);
        }
        ApiClient api = new ApiClient.Builder()
                .withDatabricksConfig(config)
                .withHttpClient(new AttemptCapture(config.getHttpClient(), credentials))
                .withRetryStrategyPicker(new NoRetryStrategyPicker())
                .build();
        return new DatabricksCalls(new GenieAPI(api), new StatementExecutionAPI(api), policy, sleeper, credentials);
    }

    /**
     * Text a server sent (an error message, a statement error, Genie's prose), with every credential these calls
     * have sent and every bearer token and personal access token masked. Call it where such text enters a value, an
     * exception or a log, once; SQL and result cells are kept as they are, since they are what is run and scored.
     */
    public String redact(String serverText) {
        return credentials.redact(serverText);
    }

    /**
     * The throwable itself when no message of its chain holds a credential these calls have sent (or a bearer
     * token or personal access token), otherwise {@code null}: what may be attached to an exception or a log line.
     */
    public Throwable safeCause(Throwable thrown) {
        return credentials.safeCause(thrown);
    }

    /** The Genie service. Call it only inside {@link #call}. */
    public GenieAPI genie() {
        return genie;
    }

    /** The Statement Execution service. Call it only inside {@link #call}. */
    public StatementExecutionAPI statements() {
        return statements;
    }

    /**
     * Runs an SDK call with retries.
     *
     * @param operation what the call does, for error messages ("poll Genie message m1")
     * @param counter   counts every HTTP attempt
     * @throws GenieApiException    when the call failed and retrying did not help or was not allowed
     * @throws InterruptedException when the thread was interrupted before or between attempts
     */
    public <T> T call(String operation, CallCounter counter, SdkCall<T> call) throws InterruptedException {
        return call(operation, counter, call, retryAfter -> false);
    }

    /**
     * Like {@link #call}, with HTTP 429 first offered to a handler: when it takes the refusal, the call is tried
     * again at once, without using up a retry (the handler's pacing inside {@code call} does the waiting).
     *
     * @param onTooManyRequests receives the server's {@code Retry-After}, if any; {@code true} to try again
     */
    public <T> T call(String operation, CallCounter counter, SdkCall<T> call, TooManyRequests onTooManyRequests)
            throws InterruptedException {
        Retry.AsyncContext<Object> context = retry.asyncContext();
        int attempt = 0;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            attempt++;
            counter.increment();
            AttemptCapture.clear();
            AttemptFailure failure;
            try {
                T result = call.call();
                context.onComplete();
                return result;
            } catch (DatabricksException e) {
                failure = translate(operation, e, AttemptCapture.takeRetryAfter());
            }
            if (failure.exception.statusCode() == 429 && onTooManyRequests.retry(failure.retryAfter)) {
                LOG.debug("{} (attempt {}); paced and tried again", failure.exception.getMessage(), attempt);
                continue;
            }
            long waitMillis = context.onError(failure);
            if (waitMillis < 0) {
                throw failure.finalException(attempt);
            }
            LOG.debug("{} (attempt {}); retrying in {} ms", failure.exception.getMessage(), attempt, waitMillis);
            sleeper.sleep(Duration.ofMillis(waitMillis));
        }
    }

    /**
     * Like {@link #call}, for callers that cannot pass an {@link InterruptedException} on: an interrupt becomes a
     * {@link GenieEnhancerException}, and the thread's interrupt flag stays set.
     *
     * @throws GenieApiException      when the call failed and retrying did not help or was not allowed
     * @throws GenieEnhancerException when the thread was interrupted before or between attempts
     */
    public <T> T callUnchecked(String operation, CallCounter counter, SdkCall<T> call) {
        try {
            return call(operation, counter, call);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenieEnhancerException("Interrupted while trying to " + operation, e);
        }
    }

    /**
     * Turns an SDK failure into the library's exception. Neither its message nor its cause holds a credential: the
     * ones the requests carried are masked wherever the server echoed them, as are bearer tokens and PATs.
     */
    private AttemptFailure translate(String operation, DatabricksException e, Optional<Duration> retryAfter) {
        Throwable safeCause = safeCause(e);
        DatabricksError error = e instanceof DatabricksError de ? de
                : e.getCause() instanceof DatabricksError cause ? cause : null;
        IOException io = ioCause(e);
        if (io != null && (error == null || error.getStatusCode() == SDK_IO_ERROR_STATUS)) {
            String message = operation + " failed: I/O error " + io.getClass().getSimpleName()
                    + (io.getMessage() == null ? "" : ": " + io.getMessage());
            return new AttemptFailure(new GenieApiException(redact(message), 0, "IO_ERROR", true,
                    safeCause), Optional.empty());
        }
        if (error == null) {
            String message = operation + " failed: " + e.getMessage();
            return new AttemptFailure(new GenieApiException(redact(message), 0, null, false,
                    safeCause), Optional.empty());
        }
        int status = error.getStatusCode();
        String code = error.getErrorCode() == null || error.getErrorCode().isBlank() ? null : error.getErrorCode();
        boolean retriable = status == 429 || status >= 500;
        String message = operation + " failed: HTTP " + status + (code == null ? "" : " " + code) + ": "
                + error.getMessage();
        Optional<Duration> serverWait = retryAfter.or(() -> retryInfo(error));
        return new AttemptFailure(new GenieApiException(redact(message), status, code, retriable,
                safeCause), serverWait);
    }

    private static Optional<Duration> retryInfo(DatabricksError error) {
        ErrorDetails details = error.getErrorDetails();
        return details == null ? Optional.empty() : details.retryInfo().map(RetryInfo::retryDelay);
    }

    private static IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    /**
     * The computed waits of a policy, in milliseconds by 1-based retry: exponential, with the policy's jitter; the
     * caller caps them at {@link RetryPolicy#maxBackoff()}.
     */
    public static IntervalFunction backoff(RetryPolicy policy) {
        return policy.jitter() == 0.0
                ? IntervalFunction.ofExponentialBackoff(policy.initialBackoff(), policy.multiplier(),
                        policy.maxBackoff())
                : IntervalFunction.ofExponentialRandomBackoff(policy.initialBackoff(), policy.multiplier(),
                        policy.jitter(), policy.maxBackoff());
    }

    private static RetryConfig retryConfig(RetryPolicy policy) {
        IntervalFunction backoff = backoff(policy);
        long maxBackoff = policy.maxBackoff().toMillis();
        long maxRetryAfter = policy.maxRetryAfter().toMillis();
        IntervalBiFunction<Object> interval = (attempt, outcome) -> {
            if (outcome.isLeft() && outcome.getLeft() instanceof AttemptFailure failure
                    && failure.retryAfter.isPresent()) {
                return Math.min(failure.retryAfter.get().toMillis(), maxRetryAfter);
            }
            return Math.min(backoff.apply(attempt), maxBackoff);
        };
        return RetryConfig.custom()
                .maxAttempts(policy.maxAttempts())
                .intervalBiFunction(interval)
                .retryOnException(t -> t instanceof AttemptFailure failure && failure.exception.isRetriable())
                .build();
    }

    /** What a paced call does with an HTTP 429. */
    @FunctionalInterface
    public interface TooManyRequests {
        /**
         * Takes a 429.
         *
         * @param retryAfter the server's {@code Retry-After}, if it sent one
         * @return {@code true} to try the call again without using up a retry, {@code false} to retry it as usual
         */
        boolean retry(Optional<Duration> retryAfter);
    }

    /** One failed attempt as the retry sees it: the exception plus the wait the server asked for. */
    private static final class AttemptFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient GenieApiException exception;
        private final transient Optional<Duration> retryAfter;

        AttemptFailure(GenieApiException exception, Optional<Duration> retryAfter) {
            super(exception.getMessage(), null, false, false);
            this.exception = exception;
            this.retryAfter = retryAfter;
        }

        GenieApiException finalException(int attempts) {
            if (attempts == 1) {
                return exception;
            }
            return new GenieApiException(exception.getMessage() + " (after " + attempts + " attempts)",
                    exception.statusCode(), exception.errorCode().orElse(null), exception.isRetriable(),
                    exception.getCause());
        }
    }
}
