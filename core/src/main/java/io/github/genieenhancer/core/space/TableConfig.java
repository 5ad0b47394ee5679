package io.github.genieenhancer.core.space;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table or metric view of the space ({@code data_sources.tables[]} or {@code data_sources.metric_views[]}).
 *
 * @param identifier  the three-part name {@code catalog.schema.table}
 * @param metricView  whether it is listed under {@code metric_views}
 * @param description what the table holds, when described
 * @param columns     the configured columns, in document order
 */
public record TableConfig(String identifier, boolean metricView, Optional<String> description,
                          List<ColumnConfig> columns) {

    /** Validates and copies the components. */
    public TableConfig {
        Objects.requireNonNull(identifier, "identifier");
        description = description == null ? Optional.empty() : description;
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    /** The configured column with this name, ignoring case. */
    public Optional<ColumnConfig> column(String name) {
        return columns.stream().filter(c -> c.columnName().equalsIgnoreCase(name)).findFirst();
    }
}
