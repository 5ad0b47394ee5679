package io.github.genieenhancer.enhancement;

/** Why an {@link EnhancementSession} loop ended. */
public enum StopReason {
    /** The tuning accuracy reached the target. */
    TARGET_REACHED,
    /** The configured number of iterations ran. */
    ITERATION_LIMIT,
    /** The last iteration did not raise the tuning accuracy (it was kept equal, or rolled back). */
    NO_GAIN,
    /** The last plan had no fix to apply. */
    NO_FIXES,
    /** {@link ApplyMode#DRY_RUN}: the loop stops after the first plan. */
    DRY_RUN
}
