package io.github.genieenhancer.genie;

import java.util.Objects;
import java.util.Optional;

/**
 * A Genie space as listed: the list endpoint does not return configurations.
 *
 * @param spaceId     the space's id
 * @param title       its title
 * @param description its description
 * @param warehouseId the SQL warehouse it runs queries on
 * @param parentPath  the workspace folder holding it
 */
public record SpaceSummary(String spaceId, String title, Optional<String> description, Optional<String> warehouseId,
        Optional<String> parentPath) {

    /** Validates the components. */
    public SpaceSummary {
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(warehouseId, "warehouseId");
        Objects.requireNonNull(parentPath, "parentPath");
    }
}
