package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.GenieEnhancerException;
import java.time.Duration;

/** The wait after a space update until Genie serves the new configuration (Databricks needs about 30 s). */
public final class Propagation {

    private Propagation() {
    }

    /**
     * Waits, unless the wait is zero.
     *
     * @throws GenieEnhancerException when interrupted; the interrupt flag stays set
     */
    public static void await(Duration wait) {
        if (wait.isZero()) {
            return;
        }
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenieEnhancerException("Interrupted while waiting for the space update to propagate", e);
        }
    }
}
