package io.github.genieenhancer.llm;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genieenhancer.core.fix.Fix;
import java.util.List;
import java.util.Optional;

/** Target types and canned chat-completion responses shared by the tests. */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** A judge's verdict: the smallest useful target type. */
    record Verdict(boolean correct, String reason) {
    }

    enum Confidence { LOW, MEDIUM, HIGH }

    record Address(String city, Optional<String> street) {
    }

    /** Components deliberately not in alphabetical order. */
    record Person(String name, int age, Optional<String> nickname, List<Address> addresses, Confidence confidence) {
        Person {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
        }
    }

    @JsonClassDescription("Fixes proposed for one category of failures")
    record FixProposal(@JsonPropertyDescription("Why these fixes address the failures") String rationale,
                       List<Fix> fixes,
                       Confidence confidence) {
    }

    /** A chat-completions response whose message content is the given text. */
    static String completion(String content) {
        return completion(content, "stop", 10, 5);
    }

    static String completion(String content, String finishReason, long promptTokens, long completionTokens) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "chatcmpl-1").put("object", "chat.completion").put("model", "test-model");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", finishReason);
        body.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return body.toString();
    }

    /** A response whose content is a list of blocks: reasoning first, then the text (databricks-gpt-oss style). */
    static String blocksCompletion(String reasoning, String text) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", "databricks-gpt-oss-20b");
        ObjectNode message = body.putArray("choices").addObject().put("index", 0).putObject("message");
        message.put("role", "assistant");
        ArrayNode content = message.putArray("content");
        content.addObject().put("type", "reasoning").putArray("summary").addObject()
                .put("type", "summary_text").put("text", reasoning);
        content.addObject().put("type", "text").put("text", text);
        ((ObjectNode) body.get("choices").get(0)).put("finish_reason", "stop");
        body.putObject("usage").put("prompt_tokens", 30).put("completion_tokens", 12).put("total_tokens", 42);
        return body.toString();
    }
}
