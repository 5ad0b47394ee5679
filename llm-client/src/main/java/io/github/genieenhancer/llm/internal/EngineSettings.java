package io.github.genieenhancer.llm.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.prompt.PromptRepository;
import io.github.genieenhancer.llm.StructuredOutputMode;
import io.github.genieenhancer.llm.TokenEstimator;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * The client-wide settings of {@link ChatEngine}, as the public builder collected them.
 *
 * @param temperature default sampling temperature
 * @param maxTokens   default output token limit; empty to let the endpoint decide
 * @param timeout     limit on one HTTP attempt
 * @param maxReasks   re-asks after an invalid answer
 * @param mode        how the schema is conveyed
 * @param mapper      reads answers into values
 * @param prompts     source of the re-ask and schema-instruction templates
 * @param listener    receives {@code LlmCalled} events; isolated, so it never throws
 * @param estimator   counts tokens when an endpoint reports no usage
 */
public record EngineSettings(double temperature, OptionalInt maxTokens, Duration timeout, int maxReasks,
                             StructuredOutputMode mode, ObjectMapper mapper, PromptRepository prompts,
                             ProgressListener listener, TokenEstimator estimator) {
}
