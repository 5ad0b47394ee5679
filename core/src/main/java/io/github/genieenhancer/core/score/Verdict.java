package io.github.genieenhancer.core.score;

/** The outcome of scoring one benchmark question. */
public enum Verdict {
    /** Genie's result set matches the expected one. */
    CORRECT,
    /** Genie answered with SQL whose result differs; the reason code says how. */
    INCORRECT,
    /** Genie answered in text or asked to clarify, without SQL. */
    NO_SQL,
    /** Genie failed, its SQL failed, or the question timed out. */
    ERROR,
    /** Infrastructure or permission failure, or the expected SQL itself failed: kept out of the accuracy. */
    EXCLUDED,
    /** An incorrect near-miss that a judge flagged for a human to look at; never counted as correct. */
    NEEDS_REVIEW;

    /** Whether this verdict counts in the accuracy denominator. */
    public boolean counted() {
        return this != EXCLUDED;
    }
}
