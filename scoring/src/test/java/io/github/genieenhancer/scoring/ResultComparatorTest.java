package io.github.genieenhancer.scoring;

import static io.github.genieenhancer.core.score.ReasonCode.COLUMN_TYPE_DIFFERENCE;
import static io.github.genieenhancer.core.score.ReasonCode.EMPTY_GOOD_SQL;
import static io.github.genieenhancer.core.score.ReasonCode.EMPTY_RESULT;
import static io.github.genieenhancer.core.score.ReasonCode.ORDER_DIFFERENCE;
import static io.github.genieenhancer.core.score.ReasonCode.RESULT_EXTRA_COLUMNS;
import static io.github.genieenhancer.core.score.ReasonCode.RESULT_EXTRA_ROWS;
import static io.github.genieenhancer.core.score.ReasonCode.RESULT_MATCH;
import static io.github.genieenhancer.core.score.ReasonCode.RESULT_MISSING_COLUMNS;
import static io.github.genieenhancer.core.score.ReasonCode.RESULT_MISSING_ROWS;
import static io.github.genieenhancer.core.score.ReasonCode.SINGLE_CELL_DIFFERENCE;
import static io.github.genieenhancer.core.score.Verdict.CORRECT;
import static io.github.genieenhancer.core.score.Verdict.INCORRECT;
import static io.github.genieenhancer.core.score.Verdict.NEEDS_REVIEW;
import static io.github.genieenhancer.scoring.Tables.table;
import static io.github.genieenhancer.scoring.Tables.truncated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.DocumentFormatException;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.Verdict;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResultComparatorTest {
    private static final ComparisonPolicy GENIE = ComparisonPolicy.genie();
    private static final ComparisonPolicy LENIENT = ComparisonPolicy.lenient();
    private static final ComparisonPolicy SPIDER = ComparisonPolicy.spiderTestSuite();
    private static final String PLAIN = "SELECT region, total FROM sales";
    private static final String BY_TOTAL = "SELECT region, total FROM sales ORDER BY total DESC";
    private static final String RT = "region:STRING, total:BIGINT";

    /**
     * One case of the table.
     *
     * @param contains a fragment of the explanation or of a note that must appear, or "" for none
     */
    record Case(String name, ComparisonPolicy policy, String sql, Supplier<ResultTable> expected,
                Supplier<ResultTable> actual, Verdict verdict, ReasonCode reason, String contains) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(String name, ComparisonPolicy policy, String sql, Supplier<ResultTable> expected,
                          Supplier<ResultTable> actual, Verdict verdict, ReasonCode reason, String contains) {
        return new Case(name, policy, sql, expected, actual, verdict, reason, contains);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // Row order
                c("identical rows", GENIE, PLAIN, () -> table(RT, "EMEA|10", "AMER|20"),
                        () -> table(RT, "EMEA|10", "AMER|20"), CORRECT, RESULT_MATCH, "2 rows of 2 columns"),
                c("rows permuted without ORDER BY", GENIE, PLAIN, () -> table(RT, "EMEA|10", "AMER|20", "APJ|5"),
                        () -> table(RT, "APJ|5", "AMER|20", "EMEA|10"), CORRECT, RESULT_MATCH, ""),
                c("rows permuted against a top-level ORDER BY", GENIE, BY_TOTAL,
                        () -> table(RT, "AMER|20", "EMEA|10", "APJ|5"), () -> table(RT, "EMEA|10", "AMER|20", "APJ|5"),
                        INCORRECT, ORDER_DIFFERENCE, "at row 1 the expected result has total=20, Genie's has total=10"),
                c("ORDER BY reversed (ASC instead of DESC)", GENIE, BY_TOTAL,
                        () -> table(RT, "AMER|20", "EMEA|10"), () -> table(RT, "EMEA|10", "AMER|20"),
                        INCORRECT, ORDER_DIFFERENCE, "sort key (total DESC)"),
                c("rows tied on the sort key in another order", GENIE, BY_TOTAL,
                        () -> table(RT, "AMER|20", "EMEA|10", "APJ|10", "LATAM|1"),
                        () -> table(RT, "AMER|20", "APJ|10", "EMEA|10", "LATAM|1"), CORRECT, RESULT_MATCH, ""),
                c("ORDER BY only inside a subquery", GENIE,
                        "SELECT region, total FROM (SELECT * FROM sales ORDER BY total DESC LIMIT 10) t",
                        () -> table(RT, "AMER|20", "EMEA|10"), () -> table(RT, "EMEA|10", "AMER|20"),
                        CORRECT, RESULT_MATCH, ""),
                c("ORDER BY only inside a window", GENIE,
                        "SELECT region, ROW_NUMBER() OVER (ORDER BY total) AS rn FROM sales",
                        () -> table("region:STRING, rn:INT", "a|1", "b|2"), () -> table("region:STRING, rn:INT",
                                "b|2", "a|1"), CORRECT, RESULT_MATCH, ""),
                c("ORDER BY only inside a CTE", GENIE,
                        "WITH top AS (SELECT * FROM sales ORDER BY total DESC LIMIT 3) SELECT region, total FROM top",
                        () -> table(RT, "AMER|20", "EMEA|10"), () -> table(RT, "EMEA|10", "AMER|20"),
                        CORRECT, RESULT_MATCH, ""),
                c("ORDER BY position", GENIE, "SELECT region, SUM(amount) FROM sales GROUP BY region ORDER BY 2 DESC",
                        () -> table("region:STRING, s:BIGINT", "AMER|20", "EMEA|10"),
                        () -> table("region:STRING, s:BIGINT", "EMEA|10", "AMER|20"), INCORRECT, ORDER_DIFFERENCE,
                        ""),
                c("ORDER BY an expression of the select list", GENIE,
                        "SELECT region, SUM(amount) FROM sales GROUP BY region ORDER BY SUM(amount) DESC",
                        () -> table("region:STRING, s:BIGINT", "AMER|20", "EMEA|10"),
                        () -> table("region:STRING, s:BIGINT", "EMEA|10", "AMER|20"), INCORRECT, ORDER_DIFFERENCE,
                        ""),
                c("ORDER BY a column outside the result", GENIE,
                        "SELECT region FROM sales ORDER BY created_at", () -> table("region:STRING", "a", "b"),
                        () -> table("region:STRING", "b", "a"), CORRECT, RESULT_MATCH, "ORDER_NOT_CHECKED"),
                c("LIMIT cuts through tied rows", GENIE, BY_TOTAL + " LIMIT 3",
                        () -> table(RT, "AMER|20", "EMEA|10", "APJ|5"), () -> table(RT, "AMER|20", "EMEA|10", "LATAM|5"),
                        CORRECT, RESULT_MATCH, "TIED_ROWS_AT_LIMIT"),
                c("LIMIT with a non-tied row replaced", GENIE, BY_TOTAL + " LIMIT 3",
                        () -> table(RT, "AMER|20", "EMEA|10", "APJ|5"), () -> table(RT, "AMER|20", "LATAM|10", "APJ|5"),
                        INCORRECT, RESULT_MISSING_ROWS, "differs in column 'region' (expected EMEA, Genie LATAM)"),
                c("ORDER BY found by the token scan when the parser fails", GENIE,
                        "SELECT region, total FROM sales TIMESTAMP AS OF '2025-01-01' ORDER BY total DESC",
                        () -> table(RT, "AMER|20", "EMEA|10"), () -> table(RT, "EMEA|10", "AMER|20"),
                        INCORRECT, ORDER_DIFFERENCE, "SQL_NOT_PARSED"),
                // Duplicates and row counts
                c("a duplicate row missing", GENIE, PLAIN, () -> table(RT, "a|1", "a|1", "b|2"),
                        () -> table(RT, "a|1", "b|2"), INCORRECT, RESULT_MISSING_ROWS, "1 expected row missing"),
                c("an extra duplicate row", GENIE, PLAIN, () -> table(RT, "a|1", "b|2"),
                        () -> table(RT, "a|1", "a|1", "b|2"), INCORRECT, RESULT_EXTRA_ROWS, "1 row not expected"),
                c("same count, other duplicates", GENIE, PLAIN, () -> table(RT, "a|1", "a|1", "b|2"),
                        () -> table(RT, "a|1", "b|2", "b|2"), INCORRECT, RESULT_MISSING_ROWS, ""),
                c("fewer rows", GENIE, PLAIN, () -> table(RT, "a|1", "b|2", "c|3"), () -> table(RT, "a|1", "c|3"),
                        INCORRECT, RESULT_MISSING_ROWS, "Expected row 2 {region=b, total=2} has no match in Genie's result"),
                c("more rows", GENIE, PLAIN, () -> table(RT, "a|1"), () -> table(RT, "a|1", "z|9"),
                        INCORRECT, RESULT_EXTRA_ROWS, "Genie's row 2 {region=z, total=9} has no match in the expected"),
                c("one cell differs in a larger result", GENIE, PLAIN, () -> table(RT, "a|1", "b|2", "c|3"),
                        () -> table(RT, "a|1", "b|7", "c|3"), INCORRECT, RESULT_MISSING_ROWS,
                        "row 2, differs in column 'total' (expected 2, Genie 7)"),
                // Columns
                c("columns permuted", GENIE, PLAIN, () -> table(RT, "a|1", "b|2"),
                        () -> table("total:BIGINT, region:STRING", "1|a", "2|b"), CORRECT, RESULT_MATCH, ""),
                c("columns renamed", GENIE, PLAIN, () -> table(RT, "a|1", "b|2"),
                        () -> table("r:STRING, sum_total:BIGINT", "a|1", "b|2"), CORRECT, RESULT_MATCH, ""),
                c("columns permuted and renamed, same types", GENIE, PLAIN,
                        () -> table("x:INT, y:INT", "1|10", "2|20"), () -> table("b:INT, a:INT", "10|1", "20|2"),
                        CORRECT, RESULT_MATCH, ""),
                c("each column right but rows scrambled", GENIE, PLAIN,
                        () -> table("x:INT, y:INT", "1|10", "2|20"), () -> table("x:INT, y:INT", "1|20", "2|10"),
                        INCORRECT, RESULT_MISSING_ROWS, ""),
                c("an extra column", GENIE, PLAIN, () -> table(RT, "a|1"),
                        () -> table("id:INT, region:STRING, total:BIGINT", "7|a|1"), INCORRECT, RESULT_EXTRA_COLUMNS,
                        "1 more column ('id') than expected; the expected 2 columns match"),
                c("an extra column and wrong rows", GENIE, PLAIN, () -> table(RT, "a|1"),
                        () -> table("id:INT, region:STRING, total:BIGINT", "7|a|2"), INCORRECT, RESULT_EXTRA_COLUMNS,
                        "1 more column ('id') than expected; expected 1 row"),
                c("an extra column, lenient", LENIENT, PLAIN, () -> table(RT, "a|1"),
                        () -> table("id:INT, region:STRING, total:BIGINT", "7|a|1"), CORRECT, RESULT_MATCH,
                        "EXTRA_COLUMNS_ALLOWED"),
                c("a missing column", GENIE, PLAIN, () -> table(RT, "a|1"), () -> table("region:STRING", "a"),
                        INCORRECT, RESULT_MISSING_COLUMNS, "values of expected column 'total'"),
                // Numbers and types
                c("1 vs 1.0 (INT vs DOUBLE)", GENIE, PLAIN, () -> table("n:INT", "1"), () -> table("n:DOUBLE", "1.0"),
                        CORRECT, RESULT_MATCH, "COLUMN_TYPE_DIFFERENCE"),
                c("1 vs '1' (INT vs STRING)", GENIE, PLAIN, () -> table("n:INT", "1"), () -> table("n:STRING", "1"),
                        INCORRECT, COLUMN_TYPE_DIFFERENCE, "column 'n' is STRING in Genie's result and INT"),
                c("1.0 vs '1' (DOUBLE vs STRING)", GENIE, PLAIN, () -> table("n:DOUBLE", "1.0"),
                        () -> table("n:STRING", "1"), INCORRECT, SINGLE_CELL_DIFFERENCE, "Expected 1.0, Genie returned 1"),
                c("decimals with different scales", GENIE, PLAIN, () -> table("v:DECIMAL(10,2)", "12.50", "3.10"),
                        () -> table("v:DECIMAL(12,4)", "12.5000", "3.1000"), CORRECT, RESULT_MATCH, ""),
                c("float noise", GENIE, PLAIN, () -> table("v:DOUBLE", "0.3"),
                        () -> table("v:DOUBLE", "0.30000000000000004"), CORRECT, RESULT_MATCH, ""),
                c("equal to 4 significant digits", GENIE, PLAIN, () -> table("v:DOUBLE", "1234.4"),
                        () -> table("v:DECIMAL(10,1)", "1234.3"), CORRECT, RESULT_MATCH, ""),
                c("different at 4 significant digits", GENIE, PLAIN, () -> table("v:DOUBLE", "1235"),
                        () -> table("v:DOUBLE", "1234"), INCORRECT, SINGLE_CELL_DIFFERENCE, "Expected 1235"),
                c("rounding half up carries", GENIE, PLAIN, () -> table("v:DOUBLE", "9999.5"),
                        () -> table("v:DOUBLE", "10000"), CORRECT, RESULT_MATCH, ""),
                c("integers exactly: a count off by 3", GENIE, PLAIN, () -> table("n:BIGINT", "123456"),
                        () -> table("n:BIGINT", "123459"), INCORRECT, SINGLE_CELL_DIFFERENCE, ""),
                c("neighbouring ids do not collide", GENIE, PLAIN, () -> table("id:BIGINT", "100001", "100002"),
                        () -> table("id:BIGINT", "100001", "100001"), INCORRECT, RESULT_MISSING_ROWS, ""),
                c("DECIMAL scale 0 is an integer", GENIE, PLAIN, () -> table("n:DECIMAL(38,0)", "123456"),
                        () -> table("n:BIGINT", "123457"), INCORRECT, SINGLE_CELL_DIFFERENCE, ""),
                c("an integer against a fractional column rounds", GENIE, PLAIN, () -> table("n:BIGINT", "123456"),
                        () -> table("n:DOUBLE", "123456.2"), CORRECT, RESULT_MATCH, "COLUMN_TYPE_DIFFERENCE"),
                c("scientific notation", GENIE, PLAIN, () -> table("v:BIGINT", "17500000"),
                        () -> table("v:DOUBLE", "1.75E7"), CORRECT, RESULT_MATCH, ""),
                c("negative zero", GENIE, PLAIN, () -> table("v:DOUBLE", "-0.0"), () -> table("v:DOUBLE", "0"),
                        CORRECT, RESULT_MATCH, ""),
                c("NaN equals NaN", GENIE, PLAIN, () -> table("v:DOUBLE", "NaN"), () -> table("v:DOUBLE", "NaN"),
                        CORRECT, RESULT_MATCH, ""),
                // NULLs, booleans, text, time
                c("NULL equals NULL", GENIE, PLAIN, () -> table(RT, "a|NULL"), () -> table(RT, "a|NULL"),
                        CORRECT, RESULT_MATCH, ""),
                c("NULL differs from 0", GENIE, PLAIN, () -> table(RT, "a|NULL", "b|1"), () -> table(RT, "a|0", "b|1"),
                        INCORRECT, RESULT_MISSING_ROWS, "(expected NULL, Genie 0)"),
                c("NULL differs from the empty string", GENIE, PLAIN, () -> table("s:STRING", "NULL"),
                        () -> table("s:STRING", ""), INCORRECT, SINGLE_CELL_DIFFERENCE, "Expected NULL, Genie returned ''"),
                c("boolean true is not 1", GENIE, PLAIN, () -> table("b:BOOLEAN", "true"), () -> table("b:INT", "1"),
                        INCORRECT, SINGLE_CELL_DIFFERENCE, ""),
                c("boolean case", GENIE, PLAIN, () -> table("b:BOOLEAN", "TRUE"), () -> table("b:BOOLEAN", "true"),
                        CORRECT, RESULT_MATCH, ""),
                c("text is case-sensitive", GENIE, PLAIN, () -> table("s:STRING", "EMEA"),
                        () -> table("s:STRING", "emea"), INCORRECT, SINGLE_CELL_DIFFERENCE, ""),
                c("text keeps whitespace", GENIE, PLAIN, () -> table("s:STRING", "a"), () -> table("s:STRING", "a "),
                        INCORRECT, SINGLE_CELL_DIFFERENCE, ""),
                c("midnight timestamp equals its date", GENIE, PLAIN, () -> table("d:DATE", "2025-08-18"),
                        () -> table("d:TIMESTAMP", "2025-08-18T00:00:00.000Z"), CORRECT, RESULT_MATCH,
                        "COLUMN_TYPE_DIFFERENCE: column 'd' is TIMESTAMP"),
                c("timestamps in other offsets", GENIE, PLAIN, () -> table("t:TIMESTAMP", "2025-08-18T10:00:00Z"),
                        () -> table("t:TIMESTAMP", "2025-08-18 12:00:00+02:00"), CORRECT, RESULT_MATCH, ""),
                // Empty results
                c("empty Genie result", GENIE, PLAIN, () -> table(RT, "a|1"), () -> table(RT),
                        INCORRECT, EMPTY_RESULT, "Genie's result is empty"),
                c("empty expected result", GENIE, PLAIN, () -> table(RT), () -> table(RT, "a|1"),
                        NEEDS_REVIEW, EMPTY_GOOD_SQL, ""),
                c("both empty under Genie's rules", GENIE, PLAIN, () -> table(RT), () -> table(RT),
                        NEEDS_REVIEW, EMPTY_GOOD_SQL, "cannot tell a right answer from a wrong one"),
                c("both empty under Spider's rules", SPIDER, PLAIN, () -> table(RT), () -> table(RT),
                        CORRECT, RESULT_MATCH, ""),
                // Truncation and caps
                c("Genie's result truncated by the API", GENIE, PLAIN, () -> table(RT, "a|1", "b|2"),
                        () -> truncated(RT, "a|1", "b|2"), CORRECT, RESULT_MATCH, "SOURCE_TRUNCATED"),
                c("row cap reached on both sides", GENIE.toBuilder().rowCap(2).build(), PLAIN,
                        () -> table(RT, "a|1", "b|2", "c|3"), () -> table(RT, "a|1", "b|2", "z|9"),
                        CORRECT, RESULT_MATCH, "ROW_CAP_REACHED"),
                c("row cap, different first rows of an unordered result", GENIE.toBuilder().rowCap(2).build(), PLAIN,
                        () -> table(RT, "a|1", "b|2", "c|3"), () -> table(RT, "c|3", "b|2", "a|1"),
                        INCORRECT, RESULT_MISSING_ROWS, "may not be the same rows on both sides"),
                // Spider's test-suite rules
                c("Spider: exact values", SPIDER, PLAIN, () -> table("v:DOUBLE", "0.3"),
                        () -> table("v:DOUBLE", "0.30000000000000004"), INCORRECT, SINGLE_CELL_DIFFERENCE, ""),
                c("Spider: 1 equals 1.0", SPIDER, PLAIN, () -> table("v:INT", "1"), () -> table("v:DOUBLE", "1.0"),
                        CORRECT, RESULT_MATCH, ""),
                c("Spider: 'order by' anywhere orders every row", SPIDER,
                        "SELECT region, total FROM (SELECT * FROM sales ORDER BY total) t",
                        () -> table(RT, "AMER|20", "EMEA|20"), () -> table(RT, "EMEA|20", "AMER|20"),
                        INCORRECT, ORDER_DIFFERENCE, "The rows match but not their order"),
                c("Spider: no 'order by', any order", SPIDER, PLAIN, () -> table(RT, "AMER|20", "EMEA|20"),
                        () -> table(RT, "EMEA|20", "AMER|20"), CORRECT, RESULT_MATCH, "")
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judges(Case test) {
        Comparison result = ResultComparator.of(test.policy())
                .compare(test.sql(), test.expected().get(), test.actual().get());

        assertThat(result.verdict()).as(result.explanation()).isEqualTo(test.verdict());
        assertThat(result.reason()).as(result.explanation()).isEqualTo(test.reason());
        if (!test.contains().isEmpty()) {
            assertThat(result.explanation() + "\n" + String.join("\n", result.notes())).contains(test.contains());
        }
    }

    @Test
    void tableHasAtLeastFortyCases() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void digestIgnoresRowAndColumnOrderButNotValues() {
        ResultComparator comparator = ResultComparator.create();
        String first = comparator.compare(PLAIN, table(RT, "a|1"), table(RT, "a|1", "b|2")).actualDigest();
        String permuted = comparator.compare(PLAIN, table(RT, "a|1"),
                table("total:BIGINT, region:STRING", "2|b", "1|a")).actualDigest();
        String changed = comparator.compare(PLAIN, table(RT, "a|1"), table(RT, "a|1", "b|3")).actualDigest();

        assertThat(permuted).isEqualTo(first);
        assertThat(changed).isNotEqualTo(first);
    }

    @Test
    void countsComparedRows() {
        Comparison result = ResultComparator.create().compare(PLAIN, table(RT, "a|1", "b|2"), table(RT, "a|1"));

        assertThat(result.expectedRows()).isEqualTo(2);
        assertThat(result.actualRows()).isEqualTo(1);
    }

    @Test
    void readsEachTableOnce() {
        ResultTable expected = table(RT, "a|1");
        ResultComparator.create().compare(PLAIN, expected, table(RT, "a|1"));

        assertThatThrownBy(expected::rows).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsRowsWithTheWrongNumberOfCells() {
        ResultTable actual = ResultTable.of(Tables.columns(RT), List.of(List.of("a")));

        assertThatThrownBy(() -> ResultComparator.create().compare(PLAIN, table(RT, "a|1"), actual))
                .isInstanceOf(DocumentFormatException.class)
                .hasMessageContaining("Genie's result:1")
                .hasMessageContaining("2 cells per row, one per column, but the row has 1");
    }
}
