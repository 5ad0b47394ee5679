package io.github.genieenhancer.enhancement;

/** How an {@link EnhancementSession} changes spaces. */
public enum ApplyMode {
    /** Score and plan only: nothing is written, the plan and the change it would make are reported. */
    DRY_RUN,
    /**
     * Work on a copy of the space, made on the first apply; the original is untouched until
     * {@link EnhancementSession#promote()}.
     */
    CLONE,
    /** Change the space itself, with a snapshot before every update for rollback. */
    IN_PLACE
}
