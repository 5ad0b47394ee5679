package io.github.genieenhancer.scoring.internal;

import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.scoring.Comparison;
import io.github.genieenhancer.scoring.ComparisonPolicy;
import io.github.genieenhancer.scoring.ComparisonPolicy.EmptyResultRule;
import io.github.genieenhancer.genie.ResultColumn;
import io.github.genieenhancer.scoring.ResultOrder;
import io.github.genieenhancer.scoring.ResultOrder.SortKey;
import io.github.genieenhancer.scoring.ResultTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares two result sets under a policy. Reads the expected result, then Genie's, each once; keeps hashes of both
 * (4 bytes a cell, 8 a row) and a way back to the expected result's text; then decides the column mapping from the
 * whole columns' contents and checks whole rows under it. Only when rows differ does it look for which ones.
 */
public final class ComparisonEngine {
    /** Mappings with equal column contents tried before settling on the first (columns with identical values). */
    private static final int MAX_MAPPINGS_TRIED = 16;
    private static final int MAX_SHOWN_VALUE = 60;
    private static final int MAX_SHOWN_COLUMNS = 8;
    private static final int CLOSEST_ROW_CANDIDATES = 256;

    private final ComparisonPolicy policy;

    /** An engine for one policy; stateless, so one instance serves every thread. */
    public ComparisonEngine(ComparisonPolicy policy) {
        this.policy = policy;
    }

    /**
     * Compares Genie's result with the expected one.
     *
     * @param expectedRows the expected table's rows when it holds them in memory (then hashed in parallel), else
     *                     null: the table's rows are streamed
     * @param actualRows   the same for Genie's table
     */
    public Comparison compare(ResultOrder order, ResultTable expected, List<? extends List<String>> expectedRows,
                              ResultTable actual, List<? extends List<String>> actualRows) {
        SchemaPlan plan = new SchemaPlan(expected.columns(), actual.columns(), policy.significantDigits());
        ResultSide e = ResultSide.readExpected(expected, expectedRows, plan, policy.rowCap(),
                policy.significantDigits());
        ResultSide a = ResultSide.readActual(actual, actualRows, plan, policy.rowCap(), policy.significantDigits(),
                e);
        return new Judgement(plan, e, a, order).judge();
    }

    /** The decision for one pair of results. */
    private final class Judgement {
        private final SchemaPlan plan;
        private final ResultSide expected;
        private final ResultSide actual;
        private final ResultOrder order;
        private final List<String> notes = new ArrayList<>();

        Judgement(SchemaPlan plan, ResultSide expected, ResultSide actual, ResultOrder order) {
            this.plan = plan;
            this.expected = expected;
            this.actual = actual;
            this.order = order;
        }

