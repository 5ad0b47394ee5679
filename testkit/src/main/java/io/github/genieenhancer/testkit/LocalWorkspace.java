package io.github.genieenhancer.testkit;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.testkit.internal.ApiError;
import io.github.genieenhancer.testkit.internal.EvalRunService;
import io.github.genieenhancer.testkit.internal.FaultState;
import io.github.genieenhancer.testkit.internal.GenieService;
import io.github.genieenhancer.testkit.internal.HttpApi;
import io.github.genieenhancer.testkit.internal.Routes;
import io.github.genieenhancer.testkit.internal.ScriptedLlmService;
import io.github.genieenhancer.testkit.internal.SpaceStore;
import io.github.genieenhancer.testkit.internal.StatementService;
import io.github.genieenhancer.testkit.internal.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for a Databricks workspace: an HTTP server on 127.0.0.1 that answers the Genie, SQL statement
 * execution and serving-endpoint REST APIs with their real paths and JSON shapes, so the real Databricks SDK can be
 * exercised end to end with no workspace.
 *
 * <p>It holds an embedded SQL warehouse (DuckDB) loaded with a generated retail dataset under
 * {@code retail.sales.*}, one sample Genie space with deliberately thin metadata, a deterministic Genie that answers
 * from the space's configuration, a scripted (rule-based) LLM, and {@link Faults} to inject failures. It can also
 * host any exported space ({@link Builder#space}), with generated tables for its data sources.
 *
 * <p>Like the real API, it refuses on create and update a {@code serialized_space} that breaks the API's rules (400
 * {@code INVALID_PARAMETER_VALUE}), and serves one in the order the API exports it, which is not an order it
 * accepts back: benchmark questions newest first, an example's parameters in the order its SQL names them.
 *
 * <pre>{@code
 * try (LocalWorkspace ws = LocalWorkspace.start()) {
 *     WorkspaceClient client = ws.workspaceClient();
 *     GenieSpace space = client.genie().getSpace(new GenieGetSpaceRequest()
 *             .setSpaceId(ws.sampleSpaceId()).setIncludeSerializedSpace(true));
 * }
 * }</pre>
 */
public final class LocalWorkspace implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SAMPLE = "/io/github/genieenhancer/testkit/sample/";
    private static final String WORKSPACE_ID = "1234567890123456";
    private static final String HOME = "/Workspace/Users/local@localworkspace";

    private final String token;
    private final Warehouse warehouse;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final HttpApi api;
    private final FaultState faultState;
    private final SpaceStore spaces;
    private final ScriptedLlmService llm;
    private final Faults faults;
    private final String sampleSpaceId;
    private final String warehouseId;
    private final BenchmarkSet benchmarks;
    private final SpaceConfig sampleConfig;
    private final SpaceConfig referenceConfig;
    private final WorkspaceClient client;

    private LocalWorkspace(Builder b) {
        b.hosted.forEach(LocalWorkspace::requireHostable);
        this.token = b.token;
        this.warehouseId = b.warehouseId;
        this.benchmarks = loadBenchmarks();
        this.sampleConfig = benchmarks.toSpace(SpaceConfig.parse(resource("space.json"), "testkit sample space.json"));
        this.referenceConfig = SpaceConfig.parse(resource("space-tuned.json"), "testkit sample space-tuned.json");
        this.warehouse = new Warehouse(b.seed, b.writableWarehouse);
        this.scheduler = Executors.newScheduledThreadPool(b.workerThreads, daemonThreads("localworkspace-sql"));
        this.workers = Executors.newFixedThreadPool(b.workerThreads, daemonThreads("localworkspace-http"));
        this.faultState = new FaultState(b.clock);
        faultState.configuredStartsPerMinute(b.startsPerMinute);
        this.spaces = new SpaceStore();
        Duration queue = b.statementLatency.dividedBy(5);
        StatementService statements = new StatementService(warehouse, scheduler, queue,
                b.statementLatency.minus(queue), b.rowsPerChunk);
        GenieService genie = new GenieService(spaces, statements, warehouse, faultState, b.clock, b.genieLatency,
                b.genieJitter);
        this.sampleSpaceId = spaces.create("Retail sales (sample)", "The LocalWorkspace sample space.", warehouseId,
                HOME, sampleConfig.toJson()).spaceId();
        b.hosted.forEach((id, config) -> host(id, config, b.seed));
        this.llm = new ScriptedLlmService(b.servingEndpointName, spaces, genie, warehouse, () -> sampleSpaceId,
                referenceConfig.toTree(), benchmarks.benchmarks().stream().map(Benchmark::question).toList(), b.clock);
        this.faults = new Faults(faultState, spaces, genie, statements);
        this.api = new HttpApi(faultState, token, workers);
        Routes.install(api, WORKSPACE_ID, warehouseId, spaces, genie, statements, llm,
                new EvalRunService(genie, spaces, warehouse, scheduler, b.clock));
        api.start();
        this.client = new WorkspaceClient(databricksConfig());
    }

    private void host(String spaceId, SpaceConfig config, long seed) {
        warehouse.createTables(config.toTree(), seed);
        spaces.host(spaceId, "Hosted space " + spaceId, warehouseId, HOME, config.toTree());
    }

    /** Refuses, before anything starts, a space the API would refuse even in the order it accepts. */
    private static void requireHostable(String spaceId, SpaceConfig config) {
        try {
            SpaceStore.requireAcceptable(config.toTree());
        } catch (ApiError e) {
            throw new IllegalArgumentException("LocalWorkspace cannot host space " + spaceId + ": " + e.getMessage(),
                    e);
        }
    }

    /** Starts a workspace with the default settings. */
    public static LocalWorkspace start() {
        return builder().start();
    }

    /** A builder for a workspace with non-default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The base URL, {@code http://127.0.0.1:<port>}. */
    public String host() {
        return api.baseUrl();
    }

    /** A client configured for this workspace (host and token), shared by callers; it uses the SDK's retries. */
    public WorkspaceClient workspaceClient() {
        return client;
    }

    /**
     * A new SDK configuration for this workspace, for callers who want their own client, e.g. with
     * {@code setDisableRetries(true)}.
     */
    public DatabricksConfig databricksConfig() {
        return new DatabricksConfig().setHost(host()).setToken(token);
    }

    /** The id of the sample Genie space. */
    public String sampleSpaceId() {
        return sampleSpaceId;
    }

    /** The id of the SQL warehouse (the only one; statements naming another warehouse get a 404). */
    public String warehouseId() {
        return warehouseId;
    }

    /** The name of the serving endpoint behind which the scripted LLM answers. */
    public String servingEndpointName() {
        return llm.endpointName();
    }

    /** The sample benchmarks: questions about the sample dataset with their expected SQL. */
    public BenchmarkSet sampleBenchmarks() {
        return benchmarks;
    }

    /**
     * The sample space's configuration as the workspace started (thin metadata, a few misleading items, the sample
     * benchmarks stored as its benchmark questions), in the order the API accepts on create and update. A GET of
     * the sample space serves it in the order the API exports it instead.
     */
    public SpaceConfig sampleSpaceConfig() {
        return sampleConfig;
    }

    /**
     * A well-fixed configuration of the sample space: the thin one with its misleading items removed and the
     * missing join specs, snippets, metadata, instructions and examples added. The scripted LLM proposes its items.
     */
    public SpaceConfig referenceSpaceConfig() {
        return referenceConfig;
    }

    /**
     * A space's current configuration as a GET returns it (in the order the API exports it, see the class
     * description), read directly without a request; empty when the space does not exist or was trashed.
     */
    public Optional<SpaceConfig> spaceConfig(String spaceId) {
        return spaces.peek(spaceId).map(s -> SpaceConfig.parse(s.exported().toString()));
    }

    /** The faults to inject into this workspace. */
    public Faults faults() {
        return faults;
    }

    /** Switches how the scripted LLM answers. */
    public LocalWorkspace llmMode(LlmMode mode) {
        llm.mode(Objects.requireNonNull(mode, "mode"));
        return this;
    }

    /** How many requests reached an endpoint group since the start ({@link Endpoint#ANY} counts all). */
    public long requestCount(Endpoint endpoint) {
        return faultState.requestCount(endpoint);
    }

    /**
     * How many requests to an endpoint group were answered HTTP 429 since the start ({@link Endpoint#ANY} counts
     * all): refusals of the start-conversation limit and injected 429s alike, so a test of a client's pacing can
     * assert it caused none.
     */
    public long tooManyRequests(Endpoint endpoint) {
        return faultState.tooManyRequests(endpoint);
    }

    /** Stops the server and drops the database. */
    @Override
    public void close() {
        api.close();
        workers.shutdownNow();
        scheduler.shutdownNow();
        warehouse.close();
    }

    private BenchmarkSet loadBenchmarks() {
        JsonNode root;
        try {
            root = MAPPER.readTree(resource("benchmarks.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Benchmark> list = new ArrayList<>();
        for (JsonNode b : root.path("benchmarks")) {
            list.add(new Benchmark(b.path("id").asText(), b.path("question").asText(), b.path("expected_sql").asText(),
                    Optional.of(b.path("category").asText()), Map.of()));
        }
        return BenchmarkSet.of(root.path("name").asText(), list);
    }

    private static String resource(String name) {
        try (InputStream in = LocalWorkspace.class.getResourceAsStream(SAMPLE + name)) {
            if (in == null) {
                throw new IllegalStateException("testkit resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger(1);
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }

    /** Settings of a {@link LocalWorkspace}; every one has a default. */
    public static final class Builder {
        private long seed = 42;
        private Duration genieLatency = Duration.ofMillis(200);
        private Duration genieJitter = Duration.ofMillis(100);
        private Duration statementLatency = Duration.ofMillis(50);
        private int rowsPerChunk = 1_000;
        private String servingEndpointName = "scripted-llm";
        private String warehouseId = "local0warehouse1";
        private String token = "dapi-localworkspace";
        private Clock clock = Clock.systemUTC();
        private int workerThreads = 16;
        private int startsPerMinute;
        private boolean writableWarehouse;
        private final Map<String, SpaceConfig> hosted = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Hosts an exported space besides the sample space: the workspace serves it under {@code spaceId} (in the
         * order the API exports it, so a real export comes back as it was exported) and creates the tables and
         * metric views its data sources name, from their column configs, with generated rows (types read from the
         * column names; see docs/testkit.md). Tables that exist already, such as the sample dataset's, are kept.
         * May be called for several spaces.
         *
         * @param spaceId the id to serve it under, e.g. the id of the space it was exported from
         * @param config  the configuration, as exported: it is stored in the order the API accepts, and starting the
         *                workspace fails with an {@link IllegalArgumentException} when the API would refuse it
         */
        public Builder space(String spaceId, SpaceConfig config) {
            requireText(spaceId, "spaceId");
            if (!spaceId.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("spaceId must be letters, digits, '-' and '_', got " + spaceId);
            }
            hosted.put(spaceId, Objects.requireNonNull(config, "config"));
            return this;
        }

        /** The seed of the sample dataset's generator (default 42); the sample benchmarks assume the default. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * How long Genie "thinks" before its SQL runs (default 200 ms), plus a random extra of up to {@code jitter}
         * (default 100 ms). The status walks SUBMITTED to ASKING_AI over this time.
         */
        public Builder genieLatency(Duration latency, Duration jitter) {
            this.genieLatency = nonNegative(latency, "latency");
            this.genieJitter = nonNegative(jitter, "jitter");
            return this;
        }

        /** The least time a statement takes: a fifth PENDING, the rest RUNNING (default 50 ms). */
        public Builder statementLatency(Duration latency) {
            this.statementLatency = nonNegative(latency, "latency");
            return this;
        }

        /** Rows per result chunk of the Statement Execution API (default 1,000). */
        public Builder rowsPerChunk(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("rowsPerChunk must be at least 1");
            }
            this.rowsPerChunk = rows;
            return this;
        }

        /** The serving endpoint's name (default {@code scripted-llm}). */
        public Builder servingEndpointName(String name) {
            this.servingEndpointName = requireText(name, "name");
            return this;
        }

        /** The SQL warehouse id (default {@code local0warehouse1}). */
        public Builder warehouseId(String id) {
            this.warehouseId = requireText(id, "id");
            return this;
        }

        /** The bearer token requests must carry (default {@code dapi-localworkspace}). */
        public Builder token(String token) {
            this.token = requireText(token, "token");
            return this;
        }

        /** The clock of timestamps and of the start-conversation rate limit (default the system UTC clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Conversation starts allowed in any rolling minute of the workspace's clock, as the real Genie API limits
         * them per workspace (5 by default there); the excess is answered 429 {@code RESOURCE_EXHAUSTED} with a
         * {@code Retry-After} in whole seconds until a slot frees, as the real API does. Default 0: no limit, so
         * tests that ask many questions stay fast; {@link #tooManyRequests} counts the refusals.
         */
        public Builder startsPerMinute(int perMinute) {
            if (perMinute < 0) {
                throw new IllegalArgumentException("startsPerMinute must not be negative");
            }
            this.startsPerMinute = perMinute;
            return this;
        }

        /** Threads that serve requests and run statements (default 16 each). */
        public Builder workerThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("workerThreads must be at least 1");
            }
            this.workerThreads = threads;
            return this;
        }

        /**
         * Whether statements may also create and change tables (default false: read-only queries only), for code
         * that keeps its own tables on the warehouse, such as a Delta-table state store. DDL runs after dropping the
         * Delta-only clauses {@code USING DELTA} and {@code TBLPROPERTIES (...)}; {@code INSERT}, {@code UPDATE},
         * {@code DELETE} and {@code MERGE} answer with one {@code num_affected_rows} column. DuckDB is not Delta: a
         * write that collides with a concurrent write of the same rows fails as Databricks reports commit
         * conflicts ({@code [DELTA_CONCURRENT_APPEND]}, SQLSTATE {@code 2D521}), but concurrent inserts of new rows
         * never collide, where Delta's file-level conflict detection may fail one of them.
         */
        public Builder writableWarehouse(boolean writable) {
            this.writableWarehouse = writable;
            return this;
        }

        /** Starts the workspace: generates the dataset, creates the sample space and binds the server. */
        public LocalWorkspace start() {
            return new LocalWorkspace(this);
        }

        private static Duration nonNegative(Duration d, String name) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be a non-negative duration");
            }
            return d;
        }

        private static String requireText(String s, String name) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return s;
        }
    }
}
