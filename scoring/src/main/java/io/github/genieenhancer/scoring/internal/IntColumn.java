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

    private int[][] chunks = new int[4][];
    private int size;

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
