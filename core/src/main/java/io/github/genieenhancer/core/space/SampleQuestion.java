package io.github.genieenhancer.core.space;

import java.util.Objects;

/**
 * A question the space suggests to its users ({@code config.sample_questions[]}).
 *
 * @param id       32 lowercase hex characters, or empty when the document has none
 * @param question the question
 */
public record SampleQuestion(String id, String question) {

    /** Validates the components. */
    public SampleQuestion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(question, "question");
    }
}
