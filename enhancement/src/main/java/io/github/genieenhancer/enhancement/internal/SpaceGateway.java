package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.space.SpaceConfig;
import java.util.Objects;
import java.util.Optional;

/** What the applier needs from the Genie space API: read a space with its etag, and write it back. */
public interface SpaceGateway {

    /** Reads a space's configuration and etag. */
    Current read(String spaceId);

    /**
     * Replaces a space's configuration.
     *
     * @param etag the etag read with the configuration this one was derived from; when present the write is refused
     *             if the space changed since
     * @return the space's etag after the write, when the API returned one
     * @throws io.github.genieenhancer.core.SpaceConflictException when the space changed since {@code etag}
     */
    Optional<String> write(String spaceId, SpaceConfig config, Optional<String> etag);

    /**
     * A space as read.
     *
     * @param config     the parsed configuration
     * @param serialized the {@code serialized_space} text exactly as the API returned it
     * @param etag       the etag, when the API returned one
     */
    record Current(SpaceConfig config, String serialized, Optional<String> etag) {
        /** Validates the components. */
        public Current {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(serialized, "serialized");
            etag = etag == null ? Optional.empty() : etag;
        }
    }
}
