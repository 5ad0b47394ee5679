package io.github.genieenhancer.llm;

import io.github.genieenhancer.core.progress.TokenUsage;
import java.time.Duration;
import java.util.Objects;

/**
 * A successful structured call: the value and what it cost.
 *
 * @param value    the answer, mapped to the requested type and valid against its schema
 * @param usage    tokens of every attempt of this call, re-asks included
 * @param attempts model answers it took: 1, plus one per re-ask (HTTP retries are not counted)
 * @param rawText  the text of the answer that was used, as the model wrote it
 * @param model    the model that answered, as the endpoint reported it (else the endpoint or model name)
 * @param elapsed  wall time of the whole call, retries and re-asks included
 * @param <T>      the value's type
 */
public record LlmResponse<T>(T value, TokenUsage usage, int attempts, String rawText, String model,
                             Duration elapsed) {

    /** Validates the components. */
    public LlmResponse {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(rawText, "rawText");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(elapsed, "elapsed");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }
}
