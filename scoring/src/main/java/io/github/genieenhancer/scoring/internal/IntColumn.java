package io.github.genieenhancer.scoring.internal;

import java.util.Arrays;

/**
 * A growable column of ints in fixed-size chunks, so a million-row column grows without copying itself (a doubling
 * array would briefly need one and a half times its size).
 */
final class IntColumn {
    private static final int SHIFT = 15;
    private static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    private int[][] chunks;
    private int size;

    /** An empty column that grows with {@link #add}. */
    IntColumn() {
        chunks = new int[4][];
    }

    /**
     * A column of {@code size} zeros, filled with {@link #set}. Threads may set disjoint ranges of indices at once
     * (nothing is allocated after construction), publishing their values by joining.
     */
    IntColumn(int size) {
        chunks = new int[Math.max(4, (size + MASK) >>> SHIFT)][];
        for (int chunk = 0; chunk < (size + MASK) >>> SHIFT; chunk++) {
            chunks[chunk] = new int[CHUNK];
        }
        this.size = size;
    }

    void add(int value) {
        int chunk = size >>> SHIFT;
        if (chunk == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunks.length * 2);
        }
        if (chunks[chunk] == null) {
            chunks[chunk] = new int[CHUNK];
        }
        chunks[chunk][size & MASK] = value;
        size++;
    }

    void set(int index, int value) {
        chunks[index >>> SHIFT][index & MASK] = value;
    }

    int get(int index) {
        return chunks[index >>> SHIFT][index & MASK];
    }

    int size() {
        return size;
    }

    /** A sorted copy of the first {@code count} values. */
    int[] sortedPrefix(int count) {
        int[] values = new int[Math.min(count, size)];
        for (int i = 0; i < values.length; i++) {
            values[i] = get(i);
        }
        Arrays.sort(values);
        return values;
    }
}
