package io.github.genieenhancer.scoring.internal;

import io.github.genieenhancer.genie.ResultColumn;
import java.util.Locale;
import java.util.OptionalInt;

/** How a column's cells are read, from the manifest's type name and scale. */
enum ValueKind {
    /** Integer types and DECIMAL with scale 0: compared exactly. */
    INTEGER,
    /** DECIMAL with a scale, DOUBLE, FLOAT: compared to the policy's significant digits. */
    FRACTIONAL,
    /** BOOLEAN: true and false, never 0 and 1. */
    BOOLEAN,
    /** DATE and TIMESTAMP: by the instant (UTC) or local date-time; a midnight timestamp equals its date. */
    TEMPORAL,
    /** The NULL type of an all-NULL expression: pairs with any column. */
    NULL_TYPE,
    /** Strings and everything else (binary, interval, arrays, maps, structs): by text. */
    TEXT;

    static ValueKind of(ResultColumn column) {
        return switch (column.typeName().strip().toUpperCase(Locale.ROOT)) {
            case "BYTE", "TINYINT", "SHORT", "SMALLINT", "INT", "INTEGER", "LONG", "BIGINT" -> INTEGER;
            // A DECIMAL whose scale is unknown is compared as a fraction: rounding never fails equal values.
            case "DECIMAL", "NUMERIC", "DEC" -> scale(column).orElse(1) == 0 ? INTEGER : FRACTIONAL;
            case "DOUBLE", "FLOAT", "REAL" -> FRACTIONAL;
            case "BOOLEAN" -> BOOLEAN;
            case "DATE", "TIMESTAMP", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ" -> TEMPORAL;
            case "NULL", "VOID" -> NULL_TYPE;
            default -> TEXT;
        };
    }

    /** The scale from the manifest, else from a type text such as {@code decimal(10,2)}. */
    private static OptionalInt scale(ResultColumn column) {
        if (column.scale().isPresent()) {
            return column.scale();
        }
        String text = column.typeText();
        int comma = text.indexOf(',');
        int close = text.indexOf(')', comma + 1);
        if (comma < 0 || close < 0) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(text.substring(comma + 1, close).strip()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    boolean isNumeric() {
        return this == INTEGER || this == FRACTIONAL;
    }

    /** Kinds that can hold the same values; integers and fractional numbers are one class. */
    int valueClass() {
        return this == FRACTIONAL ? INTEGER.ordinal() : ordinal();
    }

    /** How a cell of this kind is hashed on its own (for digests), with the policy's digits. */
    CellMode nativeMode(int significantDigits) {
        return switch (this) {
            case INTEGER -> CellMode.EXACT_NUMBER;
            case FRACTIONAL -> significantDigits == 0 ? CellMode.EXACT_NUMBER : CellMode.ROUNDED_NUMBER;
            case BOOLEAN -> CellMode.BOOLEAN;
            case TEMPORAL -> CellMode.TEMPORAL;
            case NULL_TYPE, TEXT -> CellMode.TEXT;
        };
    }

    /**
     * How a cell of this kind is compared with a cell of another kind, or {@code null} when values of the two kinds
     * are never equal (unless {@code acrossClasses}, when the texts are compared and a type difference reported).
     */
    static CellMode pairMode(ValueKind a, ValueKind b, int significantDigits, boolean acrossClasses) {
        if (a == NULL_TYPE && b == NULL_TYPE) {
            return CellMode.TEXT;
        }
        if (a == NULL_TYPE) {
            return b.nativeMode(significantDigits);
        }
        if (b == NULL_TYPE) {
            return a.nativeMode(significantDigits);
        }
        if (a.isNumeric() && b.isNumeric()) {
            return a == INTEGER && b == INTEGER || significantDigits == 0
                    ? CellMode.EXACT_NUMBER : CellMode.ROUNDED_NUMBER;
        }
        if (a == b) {
            return a.nativeMode(significantDigits);
        }
        return acrossClasses ? CellMode.TEXT : null;
    }
}
