package io.github.genieenhancer.scoring.internal;

import java.util.Arrays;

/** The rows two multisets of row hashes do not share: those only expected (missing) and those only in Genie's. */
final class RowDiff {
    private final long[] missing;
    private final long[] extra;

    private RowDiff(long[] missing, long[] extra) {
        this.missing = missing;
        this.extra = extra;
    }

    static RowDiff of(long[] expected, long[] actual) {
        long[] a = expected.clone();
        long[] b = actual.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        long[] missing = new long[a.length];
        long[] extra = new long[b.length];
        int m = 0;
        int e = 0;
        int x = 0;
        int y = 0;
        while (x < a.length || y < b.length) {
            if (y == b.length || x < a.length && a[x] < b[y]) {
                missing[m++] = a[x++];
            } else if (x == a.length || b[y] < a[x]) {
                extra[e++] = b[y++];
            } else {
                x++;
                y++;
            }
        }
        return new RowDiff(Arrays.copyOf(missing, m), Arrays.copyOf(extra, e));
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
