package io.github.genieenhancer.enhancement;

import java.util.Objects;

/**
 * An LLM call that gave no usable answer, even after the client's re-asks and retries. Its failures or category
 * simply get no fixes; the call is reported so the gap is visible.
 *
 * @param purpose what the call was for: the template name and its subject, e.g. {@code analyze_failure b07} or
 *                {@code categories/join_specs_add batch 1 of 2}
 * @param message why it failed, e.g. the parse errors of each attempt
 */
public record FailedCall(String purpose, String message) {

    /** Validates the components. */
    public FailedCall {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(message, "message");
    }
}
