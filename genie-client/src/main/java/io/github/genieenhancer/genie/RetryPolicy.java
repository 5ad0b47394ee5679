package io.github.genieenhancer.genie;

import io.github.genieenhancer.core.ConfigurationException;
import java.time.Duration;
import java.util.Objects;

/**
 * How failed Databricks API calls are retried: on HTTP 429 (honouring {@code Retry-After}), on every 5xx, and on
 * I/O failures (connection resets, timeouts); never on other 4xx. Waits grow exponentially with random jitter up
 * to a cap. Immutable; build one with {@link #builder()}.
 *
 * <p>The clients send their calls with the SDK's own retries switched off (see the module documentation), so this
 * policy is the only layer that retries and attempts do not multiply. The longest a single call can take in
 * waiting is {@link #worstCaseWait()}.
 */
public final class RetryPolicy {
    private static final RetryPolicy DEFAULTS = builder().build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final double multiplier;
    private final Duration maxBackoff;
    private final double jitter;
    private final Duration maxRetryAfter;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.multiplier = b.multiplier;
        this.maxBackoff = b.maxBackoff;
        this.jitter = b.jitter;
        this.maxRetryAfter = b.maxRetryAfter;
    }

    /** 4 attempts, backoff 1 s doubling to at most 30 s with ±50 % jitter, server waits honoured up to 60 s. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** A single attempt: failures are reported at once. */
    public static RetryPolicy none() {
        return builder().maxAttempts(1).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this policy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Attempts in total, the first one included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The wait before the first retry, before jitter. */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** The factor between consecutive waits. */
    public double multiplier() {
        return multiplier;
    }

    /** The longest computed wait, jitter included. */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** The random spread of each wait: 0.5 means ±50 %. */
    public double jitter() {
        return jitter;
    }

    /** The longest server-requested wait ({@code Retry-After}) honoured; longer requests are cut to this. */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /**
     * The longest total wait one call can spend between its attempts: every retry waiting the larger of
     * {@link #maxBackoff()} and {@link #maxRetryAfter()}. The attempts' own durations come on top.
     */
    public Duration worstCaseWait() {
        Duration longest = maxBackoff.compareTo(maxRetryAfter) >= 0 ? maxBackoff : maxRetryAfter;
        return longest.multipliedBy(maxAttempts - 1L);
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", multiplier="
                + multiplier + ", maxBackoff=" + maxBackoff + ", jitter=" + jitter + ", maxRetryAfter="
                + maxRetryAfter + '}';
    }

    /** Builds a {@link RetryPolicy}. */
    public static final class Builder {
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private double multiplier = 2.0;
        private Duration maxBackoff = Duration.ofSeconds(30);
        private double jitter = 0.5;
        private Duration maxRetryAfter = Duration.ofSeconds(60);

        private Builder() {
        }

        private Builder(RetryPolicy p) {
            this.maxAttempts = p.maxAttempts;
            this.initialBackoff = p.initialBackoff;
            this.multiplier = p.multiplier;
            this.maxBackoff = p.maxBackoff;
            this.jitter = p.jitter;
            this.maxRetryAfter = p.maxRetryAfter;
        }

        /** Attempts in total, at least 1 (default 4). */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new ConfigurationException("RetryPolicy.maxAttempts must be at least 1, got " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The first wait and the cap of computed waits (defaults 1 s and 30 s). */
        public Builder backoff(Duration initial, Duration max) {
            requirePositive("initial backoff", initial);
            requirePositive("max backoff", max);
            if (max.compareTo(initial) < 0) {
                throw new ConfigurationException("RetryPolicy max backoff " + max + " is below the initial " + initial);
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** The factor between consecutive waits, at least 1 (default 2). */
        public Builder multiplier(double multiplier) {
            if (!(multiplier >= 1.0)) {
                throw new ConfigurationException("RetryPolicy.multiplier must be at least 1, got " + multiplier);
            }
            this.multiplier = multiplier;
            return this;
        }

        /** The random spread of each wait, from 0 (none) to below 1 (default 0.5, i.e. ±50 %). */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0.0 && jitter < 1.0)) {
                throw new ConfigurationException("RetryPolicy.jitter must be in [0, 1), got " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /** The longest {@code Retry-After} wait honoured (default 60 s); longer server requests are capped. */
        public Builder maxRetryAfter(Duration maxRetryAfter) {
            Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
            if (maxRetryAfter.isNegative()) {
                throw new ConfigurationException("RetryPolicy.maxRetryAfter must not be negative");
            }
            this.maxRetryAfter = maxRetryAfter;
            return this;
        }

        /** The policy. */
        public RetryPolicy build() {
            return new RetryPolicy(this);
        }

        private static void requirePositive(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new ConfigurationException("RetryPolicy " + what + " must be positive, got " + d);
            }
        }
    }
}
