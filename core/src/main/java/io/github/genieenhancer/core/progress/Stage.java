package io.github.genieenhancer.core.progress;

/** The four stages of the enhancement loop. */
public enum Stage {
    /** Ask Genie every benchmark question and compare results. */
    SCORE,
    /** Analyse failures and propose fixes. */
    PLAN,
    /** Validate fixes, back up the space, update it. */
    APPLY,
    /** Re-score after an update; keep or roll back. */
    VALIDATE
}
