package io.github.genieenhancer.core.progress;

/**
 * Tokens counted for one or more LLM calls.
 *
 * @param promptTokens     tokens sent
 * @param completionTokens tokens received
 */
public record TokenUsage(long promptTokens, long completionTokens) {

    /** No tokens. */
    public static final TokenUsage ZERO = new TokenUsage(0, 0);

    /** Validates the counts. */
    public TokenUsage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }

    /** Prompt plus completion tokens. */
    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /** The sum of this and another usage. */
    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }
}
