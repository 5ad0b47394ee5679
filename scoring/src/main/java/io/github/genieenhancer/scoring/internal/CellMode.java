package io.github.genieenhancer.scoring.internal;

/** How a cell's text is turned into a comparable hash. */
enum CellMode {
    /** The exact decimal value: 1, 1.0 and 1.00E0 are one value. */
    EXACT_NUMBER,
    /** The decimal value rounded half up to the policy's significant digits. */
    ROUNDED_NUMBER,
    /** true or false, in any case. */
    BOOLEAN,
    /** A date, or a timestamp normalised to UTC; a midnight timestamp hashes like its date. */
    TEMPORAL,
    /** The text as it is. */
    TEXT
}
