package io.github.genieenhancer.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.genieenhancer.core.progress.TokenUsage;
import java.util.Optional;

/**
 * The parts of a chat-completions response the client uses.
 *
 * @param text         the answer's text; for a list of content blocks, the {@code text} blocks joined
 * @param finishReason why generation stopped ({@code stop}, {@code length}, ...), empty when not reported
 * @param refusal      the model's refusal message, when it refused
 * @param usage        the tokens the endpoint counted, when it reported them
 * @param model        the model that answered, when reported
 */
public record Completion(String text, Optional<String> finishReason, Optional<String> refusal,
                         Optional<TokenUsage> usage, Optional<String> model) {

    /**
     * Reads a response body.
     *
     * @throws IllegalArgumentException when the body has no choice with a message
     */
    public static Completion read(JsonNode body) {
        JsonNode choice = body.path("choices").path(0);
        JsonNode message = choice.path("message");
        if (!message.isObject()) {
            throw new IllegalArgumentException("the response has no choices[0].message");
        }
        Optional<String> finish = text(choice, "finish_reason").or(() -> text(choice, "finishReason"));
        Optional<String> refusal = text(message, "refusal").filter(r -> !r.isBlank());
        if (refusal.isEmpty() && finish.filter("content_filter"::equals).isPresent()) {
            refusal = Optional.of("the endpoint's content filter stopped the answer");
        }
        return new Completion(content(message.path("content")), finish, refusal, usage(body.path("usage")),
                text(body, "model"));
    }

    // Some models (e.g. databricks-gpt-oss-*) answer with a list of blocks: reasoning, then text.
    private static String content(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode block : content) {
                if (block.isTextual()) {
                    text.append(block.asText());
                } else if ("text".equals(block.path("type").asText()) && block.path("text").isTextual()) {
                    text.append(block.path("text").asText());
                }
            }
        }
        return text.toString();
    }

    private static Optional<TokenUsage> usage(JsonNode usage) {
        if (!usage.path("prompt_tokens").canConvertToLong() && !usage.path("completion_tokens").canConvertToLong()) {
            return Optional.empty();
        }
        return Optional.of(new TokenUsage(Math.max(0, usage.path("prompt_tokens").asLong()),
                Math.max(0, usage.path("completion_tokens").asLong())));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}
