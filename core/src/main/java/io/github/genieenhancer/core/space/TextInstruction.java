package io.github.genieenhancer.core.space;

import java.util.Objects;

/**
 * The general text instructions ({@code instructions.text_instructions[]}); the API allows one.
 *
 * @param id   32 lowercase hex characters, or empty when the document has none
 * @param text the instructions, the {@code content} lines joined
 */
public record TextInstruction(String id, String text) {

    /** Validates the components. */
    public TextInstruction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
    }
}
