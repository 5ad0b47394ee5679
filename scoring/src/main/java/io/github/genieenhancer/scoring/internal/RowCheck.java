package io.github.genieenhancer.scoring.internal;

import io.github.genieenhancer.scoring.ResultOrder;
import java.util.Arrays;

/**
 * Checks one column mapping row by row: each row's cells, taken in the expected column order, become one ordered
 * row hash, so whole rows must line up (columns are never compared independently). The two multisets of row
 * hashes are compared through order-independent sums; only when they differ are the hashes sorted to find which
 * rows are missing and which are extra.
 */
final class RowCheck {
    private static final long SUM_SALT = 0x9fb21c651e98df25L;

    final int[] mapping;
    final CellMode[] modes;
    final boolean complete;
    final long[] expectedRows;
    final long[] actualRows;
    final boolean sameRows;
    final boolean tiesAtLimit;
    /** The first row (0-based) whose position breaks the expected order, or -1. */
    final int firstOrderDifference;
    private RowDiff diff;

    RowCheck(SchemaPlan plan, ResultSide expected, ResultSide actual, int[] mapping, ResultOrder order,
             int[] keyColumns) {
        this.mapping = mapping;
        this.modes = new CellMode[mapping.length];
        boolean allMapped = true;
        for (int j = 0; j < mapping.length; j++) {
            allMapped &= mapping[j] >= 0;
            modes[j] = mapping[j] < 0 ? null : plan.pairModes[j][mapping[j]];
        }
        this.complete = allMapped;
        if (!complete) {
            expectedRows = new long[0];
            actualRows = new long[0];
            sameRows = false;
            tiesAtLimit = false;
            firstOrderDifference = -1;
            return;
        }
        int[] all = new int[mapping.length];
        Arrays.setAll(all, j -> j);
        expectedRows = rowHashes(expected, all, all);
        actualRows = rowHashes(actual, all, mapping);
        sameRows = expected.rows() == actual.rows() && sameMultiset(expectedRows, actualRows);
        switch (order.kind()) {
            case EXACT_ROW_ORDER -> {
                tiesAtLimit = false;
                firstOrderDifference = sameRows ? firstDifference(expectedRows, actualRows) : -1;
            }
            case SORT_KEYS -> {
                if (keyColumns.length == 0) {
                    tiesAtLimit = false;
                    firstOrderDifference = -1;
                    break;
                }
                int[] actualKeys = new int[keyColumns.length];
                Arrays.setAll(actualKeys, i -> mapping[keyColumns[i]]);
                long[] expectedKeys = rowHashes(expected, keyColumns, keyColumns);
                long[] actualKeyHashes = rowHashes(actual, keyColumns, actualKeys);
                tiesAtLimit = !sameRows && order.limited() && expected.rows() == actual.rows()
                        && onlyTiesDiffer(expectedKeys, actualKeyHashes);
                firstOrderDifference = sameRows || tiesAtLimit
                        ? firstDifference(expectedKeys, actualKeyHashes) : -1;
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
            diff = RowDiff.of(expectedRows, actualRows);
        }
        return diff;
    }

    /**
     * Row hashes over the given columns of a side.
     *
     * @param modeColumns the expected columns whose pair modes apply
     * @param sideColumns the side's columns, in the same order
     */
    private long[] rowHashes(ResultSide side, int[] modeColumns, int[] sideColumns) {
        LongColumn[] columns = new LongColumn[sideColumns.length];
        for (int i = 0; i < sideColumns.length; i++) {
            columns[i] = side.hashes(sideColumns[i], modes[modeColumns[i]]);
        }
        long[] rows = new long[side.rows()];
        for (int r = 0; r < rows.length; r++) {
            long h = 0x243f6a8885a308d3L;
            for (LongColumn column : columns) {
                h = CellHasher.combine(h, column.get(r));
            }
            rows[r] = CellHasher.mix(h);
        }
        return rows;
    }

    private static boolean sameMultiset(long[] a, long[] b) {
        long sumA = 0;
        long mixA = 0;
        long sumB = 0;
        long mixB = 0;
        for (long h : a) {
            sumA += h;
            mixA += CellHasher.mix(h ^ SUM_SALT);
        }
        for (long h : b) {
            sumB += h;
            mixB += CellHasher.mix(h ^ SUM_SALT);
        }
        return sumA == sumB && mixA == mixB;
    }

    private static int firstDifference(long[] a, long[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether the rows differ only among those tied with the expected last row on the sort keys: with a LIMIT, which
     * of several tied rows make the cut is arbitrary.
     */
    private boolean onlyTiesDiffer(long[] expectedKeys, long[] actualKeys) {
        long lastKey = expectedKeys[expectedKeys.length - 1];
        RowDiff rows = diff();
        for (int i = 0; i < expectedRows.length; i++) {
            if (rows.isMissing(expectedRows[i]) && expectedKeys[i] != lastKey) {
                return false;
            }
        }
        for (int i = 0; i < actualRows.length; i++) {
            if (rows.isExtra(actualRows[i]) && actualKeys[i] != lastKey) {
                return false;
            }
        }
        return true;
    }
}
