package io.github.genieenhancer.llm;

import com.databricks.sdk.WorkspaceClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.Sleeper;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.progress.TokenUsage;
import io.github.genieenhancer.core.prompt.PromptRepository;
import io.github.genieenhancer.llm.internal.ChatEngine;
import io.github.genieenhancer.llm.internal.ChatTransport;
import io.github.genieenhancer.llm.internal.DatabricksTransport;
import io.github.genieenhancer.llm.internal.EngineSettings;
import io.github.genieenhancer.llm.internal.OpenAiTransport;
import io.github.genieenhancer.llm.internal.Resilience;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Chat completions with structured output: every call returns a Java value (usually a record) that is valid
 * against the JSON schema derived from its type, or fails with the raw answer and the reasons.
 *
 * <pre>{@code
 * LlmClient llm = LlmClient.databricks(new WorkspaceClient(), "databricks-claude-sonnet-4");
 * LlmResponse<FixProposal> answer = llm.chat().system(instructions).user(question).call(FixProposal.class);
 * FixProposal proposal = answer.value();
 * }</pre>
 *
 * <p>Immutable and thread-safe; share one instance. {@link #newBuilder()} derives a client with other settings
 * (its own token count, schema cache and connections). Options and their defaults are on {@link Builder}.
 */
public final class LlmClient {
    private static final String ENDPOINT_NAME = "[A-Za-z0-9_-]+";

    private final Builder settings;
    private final ChatEngine engine;

    private LlmClient(Builder settings) {
        this.settings = settings.copy();
        ChatTransport transport = settings.transport.create(settings.timeout);
        Resilience resilience = new Resilience(new Resilience.Settings(settings.maxAttempts, settings.initialBackoff,
                settings.maxBackoff, settings.maxRetryAfter, settings.rateLimitCalls, settings.rateLimitPeriod,
                settings.rateLimitWait, settings.sleeper), transport.describe());
        this.engine = new ChatEngine(transport, resilience, new EngineSettings(settings.temperature,
                settings.maxTokens, settings.timeout, settings.maxReasks, settings.mode, settings.mapper,
                // The client's own templates (llm_reask, llm_json_schema) stay available under any repository.
                (settings.prompts == null ? PromptRepository.defaultRepository() : settings.prompts)
                        .orElse(PromptRepository.classpath(LlmClient.class.getClassLoader(), "prompts/")),
                ProgressListener.isolated(settings.listener == null ? ProgressListener.defaultListener()
                        : settings.listener),
                settings.estimator));
    }

    /**
     * A client for a Databricks model serving endpoint, authenticated by the workspace client's auth chain.
     * Posts to {@code /serving-endpoints/{name}/invocations}; see {@code docs/llm-client.md} for why.
     *
     * @param workspace    a configured workspace client, e.g. {@code new WorkspaceClient()}
     * @param endpointName the serving endpoint, e.g. {@code databricks-claude-sonnet-4}
     * @throws ConfigurationException when the name is not a valid endpoint name
     */
    public static LlmClient databricks(WorkspaceClient workspace, String endpointName) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(endpointName, "endpointName");
        if (!endpointName.matches(ENDPOINT_NAME)) {
            throw new ConfigurationException("Serving endpoint name '" + endpointName
                    + "' must consist of letters, digits, '-' and '_'");
        }
        return new Builder(timeout -> new DatabricksTransport(workspace, endpointName)).build();
    }

    /**
     * A client for any OpenAI-compatible chat-completions API (OpenAI, Azure-style gateways, vLLM, Ollama,
     * Databricks' {@code /serving-endpoints} with the endpoint as model). Posts to
     * {@code {baseUrl}/chat/completions} with the JDK's HTTP client. The key is sent only in the
     * {@code Authorization} header; it never appears in logs, messages or {@link #toString()}.
     *
     * @param baseUrl the API root, e.g. {@code https://api.openai.com/v1}
     * @param apiKey  the bearer key; empty for servers without authentication
     * @param model   the model name sent in each request
     * @throws ConfigurationException when the URL is not http(s) or the model is blank
     */
    public static LlmClient openAiCompatible(String baseUrl, String apiKey, String model) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(model, "model");
        URI uri;
        try {
            uri = URI.create(baseUrl.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("LLM base URL '" + baseUrl + "' is not a valid URL", e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new ConfigurationException("LLM base URL '" + baseUrl + "' must be an http or https URL");
        }
        if (model.isBlank()) {
            throw new ConfigurationException("LLM model name must not be blank");
        }
        String key = apiKey.strip();
        return new Builder(timeout -> new OpenAiTransport(uri, key, model, timeout)).build();
    }

    /** Starts a chat call. */
    public ChatRequest chat() {
        return new ChatRequest(engine);
    }

    /** Tokens used by every call of this client so far (failed calls and re-asks included). */
    public TokenUsage usage() {
        return engine.usage();
    }

    /** A builder with this client's endpoint and settings, to derive a client that differs in some of them. */
    public Builder newBuilder() {
        return settings.copy();
    }

    /** The endpoint; never contains credentials. */
    @Override
    public String toString() {
        return "LlmClient{" + engine.target() + "}";
    }

    static void checkTemperature(double temperature) {
        if (!(temperature >= 0 && temperature <= 2)) {
            throw new ConfigurationException("temperature must be between 0 and 2, got " + temperature);
        }
    }

    static void checkMaxTokens(int maxTokens) {
        if (maxTokens <= 0) {
            throw new ConfigurationException("maxTokens must be positive, got " + maxTokens);
        }
    }

    private static void checkPositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new ConfigurationException(name + " must be positive, got " + duration);
        }
    }

    /** Creates the transport once the timeout is known. */
    @FunctionalInterface
    private interface TransportFactory {
        ChatTransport create(Duration timeout);
    }

    /**
     * The settings of a client, all optional. Get one from {@link LlmClient#newBuilder()}:
     * <pre>{@code
     * LlmClient llm = LlmClient.databricks(ws, "databricks-claude-sonnet-4").newBuilder()
     *         .maxTokens(4096)
     *         .rateLimit(30, Duration.ofMinutes(1))
     *         .progressListener(listener)
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private final TransportFactory transport;
        private double temperature = 0.0;
        private OptionalInt maxTokens = OptionalInt.empty();
        private Duration timeout = Duration.ofMinutes(2);
        private int maxReasks = 2;
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration maxRetryAfter = Duration.ofSeconds(60);
        private int rateLimitCalls;
        private Duration rateLimitPeriod = Duration.ofMinutes(1);
        private Duration rateLimitWait = Duration.ofMinutes(5);
        private StructuredOutputMode mode = StructuredOutputMode.AUTO;
        private ObjectMapper mapper = GenieJson.newMapper();
        private PromptRepository prompts;
        private ProgressListener listener;
        private TokenEstimator estimator = TokenEstimator.o200k();
        private Sleeper sleeper = Sleeper.system();

        private Builder(TransportFactory transport) {
            this.transport = transport;
        }

        private Builder copy() {
            Builder b = new Builder(transport);
            b.temperature = temperature;
            b.maxTokens = maxTokens;
            b.timeout = timeout;
            b.maxReasks = maxReasks;
            b.maxAttempts = maxAttempts;
            b.initialBackoff = initialBackoff;
            b.maxBackoff = maxBackoff;
            b.maxRetryAfter = maxRetryAfter;
            b.rateLimitCalls = rateLimitCalls;
            b.rateLimitPeriod = rateLimitPeriod;
            b.rateLimitWait = rateLimitWait;
            b.mode = mode;
            b.mapper = mapper;
            b.prompts = prompts;
            b.listener = listener;
            b.estimator = estimator;
            b.sleeper = sleeper;
            return b;
        }

        /** Default sampling temperature, 0 to 2 (default 0: structured answers should be reproducible). */
        public Builder temperature(double temperature) {
            checkTemperature(temperature);
            this.temperature = temperature;
            return this;
        }

        /** Default output token limit sent as {@code max_tokens} (default: not sent, the endpoint decides). */
        public Builder maxTokens(int maxTokens) {
            checkMaxTokens(maxTokens);
            this.maxTokens = OptionalInt.of(maxTokens);
            return this;
        }

        /**
         * Limit on one HTTP attempt, connection included (default 2 minutes). A timed-out attempt is retried
         * like a 5xx.
         */
        public Builder timeout(Duration timeout) {
            checkPositive(timeout, "timeout");
            this.timeout = timeout;
            return this;
        }

        /**
         * How often an invalid answer is sent back with its errors before the call fails with
         * {@link io.github.genieenhancer.core.LlmOutputException} (default 2, so at most 3 answers; 0 disables).
         */
        public Builder maxReasks(int maxReasks) {
            if (maxReasks < 0) {
                throw new ConfigurationException("maxReasks must not be negative, got " + maxReasks);
            }
            this.maxReasks = maxReasks;
            return this;
        }

        /**
         * HTTP attempts per model answer, the first included, for 408, 409, 429, 5xx, I/O errors and timeouts
         * (default 4; 1 disables retries).
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new ConfigurationException("maxAttempts must be at least 1, got " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Exponential backoff between attempts when the server names no wait: starts at {@code initial}, doubles,
         * randomised by ±50%, capped at {@code max} (defaults 1 s and 30 s).
         */
        public Builder backoff(Duration initial, Duration max) {
            checkPositive(initial, "initial backoff");
            checkPositive(max, "max backoff");
            if (max.compareTo(initial) < 0) {
                throw new ConfigurationException("max backoff " + max + " is shorter than initial backoff " + initial);
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** Cap on a wait the server asks for with {@code Retry-After} or {@code Retry-After-Ms} (default 60 s). */
        public Builder maxRetryAfter(Duration maxRetryAfter) {
            checkPositive(maxRetryAfter, "maxRetryAfter");
            this.maxRetryAfter = maxRetryAfter;
            return this;
        }

        /**
         * Client-side rate limit: at most {@code calls} HTTP attempts (retries included) per {@code period}
         * (default: no limit). A 429 answer also pauses the other callers until the next period.
         */
        public Builder rateLimit(int calls, Duration period) {
            if (calls < 1) {
                throw new ConfigurationException("rate limit calls must be at least 1, got " + calls);
            }
            checkPositive(period, "rate limit period");
            this.rateLimitCalls = calls;
            this.rateLimitPeriod = period;
            return this;
        }

        /** How long a call waits for a rate-limit permit before failing (default 5 minutes). */
        public Builder rateLimitWait(Duration wait) {
            checkPositive(wait, "rateLimitWait");
            this.rateLimitWait = wait;
            return this;
        }

        /** How the schema is conveyed (default {@link StructuredOutputMode#AUTO}). */
        public Builder structuredOutput(StructuredOutputMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * The mapper that reads answers and names schema properties (default {@link GenieJson#newMapper()}); a
         * naming strategy set on it is reflected in the schema.
         */
        public Builder objectMapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * Where templates come from: those named in {@link ChatRequest#prompt} and the client's own
         * {@code llm_reask} and {@code llm_json_schema} (default {@link PromptRepository#defaultRepository()}). The
         * client's own templates fall back to the ones in this jar when the repository does not have them.
         */
        public Builder promptRepository(PromptRepository prompts) {
            this.prompts = Objects.requireNonNull(prompts, "prompts");
            return this;
        }

        /**
         * Receives a {@code ProgressEvent.LlmCalled} after every call, failed ones included (default
         * {@link ProgressListener#defaultListener()}). A listener that throws never breaks a call.
         */
        public Builder progressListener(ProgressListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Counts tokens when an endpoint reports no usage (default {@link TokenEstimator#o200k()}). */
        public Builder tokenEstimator(TokenEstimator estimator) {
            this.estimator = Objects.requireNonNull(estimator, "estimator");
            return this;
        }

        /** Waits between HTTP attempts (default {@link Sleeper#system()}); tests pass one that does not sleep. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Builds a client with these settings. */
        public LlmClient build() {
            return new LlmClient(this);
        }
    }
}
