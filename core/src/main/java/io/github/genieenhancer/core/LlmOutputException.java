package io.github.genieenhancer.core;

import java.util.List;

/**
 * The language model's answer could not be turned into the requested type, even after repair and re-asking.
 * Keeps the raw text of the last answer and every error seen, so the failure can be diagnosed.
 */
public class LlmOutputException extends GenieEnhancerException {
    private static final long serialVersionUID = 1L;

    /** The raw text of the model's last answer. */
    private final String rawOutput;
    /** The parse or validation errors, one per failed attempt, oldest first. */
    private final List<String> errors;

    /** Creates an exception with the model's last raw output and the errors of every attempt. */
    public LlmOutputException(String message, String rawOutput, List<String> errors) {
        super(message + (errors.isEmpty() ? "" : ": " + String.join("; ", errors)));
        this.rawOutput = rawOutput == null ? "" : rawOutput;
        this.errors = List.copyOf(errors);
    }

    /** The raw text of the model's last answer. */
    public String rawOutput() {
        return rawOutput;
    }

    /** The parse or validation errors, one per failed attempt, oldest first. */
    public List<String> errors() {
        return errors;
    }
}
