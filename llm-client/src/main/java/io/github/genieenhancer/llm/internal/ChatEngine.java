package io.github.genieenhancer.llm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.GenieApiException;
import io.github.genieenhancer.core.LlmOutputException;
import io.github.genieenhancer.core.secret.Redaction;
import io.github.genieenhancer.core.progress.ProgressEvent;
import io.github.genieenhancer.core.progress.TokenUsage;
import io.github.genieenhancer.llm.LlmResponse;
import io.github.genieenhancer.llm.RefusalException;
import io.github.genieenhancer.llm.ResponseSchema;
import io.github.genieenhancer.llm.StructuredOutputMode;
import io.github.genieenhancer.llm.TruncatedOutputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured call from messages to value: send (through {@link Resilience}), read the completion, parse and
 * validate, re-ask with the errors while attempts remain. Counts tokens per call and for the client's lifetime.
 * Thread-safe.
 */
public final class ChatEngine {
    /** Template of the message sent after an invalid answer. Variables: {@code errors}, {@code schemaName}. */
    public static final String REASK_TEMPLATE = "llm_reask";
    /** Template of the schema instructions in PROMPT mode. Variables: {@code schema}, {@code schemaName}. */
    public static final String SCHEMA_TEMPLATE = "llm_json_schema";

    private static final Logger LOG = LoggerFactory.getLogger(ChatEngine.class);
    private static final ObjectMapper ENVELOPE = new ObjectMapper();
    /** Per-message overhead of the chat format, for usage estimates when an endpoint reports none. */
    private static final int TOKENS_PER_MESSAGE = 4;

    private final ChatTransport transport;
    private final Resilience resilience;
    private final EngineSettings settings;
    private final AtomicBoolean schemaInPrompt = new AtomicBoolean();
    private final AtomicReference<TokenUsage> total = new AtomicReference<>(TokenUsage.ZERO);
    private final Map<Object, OutputParser<?>> parsers = new ConcurrentHashMap<>();

    /**
     * Creates the engine.
     *
     * @param transport  sends one request
     * @param resilience retries and rate-limits each request
     * @param settings   client-wide settings
     */
    public ChatEngine(ChatTransport transport, Resilience resilience, EngineSettings settings) {
        this.transport = transport;
        this.resilience = resilience;
        this.settings = settings;
    }

    /** The parser for a type, built once per type (schema generation is not free). */
    @SuppressWarnings("unchecked")
    public <T> OutputParser<T> parser(Class<T> type) {
        return (OutputParser<T>) parsers.computeIfAbsent(type, t -> OutputParser.of(
                ResponseSchema.of(type, settings.mapper()), settings.mapper().constructType(type),
                settings.mapper()));
    }

    /** The parser for a list of a type. */
    @SuppressWarnings("unchecked")
    public <T> OutputParser<List<T>> listParser(Class<T> element) {
        return (OutputParser<List<T>>) parsers.computeIfAbsent(List.of(List.class, element), t -> OutputParser.of(
                ResponseSchema.listOf(element, settings.mapper()),
                settings.mapper().getTypeFactory().constructCollectionType(List.class, element), settings.mapper()));
    }

    /** The parser for a hand-written schema; the value is the validated JSON tree. */
    @SuppressWarnings("unchecked")
    public OutputParser<JsonNode> parser(ResponseSchema schema) {
        return (OutputParser<JsonNode>) parsers.computeIfAbsent(schema, s -> OutputParser.of(schema,
                settings.mapper().constructType(JsonNode.class), settings.mapper()));
    }

    /** Renders a template of the configured repository, without the trailing newline template files end with. */
    public String render(String template, Map<String, ?> variables) {
        return settings.prompts().render(template, variables).stripTrailing();
    }

    /** Tokens of every call made through this engine so far. */
    public TokenUsage usage() {
        return total.get();
    }

    /** The endpoint, for messages. */
    public String target() {
        return transport.describe();
    }

