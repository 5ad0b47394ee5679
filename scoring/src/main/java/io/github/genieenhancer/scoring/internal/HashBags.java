package io.github.genieenhancer.scoring.internal;

import java.util.Arrays;

/**
 * Two multisets of 64-bit hashes (the expected side's and Genie's), and where they differ, found without sorting
 * either: the hashes are spread by their top bits over buckets, each bucket keeps two order-independent sums per
 * side, and only the hashes of buckets whose sums differ are collected and sorted. Two equal results cost one pass
 * over the hashes; a result with one differing row costs that pass plus sorting a few hundred hashes.
 */
final class HashBags {
    /** Hashes per bucket on average when the buckets are sized; a bucket's hashes are what a difference sorts. */
    private static final int HASHES_PER_BUCKET = 64;
    private static final int MAX_BUCKET_BITS = 16;
    private static final long SUM_SALT = 0x7fb5d329728ea185L;

    private final int shift;
    private final boolean[] dirty;
    /** The expected hashes that fall in buckets whose sums differ, sorted. */
    private final long[] expectedInDirty;
    /** Genie's hashes that fall in buckets whose sums differ, sorted. */
    private final long[] actualInDirty;

    /**
     * @param e the expected hashes, in any order; read, not kept
     * @param a Genie's hashes, in any order; read, not kept
     */
    HashBags(long[] e, long[] a) {
        int bits = 0;
        while (bits < MAX_BUCKET_BITS && (long) HASHES_PER_BUCKET << bits < Math.max(e.length, a.length)) {
            bits++;
        }
        shift = 64 - bits;
        long[] sums = new long[2 << bits];
        for (long h : e) {
            int bucket = bucket(h);
            sums[2 * bucket] += h;
            sums[2 * bucket + 1] += CellHasher.mix(h ^ SUM_SALT);
        }
        for (long h : a) {
            int bucket = bucket(h);
            sums[2 * bucket] -= h;
            sums[2 * bucket + 1] -= CellHasher.mix(h ^ SUM_SALT);
        }
        dirty = new boolean[1 << bits];
        for (int bucket = 0; bucket < dirty.length; bucket++) {
            dirty[bucket] = sums[2 * bucket] != 0 || sums[2 * bucket + 1] != 0;
        }
        expectedInDirty = inDirtyBuckets(e);
        actualInDirty = inDirtyBuckets(a);
    }

    private int bucket(long h) {
        return shift == 64 ? 0 : (int) (h >>> shift);
    }

    private long[] inDirtyBuckets(long[] hashes) {
        int count = 0;
        for (long h : hashes) {
            if (dirty[bucket(h)]) {
                count++;
            }
        }
        long[] found = new long[count];
        int at = 0;
        for (long h : hashes) {
            if (dirty[bucket(h)]) {
                found[at++] = h;
            }
        }
        Arrays.sort(found);
        return found;
    }

    /** Whether no expected hash equals {@code h}, one of Genie's hashes. */
    boolean absentFromExpected(long h) {
        return dirty[bucket(h)] && Arrays.binarySearch(expectedInDirty, h) < 0;
    }

    /** The expected hashes without a partner among Genie's, as a multiset, sorted. */
    long[] missing() {
        return unmatched(expectedInDirty, actualInDirty);
    }

    /** Genie's hashes without a partner among the expected ones, as a multiset, sorted. */
    long[] extra() {
        return unmatched(actualInDirty, expectedInDirty);
    }

    /** The values of {@code mine} left over once each is paired with an equal value of {@code theirs}. */
    private static long[] unmatched(long[] mine, long[] theirs) {
        long[] left = new long[mine.length];
        int n = 0;
        int j = 0;
        for (long h : mine) {
            while (j < theirs.length && theirs[j] < h) {
                j++;
            }
            if (j < theirs.length && theirs[j] == h) {
                j++;
            } else {
                left[n++] = h;
            }
        }
        return Arrays.copyOf(left, n);
    }
}
