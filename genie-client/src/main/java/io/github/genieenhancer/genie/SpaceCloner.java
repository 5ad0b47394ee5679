package io.github.genieenhancer.genie;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.GenieApiException;
import io.github.genieenhancer.core.GenieEnhancerException;
import java.util.Objects;
import java.util.Optional;

/**
 * Copies a Genie space into a new one: its configuration (benchmarks included), warehouse, description, and
 * title with a suffix, in the same folder unless told otherwise. Used to try changes on a copy before touching
 * the original. The configuration is created as {@link SpaceApi#create} writes any: normalised (the export's order
 * is not one the API accepts) and checked first. Immutable and thread-safe.
 *
 * <pre>{@code
 * Space copy = SpaceCloner.create(SpaceApi.create(workspace)).copy("01ef...");
 * }</pre>
 */
public final class SpaceCloner {
    private final SpaceApi spaces;
    private final String titleSuffix;
    private final Optional<String> parentPath;

    private SpaceCloner(Builder b) {
        this.spaces = b.spaces;
        this.titleSuffix = b.titleSuffix;
        this.parentPath = b.parentPath;
    }

    /** A cloner with the default title suffix, copying into the source's folder. */
    public static SpaceCloner create(SpaceApi spaces) {
        return builder(spaces).build();
    }

    /** A builder for a cloner working through the given space API. */
    public static Builder builder(SpaceApi spaces) {
        return new Builder(spaces);
    }

    /**
     * Copies a space.
     *
     * @return the new space as read back after creation, with its etag
     * @throws GenieApiException      when reading the source or creating the copy failed
     * @throws GenieEnhancerException when the source has no warehouse to copy
     * @throws io.github.genieenhancer.core.SpaceValidationException when the source's configuration breaks the
     *                                API's rules even after normalising; nothing was created
     */
    public Space copy(String sourceSpaceId) {
        Space source = spaces.get(sourceSpaceId);
        String warehouseId = source.warehouseId().orElseThrow(() -> new GenieEnhancerException("Genie space "
                + sourceSpaceId + " has no warehouse_id, so a copy cannot be created"));
        SpaceDraft draft = new SpaceDraft(source.title() + titleSuffix, warehouseId, source.config(),
                source.description(), parentPath.or(source::parentPath));
        Space created = spaces.create(draft);
        return spaces.get(created.spaceId());
    }

    /** Builds a {@link SpaceCloner}. */
    public static final class Builder {
        private final SpaceApi spaces;
        private String titleSuffix = " (Genie Enhancer copy)";
        private Optional<String> parentPath = Optional.empty();

        private Builder(SpaceApi spaces) {
            this.spaces = Objects.requireNonNull(spaces, "spaces");
        }

        /** Appended to the source's title (default {@code " (Genie Enhancer copy)"}). */
        public Builder titleSuffix(String titleSuffix) {
            Objects.requireNonNull(titleSuffix, "titleSuffix");
            if (titleSuffix.isEmpty()) {
                throw new ConfigurationException("SpaceCloner.titleSuffix must not be empty: the copy would have"
                        + " the same title as the original");
            }
            this.titleSuffix = titleSuffix;
            return this;
        }

        /** The workspace folder for copies (default: the source's folder). It must exist. */
        public Builder parentPath(String parentPath) {
            this.parentPath = Optional.of(parentPath);
            return this;
        }

        /** The cloner. */
        public SpaceCloner build() {
            return new SpaceCloner(this);
        }
    }
}
