package io.github.genieenhancer.scoring.internal;

import java.util.Arrays;

/** A growable column of longs in fixed-size chunks, like {@link IntColumn}. */
final class LongColumn {
    private static final int SHIFT = 14;
    private static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    private long[][] chunks;
    private int size;

    /** An empty column that grows with {@link #add}. */
    LongColumn() {
        chunks = new long[4][];
    }

    /**
     * A column of {@code size} zeros, filled with {@link #set}. Threads may set disjoint ranges of indices at once
     * (nothing is allocated after construction), publishing their values by joining.
     */
    LongColumn(int size) {
        chunks = new long[Math.max(4, (size + MASK) >>> SHIFT)][];
        for (int chunk = 0; chunk < (size + MASK) >>> SHIFT; chunk++) {
            chunks[chunk] = new long[CHUNK];
        }
        this.size = size;
    }

    void add(long value) {
        int chunk = size >>> SHIFT;
        if (chunk == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunks.length * 2);
        }
        if (chunks[chunk] == null) {
            chunks[chunk] = new long[CHUNK];
        }
        chunks[chunk][size & MASK] = value;
        size++;
    }

    void set(int index, long value) {
        chunks[index >>> SHIFT][index & MASK] = value;
    }

    long get(int index) {
        return chunks[index >>> SHIFT][index & MASK];
    }

    int size() {
        return size;
    }

    /** The values as one array. */
    long[] toArray() {
        long[] values = new long[size];
        for (int chunk = 0; chunk << SHIFT < size; chunk++) {
            System.arraycopy(chunks[chunk], 0, values, chunk << SHIFT, Math.min(CHUNK, size - (chunk << SHIFT)));
        }
        return values;
    }

    /** The values as one sorted array. */
    long[] sorted() {
        long[] values = toArray();
        Arrays.parallelSort(values);
        return values;
    }
}
