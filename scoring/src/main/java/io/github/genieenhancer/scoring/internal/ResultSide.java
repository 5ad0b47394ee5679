package io.github.genieenhancer.scoring.internal;

import io.github.genieenhancer.core.DocumentFormatException;
import io.github.genieenhancer.genie.ResultColumn;
import io.github.genieenhancer.scoring.ResultTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One result read once: for every column and every way it may be compared, the cell hashes (4 bytes a cell), an
 * order-independent signature of the column's values, and each row's column-order-independent digest (8 bytes a
 * row). A result held in memory is hashed in parallel, in blocks of rows, and its rows are quoted from where they
 * are. A streamed result is hashed as it arrives; its expected side keeps its cells' text for explanations, and
 * Genie's side keeps only the few rows whose values the expected result lacks.
 */
final class ResultSide {
    /** Rows of Genie's result quoted verbatim in explanations. */
    private static final int CAPTURED_ROWS = 16;
    /** Rows hashed by one parallel task: a multiple of the columns' chunk sizes, so no two tasks share a chunk. */
    private static final int ROWS_PER_TASK = 1 << 15;
    private static final long SIGNATURE_SALT = 0x2545f4914f6cdd1dL;
    private static final long DIGEST_SALT = 0x4cf5ad432745937fL;

    final String role;
    final List<ResultColumn> columns;
    final ValueKind[] kinds;
    final int width;
    final boolean truncatedBySource;
    private final CellMode[][] modes;
    private final int[] nativeIndex;
    private final int significantDigits;
    private final IntColumn[][] hashes;
    private final LongColumn rowDigests;
    private final long[][] signatureA;
    private final long[][] signatureB;
    /** The rows when the table held them in memory, else null. */
    private final List<? extends List<String>> held;
    /** The expected side's text when streamed, else null. */
    private final TextArena arena;
    /** The expected side, when this is Genie's. */
    private final ResultSide expected;
    /** Genie's rows quoted in explanations; for a held result found on first use. */
    private Map<Integer, List<String>> captured;
    private long[] sortedRowDigests;
    private int rows;
    private boolean capped;
    private long digestA;
    private long digestB;

    private ResultSide(String role, ResultTable table, List<? extends List<String>> held, CellMode[][] modes,
                       CellMode[] natives, ValueKind[] kinds, int cap, int significantDigits, ResultSide expected) {
        this.role = role;
        this.columns = table.columns();
        this.kinds = kinds;
        this.width = columns.size();
        this.truncatedBySource = table.truncated();
        this.modes = modes;
        this.significantDigits = significantDigits;
        this.held = held;
        this.expected = expected;
        this.signatureA = new long[width][];
        this.signatureB = new long[width][];
        this.nativeIndex = new int[width];
        this.hashes = new IntColumn[width][];
        int size = held == null ? -1 : cap > 0 ? Math.min(cap, held.size()) : held.size();
        for (int c = 0; c < width; c++) {
            hashes[c] = new IntColumn[modes[c].length];
            Arrays.setAll(hashes[c], i -> size < 0 ? new IntColumn() : new IntColumn(size));
            signatureA[c] = new long[modes[c].length];
            signatureB[c] = new long[modes[c].length];
            nativeIndex[c] = Arrays.asList(modes[c]).indexOf(natives[c]);
        }
        this.rowDigests = size < 0 ? new LongColumn() : new LongColumn(size);
        this.arena = held == null && expected == null ? new TextArena(width) : null;
        if (held != null) {
            readHeld(size);
            capped = size < held.size();
        } else {
            captured = expected == null ? null : new LinkedHashMap<>();
            readStream(table.rows(), cap);
        }
    }

    /**
     * Reads the expected result.
     *
     * @param held the table's rows when it holds them in memory, else null (the rows are then streamed)
     */
    static ResultSide readExpected(ResultTable table, List<? extends List<String>> held, SchemaPlan plan, int cap,
                                   int significantDigits) {
        return new ResultSide("the expected result", table, held, plan.expectedModes, plan.expectedNatives,
                plan.expectedKinds, cap, significantDigits, null);
    }

    /**
     * Reads Genie's result, after the expected one.
     *
     * @param held the table's rows when it holds them in memory, else null (the rows are then streamed)
     */
    static ResultSide readActual(ResultTable table, List<? extends List<String>> held, SchemaPlan plan, int cap,
                                 int significantDigits, ResultSide expected) {
        return new ResultSide("Genie's result", table, held, plan.actualModes, plan.actualNatives, plan.actualKinds,
                cap, significantDigits, expected);
    }

