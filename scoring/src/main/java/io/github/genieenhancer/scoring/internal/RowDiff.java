package io.github.genieenhancer.scoring.internal;

import java.util.Arrays;

/**
 * The rows two results do not share, as multisets: the expected rows without a match (missing) and Genie's rows
 * without a match (extra). Sorts the expected side's row hashes once (8 bytes a row) and streams Genie's rows
 * against them.
 */
final class RowDiff {
    private final long[] missing;
    private final long[] extra;

    RowDiff(RowCheck check) {
        long[] expected = new long[check.expectedRows()];
        for (int r = 0; r < expected.length; r++) {
            expected[r] = check.expectedRowHash(r);
        }
        Arrays.sort(expected);
        // Equal hashes sit together; a run's matched entries are always its first ones, counted at the run start.
        int[] matched = new int[expected.length];
        LongColumn unmatched = new LongColumn();
        for (int r = 0; r < check.actualRows(); r++) {
            long h = check.actualRowHash(r);
            int at = firstAtLeast(expected, h);
            if (at == expected.length || expected[at] != h) {
                unmatched.add(h);
                continue;
            }
            int runEnd = at + 1 == expected.length || expected[at + 1] != h ? at + 1 : lastOf(expected, at, h) + 1;
            if (matched[at] < runEnd - at) {
                matched[at]++;
            } else {
                unmatched.add(h);
            }
        }
        LongColumn missingRows = new LongColumn();
        for (int at = 0; at < expected.length; ) {
            int runEnd = at;
            while (runEnd < expected.length && expected[runEnd] == expected[at]) {
                runEnd++;
            }
            for (int i = at + matched[at]; i < runEnd; i++) {
                missingRows.add(expected[i]);
            }
            at = runEnd;
        }
        this.missing = missingRows.sorted();
        this.extra = unmatched.sorted();
    }

    /** The index of the first value not less than {@code value} (the length when none). */
    private static int firstAtLeast(long[] sorted, long value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sorted[middle] < value) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** The index of the last occurrence of {@code value}, which occurs at {@code from}. */
    private static int lastOf(long[] sorted, int from, long value) {
        int low = from;
        int high = sorted.length - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (sorted[middle] == value) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    int missingCount() {
        return missing.length;
    }

    int extraCount() {
        return extra.length;
    }

    boolean isMissing(long rowHash) {
        return Arrays.binarySearch(missing, rowHash) >= 0;
    }

    boolean isExtra(long rowHash) {
        return Arrays.binarySearch(extra, rowHash) >= 0;
    }
}
