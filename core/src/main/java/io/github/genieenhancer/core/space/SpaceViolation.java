package io.github.genieenhancer.core.space;

import java.util.Objects;

/**
 * One way a configuration breaks the Genie API's rules for {@code serialized_space}.
 *
 * @param path    the JSON path of the offending value, e.g. {@code instructions.join_specs[1].sql}
 * @param message what is wrong and what the API expects
 */
public record SpaceViolation(String path, String message) {

    /** Validates the components. */
    public SpaceViolation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
