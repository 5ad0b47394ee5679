package io.github.genieenhancer.llm.internal;

import io.github.genieenhancer.core.GenieApiException;
import io.github.genieenhancer.core.Sleeper;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry and rate-limit policy around one HTTP attempt: a resilience4j {@link Retry} outside a
 * {@link RateLimiter}, so every attempt, retries included, takes a permit.
 *
 * <p>Retried: I/O errors, timeouts, 408, 409, 429 and 5xx ({@link HttpFailure#isRetriable()}). The wait is the
 * server's {@code Retry-After-Ms} or {@code Retry-After} (seconds or HTTP date), capped, else a jittered
 * exponential backoff. A 429 also drains the limiter's permits, so concurrent callers pause with the one that was
 * told to slow down.
 */
public final class Resilience {
    private static final Logger LOG = LoggerFactory.getLogger(Resilience.class);

    private final Retry retry;
    private final Optional<RateLimiter> limiter;
    private final Settings settings;
    private final String target;

    /**
     * The policy's settings.
     *
     * @param maxAttempts     HTTP attempts per model call, the first included
     * @param initialBackoff  wait before the first retry when the server names none
     * @param maxBackoff      longest backoff wait
     * @param maxRetryAfter   cap on a server-requested wait
     * @param rateLimitCalls  calls allowed per period; 0 for no limiter
     * @param rateLimitPeriod the limiter's period
     * @param rateLimitWait   how long a call may wait for a permit
     * @param sleeper         how to wait between attempts
     */
    public record Settings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
                           int rateLimitCalls, Duration rateLimitPeriod, Duration rateLimitWait, Sleeper sleeper) {
    }

    /**
     * Creates the policy.
     *
     * @param settings the settings
     * @param target   the endpoint, for messages and the resilience4j instance names
     */
    public Resilience(Settings settings, String target) {
        this.settings = settings;
        this.target = target;
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(), 2.0, 0.5,
                settings.maxBackoff());
        this.retry = Retry.of("llm " + target, RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(e -> e instanceof HttpFailure failure && failure.isRetriable())
                .intervalBiFunction((Integer attempt, Either<Throwable, Object> outcome) ->
                        waitBeforeRetry(attempt, outcome, backoff))
                .build());
        this.limiter = settings.rateLimitCalls() <= 0 ? Optional.empty()
                : Optional.of(RateLimiter.of("llm " + target, RateLimiterConfig.custom()
                .limitForPeriod(settings.rateLimitCalls())
                .limitRefreshPeriod(settings.rateLimitPeriod())
                .timeoutDuration(settings.rateLimitWait())
                .drainPermissionsOnResult(outcome -> outcome.isLeft()
                        && outcome.getLeft() instanceof HttpFailure failure && failure.status() == 429)
                .build()));
    }

    /**
     * Runs the attempt under the policy.
     *
     * @throws GenieApiException when the last attempt failed, with the last status, or when no rate-limit permit
     *                           came in time
     */
    public <T> T execute(Supplier<T> attempt) {
        AtomicInteger attempts = new AtomicInteger();
        Supplier<T> counted = () -> {
            attempts.incrementAndGet();
            return attempt.get();
        };
        Supplier<T> limited = limiter.map(l -> RateLimiter.decorateSupplier(l, counted)).orElse(counted);
        try {
            return Retry.decorateSupplier(retry, limited).get();
        } catch (HttpFailure failure) {
            String message = failure.getMessage() + (attempts.get() > 1 ? " (after " + attempts + " attempts)" : "");
            throw new GenieApiException(message, failure.status(), failure.errorCode().orElse(null),
                    failure.isRetriable(), failure.getCause());
        } catch (RequestNotPermitted e) {
            throw new GenieApiException("No rate-limit permit for " + target + " within "
                    + settings.rateLimitWait(), 0, "RATE_LIMITED", true, e);
        }
    }

    // resilience4j sleeps through a JVM-wide static function, so it is told to wait 0 ms and the wait happens here,
    // through the injectable sleeper.
    private long waitBeforeRetry(int attempt, Either<Throwable, Object> outcome, IntervalFunction backoff) {
        Optional<Duration> asked = outcome.isLeft() && outcome.getLeft() instanceof HttpFailure failure
                ? failure.retryAfter() : Optional.empty();
        Duration wait = asked.map(a -> a.compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter() : a)
                .orElseGet(() -> Duration.ofMillis(backoff.apply(attempt)));
        LOG.info("Retrying in {} ms after attempt {}: {}", wait.toMillis(), attempt,
                outcome.isLeft() ? outcome.getLeft().getMessage() : target + " gave an unexpected result");
        try {
            settings.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenieApiException("Interrupted while waiting to retry " + target, 0, null, false, e);
        }
        return 0L;
    }
}
