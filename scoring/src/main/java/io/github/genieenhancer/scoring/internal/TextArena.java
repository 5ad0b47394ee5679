package io.github.genieenhancer.scoring.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The expected result's cells as UTF-8 bytes in large chunks, kept only to quote values in explanations: about a
 * quarter of what the same rows take as {@code List<List<String>>}.
 */
final class TextArena {
    private static final int CHUNK = 1 << 20;
    private static final int NULL_LENGTH = -1;

    private final int columns;
    private final List<byte[]> chunks = new ArrayList<>();
    private final IntColumn lengths = new IntColumn();
    private final LongColumn rowStarts = new LongColumn();
    private byte[] current;
    private int used;
    private byte[] scratch = new byte[256];

    TextArena(int columns) {
        this.columns = columns;
    }

    void addRow(List<String> cells) {
        int rowLength = 0;
        for (int c = 0; c < columns; c++) {
            String cell = cells.get(c);
            if (cell == null) {
                lengths.add(NULL_LENGTH);
                continue;
            }
            int length = encode(cell, rowLength);
            lengths.add(length);
            rowLength += length;
        }
        if (current == null || used + rowLength > current.length) {
            current = new byte[Math.max(CHUNK, rowLength)];
            chunks.add(current);
            used = 0;
        }
        System.arraycopy(scratch, 0, current, used, rowLength);
        rowStarts.add((long) (chunks.size() - 1) << 32 | used);
        used += rowLength;
    }

    /** The cells of a row; {@code null} for SQL NULL. */
    List<String> row(int row) {
        long start = rowStarts.get(row);
        byte[] chunk = chunks.get((int) (start >>> 32));
        int offset = (int) start;
        List<String> cells = new ArrayList<>(columns);
        for (int c = 0; c < columns; c++) {
            int length = lengths.get(row * columns + c);
            if (length == NULL_LENGTH) {
                cells.add(null);
            } else {
                cells.add(new String(chunk, offset, length, StandardCharsets.UTF_8));
                offset += length;
            }
        }
        return cells;
    }

    /** Appends the cell's UTF-8 bytes to the scratch buffer at {@code at}; ASCII without an encoder. */
    private int encode(String cell, int at) {
        int n = cell.length();
        ensure(at + n);
        for (int i = 0; i < n; i++) {
            char ch = cell.charAt(i);
            if (ch >= 0x80) {
                byte[] utf8 = cell.getBytes(StandardCharsets.UTF_8);
                ensure(at + utf8.length);
                System.arraycopy(utf8, 0, scratch, at, utf8.length);
                return utf8.length;
            }
            scratch[at + i] = (byte) ch;
        }
        return n;
    }

    private void ensure(int capacity) {
        if (capacity > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(capacity, scratch.length * 2));
        }
    }

    /** A chunked column of ints, like {@link LongColumn}. */
    private static final class IntColumn {
        private static final int SHIFT = 15;
        private static final int SIZE = 1 << SHIFT;
        private int[][] chunks = new int[4][];
        private int size;

        void add(int value) {
            int chunk = size >>> SHIFT;
            if (chunk == chunks.length) {
                chunks = Arrays.copyOf(chunks, chunks.length * 2);
            }
            if (chunks[chunk] == null) {
                chunks[chunk] = new int[SIZE];
            }
            chunks[chunk][size & (SIZE - 1)] = value;
            size++;
        }

        int get(int index) {
            return chunks[index >>> SHIFT][index & (SIZE - 1)];
        }
    }
}
