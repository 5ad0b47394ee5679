package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.fix.Fix;

/** The order in which a plan's fixes are made ({@link Fix#applyTo} makes each one). */
public final class FixEdits {

    private FixEdits() {
    }

    /** The order fixes are made in: removals first, so a removal and an addition of one item replace it. */
    public static int phase(Fix fix) {
        return switch (fix.category()) {
            case JOIN_SPECS_DELETE, SQL_SNIPPETS_DELETE, METADATA_DELETE, SAMPLE_QUERIES_DELETE -> 0;
            case INSTRUCTION_FIX -> ((Fix.InstructionFix) fix).replace() ? 1 : 2;
            case JOIN_SPECS_ADD, SQL_SNIPPETS_ADD, METADATA_ADD, SAMPLE_QUERIES_ADD -> 3;
        };
    }
}
