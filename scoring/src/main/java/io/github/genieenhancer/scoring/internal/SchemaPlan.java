package io.github.genieenhancer.scoring.internal;

import io.github.genieenhancer.genie.ResultColumn;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decided from the two manifests before any row is read: each column's kind, how each expected column would be
 * compared with each column of Genie's result, and so which hashes each column needs.
 */
final class SchemaPlan {
    final ValueKind[] expectedKinds;
    final ValueKind[] actualKinds;
    /** [expected column][actual column]: how the pair compares, or null when it cannot hold equal values. */
    final CellMode[][] pairModes;
    final CellMode[] expectedNatives;
    final CellMode[] actualNatives;
    final CellMode[][] expectedModes;
    final CellMode[][] actualModes;

    SchemaPlan(List<ResultColumn> expected, List<ResultColumn> actual, int significantDigits) {
        expectedKinds = expected.stream().map(ValueKind::of).toArray(ValueKind[]::new);
        actualKinds = actual.stream().map(ValueKind::of).toArray(ValueKind[]::new);
        boolean acrossClasses = classesDiffer(expectedKinds, actualKinds);
        pairModes = new CellMode[expectedKinds.length][actualKinds.length];
        for (int j = 0; j < expectedKinds.length; j++) {
            for (int k = 0; k < actualKinds.length; k++) {
                pairModes[j][k] = ValueKind.pairMode(expectedKinds[j], actualKinds[k], significantDigits,
                        acrossClasses);
            }
        }
        expectedNatives = natives(expectedKinds, significantDigits);
        actualNatives = natives(actualKinds, significantDigits);
        expectedModes = new CellMode[expectedKinds.length][];
        for (int j = 0; j < expectedKinds.length; j++) {
            Set<CellMode> modes = new LinkedHashSet<>();
            modes.add(expectedNatives[j]);
            for (int k = 0; k < actualKinds.length; k++) {
                addIfPresent(modes, pairModes[j][k]);
            }
            expectedModes[j] = modes.toArray(CellMode[]::new);
        }
        actualModes = new CellMode[actualKinds.length][];
        for (int k = 0; k < actualKinds.length; k++) {
            Set<CellMode> modes = new LinkedHashSet<>();
            modes.add(actualNatives[k]);
            for (int j = 0; j < expectedKinds.length; j++) {
                addIfPresent(modes, pairModes[j][k]);
            }
            actualModes[k] = modes.toArray(CellMode[]::new);
        }
    }

    /** Whether the pair compares values of different classes (a number with a string), a type failure when equal. */
    boolean crossesClasses(int expected, int actual) {
        ValueKind e = expectedKinds[expected];
        ValueKind a = actualKinds[actual];
        return e != ValueKind.NULL_TYPE && a != ValueKind.NULL_TYPE && e.valueClass() != a.valueClass();
    }

    private static void addIfPresent(Set<CellMode> modes, CellMode mode) {
        if (mode != null) {
            modes.add(mode);
        }
    }

    private static CellMode[] natives(ValueKind[] kinds, int significantDigits) {
        List<CellMode> modes = new ArrayList<>();
        for (ValueKind kind : kinds) {
            modes.add(kind.nativeMode(significantDigits));
        }
        return modes.toArray(CellMode[]::new);
    }

    /**
     * Texts are compared across classes (to report "values match, types differ") only when some expected column
     * cannot find a partner of its own class; otherwise a number never meets a string and no text hashes are made.
     */
    private static boolean classesDiffer(ValueKind[] expected, ValueKind[] actual) {
        int[] expectedCount = new int[ValueKind.values().length];
        int[] actualCount = new int[ValueKind.values().length];
        int wildcards = 0;
        for (ValueKind kind : expected) {
            if (kind != ValueKind.NULL_TYPE) {
                expectedCount[kind.valueClass()]++;
            }
        }
        for (ValueKind kind : actual) {
            if (kind == ValueKind.NULL_TYPE) {
                wildcards++;
            } else {
                actualCount[kind.valueClass()]++;
            }
        }
        int missing = 0;
        for (int c = 0; c < expectedCount.length; c++) {
            missing += Math.max(0, expectedCount[c] - actualCount[c]);
        }
        return missing > wildcards;
    }
}
