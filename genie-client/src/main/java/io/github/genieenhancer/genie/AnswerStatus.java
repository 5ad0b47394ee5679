package io.github.genieenhancer.genie;

/** How asking one question ended. */
public enum AnswerStatus {
    /** Genie answered: with SQL (and usually a result), or with text only (a clarifying question or prose). */
    COMPLETED,
    /** Genie reported FAILED; the answer's error holds Genie's {@code error.type} and message. */
    FAILED,
    /** Genie reported CANCELLED. */
    CANCELLED,
    /** Genie did not finish before the per-question deadline. */
    TIMED_OUT,
    /** An API call failed even after retries (HTTP error, I/O error); only batch answers carry this status. */
    REQUEST_FAILED,
    /** The caller stopped the work (batch cancelled, thread interrupted) before Genie finished. */
    ABORTED
}
