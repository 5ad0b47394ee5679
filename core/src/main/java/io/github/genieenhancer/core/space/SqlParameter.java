package io.github.genieenhancer.core.space;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named parameter ({@code :name}) of an example question SQL.
 *
 * @param name          the name used in the SQL without the colon
 * @param typeHint      the SQL type, e.g. {@code STRING}, when given
 * @param description   what the parameter means, when described
 * @param defaultValues the default values ({@code default_value.values})
 */
public record SqlParameter(String name, Optional<String> typeHint, Optional<String> description,
                           List<String> defaultValues) {

    /** Validates and copies the components. */
    public SqlParameter {
        Objects.requireNonNull(name, "name");
        typeHint = typeHint == null ? Optional.empty() : typeHint;
        description = description == null ? Optional.empty() : description;
        defaultValues = defaultValues == null ? List.of() : List.copyOf(defaultValues);
    }
}
