package io.github.genieenhancer.core;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits between polls and retries. The clients take one so that tests (and simulations) can replace real waiting
 * with a fake clock; production code uses {@link #system()}.
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Waits for the given time.
     *
     * @param duration how long to wait; zero or negative returns at once
     * @throws InterruptedException when the waiting thread is interrupted, which is how work is cancelled
     */
    void sleep(Duration duration) throws InterruptedException;

    /** The real sleeper: {@link TimeUnit#sleep(long)} on the calling thread. */
    static Sleeper system() {
        return duration -> {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (duration.isNegative() || duration.isZero()) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        };
    }
}
