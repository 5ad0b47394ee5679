package io.github.genieenhancer.scoring.internal;

import io.github.genieenhancer.scoring.ResultOrder;
import java.util.Arrays;

/**
 * Checks one column mapping row by row: each row's cells, taken in the expected column order, become one ordered
 * row hash, so whole rows must line up (columns are never compared independently). Row hashes are computed from the
 * stored cell hashes, in parallel, and kept (8 bytes a row): the two multisets are compared through
 * order-independent sums, and only when they differ does {@link RowDiff} find the missing and extra rows.
 */
final class RowCheck {
    private static final long SUM_SALT = 0x9fb21c651e98df25L;

    final int[] mapping;
    final CellMode[] modes;
    final boolean complete;
    final boolean sameRows;
    final boolean tiesAtLimit;
    /** The first row (0-based) whose position breaks the expected order, or -1. */
    final int firstOrderDifference;
    private final ResultSide expected;
    private final ResultSide actual;
    private final IntColumn[] expectedColumns;
    private final IntColumn[] actualColumns;
    private long[] expectedHashes;
    private long[] actualHashes;
    private RowDiff diff;

    RowCheck(SchemaPlan plan, ResultSide expected, ResultSide actual, int[] mapping, ResultOrder order,
             int[] keyColumns) {
        this.expected = expected;
        this.actual = actual;
        this.mapping = mapping;
        this.modes = new CellMode[mapping.length];
        boolean allMapped = true;
        for (int j = 0; j < mapping.length; j++) {
            allMapped &= mapping[j] >= 0;
            modes[j] = mapping[j] < 0 ? null : plan.pairModes[j][mapping[j]];
        }
        this.complete = allMapped;
        this.expectedColumns = new IntColumn[mapping.length];
        this.actualColumns = new IntColumn[mapping.length];
        if (!complete) {
            sameRows = false;
            tiesAtLimit = false;
            firstOrderDifference = -1;
            return;
        }
        for (int j = 0; j < mapping.length; j++) {
            expectedColumns[j] = expected.hashes(j, modes[j]);
            actualColumns[j] = actual.hashes(mapping[j], modes[j]);
        }
        expectedHashes = new long[expected.rows()];
        actualHashes = new long[actual.rows()];
        Arrays.parallelSetAll(expectedHashes, row -> rowHash(expectedColumns, row, null));
        Arrays.parallelSetAll(actualHashes, row -> rowHash(actualColumns, row, null));
        sameRows = expected.rows() == actual.rows() && sameMultiset();
        switch (order.kind()) {
            case EXACT_ROW_ORDER -> {
                tiesAtLimit = false;
                firstOrderDifference = sameRows ? firstDifference(null) : -1;
            }
            case SORT_KEYS -> {
                tiesAtLimit = !sameRows && keyColumns.length > 0 && order.limited()
                        && expected.rows() == actual.rows() && onlyTiesDiffer(keyColumns);
                firstOrderDifference = keyColumns.length > 0 && (sameRows || tiesAtLimit)
                        ? firstDifference(keyColumns) : -1;
            }
            default -> {
                tiesAtLimit = false;
                firstOrderDifference = -1;
            }
        }
    }

    boolean passes() {
        return complete && (sameRows || tiesAtLimit) && firstOrderDifference < 0;
    }

    /** Which rows are missing and extra (computed once, on demand: it sorts). */
    RowDiff diff() {
        if (diff == null) {
            diff = new RowDiff(this);
        }
        return diff;
    }

    int expectedRows() {
        return expected.rows();
    }

    int actualRows() {
        return actual.rows();
    }

    /** The expected rows' hashes, in row order; not to be changed. */
    long[] expectedRowHashes() {
        return expectedHashes;
    }

    /** Genie's rows' hashes, in row order; not to be changed. */
    long[] actualRowHashes() {
        return actualHashes;
    }

    long expectedRowHash(int row) {
        return expectedHashes[row];
    }

    long actualRowHash(int row) {
        return actualHashes[row];
    }

    /** The hash of a row's cells in the given expected columns (all when {@code only} is null). */
    private static long rowHash(IntColumn[] columns, int row, int[] only) {
        long h = 0x243f6a8885a308d3L;
        int n = only == null ? columns.length : only.length;
        for (int i = 0; i < n; i++) {
            h = CellHasher.combine(h, columns[only == null ? i : only[i]].get(row));
        }
        return CellHasher.mix(h);
    }

    private boolean sameMultiset() {
        long sum = 0;
        long mixed = 0;
        for (long h : expectedHashes) {
            sum += h;
            mixed += CellHasher.mix(h ^ SUM_SALT);
        }
        for (long h : actualHashes) {
            sum -= h;
            mixed -= CellHasher.mix(h ^ SUM_SALT);
        }
        return sum == 0 && mixed == 0;
    }

    /** The first row whose cells in the key columns (all when null) differ between the two sides, or -1. */
    private int firstDifference(int[] keyColumns) {
        int rows = Math.min(expected.rows(), actual.rows());
        for (int r = 0; r < rows; r++) {
            long e = keyColumns == null ? expectedHashes[r] : rowHash(expectedColumns, r, keyColumns);
            long a = keyColumns == null ? actualHashes[r] : rowHash(actualColumns, r, keyColumns);
            if (e != a) {
                return r;
            }
        }
        return -1;
    }

    /**
     * Whether the rows differ only among those tied with the expected last row on the sort keys: with a LIMIT, which
     * of several tied rows make the cut is arbitrary.
     */
    private boolean onlyTiesDiffer(int[] keyColumns) {
        long lastKey = rowHash(expectedColumns, expected.rows() - 1, keyColumns);
        RowDiff rows = diff();
        for (int r = 0; r < expected.rows(); r++) {
            if (rows.isMissing(expectedRowHash(r)) && rowHash(expectedColumns, r, keyColumns) != lastKey) {
                return false;
            }
        }
        for (int r = 0; r < actual.rows(); r++) {
            if (rows.isExtra(actualRowHash(r)) && rowHash(actualColumns, r, keyColumns) != lastKey) {
                return false;
            }
        }
        return true;
    }
}
