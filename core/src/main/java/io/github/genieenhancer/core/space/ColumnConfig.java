package io.github.genieenhancer.core.space;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration of one column of a table or metric view ({@code column_configs[]}).
 *
 * @param columnName             the column's name
 * @param description            what the column holds, when described
 * @param synonyms               other words users say for the column
 * @param exclude                whether Genie must not use the column
 * @param enableEntityMatching   whether Genie matches user values against the column's values (needs format
 *                               assistance)
 * @param enableFormatAssistance whether Genie samples values to learn the column's format
 */
public record ColumnConfig(String columnName, Optional<String> description, List<String> synonyms, boolean exclude,
                           boolean enableEntityMatching, boolean enableFormatAssistance) {

    /** Validates and copies the components. */
    public ColumnConfig {
        Objects.requireNonNull(columnName, "columnName");
        description = description == null ? Optional.empty() : description;
        synonyms = synonyms == null ? List.of() : List.copyOf(synonyms);
    }
}