    /**
     * Makes one structured call.
     *
     * @param messages    the conversation, at least one message
     * @param temperature this call's temperature, else the client's
     * @param maxTokens   this call's output limit, else the client's
     * @param parser      reads and checks the answer
     * @param purpose     what the call is for, reported in the progress event
     */
    public <T> LlmResponse<T> call(List<Message> messages, OptionalDouble temperature, OptionalInt maxTokens,
                                   OutputParser<T> parser, String purpose) {
        if (messages.isEmpty()) {
            throw new ConfigurationException("A chat call needs at least one message (system, user or prompt)");
        }
        ResponseSchema schema = parser.schema();
        double temp = temperature.orElse(settings.temperature());
        OptionalInt limit = maxTokens.isPresent() ? maxTokens : settings.maxTokens();
        long started = System.nanoTime();
        TokenUsage used = TokenUsage.ZERO;
        int attempts = 0;
        List<String> errors = new ArrayList<>();
        boolean inPrompt = settings.mode() == StructuredOutputMode.PROMPT
                || settings.mode() == StructuredOutputMode.AUTO && schemaInPrompt.get();
        List<Message> base = inPrompt ? withSchemaInstructions(messages, schema) : messages;
        List<Message> conversation = base;
        try {
            while (true) {
                Completion completion;
                try {
                    completion = send(conversation, temp, limit, inPrompt ? null : schema);
                } catch (GenieApiException e) {
                    if (inPrompt || settings.mode() != StructuredOutputMode.AUTO || !rejectsSchema(e)) {
                        throw e;
                    }
                    LOG.warn("{} rejected response_format ({}); putting the schema into the prompt from now on",
                            transport.describe(), e.getMessage());
                    schemaInPrompt.set(true);
                    inPrompt = true;
                    base = withSchemaInstructions(messages, schema);
                    conversation = base;
                    continue;
                }
                attempts++;
                List<Message> sent = conversation;
                used = used.plus(completion.usage().orElseGet(() -> estimate(sent, completion.text())));
                if (completion.refusal().isPresent()) {
                    throw new RefusalException(transport.describe() + " refused to answer",
                            completion.refusal().get(), completion.text(), errors);
                }
                OutputParser.Result<T> result = parser.parse(completion.text());
                if (result instanceof OutputParser.Success<T> success) {
                    // Valid is valid, even when the answer ended exactly at the token limit.
                    return new LlmResponse<>(success.value(), used, attempts, completion.text(),
                            completion.model().orElse(transport.name()),
                            Duration.ofNanos(System.nanoTime() - started));
                }
                if (completion.finishReason().filter("length"::equals).isPresent()) {
                    throw new TruncatedOutputException(transport.describe() + " stopped at the output token limit ("
                            + (limit.isPresent() ? "max_tokens " + limit.getAsInt() : "the endpoint's default")
                            + ") before finishing the answer for schema '" + schema.name() + "'",
                            completion.text(), errors);
                }
                List<String> invalid = ((OutputParser.Failure<T>) result).errors();
                errors.add("attempt " + attempts + ": " + String.join("; ", invalid));
                if (attempts > settings.maxReasks()) {
                    throw new LlmOutputException("The answer of " + transport.describe()
                            + " did not match the schema '" + schema.name() + "' after " + attempts + " attempt"
                            + (attempts == 1 ? "" : "s"), completion.text(), errors);
                }
                LOG.debug("Re-asking {} (attempt {}): {}", transport.describe(), attempts, invalid);
                conversation = new ArrayList<>(base);
                conversation.add(Message.assistant(completion.text()));
                conversation.add(Message.user(render(REASK_TEMPLATE,
                        Map.of("errors", invalid, "schemaName", schema.name()))));
            }
        } finally {
            finish(purpose, used, attempts, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private Completion send(List<Message> messages, double temperature, OptionalInt maxTokens,
                            ResponseSchema nativeSchema) {
        String body = body(messages, temperature, maxTokens, nativeSchema);
        String response = resilience.execute(() -> transport.post(body, settings.timeout()));
        try {
            return Completion.read(ENVELOPE.readTree(response));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // The parser's message quotes the response.
            throw new GenieApiException(Redaction.redact(transport.describe() + " sent a response that is not a "
                    + "chat completion: " + e.getMessage()), 200, "MALFORMED_RESPONSE", false,
                    Redaction.safeCause(e, List.of()));
        }
    }

    private String body(List<Message> messages, double temperature, OptionalInt maxTokens,
                        ResponseSchema nativeSchema) {
        ObjectNode body = ENVELOPE.createObjectNode();
        transport.bodyModel().ifPresent(model -> body.put("model", model));
        ArrayNode list = body.putArray("messages");
        for (Message m : messages) {
            list.addObject().put("role", m.role()).put("content", m.content());
        }
        body.put("temperature", temperature);
        maxTokens.ifPresent(n -> body.put("max_tokens", n));
        if (nativeSchema != null) {
            ObjectNode format = body.putObject("response_format").put("type", "json_schema");
            format.putObject("json_schema")
                    .put("name", nativeSchema.name())
                    .<ObjectNode>set("schema", nativeSchema.schema())
                    .put("strict", true);
        }
        try {
            return ENVELOPE.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    // The instructions go into the (first) system message, or become one: where models expect output rules.
    private List<Message> withSchemaInstructions(List<Message> messages, ResponseSchema schema) {
        // Compact JSON: the pretty form costs about twice the tokens (1,361 vs 653 in o200k for a list of Fix).
        String instructions = render(SCHEMA_TEMPLATE,
                Map.of("schema", schema.schema().toString(), "schemaName", schema.name()));
        List<Message> result = new ArrayList<>(messages);
        for (int i = 0; i < result.size(); i++) {
            if (result.get(i).role().equals("system")) {
                result.set(i, Message.system(result.get(i).content() + "\n\n" + instructions));
                return result;
            }
        }
        result.add(0, Message.system(instructions));
        return result;
    }

    private static boolean rejectsSchema(GenieApiException e) {
        String message = e.getMessage().toLowerCase(Locale.ROOT);
        return (e.statusCode() == 400 || e.statusCode() == 422)
                && (message.contains("response_format") || message.contains("json_schema")
                || message.contains("structured output"));
    }

    private TokenUsage estimate(List<Message> messages, String answer) {
        long prompt = 0;
        for (Message m : messages) {
            prompt += settings.estimator().count(m.content()) + TOKENS_PER_MESSAGE;
        }
        return new TokenUsage(prompt, settings.estimator().count(answer));
    }

    private void finish(String purpose, TokenUsage used, int attempts, Duration elapsed) {
        total.accumulateAndGet(used, TokenUsage::plus);
        LOG.debug("LLM call '{}' to {}: {} answer(s), {} prompt + {} completion tokens, {} ms", purpose,
                transport.describe(), attempts, used.promptTokens(), used.completionTokens(), elapsed.toMillis());
        settings.listener().onEvent(new ProgressEvent.LlmCalled(purpose, used, elapsed));
    }
}