        Comparison judge() {
            noteCapsAndTruncation();
            order.parseProblem().ifPresent(problem -> notes.add("SQL_NOT_PARSED: " + problem));
            boolean expectedEmpty = expected.rows() == 0 || expected.width == 0;
            boolean actualEmpty = actual.rows() == 0 || actual.width == 0;
            if (expectedEmpty) {
                return judgeEmptyExpected(actualEmpty);
            }
            if (actualEmpty) {
                return result(Verdict.INCORRECT, ReasonCode.EMPTY_RESULT, "Genie's result is empty; the expected "
                        + "result has " + rows(expected.rows()) + ".");
            }
            ColumnMatcher matcher = new ColumnMatcher(plan, expected, actual);
            if (expected.width > actual.width) {
                return missingColumns(matcher, matcher.closestMapping());
            }
            int[] keys = sortKeyColumns();
            RowCheck check = choose(matcher, keys);
            if (!check.complete) {
                return missingColumns(matcher, check.mapping);
            }
            List<String> extraColumns = extraColumns(check.mapping);
            if (!extraColumns.isEmpty()) {
                String extra = plural(extraColumns.size(), "more column") + " (" + String.join(", ", extraColumns)
                        + ")";
                if (!policy.allowExtraColumns()) {
                    String rest = check.passes() ? "the expected " + plural(expected.width, "column") + " match."
                            : uncapitalise(rowExplanation(check, keys));
                    return result(Verdict.INCORRECT, ReasonCode.RESULT_EXTRA_COLUMNS,
                            "Genie's result has " + extra + " than expected; " + rest);
                }
                notes.add("EXTRA_COLUMNS_ALLOWED: Genie's result has " + extra + ", allowed by the "
                        + policy.name() + " policy");
            }
            if (!check.passes()) {
                return rowFailure(check, keys);
            }
            if (check.tiesAtLimit) {
                notes.add("TIED_ROWS_AT_LIMIT: rows tied with the last row on the sort keys differ; at a LIMIT "
                        + "which tied rows are returned is arbitrary");
            }
            List<String> typeFailures = noteTypes(check.mapping);
            if (!typeFailures.isEmpty()) {
                return result(Verdict.INCORRECT, ReasonCode.COLUMN_TYPE_DIFFERENCE, "The values match, but "
                        + String.join("; ", typeFailures) + ".");
            }
            return result(Verdict.CORRECT, ReasonCode.RESULT_MATCH, "The results match: "
                    + rows(expected.rows()) + " of " + plural(expected.width, "column") + ".");
        }

        private Comparison judgeEmptyExpected(boolean actualEmpty) {
            if (policy.emptyResults() == EmptyResultRule.BOTH_EMPTY_EQUAL) {
                return actualEmpty
                        ? result(Verdict.CORRECT, ReasonCode.RESULT_MATCH, "Both results are empty.")
                        : result(Verdict.INCORRECT, ReasonCode.RESULT_EXTRA_ROWS, "The expected result is empty; "
                        + "Genie's has " + rows(actual.rows()) + ".");
            }
            return result(Verdict.NEEDS_REVIEW, ReasonCode.EMPTY_GOOD_SQL, "The expected SQL returned no rows, so "
                    + "this benchmark cannot tell a right answer from a wrong one; review the benchmark (Genie's "
                    + "result has " + rows(actual.rows()) + ").");
        }

        private RowCheck choose(ColumnMatcher matcher, int[] keys) {
            RowCheck first = null;
            for (int[] mapping : matcher.equalValueMappings(MAX_MAPPINGS_TRIED)) {
                RowCheck check = new RowCheck(plan, expected, actual, mapping, order, keys);
                if (check.passes()) {
                    return check;
                }
                if (first == null) {
                    first = check;
                }
            }
            return first != null ? first : new RowCheck(plan, expected, actual, matcher.closestMapping(), order,
                    keys);
        }

        private Comparison missingColumns(ColumnMatcher matcher, int[] mapping) {
            List<String> unmatched = new ArrayList<>();
            for (int j = 0; j < expected.width; j++) {
                if (mapping[j] < 0 || !matcher.sameValues(j, mapping[j])) {
                    unmatched.add(quote(expected.columns.get(j).name()));
                }
            }
            String counts = expected.width > actual.width ? "Genie's result has " + plural(actual.width, "column")
                    + ", the expected result " + expected.width + "; " : "";
            return result(Verdict.INCORRECT, ReasonCode.RESULT_MISSING_COLUMNS, counts + "no column of Genie's "
                    + "result holds the values of expected " + (unmatched.size() == 1 ? "column " : "columns ")
                    + String.join(", ", unmatched) + ".");
        }

