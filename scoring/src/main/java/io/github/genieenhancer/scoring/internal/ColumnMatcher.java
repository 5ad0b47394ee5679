package io.github.genieenhancer.scoring.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pairs each expected column with a column of Genie's result by content, never by name. First the mappings in
 * which every pair holds the same multiset of values (found from the column signatures, tried in order of
 * preference: same position, then same name); when no such mapping exists, the closest one by the share of values
 * two columns have in common. Names and positions only break ties.
 */
final class ColumnMatcher {
    /** Rows sampled from the top of each column to measure how alike two differing columns are. */
    private static final int SAMPLE_ROWS = 2048;

    private final SchemaPlan plan;
    private final ResultSide expected;
    private final ResultSide actual;
    private final boolean[][] equal;
    private final double[][] overlaps;

    ColumnMatcher(SchemaPlan plan, ResultSide expected, ResultSide actual) {
        this.plan = plan;
        this.expected = expected;
        this.actual = actual;
        this.equal = new boolean[expected.width][actual.width];
        this.overlaps = new double[expected.width][actual.width];
        Arrays.stream(overlaps).forEach(row -> Arrays.fill(row, Double.NaN));
        for (int j = 0; j < expected.width; j++) {
            for (int k = 0; k < actual.width; k++) {
                CellMode mode = plan.pairModes[j][k];
                equal[j][k] = mode != null && expected.sameValues(j, mode, actual, k);
            }
        }
    }

    /** Whether expected column {@code j} and Genie's column {@code k} hold the same multiset of values. */
    boolean sameValues(int j, int k) {
        return equal[j][k];
    }

    /** Up to {@code limit} mappings (expected column to Genie's column) in which every pair holds equal values. */
    List<int[]> equalValueMappings(int limit) {
        List<int[]> found = new ArrayList<>();
        if (expected.width <= actual.width) {
            search(0, new int[expected.width], new boolean[actual.width], found, limit);
        }
        return found;
    }

    private void search(int j, int[] mapping, boolean[] used, List<int[]> found, int limit) {
        if (found.size() == limit) {
            return;
        }
        if (j == mapping.length) {
            found.add(mapping.clone());
            return;
        }
        for (int k : preference(j)) {
            if (!used[k] && equal[j][k]) {
                used[k] = true;
                mapping[j] = k;
                search(j + 1, mapping, used, found, limit);
                used[k] = false;
            }
        }
    }

    /**
     * The closest mapping when no mapping has equal values everywhere: pairs with equal values first, then the
     * remaining expected columns each to the unused compatible column sharing most sampled values. An expected
     * column with no compatible column left maps to -1.
     */
    int[] closestMapping() {
        int[] mapping = new int[expected.width];
        Arrays.fill(mapping, -1);
        boolean[] used = new boolean[actual.width];
        for (int j = 0; j < expected.width; j++) {
            for (int k : preference(j)) {
                if (!used[k] && equal[j][k]) {
                    mapping[j] = k;
                    used[k] = true;
                    break;
                }
            }
        }
        while (true) {
            int bestJ = -1;
            int bestK = -1;
            double bestScore = -1;
            for (int j = 0; j < expected.width; j++) {
                if (mapping[j] >= 0) {
                    continue;
                }
                for (int k : preference(j)) {
                    CellMode mode = plan.pairModes[j][k];
                    if (used[k] || mode == null) {
                        continue;
                    }
                    double score = overlap(j, k, mode) + (plan.expectedKinds[j] == plan.actualKinds[k] ? 0.01 : 0);
                    if (score > bestScore) {
                        bestScore = score;
                        bestJ = j;
                        bestK = k;
                    }
                }
            }
            if (bestJ < 0) {
                return mapping;
            }
            mapping[bestJ] = bestK;
            used[bestK] = true;
        }
    }

    /** The share of sampled values the two columns have in common, as multisets. */
    private double overlap(int j, int k, CellMode mode) {
        if (Double.isNaN(overlaps[j][k])) {
            overlaps[j][k] = sampledOverlap(j, k, mode);
        }
        return overlaps[j][k];
    }

    private double sampledOverlap(int j, int k, CellMode mode) {
        int[] a = expected.hashes(j, mode).sortedPrefix(SAMPLE_ROWS);
        int[] b = actual.hashes(k, mode).sortedPrefix(SAMPLE_ROWS);
        int common = 0;
        int x = 0;
        int y = 0;
        while (x < a.length && y < b.length) {
            if (a[x] == b[y]) {
                common++;
                x++;
                y++;
            } else if (a[x] < b[y]) {
                x++;
            } else {
                y++;
            }
        }
        return (double) common / Math.max(1, Math.max(a.length, b.length));
    }

    /** Genie's columns in the order tried for expected column {@code j}: same position, same name, the rest. */
    private int[] preference(int j) {
        int[] order = new int[actual.width];
        int n = 0;
        if (j < actual.width) {
            order[n++] = j;
        }
        String name = expected.columns.get(j).name();
        for (int k = 0; k < actual.width; k++) {
            if (k != j && actual.columns.get(k).name().equalsIgnoreCase(name)) {
                order[n++] = k;
            }
        }
        for (int k = 0; k < actual.width; k++) {
            if (k != j && !actual.columns.get(k).name().equalsIgnoreCase(name)) {
                order[n++] = k;
            }
        }
        return order;
    }
}
