package io.github.genieenhancer.core.state;

/** Where a session stands in the score → plan → apply → validate loop. */
public enum SessionStage {
    /** Created, nothing run yet. */
    CREATED,
    /** A score report exists for the current iteration. */
    SCORED,
    /** A plan exists for the current iteration. */
    PLANNED,
    /** The plan was applied to the space. */
    APPLIED,
    /** The applied change was re-scored and kept or rolled back. */
    VALIDATED,
    /** The loop ended (target reached, iteration limit, or no gain). */
    FINISHED,
    /** The loop stopped on an error. */
    FAILED
}
