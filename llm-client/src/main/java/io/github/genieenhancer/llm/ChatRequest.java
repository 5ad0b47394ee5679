package io.github.genieenhancer.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.GenieApiException;
import io.github.genieenhancer.core.LlmOutputException;
import io.github.genieenhancer.llm.internal.ChatEngine;
import io.github.genieenhancer.llm.internal.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One chat call being put together: messages, per-call options, then {@code call(Type.class)}. Immutable: every
 * method returns a new request, so a common prefix can be reused.
 *
 * <pre>{@code
 * LlmResponse<FixProposal> answer = llm.chat()
 *         .system(instructions)
 *         .user(question)
 *         .temperature(0)
 *         .call(FixProposal.class);
 *
 * // or with a template of the client's PromptRepository:
 * LlmResponse<Analysis> analysis = llm.chat().prompt("analyze_failure", Map.of("question", q)).call(Analysis.class);
 * }</pre>
 */
public final class ChatRequest {
    private static final String DEFAULT_PURPOSE = "chat";

    private final ChatEngine engine;
    private final List<Message> messages;
    private final OptionalDouble temperature;
    private final OptionalInt maxTokens;
    private final String purpose;

    ChatRequest(ChatEngine engine) {
        this(engine, List.of(), OptionalDouble.empty(), OptionalInt.empty(), null);
    }

    private ChatRequest(ChatEngine engine, List<Message> messages, OptionalDouble temperature, OptionalInt maxTokens,
                        String purpose) {
        this.engine = engine;
        this.messages = messages;
        this.temperature = temperature;
        this.maxTokens = maxTokens;
        this.purpose = purpose;
    }

    /** Adds a system message (instructions to the model). */
    public ChatRequest system(String text) {
        return with(Message.system(Objects.requireNonNull(text, "text")));
    }

    /** Adds a user message. */
    public ChatRequest user(String text) {
        return with(Message.user(Objects.requireNonNull(text, "text")));
    }

    /** Adds an assistant message, e.g. an example answer (few-shot) or an earlier turn. */
    public ChatRequest assistant(String text) {
        return with(Message.assistant(Objects.requireNonNull(text, "text")));
    }

    /**
     * Renders a template of the client's {@link io.github.genieenhancer.core.prompt.PromptRepository} and adds it
     * as a user message. The template's name becomes the call's purpose unless {@link #purpose} set one.
     *
     * @param template  the template name, e.g. {@code analyze_failure}
     * @param variables the template's variables
     * @throws ConfigurationException when the template is missing or uses a variable not given
     */
    public ChatRequest prompt(String template, Map<String, ?> variables) {
        return rendered(template, variables, false);
    }

    /**
     * Renders a template and adds it as a system message. The template's name becomes the call's purpose unless
     * one was set.
     *
     * @throws ConfigurationException when the template is missing or uses a variable not given
     */
    public ChatRequest systemPrompt(String template, Map<String, ?> variables) {
        return rendered(template, variables, true);
    }

    /**
     * Sets this call's sampling temperature, overriding the client's.
     *
     * @param temperature from 0 (most deterministic) to 2
     * @throws ConfigurationException when out of range
     */
    public ChatRequest temperature(double temperature) {
        LlmClient.checkTemperature(temperature);
        return new ChatRequest(engine, messages, OptionalDouble.of(temperature), maxTokens, purpose);
    }

    /**
     * Sets this call's output token limit ({@code max_tokens}), overriding the client's.
     *
     * @throws ConfigurationException when not positive
     */
    public ChatRequest maxTokens(int maxTokens) {
        LlmClient.checkMaxTokens(maxTokens);
        return new ChatRequest(engine, messages, temperature, OptionalInt.of(maxTokens), purpose);
    }

    /** Names what the call is for in its {@code ProgressEvent.LlmCalled} event and logs (default: {@code chat}). */
    public ChatRequest purpose(String purpose) {
        return new ChatRequest(engine, messages, temperature, maxTokens, Objects.requireNonNull(purpose, "purpose"));
    }

    /**
     * Sends the request and returns the answer as a value of the type: a record, an enum, a sealed interface with
     * Jackson type information, or any type Jackson reads. The schema is derived from the type.
     *
     * @throws LlmOutputException        when no valid answer came within the client's re-asks (raw text and errors
     *                                   attached); {@link TruncatedOutputException} and {@link RefusalException}
     *                                   for those outcomes
     * @throws GenieApiException         when the endpoint failed after the client's retries
     * @throws ConfigurationException    when the request has no message
     */
    public <T> LlmResponse<T> call(Class<T> type) {
        return engine.call(messages, temperature, maxTokens, engine.parser(Objects.requireNonNull(type, "type")),
                purposeOrDefault());
    }

    /**
     * Sends the request and returns the answer as a list of the element type. The schema is the element's, as
     * {@code {"items": [...]}}, since structured output needs an object at the root.
     *
     * @throws LlmOutputException     as for {@link #call(Class)}
     * @throws GenieApiException      as for {@link #call(Class)}
     * @throws ConfigurationException as for {@link #call(Class)}
     */
    public <T> LlmResponse<List<T>> callList(Class<T> elementType) {
        return engine.call(messages, temperature, maxTokens,
                engine.listParser(Objects.requireNonNull(elementType, "elementType")), purposeOrDefault());
    }

    /**
     * Sends the request with a hand-written schema and returns the validated JSON tree.
     *
     * @throws LlmOutputException     as for {@link #call(Class)}
     * @throws GenieApiException      as for {@link #call(Class)}
     * @throws ConfigurationException as for {@link #call(Class)}
     */
    public LlmResponse<JsonNode> call(ResponseSchema schema) {
        return engine.call(messages, temperature, maxTokens, engine.parser(Objects.requireNonNull(schema, "schema")),
                purposeOrDefault());
    }

    private ChatRequest rendered(String template, Map<String, ?> variables, boolean system) {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(variables, "variables");
        String text = engine.render(template, variables);
        ChatRequest next = with(system ? Message.system(text) : Message.user(text));
        return purpose == null ? new ChatRequest(engine, next.messages, temperature, maxTokens, template) : next;
    }

    private ChatRequest with(Message message) {
        List<Message> next = new ArrayList<>(messages);
        next.add(message);
        return new ChatRequest(engine, List.copyOf(next), temperature, maxTokens, purpose);
    }

    private String purposeOrDefault() {
        return purpose == null ? DEFAULT_PURPOSE : purpose;
    }
}
