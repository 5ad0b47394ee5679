package io.github.genieenhancer.genie;

import io.github.genieenhancer.core.ConfigurationException;
import java.util.Objects;
import java.util.Optional;

/**
 * A named parameter of a SQL statement, bound to a {@code :name} marker (positional {@code ?} markers are not
 * supported by the Statement Execution API).
 *
 * @param name  the marker's name, without the colon
 * @param value the value as text; absent for SQL NULL
 * @param type  a SQL type such as {@code INT} or {@code DATE}; the server casts the value to it. Without one the
 *              value is a {@code STRING}
 */
public record SqlParameter(String name, Optional<String> value, Optional<String> type) {

    /** Validates the components. */
    public SqlParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(type, "type");
        if (name.isBlank() || name.startsWith(":")) {
            throw new ConfigurationException("SQL parameter name must be the marker name without ':', got '" + name
                    + "'");
        }
    }

    /** A string parameter. */
    public static SqlParameter of(String name, String value) {
        return new SqlParameter(name, Optional.of(value), Optional.empty());
    }

    /** A typed parameter, e.g. {@code typed("day", "2024-01-31", "DATE")}. */
    public static SqlParameter typed(String name, String value, String type) {
        return new SqlParameter(name, Optional.of(value), Optional.of(type));
    }

    /** A SQL NULL of the given type. */
    public static SqlParameter nullValue(String name, String type) {
        return new SqlParameter(name, Optional.empty(), Optional.of(type));
    }
}
