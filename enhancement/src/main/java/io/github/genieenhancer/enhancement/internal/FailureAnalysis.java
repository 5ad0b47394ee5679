package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.fix.FixCategory;
import java.util.List;

/**
 * The model's answer to the {@code analyze_failure} prompt. Its JSON schema is sent under the name
 * {@code FailureAnalysis}; the name and the shape are part of the documented protocol (docs/enhancement.md), which
 * scripted LLMs such as the testkit's rely on.
 *
 * @param analyses one entry per analysed question; the prompt asks for exactly one
 */
public record FailureAnalysis(List<QuestionAnalysis> analyses) {

    /** Copies the list. */
    public FailureAnalysis {
        analyses = analyses == null ? List.of() : List.copyOf(analyses);
    }

    /**
     * Why one question failed.
     *
     * @param question   the question, verbatim
     * @param categories the categories of change that would fix it; empty when the configuration is not at fault
     * @param rationale  what went wrong and what would fix it
     */
    public record QuestionAnalysis(String question, List<FixCategory> categories, String rationale) {

        /** Copies the list and replaces missing text by empty text. */
        public QuestionAnalysis {
            question = question == null ? "" : question;
            categories = categories == null ? List.of() : List.copyOf(categories);
            rationale = rationale == null ? "" : rationale;
        }
    }
}
