package io.github.genieenhancer.scoring;

import java.util.Locale;
import java.util.Objects;

/**
 * One column of a result set, as the SQL Statement Execution API's manifest describes it. The comparator reads
 * every cell as a string and uses the type to decide how to compare it: integers exactly, fractional numbers to a
 * number of significant digits, booleans, dates and timestamps by value, everything else as text.
 *
 * @param name     the column's name in the result; used in explanations only, never to match columns
 * @param typeName the manifest's {@code type_name}, e.g. {@code INT}, {@code DECIMAL}, {@code DOUBLE},
 *                 {@code STRING}; upper-cased, and a type text such as {@code decimal(10,2)} is split into the
 *                 name and the scale
 * @param scale    the manifest's {@code type_scale}: digits after the decimal point of a {@code DECIMAL}, 0
 *                 otherwise. A {@code DECIMAL} with scale 0 holds integers and is compared exactly
 */
public record ResultColumn(String name, String typeName, int scale) {

    /** Validates and normalises the components. */
    public ResultColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(typeName, "typeName");
        if (scale < 0) {
            throw new IllegalArgumentException("scale must not be negative: " + scale);
        }
        String type = typeName.strip().toUpperCase(Locale.ROOT);
        int paren = type.indexOf('(');
        if (paren > 0) {
            // "DECIMAL(10,2)": the scale is the second parameter when the caller did not give one.
            String params = type.substring(paren + 1, type.length() - (type.endsWith(")") ? 1 : 0));
            int comma = params.indexOf(',');
            if (scale == 0 && comma >= 0) {
                try {
                    scale = Integer.parseInt(params.substring(comma + 1).strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("cannot read the scale of type '" + typeName + "'", e);
                }
            }
            type = type.substring(0, paren).strip();
        }
        typeName = type;
    }

    /**
     * A column with a type name or type text and no separate scale, e.g. {@code of("total", "DECIMAL(10,2)")}.
     */
    public static ResultColumn of(String name, String type) {
        return new ResultColumn(name, type, 0);
    }

    /** The type for display, e.g. {@code DECIMAL(?,2)} becomes {@code DECIMAL(scale 2)}; other types as named. */
    public String describeType() {
        return scale == 0 ? typeName : typeName + "(scale " + scale + ")";
    }
}
