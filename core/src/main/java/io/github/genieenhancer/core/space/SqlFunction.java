package io.github.genieenhancer.core.space;

import java.util.Objects;

/**
 * A Unity Catalog function the space may call ({@code instructions.sql_functions[]}).
 *
 * @param id         32 lowercase hex characters, or empty when the document has none
 * @param identifier the function's three-part name
 */
public record SqlFunction(String id, String identifier) {

    /** Validates the components. */
    public SqlFunction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(identifier, "identifier");
    }
}
