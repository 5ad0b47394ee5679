package io.github.genieenhancer.enhancement.internal;

/**
 * The model's answer to the {@code judge_review} prompt. Its JSON schema is sent under the name
 * {@code JudgeReview}; the name and the shape are part of the documented protocol (docs/enhancement.md).
 *
 * @param nearMiss  whether the answer is a near miss a person should look at; false keeps it incorrect
 * @param rationale why, in one or two sentences
 */
public record JudgeReview(boolean nearMiss, String rationale) {

    /** Replaces missing text by empty text. */
    public JudgeReview {
        rationale = rationale == null ? "" : rationale;
    }
}
