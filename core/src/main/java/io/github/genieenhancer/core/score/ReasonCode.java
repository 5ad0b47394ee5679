package io.github.genieenhancer.core.score;

/**
 * Why a question got its verdict. The comparison codes are named like Databricks' {@code ScoreReason}, so they
 * line up with the official benchmark evaluation.
 */
public enum ReasonCode {
    /** The result sets match. */
    RESULT_MATCH,
    /** Genie's result lacks rows of the expected result. */
    RESULT_MISSING_ROWS,
    /** Genie's result has rows the expected result does not. */
    RESULT_EXTRA_ROWS,
    /** Genie's result lacks columns of the expected result. */
    RESULT_MISSING_COLUMNS,
    /** Genie's result has columns the expected result does not. */
    RESULT_EXTRA_COLUMNS,
    /** Both results are a single cell and the values differ. */
    SINGLE_CELL_DIFFERENCE,
    /** Genie's result is empty. */
    EMPTY_RESULT,
    /** The expected SQL returned an empty result, so the benchmark cannot tell right from wrong. */
    EMPTY_GOOD_SQL,
    /** The values match but a column's type differs (a note when the values agree). */
    COLUMN_TYPE_DIFFERENCE,
    /** The same rows in a different order where the expected SQL orders its result. */
    ORDER_DIFFERENCE,
    /** Genie answered in text or asked a clarifying question. */
    TEXT_ANSWER,
    /** Genie's message ended FAILED for a reason the space configuration can influence. */
    GENIE_FAILED,
    /** Genie's message was cancelled. */
    GENIE_CANCELLED,
    /** No answer within the per-question deadline. */
    TIMEOUT,
    /** Genie's SQL failed to execute on the warehouse. */
    GENIE_SQL_FAILED,
    /** The expected SQL failed to execute. */
    EXPECTED_SQL_FAILED,
    /** The benchmark has no expected SQL (a space question without a SQL answer), so it cannot be scored. */
    MISSING_EXPECTED_SQL,
    /** An infrastructure or permission failure (warehouse, model deployment, rate limit exhausted). */
    INFRASTRUCTURE,
    /** A judge marked the near-miss for review. */
    JUDGE_REVIEW,
    /**
     * Databricks' eval run rated the answer bad for a reason without a local equivalent, such as its LLM judge's
     * {@code LLM_JUDGE_*} reasons (kept in the notes).
     */
    EVAL_RUN_BAD
}
