package io.github.genieenhancer.scoring.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The expected result's cells as UTF-8 bytes in large chunks, kept only to quote values in explanations. Each cell
 * is a variable-length length (0 for NULL, else length + 1) followed by its bytes; the start of every 64th row is
 * indexed, so a row is found by skipping at most 63 rows. About a fifth of what the same rows take as
 * {@code List<List<String>>}.
 */
final class TextArena {
    private static final int CHUNK = 1 << 20;
    private static final int ROWS_PER_INDEX = 64;

    private final int columns;
    private final List<byte[]> chunks = new ArrayList<>();
    private final LongColumn blockStarts = new LongColumn();
    private byte[] current;
    private int used;
    private int rows;
    private byte[] scratch = new byte[256];

    TextArena(int columns) {
        this.columns = columns;
    }

    void addRow(List<String> cells) {
        int length = 0;
        for (int c = 0; c < columns; c++) {
            length = encode(cells.get(c), length);
        }
        if (rows % ROWS_PER_INDEX == 0) {
            if (current == null || used + length > current.length) {
                newChunk(0, length);
            }
            blockStarts.add((long) (chunks.size() - 1) << 32 | used);
        } else if (used + length > current.length) {
            // A block of rows never spans chunks, so one index entry locates all its rows: move the block along.
            int blockStart = (int) blockStarts.get(blockStarts.size() - 1);
            byte[] previous = current;
            newChunk(used - blockStart, length);
            System.arraycopy(previous, blockStart, current, 0, used);
            blockStarts.set(blockStarts.size() - 1, (long) (chunks.size() - 1) << 32);
        }
        System.arraycopy(scratch, 0, current, used, length);
        used += length;
        rows++;
    }

    private void newChunk(int carried, int length) {
        current = new byte[Math.max(CHUNK, 2 * (carried + length))];
        chunks.add(current);
        used = carried;
    }

    /** The cells of a row; {@code null} for SQL NULL. */
    List<String> row(int row) {
        long start = blockStarts.get(row / ROWS_PER_INDEX);
        byte[] chunk = chunks.get((int) (start >>> 32));
        int[] at = {(int) start};
        for (int skip = row % ROWS_PER_INDEX * columns; skip > 0; skip--) {
            int length = readLength(chunk, at);
            at[0] += Math.max(0, length - 1);
        }
        List<String> cells = new ArrayList<>(columns);
        for (int c = 0; c < columns; c++) {
            int length = readLength(chunk, at);
            if (length == 0) {
                cells.add(null);
            } else {
                cells.add(new String(chunk, at[0], length - 1, StandardCharsets.UTF_8));
                at[0] += length - 1;
            }
        }
        return cells;
    }

    private static int readLength(byte[] chunk, int[] at) {
        int value = 0;
        int shift = 0;
        byte b;
        do {
            b = chunk[at[0]++];
            value |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        return value;
    }

    /** Appends the cell (length, then UTF-8 bytes) to the scratch buffer at {@code at}; returns the new end. */
    private int encode(String cell, int at) {
        if (cell == null) {
            ensure(at + 1);
            scratch[at] = 0;
            return at + 1;
        }
        int n = cell.length();
        boolean ascii = true;
        for (int i = 0; i < n && ascii; i++) {
            ascii = cell.charAt(i) < 0x80;
        }
        byte[] utf8 = ascii ? null : cell.getBytes(StandardCharsets.UTF_8);
        int bytes = ascii ? n : utf8.length;
        ensure(at + 5 + bytes);
        for (int value = bytes + 1; ; value >>>= 7) {
            if (value < 0x80) {
                scratch[at++] = (byte) value;
                break;
            }
            scratch[at++] = (byte) (value & 0x7f | 0x80);
        }
        if (ascii) {
            for (int i = 0; i < n; i++) {
                scratch[at + i] = (byte) cell.charAt(i);
            }
        } else {
            System.arraycopy(utf8, 0, scratch, at, bytes);
        }
        return at + bytes;
    }

    private void ensure(int capacity) {
        if (capacity > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(capacity, scratch.length * 2));
        }
    }
}
