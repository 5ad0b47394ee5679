package io.github.genieenhancer.genie;

import io.github.genieenhancer.core.space.SpaceConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * A Genie space as read with its configuration.
 *
 * @param spaceId         the space's id
 * @param title           its title
 * @param description     its description
 * @param warehouseId     the SQL warehouse it runs queries on
 * @param parentPath      the workspace folder holding it
 * @param etag            the version read; an update carrying it is refused if the space changed since
 * @param config          the parsed {@code serialized_space}
 * @param serializedSpace the exact {@code serialized_space} text the API returned, e.g. for a byte-exact backup
 */
public record Space(
        String spaceId,
        String title,
        Optional<String> description,
        Optional<String> warehouseId,
        Optional<String> parentPath,
        Optional<String> etag,
        SpaceConfig config,
        String serializedSpace) {

    /** Validates the components. */
    public Space {
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(warehouseId, "warehouseId");
        Objects.requireNonNull(parentPath, "parentPath");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(serializedSpace, "serializedSpace");
    }
}
