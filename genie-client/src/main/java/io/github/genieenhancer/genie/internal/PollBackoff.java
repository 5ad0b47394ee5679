package io.github.genieenhancer.genie.internal;

import java.time.Duration;

/** Poll intervals that start short and grow by a factor up to a cap. Not thread-safe: one per poll loop. */
public final class PollBackoff {
    private final Duration max;
    private final double multiplier;
    private Duration next;

    /** Starts at {@code initial}, multiplying by {@code multiplier} up to {@code max}. */
    public PollBackoff(Duration initial, Duration max, double multiplier) {
        this.next = initial;
        this.max = max;
        this.multiplier = multiplier;
    }

    /** The interval to wait now; the following call returns a longer one, up to the cap. */
    public Duration next() {
        Duration current = next;
        long grown = (long) Math.min(Long.MAX_VALUE / 2.0, current.toNanos() * multiplier);
        Duration candidate = Duration.ofNanos(grown);
        next = candidate.compareTo(max) > 0 ? max : candidate;
        return current;
    }
}
