package io.github.genieenhancer.llm;

import io.github.genieenhancer.core.LlmOutputException;
import java.util.List;

/**
 * The model stopped because it reached the output token limit ({@code finish_reason: length}), so the answer is
 * cut off. Not re-asked: the same prompt under the same limit would be cut again. Raise
 * {@code maxTokens}, or split the input into smaller batches ({@link TokenBudget#split}).
 */
public class TruncatedOutputException extends LlmOutputException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message   what was cut, without secrets
     * @param rawOutput the partial answer
     * @param errors    the errors of earlier attempts of the same call, oldest first
     */
    public TruncatedOutputException(String message, String rawOutput, List<String> errors) {
        super(message, rawOutput, errors);
    }
}
