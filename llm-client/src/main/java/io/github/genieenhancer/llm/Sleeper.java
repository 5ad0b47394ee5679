package io.github.genieenhancer.llm;

import java.time.Duration;

/**
 * Waits between retries. The default is {@link Thread#sleep}; tests inject one that records the waits and returns
 * at once, so retry behaviour is checked without real waiting.
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Waits for the given time.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    void sleep(Duration duration) throws InterruptedException;

    /** The real clock: {@link Thread#sleep(long)}. */
    static Sleeper system() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
