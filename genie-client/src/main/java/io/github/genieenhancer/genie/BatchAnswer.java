package io.github.genieenhancer.genie;

import java.util.Objects;

/**
 * An answer of a batch, with the position of its question in the batch's input list (questions may repeat).
 *
 * @param index  the position of the question in the input list
 * @param answer the answer
 */
public record BatchAnswer(int index, GenieAnswer answer) {

    /** Validates the components. */
    public BatchAnswer {
        Objects.requireNonNull(answer, "answer");
    }
}
