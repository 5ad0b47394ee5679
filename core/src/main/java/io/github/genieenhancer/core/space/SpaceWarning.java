package io.github.genieenhancer.core.space;

import java.util.Objects;

/**
 * Advice about a configuration the Genie API accepts but that probably does not say what its author meant, e.g. a
 * text-instruction line without a trailing {@code \n}, which the API joins to the next line without a separator. A
 * warning never blocks an update; {@link SpaceViolation}s are what the API refuses.
 *
 * @param path    the JSON path of the value, e.g. {@code instructions.text_instructions[0].content[2]}
 * @param message what the API will make of it
 */
public record SpaceWarning(String path, String message) {

    /** Validates the components. */
    public SpaceWarning {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
