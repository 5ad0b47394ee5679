package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.progress.Stage;
import io.github.genieenhancer.core.progress.TokenUsage;
import java.time.Duration;
import java.util.Objects;

/**
 * What one stage of one iteration cost: its time, and the LLM calls it made with their tokens.
 *
 * @param iteration 1-based
 * @param stage     the stage
 * @param elapsed   wall time of the stage
 * @param llmCalls  LLM calls made (planning and judging; 0 for a stage that calls none)
 * @param tokens    tokens of those calls
 */
public record StageStats(int iteration, Stage stage, Duration elapsed, int llmCalls, TokenUsage tokens) {

    /** Validates the components. */
    public StageStats {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(tokens, "tokens");
        if (iteration < 1 || llmCalls < 0) {
            throw new IllegalArgumentException("iteration must be at least 1 and llmCalls not negative");
        }
    }
}
