package io.github.genieenhancer.genie;

import io.github.genieenhancer.core.space.SpaceConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SpaceApi#create(SpaceDraft)} needs to create a space.
 *
 * @param title       the new space's title
 * @param warehouseId the SQL warehouse it will run queries on
 * @param config      its configuration
 * @param description an optional description
 * @param parentPath  the workspace folder to create it in (it must exist); the user's home folder when absent
 */
public record SpaceDraft(String title, String warehouseId, SpaceConfig config, Optional<String> description,
        Optional<String> parentPath) {

    /** Validates the components. */
    public SpaceDraft {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(warehouseId, "warehouseId");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parentPath, "parentPath");
    }

    /** A draft without description, in the default folder. */
    public static SpaceDraft of(String title, String warehouseId, SpaceConfig config) {
        return new SpaceDraft(title, warehouseId, config, Optional.empty(), Optional.empty());
    }

    /** This draft with a description. */
    public SpaceDraft withDescription(String description) {
        return new SpaceDraft(title, warehouseId, config, Optional.of(description), parentPath);
    }

    /** This draft placed in a workspace folder. */
    public SpaceDraft withParentPath(String parentPath) {
        return new SpaceDraft(title, warehouseId, config, description, Optional.of(parentPath));
    }
}
