package io.github.genieenhancer.scoring;

import static io.github.genieenhancer.scoring.Tables.columns;
import static io.github.genieenhancer.scoring.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.DocumentFormatException;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.genie.ResultColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A result held in memory is hashed in parallel blocks of rows and quoted in place; a streamed one row by row. Both
 * must give the same comparison, whatever the size, and wherever the differences fall among the blocks.
 */
class ResultComparatorBlocksTest {
    private static final List<ResultColumn> COLUMNS = columns("id:BIGINT, name:STRING, amount:DECIMAL(12,2), "
            + "ratio:DOUBLE, day:DATE");
    /** More than three blocks of rows hashed in parallel, the last one partial. */
    private static final int ROWS = 3 * 32_768 + 1_234;
    private static final ResultComparator UNCAPPED = ResultComparator.of(ComparisonPolicy.genie().toBuilder()
            .rowCap(0).build());

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.genieenhancer.scoring.ResultComparatorTest#cases")
    void heldAndStreamedTablesCompareAlike(ResultComparatorTest.Case test) {
        ResultComparator comparator = ResultComparator.of(test.policy());
        Comparison held = comparator.compare(test.sql(), test.expected().get(), test.actual().get());
        Comparison streamed = comparator.compare(test.sql(), streamed(test.expected().get()),
                streamed(test.actual().get()));

        assertThat(held).isEqualTo(streamed);
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of("equal", List.of()),
                Arguments.of("first row", List.of(0)),
                Arguments.of("last row of the first block", List.of(32_767)),
                Arguments.of("first row of the second block", List.of(32_768)),
                Arguments.of("last row", List.of(ROWS - 1)),
                Arguments.of("rows in every block, more than are quoted",
                        List.of(5, 32_767, 32_768, 40_000, 65_535, 65_536, 70_000, 98_303, 98_304, 99_000, 99_001,
                                99_002, 99_003, 99_004, 99_005, 99_006, 99_007, 99_008, 99_009, 99_010)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void largeResultsCompareAlikeHeldAndStreamed(String name, List<Integer> changedRows) {
        ResultComparator comparator = UNCAPPED;
        List<List<String>> expected = rows(List.of());
        List<List<String>> actual = permuted(rows(changedRows));

        Comparison held = comparator.compare(ResultOrder.unordered(), ResultTable.of(COLUMNS, expected),
                ResultTable.of(COLUMNS, actual));
        Comparison streamed = comparator.compare(ResultOrder.unordered(),
                ResultTable.streaming(COLUMNS, expected.iterator(), false),
                ResultTable.streaming(COLUMNS, actual.iterator(), false));

        assertThat(held).isEqualTo(streamed);
        if (changedRows.isEmpty()) {
            assertThat(held.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(held.explanation()).isEqualTo("The results match: " + ROWS + " rows of 5 columns.");
        } else {
            assertThat(held.reason()).isEqualTo(ReasonCode.RESULT_MISSING_ROWS);
            assertThat(held.explanation()).startsWith("Expected " + ROWS + " rows, Genie returned " + ROWS + "; "
                    + changedRows.size() + " expected row" + (changedRows.size() == 1 ? "" : "s") + " missing")
                    .contains("Expected row " + (changedRows.get(0) + 1) + " {id=" + (1_000_000L + changedRows.get(0)))
                    .contains("differs in column 'name' (expected name-" + changedRows.get(0));
        }
    }

    @Test
    void duplicateRowsAcrossBlocksCountAsAMultiset() {
        List<List<String>> expected = rows(List.of());
        List<List<String>> actual = rows(List.of());
        actual.set(70_000, new ArrayList<>(actual.get(10)));

        Comparison result = UNCAPPED.compare(ResultOrder.unordered(),
                ResultTable.of(COLUMNS, expected), ResultTable.of(COLUMNS, permuted(actual)));

        assertThat(result.reason()).isEqualTo(ReasonCode.RESULT_MISSING_ROWS);
        assertThat(result.explanation()).contains("1 expected row missing and 1 row not expected")
                .contains("Expected row 70001 {id=1070000");
    }

    @Test
    void aRowOfTheWrongWidthIsTheFirstSuchRowWhateverTheBlock() {
        List<List<String>> actual = rows(List.of());
        actual.set(70_000, List.of("x"));
        actual.set(40_000, List.of("x", "y"));

        assertThatThrownBy(() -> UNCAPPED.compare(ResultOrder.unordered(),
                ResultTable.of(COLUMNS, rows(List.of())), ResultTable.of(COLUMNS, actual)))
                .isInstanceOf(DocumentFormatException.class)
                .hasMessageContaining("Genie's result:40001")
                .hasMessageContaining("5 cells per row, one per column, but the row has 2");
    }

    @Test
    void aRowCapInsideABlockComparesOnlyTheRowsBeforeIt() {
        ComparisonPolicy capped = ComparisonPolicy.genie().toBuilder().rowCap(40_000).build();
        List<List<String>> actual = rows(List.of(40_000));

        Comparison result = ResultComparator.of(capped).compare(ResultOrder.unordered(),
                ResultTable.of(COLUMNS, rows(List.of())), ResultTable.of(COLUMNS, actual));

        assertThat(result.verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(result.expectedRows()).isEqualTo(40_000);
        assertThat(result.notes()).anyMatch(note -> note.startsWith("ROW_CAP_REACHED"));
    }

    @Test
    void anIntegerComparedBothExactlyAndRoundedIsRoundedWhenItHasMoreDigitsThanKept() {
        // The BIGINT column is hashed exactly (for the BIGINT) and rounded to 4 digits (for the DOUBLE) in a row.
        String expected = "n:BIGINT, m:BIGINT";
        String genie = "n:DOUBLE, m:BIGINT";

        Comparison rounded = ResultComparator.create().compare(ResultOrder.unordered(),
                table(expected, "12345|1", "1234|2"), table(genie, "12350.0|1", "1234.0|2"));
        Comparison differs = ResultComparator.create().compare(ResultOrder.unordered(),
                table(expected, "12345|1", "1234|2"), table(genie, "12340.0|1", "1234.0|2"));

        assertThat(rounded.verdict()).as(rounded.explanation()).isEqualTo(Verdict.CORRECT);
        assertThat(differs.verdict()).as(differs.explanation()).isEqualTo(Verdict.INCORRECT);
    }

    private static ResultTable streamed(ResultTable table) {
        return ResultTable.streaming(table.columns(), table.rows(), table.truncated());
    }

    /** The benchmark's rows, with the name changed in the given rows. */
    private static List<List<String>> rows(List<Integer> changed) {
        List<List<String>> rows = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            long cents = i * 7_919L % 10_000_000L;
            rows.add(new ArrayList<>(List.of(Long.toString(1_000_000L + i),
                    (changed.contains(i) ? "changed-" : "name-") + i,
                    cents / 100 + "." + (cents % 100 < 10 ? "0" : "") + cents % 100, Double.toString(i / 7.0),
                    java.time.LocalDate.of(2020, 1, 1).plusDays(i % 3_650).toString())));
        }
        return rows;
    }

    /** The rows in another order: a fixed permutation, so the two sides cannot be walked in step. */
    private static List<List<String>> permuted(List<List<String>> rows) {
        List<List<String>> permuted = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            permuted.add(rows.get((int) ((i * 7_919L + 13) % rows.size())));
        }
        return permuted;
    }
}