        private Comparison rowFailure(RowCheck check, int[] keys) {
            if (!check.sameRows && !check.tiesAtLimit && expected.rows() == 1 && actual.rows() == 1
                    && expected.width == 1) {
                String genie = actual.hasCells(0) ? show(actual.cells(0).get(check.mapping[0])) : "a different value";
                return result(Verdict.INCORRECT, ReasonCode.SINGLE_CELL_DIFFERENCE, "Expected "
                        + show(expected.cells(0).get(0)) + ", Genie returned " + genie + ".");
            }
            ReasonCode reason;
            if (check.sameRows || check.tiesAtLimit) {
                reason = ReasonCode.ORDER_DIFFERENCE;
            } else if (actual.rows() > expected.rows()) {
                reason = ReasonCode.RESULT_EXTRA_ROWS;
            } else {
                reason = ReasonCode.RESULT_MISSING_ROWS;
            }
            return result(Verdict.INCORRECT, reason, rowExplanation(check, keys));
        }

        /** Explains why the rows differ under a mapping: missing and extra rows, or the first misplaced row. */
        private String rowExplanation(RowCheck check, int[] keys) {
            if (check.sameRows || check.tiesAtLimit) {
                return orderExplanation(check, keys);
            }
            RowDiff diff = check.diff();
            StringBuilder text = new StringBuilder("Expected " + rows(expected.rows()) + ", Genie returned "
                    + actual.rows() + "; ");
            List<String> parts = new ArrayList<>();
            if (diff.missingCount() > 0) {
                parts.add(plural(diff.missingCount(), "expected row") + " missing");
            }
            if (diff.extraCount() > 0) {
                parts.add(plural(diff.extraCount(), "row") + " not expected");
            }
            text.append(String.join(" and ", parts)).append(". ");
            int missing = firstIndex(check, diff, true);
            int extra = firstIndex(check, diff, false);
            if (missing >= 0) {
                text.append("Expected row ").append(missing + 1).append(' ')
                        .append(showRow(expected.cells(missing), identity())).append(" has no match in Genie's result");
                int closest = closestExtraRow(check, diff, missing);
                if (closest >= 0) {
                    text.append("; the closest row of Genie's result, row ").append(closest + 1)
                            .append(", differs in ").append(differingCells(check, missing, closest));
                }
                text.append('.');
            } else if (extra >= 0) {
                text.append("Genie's row ").append(extra + 1);
                genieRow(check, extra).ifPresent(cells -> text.append(' ').append(showRow(cells, identity())));
                text.append(" has no match in the expected result.");
            }
            return text.toString().strip();
        }

        private String orderExplanation(RowCheck check, int[] keys) {
            int row = check.firstOrderDifference;
            List<String> expectedCells = expected.cells(row);
            Optional<List<String>> genieCells = genieRow(check, row);
            if (order.kind() == ResultOrder.Kind.EXACT_ROW_ORDER || keys.length == 0) {
                return "The rows match but not their order: at row " + (row + 1) + " the expected result has "
                        + showRow(expectedCells, identity()) + genieCells.map(c -> ", Genie's has "
                        + showRow(c, identity())).orElse("") + ".";
            }
            StringBuilder text = new StringBuilder("The rows match but the order of the sort key"
                    + (keys.length > 1 ? "s (" : " (") + sortKeyText() + ") does not: at row " + (row + 1)
                    + " the expected result has ");
            text.append(showKeys(expectedCells, keys));
            genieCells.ifPresent(c -> text.append(", Genie's has ").append(showKeys(c, keys)));
            return text.append('.').toString();
        }

        /**
         * Genie's row as cells in expected column order: captured verbatim, or read from an expected row with the
         * same row hash (the same values).
         */
        private Optional<List<String>> genieRow(RowCheck check, int row) {
            if (actual.hasCells(row)) {
                List<String> cells = actual.cells(row);
                List<String> inExpectedOrder = new ArrayList<>();
                for (int j = 0; j < check.mapping.length; j++) {
                    inExpectedOrder.add(cells.get(check.mapping[j]));
                }
                return Optional.of(inExpectedOrder);
            }
            long hash = check.actualRowHash(row);
            for (int i = 0; i < check.expectedRows(); i++) {
                if (check.expectedRowHash(i) == hash) {
                    return Optional.of(expected.cells(i));
                }
            }
            return Optional.empty();
        }

