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

/**
 * One result read in a single pass: for every column and every way it may be compared, the cell hashes (4 bytes a
 * cell) and an order-independent signature of the column's values. The expected side also keeps its cells' text for
 * explanations; Genie's side keeps only the few rows whose values the expected result lacks.
 */
final class ResultSide {
    /** Rows of Genie's result kept verbatim for explanations. */
    private static final int CAPTURED_ROWS = 16;
    private static final long SIGNATURE_SALT = 0x2545f4914f6cdd1dL;
    private static final long DIGEST_SALT = 0x4cf5ad432745937fL;

    final String role;
    final List<ResultColumn> columns;
    final ValueKind[] kinds;
    final int width;
    final boolean truncatedBySource;
    private final CellMode[][] modes;
    private final IntColumn[][] hashes;
    private final long[][] signatureA;
    private final long[][] signatureB;
    private final int[] nativeIndex;
    private final TextArena arena;
    private LongColumn rowDigests;
    private final Map<Integer, List<String>> captured = new LinkedHashMap<>();
    private int rows;
    private boolean capped;
    private long digestA;
    private long digestB;

    private ResultSide(String role, ResultTable table, ValueKind[] kinds, CellMode[][] modes, CellMode[] natives,
                       boolean keepText) {
        this.role = role;
        this.columns = table.columns();
        this.kinds = kinds;
        this.width = columns.size();
        this.truncatedBySource = table.truncated();
        this.modes = modes;
        this.hashes = new IntColumn[width][];
        this.signatureA = new long[width][];
        this.signatureB = new long[width][];
        this.nativeIndex = new int[width];
        for (int c = 0; c < width; c++) {
            hashes[c] = new IntColumn[modes[c].length];
            Arrays.setAll(hashes[c], i -> new IntColumn());
            signatureA[c] = new long[modes[c].length];
            signatureB[c] = new long[modes[c].length];
            nativeIndex[c] = Arrays.asList(modes[c]).indexOf(natives[c]);
        }
        this.arena = keepText ? new TextArena(width) : null;
        this.rowDigests = keepText ? new LongColumn() : null;
    }

    /** Reads the expected result, keeping its text and each row's column-order-independent digest. */
    static ResultSide readExpected(ResultTable table, ValueKind[] kinds, CellMode[][] modes, CellMode[] natives,
                                   int cap, CellHasher hasher) {
        ResultSide side = new ResultSide("the expected result", table, kinds, modes, natives, true);
        side.read(table.rows(), cap, hasher, null);
        return side;
    }

    /**
     * Reads Genie's result, keeping verbatim the first rows whose digest the expected result does not have.
     *
     * @param expectedDigests the expected rows' digests, sorted
     */
    static ResultSide readActual(ResultTable table, ValueKind[] kinds, CellMode[][] modes, CellMode[] natives,
                                 int cap, CellHasher hasher, long[] expectedDigests) {
        ResultSide side = new ResultSide("Genie's result", table, kinds, modes, natives, false);
        side.read(table.rows(), cap, hasher, expectedDigests);
        return side;
    }

    private void read(Iterator<? extends List<String>> source, int cap, CellHasher hasher, long[] expectedDigests) {
        while (source.hasNext()) {
            if (cap > 0 && rows == cap) {
                capped = true;
                return;
            }
            List<String> row = source.next();
            if (row.size() != width) {
                throw new DocumentFormatException(role, rows + 1, null,
                        width + " cells per row, one per column, but the row has " + row.size(), null);
            }
            long rowDigest = 0;
            for (int c = 0; c < width; c++) {
                String cell = row.get(c);
                CellMode[] columnModes = modes[c];
                for (int m = 0; m < columnModes.length; m++) {
                    long h = hasher.hash(cell, columnModes[m]);
                    hashes[c][m].add(fold(h));
                    signatureA[c][m] += h;
                    signatureB[c][m] += CellHasher.mix(h + SIGNATURE_SALT);
                    if (m == nativeIndex[c]) {
                        rowDigest += CellHasher.mix(h ^ DIGEST_SALT);
                    }
                }
            }
            rowDigest = CellHasher.mix(rowDigest);
            digestA += rowDigest;
            digestB += CellHasher.mix(rowDigest + DIGEST_SALT);
            if (arena != null) {
                arena.addRow(row);
                rowDigests.add(rowDigest);
            } else if (captured.size() < CAPTURED_ROWS && Arrays.binarySearch(expectedDigests, rowDigest) < 0) {
                captured.put(rows, new ArrayList<>(row));
            }
            rows++;
        }
    }

    int rows() {
        return rows;
    }

    /** Whether the side had more rows than the cap and was read only up to it. */
    boolean capped() {
        return capped;
    }

    /** The rows' column-order-independent digests, sorted (expected side only; once, then released). */
    long[] takeSortedRowDigests() {
        long[] sorted = rowDigests.sorted();
        rowDigests = null;
        return sorted;
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
        if (arena != null) {
            return arena.row(row);
        }
        return captured.get(row);
    }

    boolean hasCells(int row) {
        return arena != null || captured.containsKey(row);
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
}
