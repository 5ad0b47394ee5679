package io.github.genieenhancer.scoring;

import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.Verdict;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of comparing Genie's result with the expected one.
 *
 * @param verdict      {@link Verdict#CORRECT}, {@link Verdict#INCORRECT}, or {@link Verdict#NEEDS_REVIEW} when the
 *                     expected result is empty and so cannot tell right from wrong
 * @param reason       why, named like Databricks' {@code ScoreReason} ({@link ReasonCode#RESULT_MATCH} when correct)
 * @param explanation  one or two sentences for a person, quoting the first differing row and column
 * @param notes        observations that did not decide the verdict, each starting with a code and a colon:
 *                     {@code COLUMN_TYPE_DIFFERENCE}, {@code ROW_CAP_REACHED}, {@code SOURCE_TRUNCATED},
 *                     {@code ORDER_NOT_CHECKED}, {@code TIED_ROWS_AT_LIMIT}, {@code EXTRA_COLUMNS_ALLOWED},
 *                     {@code SQL_NOT_PARSED}
 * @param expectedRows rows of the expected result that were compared (at most the policy's row cap)
 * @param actualRows   rows of Genie's result that were compared
 * @param actualDigest a digest of Genie's rows as a multiset, independent of row and column order, to spot a changed
 *                     answer between runs without storing rows
 */
public record Comparison(Verdict verdict, ReasonCode reason, String explanation, List<String> notes,
                         long expectedRows, long actualRows, String actualDigest) {

    /** Validates and copies the components. */
    public Comparison {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(actualDigest, "actualDigest");
        notes = List.copyOf(notes);
    }

    /** Whether the results match. */
    public boolean isCorrect() {
        return verdict == Verdict.CORRECT;
    }
}
