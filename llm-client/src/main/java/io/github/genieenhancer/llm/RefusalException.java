package io.github.genieenhancer.llm;

import io.github.genieenhancer.core.LlmOutputException;
import java.util.List;

/**
 * The model declined to answer (a {@code refusal} in the message, or {@code finish_reason: content_filter}). Not
 * re-asked: repeating the question does not change a policy decision.
 */
public class RefusalException extends LlmOutputException {
    private static final long serialVersionUID = 1L;

    /** The model's (or the content filter's) explanation. */
    private final String refusal;

    /**
     * Creates the exception.
     *
     * @param message   what was refused, without secrets
     * @param refusal   the model's (or filter's) explanation
     * @param rawOutput the answer's text, often empty
     * @param errors    the errors of earlier attempts of the same call, oldest first
     */
    public RefusalException(String message, String refusal, String rawOutput, List<String> errors) {
        super(message + ": " + refusal, rawOutput, errors);
        this.refusal = refusal;
    }

    /** The model's (or the content filter's) explanation. */
    public String refusal() {
        return refusal;
    }
}