    /** Hashes the held rows in blocks, in parallel; each block adds up its own sums, so the totals do not race. */
    private void readHeld(int size) {
        int tasks = (size + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        Sums[] parts = new Sums[tasks];
        IntStream.range(0, tasks).parallel().forEach(task -> {
            Sums part = new Sums();
            CellHasher hasher = new CellHasher(significantDigits);
            int end = Math.min(size, (task + 1) * ROWS_PER_TASK);
            for (int r = task * ROWS_PER_TASK; r < end; r++) {
                List<String> row = held.get(r);
                if (row.size() != width) {
                    part.badRow = r;
                    part.badRowSize = row.size();
                    break;
                }
                hashRow(row, r, hasher, part);
            }
            parts[task] = part;
        });
        for (Sums part : parts) {
            if (part.badRow >= 0) {
                throw wrongWidth(part.badRow, part.badRowSize);
            }
            add(part);
        }
        rows = size;
    }

    private void readStream(Iterator<? extends List<String>> source, int cap) {
        Sums sums = new Sums();
        CellHasher hasher = new CellHasher(significantDigits);
        long[] expectedDigests = expected == null ? null : expected.sortedRowDigests();
        while (source.hasNext()) {
            if (cap > 0 && rows == cap) {
                capped = true;
                break;
            }
            List<String> row = source.next();
            if (row.size() != width) {
                throw wrongWidth(rows, row.size());
            }
            for (IntColumn[] columnHashes : hashes) {
                for (IntColumn column : columnHashes) {
                    column.add(0);
                }
            }
            rowDigests.add(0);
            long rowDigest = hashRow(row, rows, hasher, sums);
            if (arena != null) {
                arena.addRow(row);
            } else if (captured.size() < CAPTURED_ROWS && Arrays.binarySearch(expectedDigests, rowDigest) < 0) {
                captured.put(rows, new ArrayList<>(row));
            }
            rows++;
        }
        add(sums);
    }

    /** Hashes row {@code r} into the columns' slots for it and adds it to {@code sums}; returns its digest. */
    private long hashRow(List<String> row, int r, CellHasher hasher, Sums sums) {
        long rowDigest = 0;
        for (int c = 0; c < width; c++) {
            String cell = row.get(c);
            CellMode[] columnModes = modes[c];
            for (int m = 0; m < columnModes.length; m++) {
                long h = hasher.hash(cell, columnModes[m]);
                hashes[c][m].set(r, fold(h));
                sums.signatureA[c][m] += h;
                sums.signatureB[c][m] += CellHasher.mix(h + SIGNATURE_SALT);
                if (m == nativeIndex[c]) {
                    rowDigest += CellHasher.mix(h ^ DIGEST_SALT);
                }
            }
        }
        rowDigest = CellHasher.mix(rowDigest);
        rowDigests.set(r, rowDigest);
        sums.digestA += rowDigest;
        sums.digestB += CellHasher.mix(rowDigest + DIGEST_SALT);
        return rowDigest;
    }

    private DocumentFormatException wrongWidth(int row, int size) {
        return new DocumentFormatException(role, row + 1, null,
                width + " cells per row, one per column, but the row has " + size, null);
    }

    private void add(Sums sums) {
        for (int c = 0; c < width; c++) {
            for (int m = 0; m < modes[c].length; m++) {
                signatureA[c][m] += sums.signatureA[c][m];
                signatureB[c][m] += sums.signatureB[c][m];
            }
        }
        digestA += sums.digestA;
        digestB += sums.digestB;
    }

    int rows() {
        return rows;
    }

    /** Whether the side had more rows than the cap and was read only up to it. */
    boolean capped() {
        return capped;
    }

    /** The rows' column-order-independent digests, sorted (computed on first use). */
    private long[] sortedRowDigests() {
        if (sortedRowDigests == null) {
            sortedRowDigests = rowDigests.sorted();
        }
        return sortedRowDigests;
    }

    /** A digest of the multiset of rows, independent of row and column order. */
    String digest() {
        return String.format("%016x%016x", digestA, digestB);
    }

    int hash(int column, CellMode mode, int row) {
        return hashes[column][modeIndex(column, mode)].get(row);
    }

    IntColumn hashes(int column, CellMode mode) {
        return hashes[column][modeIndex(column, mode)];
    }

    boolean sameValues(int column, CellMode mode, ResultSide other, int otherColumn) {
        int mine = modeIndex(column, mode);
        int theirs = other.modeIndex(otherColumn, mode);
        return rows == other.rows && signatureA[column][mine] == other.signatureA[otherColumn][theirs]
                && signatureB[column][mine] == other.signatureB[otherColumn][theirs];
    }

    /** The row's cells, when known: every expected row, and the captured rows of Genie's result. */
    List<String> cells(int row) {
        if (expected == null) {
            return arena != null ? arena.row(row) : new ArrayList<>(held.get(row));
        }
        return captured().get(row);
    }

    boolean hasCells(int row) {
        return expected == null || captured().containsKey(row);
    }

    /**
     * Genie's rows quoted in explanations: the first {@link #CAPTURED_ROWS} whose digest no expected row has. A
     * streamed result captured them while it was read; a held one finds them here, once, only when an explanation
     * needs them.
     */
    private Map<Integer, List<String>> captured() {
        if (captured == null) {
            captured = new LinkedHashMap<>();
            if (digestA != expected.digestA || digestB != expected.digestB) {
                HashBags bags = new HashBags(expected.rowDigests.toArray(), rowDigests.toArray());
                for (int r = 0; r < rows && captured.size() < CAPTURED_ROWS; r++) {
                    if (bags.absentFromExpected(rowDigests.get(r))) {
                        captured.put(r, new ArrayList<>(held.get(r)));
                    }
                }
            }
        }
        return captured;
    }

    /**
     * Stored cell hashes keep 32 bits: a row hash combines all its cells, so two different rows collide only when
     * every differing cell collides (about 1 in 4 billion per cell). Column signatures use the full 64 bits.
     */
    private static int fold(long h) {
        return (int) (h ^ h >>> 32);
    }

    private int modeIndex(int column, CellMode mode) {
        CellMode[] columnModes = modes[column];
        for (int i = 0; i < columnModes.length; i++) {
            if (columnModes[i] == mode) {
                return i;
            }
        }
        throw new IllegalStateException("column " + column + " of " + role + " was not hashed as " + mode);
    }

    /** What one block of rows adds to the side's totals, and the first row of the block with the wrong width. */
    private final class Sums {
        final long[][] signatureA = new long[width][];
        final long[][] signatureB = new long[width][];
        long digestA;
        long digestB;
        int badRow = -1;
        int badRowSize;

        Sums() {
            for (int c = 0; c < width; c++) {
                signatureA[c] = new long[modes[c].length];
                signatureB[c] = new long[modes[c].length];
            }
        }
    }
}
