package io.github.genieenhancer.scoring;

import io.github.genieenhancer.scoring.internal.ComparisonEngine;
import java.util.List;
import java.util.Objects;

/**
 * Judges whether Genie's result set answers a benchmark question, by comparing it with the expected SQL's result
 * under a {@link ComparisonPolicy}.
 *
 * <pre>{@code
 * ResultComparator comparator = ResultComparator.create();          // Databricks' rules
 * Comparison c = comparator.compare(benchmark.expectedSql(), expectedTable, genieTable);
 * c.verdict();      // CORRECT, INCORRECT or NEEDS_REVIEW
 * c.reason();       // e.g. RESULT_MISSING_ROWS
 * c.explanation();  // "Expected 12 rows, Genie returned 11; ... row 4 {region=EMEA, total=1200} ..."
 * }</pre>
 *
 * <p>Columns are matched by their content, never by name or position, and whole rows must line up. Each side is read
 * once; a table holding its rows in memory is hashed in parallel blocks on the common fork-join pool, a streamed one
 * row by row, with the same result. Memory grows with one result (hashes of both sides, 4 bytes a cell and 16 a
 * row, plus a streamed expected side's text for explanations), so million-row results held in memory compare in
 * about a quarter of a second on two cores. Immutable and thread-safe.
 */
public final class ResultComparator {
    private final ComparisonPolicy policy;
    private final ComparisonEngine engine;

    private ResultComparator(ComparisonPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.engine = new ComparisonEngine(policy);
    }

    /** A comparator with Databricks' rules, {@link ComparisonPolicy#genie()}. */
    public static ResultComparator create() {
        return new ResultComparator(ComparisonPolicy.genie());
    }

    /** A comparator with the given policy. */
    public static ResultComparator of(ComparisonPolicy policy) {
        return new ResultComparator(policy);
    }

    /** The policy. */
    public ComparisonPolicy policy() {
        return policy;
    }

    /**
     * How the policy orders the expected SQL's result: its top-level {@code ORDER BY} for
     * {@link ComparisonPolicy.RowOrderRule#TOP_LEVEL_ORDER_BY}, the text "order by" for
     * {@link ComparisonPolicy.RowOrderRule#ORDER_BY_IN_TEXT}, never for {@link ComparisonPolicy.RowOrderRule#IGNORE}.
     * Parsing costs a few milliseconds; callers comparing one benchmark repeatedly can keep the result.
     */
    public ResultOrder orderOf(String expectedSql) {
        return switch (policy.rowOrder()) {
            case IGNORE -> ResultOrder.unordered();
            case TOP_LEVEL_ORDER_BY -> ResultOrder.parse(expectedSql);
            case ORDER_BY_IN_TEXT -> ResultOrder.fromOrderByText(expectedSql);
        };
    }

    /**
     * Compares Genie's result with the expected SQL's result.
     *
     * @param expectedSql the benchmark's SQL, read for its ordering
     * @param expected    the expected SQL's result
     * @param actual      Genie's result
     */
    public Comparison compare(String expectedSql, ResultTable expected, ResultTable actual) {
        return compare(orderOf(expectedSql), expected, actual);
    }

    /**
     * Compares Genie's result with the expected result under a known order.
     *
     * @throws io.github.genieenhancer.core.DocumentFormatException when a row has more or fewer cells than columns
     */
    public Comparison compare(ResultOrder order, ResultTable expected, ResultTable actual) {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
        List<? extends List<String>> expectedRows = expected.takeHeldRows();
        List<? extends List<String>> actualRows = actual.takeHeldRows();
        return engine.compare(order, expected, expectedRows, actual, actualRows);
    }
}