        private int firstIndex(RowCheck check, RowDiff diff, boolean missing) {
            int rows = missing ? check.expectedRows() : check.actualRows();
            for (int i = 0; i < rows; i++) {
                if (missing ? diff.isMissing(check.expectedRowHash(i)) : diff.isExtra(check.actualRowHash(i))) {
                    return i;
                }
            }
            return -1;
        }

        /** Among the first extra rows of Genie's result, the one sharing most cells with the missing row. */
        private int closestExtraRow(RowCheck check, RowDiff diff, int missingRow) {
            int best = -1;
            int bestEqual = -1;
            boolean bestShown = false;
            int seen = 0;
            for (int k = 0; k < check.actualRows() && seen < CLOSEST_ROW_CANDIDATES; k++) {
                if (!diff.isExtra(check.actualRowHash(k))) {
                    continue;
                }
                seen++;
                int equalCells = 0;
                for (int j = 0; j < check.mapping.length; j++) {
                    if (cellsEqual(check, j, missingRow, k)) {
                        equalCells++;
                    }
                }
                boolean shown = actual.hasCells(k);
                if (equalCells > bestEqual || equalCells == bestEqual && shown && !bestShown) {
                    best = k;
                    bestEqual = equalCells;
                    bestShown = shown;
                }
            }
            return bestEqual > 0 ? best : -1;
        }

        private boolean cellsEqual(RowCheck check, int j, int expectedRow, int actualRow) {
            CellMode mode = check.modes[j];
            return expected.hash(j, mode, expectedRow) == actual.hash(check.mapping[j], mode, actualRow);
        }

        private String differingCells(RowCheck check, int expectedRow, int actualRow) {
            List<String> cells = new ArrayList<>();
            List<String> expectedCells = expected.cells(expectedRow);
            List<String> genieCells = actual.hasCells(actualRow) ? actual.cells(actualRow) : null;
            for (int j = 0; j < check.mapping.length; j++) {
                if (!cellsEqual(check, j, expectedRow, actualRow)) {
                    cells.add(quote(expected.columns.get(j).name()) + " (expected " + show(expectedCells.get(j))
                            + (genieCells == null ? "" : ", Genie " + show(genieCells.get(check.mapping[j])))
                            + ")");
                }
            }
            return (cells.size() == 1 ? "column " : "columns ") + String.join(", ", cells);
        }

        /** The expected columns of the sort keys, up to the first key that is not a column of the result. */
        private int[] sortKeyColumns() {
            if (order.kind() != ResultOrder.Kind.SORT_KEYS) {
                return new int[0];
            }
            List<Integer> columns = new ArrayList<>();
            for (SortKey key : order.sortKeys()) {
                int column = columnOf(key);
                if (column < 0) {
                    String usable = columns.isEmpty() ? "so the row order is not checked"
                            : "so only the keys before it are checked";
                    notes.add("ORDER_NOT_CHECKED: the expected SQL orders by " + key.text() + ", which is not a "
                            + "column of its result, " + usable);
                    break;
                }
                columns.add(column);
            }
            return columns.stream().mapToInt(Integer::intValue).toArray();
        }

        private int columnOf(SortKey key) {
            if (key.position().isPresent()) {
                int position = key.position().getAsInt();
                return position <= expected.width ? position - 1 : -1;
            }
            if (key.column().isPresent()) {
                for (int j = 0; j < expected.width; j++) {
                    if (expected.columns.get(j).name().equalsIgnoreCase(key.column().get())) {
                        return j;
                    }
                }
            }
            return -1;
        }

        private String sortKeyText() {
            return String.join(", ", order.sortKeys().stream().map(SortKey::text).toList());
        }

        private List<String> extraColumns(int[] mapping) {
            boolean[] used = new boolean[actual.width];
            for (int k : mapping) {
                if (k >= 0) {
                    used[k] = true;
                }
            }
            List<String> extra = new ArrayList<>();
            for (int k = 0; k < actual.width; k++) {
                if (!used[k]) {
                    extra.add(quote(actual.columns.get(k).name()));
                }
            }
            return extra;
        }

