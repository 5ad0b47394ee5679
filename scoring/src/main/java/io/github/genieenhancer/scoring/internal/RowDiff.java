package io.github.genieenhancer.scoring.internal;

import java.util.Arrays;

/**
 * The rows two results do not share, as multisets: the expected rows without a match (missing) and Genie's rows
 * without a match (extra), by row hash. Found through {@link HashBags}, so only the hashes near a difference are
 * sorted.
 */
final class RowDiff {
    private final long[] missing;
    private final long[] extra;

    RowDiff(RowCheck check) {
        HashBags bags = new HashBags(check.expectedRowHashes(), check.actualRowHashes());
        this.missing = bags.missing();
        this.extra = bags.extra();
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
