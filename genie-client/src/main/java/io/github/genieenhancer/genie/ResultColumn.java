package io.github.genieenhancer.genie;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One column of a query result, typed from the Statement Execution API's result manifest.
 *
 * @param name      the column name as the query produced it
 * @param typeName  the type's family in upper case, e.g. {@code INT}, {@code DECIMAL}, {@code STRING}, {@code ARRAY}
 * @param typeText  the full type as Databricks spells it, e.g. {@code DECIMAL(10,2)} or {@code ARRAY<INT>}
 * @param precision the precision of a {@code DECIMAL}, when the manifest gives one
 * @param scale     the scale of a {@code DECIMAL} (digits after the point), when the manifest gives one
 */
public record ResultColumn(String name, String typeName, String typeText, OptionalInt precision, OptionalInt scale) {

    /** Validates the components. */
    public ResultColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(typeName, "typeName");
        Objects.requireNonNull(typeText, "typeText");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(scale, "scale");
    }

    /** A column without precision or scale, e.g. {@code of("n", "BIGINT", "bigint")}. */
    public static ResultColumn of(String name, String typeName, String typeText) {
        return new ResultColumn(name, typeName, typeText, OptionalInt.empty(), OptionalInt.empty());
    }
}