        /** Adds a note per type difference that values bridge; returns the differences that fail (text vs number). */
        private List<String> noteTypes(int[] mapping) {
            List<String> failures = new ArrayList<>();
            for (int j = 0; j < mapping.length; j++) {
                ResultColumn e = expected.columns.get(j);
                ResultColumn a = actual.columns.get(mapping[j]);
                boolean kindsDiffer = plan.expectedKinds[j] != plan.actualKinds[mapping[j]];
                boolean temporalDiffer = plan.expectedKinds[j] == ValueKind.TEMPORAL
                        && !e.typeName().equalsIgnoreCase(a.typeName());
                if (!kindsDiffer && !temporalDiffer) {
                    continue;
                }
                String difference = "column " + quote(e.name()) + " is " + typeOf(a) + " in Genie's result and "
                        + typeOf(e) + " in the expected result";
                if (plan.crossesClasses(j, mapping[j])) {
                    failures.add(difference);
                } else {
                    notes.add("COLUMN_TYPE_DIFFERENCE: " + difference + "; the values agree");
                }
            }
            return failures;
        }

        private void noteCapsAndTruncation() {
            for (ResultSide side : List.of(expected, actual)) {
                if (side.capped()) {
                    notes.add("ROW_CAP_REACHED: " + side.role + " has more than " + policy.rowCap()
                            + " rows; only the first " + policy.rowCap() + " were compared"
                            + (order.kind() == ResultOrder.Kind.UNORDERED
                            ? ", and for an unordered result they may not be the same rows on both sides" : ""));
                }
                if (side.truncatedBySource) {
                    notes.add("SOURCE_TRUNCATED: " + side.role + " was truncated by its source after "
                            + rows(side.rows()));
                }
            }
        }

        private Comparison result(Verdict verdict, ReasonCode reason, String explanation) {
            return new Comparison(verdict, reason, explanation, notes, expected.rows(), actual.rows(),
                    actual.digest());
        }

        private int[] identity() {
            int[] identity = new int[expected.width];
            for (int j = 0; j < identity.length; j++) {
                identity[j] = j;
            }
            return identity;
        }

        /** A row as {name=value, ...} in expected column order; {@code mapping} picks each expected column's cell. */
        private String showRow(List<String> cells, int[] mapping) {
            StringBuilder text = new StringBuilder("{");
            int shown = Math.min(mapping.length, MAX_SHOWN_COLUMNS);
            for (int j = 0; j < shown; j++) {
                if (j > 0) {
                    text.append(", ");
                }
                text.append(expected.columns.get(j).name()).append('=').append(show(cells.get(mapping[j])));
            }
            if (mapping.length > shown) {
                text.append(", …");
            }
            return text.append('}').toString();
        }

        /** The sort-key cells of a row given in expected column order. */
        private String showKeys(List<String> cells, int[] keys) {
            List<String> parts = new ArrayList<>();
            for (int j : keys) {
                parts.add(expected.columns.get(j).name() + "=" + show(cells.get(j)));
            }
            return String.join(", ", parts);
        }
    }

    /** The type as Databricks spells it, e.g. DECIMAL(10,2), else its family. */
    private static String typeOf(ResultColumn column) {
        String text = column.typeText().isBlank() ? column.typeName() : column.typeText();
        return text.toUpperCase(java.util.Locale.ROOT);
    }

    private static String show(String cell) {
        if (cell == null) {
            return "NULL";
        }
        String value = cell.length() > MAX_SHOWN_VALUE ? cell.substring(0, MAX_SHOWN_VALUE) + "…" : cell;
        return value.isEmpty() ? "''" : value;
    }

    private static String quote(String name) {
        return "'" + name + "'";
    }

    private static String rows(long count) {
        return plural(count, "row");
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String uncapitalise(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
