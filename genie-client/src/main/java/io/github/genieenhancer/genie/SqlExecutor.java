package io.github.genieenhancer.genie;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.sql.CancelExecutionRequest;
import com.databricks.sdk.service.sql.Disposition;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.ExecuteStatementRequestOnWaitTimeout;
import com.databricks.sdk.service.sql.Format;
import com.databricks.sdk.service.sql.ResultData;
import com.databricks.sdk.service.sql.StatementParameterListItem;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.GenieApiException;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.Sleeper;
import io.github.genieenhancer.genie.internal.CallCounter;
import io.github.genieenhancer.genie.internal.DatabricksCalls;
import io.github.genieenhancer.genie.internal.Polling;
import io.github.genieenhancer.genie.internal.StatementErrors;
import io.github.genieenhancer.genie.internal.StatementResults;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs SQL on a Databricks SQL warehouse through the Statement Execution API: submits with a wait timeout, polls
 * until the statement ends, reads every result chunk (inline JSON) with typed columns, binds {@code :name}
 * parameters, and cancels the statement when its deadline passes or the calling thread is interrupted. By default
 * only single read-only queries run ({@link ReadOnlySqlGuard}). Immutable and thread-safe.
 *
 * <pre>{@code
 * SqlExecutor sql = SqlExecutor.builder(workspace).warehouseId("abc123").build();
 * QueryResult small = sql.execute("SELECT region, SUM(amount) FROM sales GROUP BY region");
 * try (StreamingResult big = sql.stream(SqlQuery.of("SELECT * FROM events"))) {
 *     big.rows().forEach(row -> ...);          // one chunk in memory at a time
 * }
 * }</pre>
 *
 * <p>Results come inline, which Databricks allows up to 25 MiB per statement; larger results fail on the server.
 */
public final class SqlExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(SqlExecutor.class);

    private final DatabricksCalls calls;
    private final String warehouseId;
    private final String catalog;
    private final String schema;
    private final Duration waitTimeout;
    private final Duration statementTimeout;
    private final OptionalLong rowLimit;
    private final boolean readOnly;
    private final Duration initialPollInterval;
    private final Duration maxPollInterval;
    private final Clock clock;
    private final Sleeper sleeper;

    private SqlExecutor(Builder b) {
        this.calls = DatabricksCalls.create(b.workspace, b.retryPolicy, b.sleeper);
        this.warehouseId = b.warehouseId;
        this.catalog = b.catalog;
        this.schema = b.schema;
        this.waitTimeout = b.waitTimeout;
        this.statementTimeout = b.statementTimeout;
        this.rowLimit = b.rowLimit;
        this.readOnly = b.readOnly;
        this.initialPollInterval = b.initialPollInterval;
        this.maxPollInterval = b.maxPollInterval;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
    }

    /** A builder for an executor that calls Databricks through the given workspace client. */
    public static Builder builder(WorkspaceClient workspace) {
        return new Builder(workspace);
    }

    /** Runs a query without parameters and reads its whole result; see {@link #execute(SqlQuery)}. */
    public QueryResult execute(String sql) {
        return execute(SqlQuery.of(sql));
    }

    /**
     * Runs a query and reads its whole result into memory: for small results (Genie-sized, a few thousand rows).
     * Use {@link #stream(SqlQuery)} for large ones.
     *
     * @throws UnsafeSqlException     when the executor is read-only and the SQL is not a single query
     * @throws SqlExecutionException  when the statement failed, was cancelled or passed its deadline
     * @throws GenieApiException      when an API call failed even after retries
     * @throws GenieEnhancerException when the calling thread was interrupted (the statement is cancelled first)
     */
    public QueryResult execute(SqlQuery query) {
        try (StreamingResult result = stream(query)) {
            List<List<String>> rows = result.rows().toList();
            return new QueryResult(result.columns(), rows, result.totalRowCount(), result.truncated());
        }
    }

    /** Runs a query without parameters for streaming; see {@link #stream(SqlQuery)}. */
    public StreamingResult stream(String sql) {
        return stream(SqlQuery.of(sql));
    }

    /**
     * Runs a query, waits until it succeeded, and returns its result for reading chunk by chunk.
     *
     * @throws UnsafeSqlException    when the executor is read-only and the SQL is not a single query
     * @throws SqlExecutionException when the statement failed, was cancelled or passed its deadline
     * @throws GenieApiException     when an API call failed even after retries; reading rows later may throw it too
     */
    public StreamingResult stream(SqlQuery query) {
        Objects.requireNonNull(query, "query");
        if (readOnly) {
            ReadOnlySqlGuard.requireReadOnly(query.sql());
        }
        CallCounter http = new CallCounter();
        StatementResponse response = runToCompletion(query, http);
        String statementId = response.getStatementId();
        ResultData first = response.getResult();
        StreamingResult.ChunkSource chunks = new StreamingResult.ChunkSource() {
            private ResultData pending = first;
            private long nextIndex = first == null ? -1 : StatementResults.nextChunkIndex(first);
            private boolean started;

            @Override
            public List<List<String>> nextChunk() {
                if (!started) {
                    started = true;
                    List<List<String>> rows = StatementResults.rows(pending);
                    pending = null;
                    return rows;
                }
                if (nextIndex < 0) {
                    return null;
                }
                long index = nextIndex;
                ResultData chunk = calls.callUnchecked("fetch result chunk " + index + " of SQL statement "
                        + statementId, http, () -> calls.statements().getStatementResultChunkN(statementId, index));
                nextIndex = StatementResults.nextChunkIndex(chunk);
                return StatementResults.rows(chunk);
            }
        };
        return new StreamingResult(statementId, StatementResults.columns(response.getManifest()),
                StatementResults.totalRowCount(response.getManifest(), 0),
                StatementResults.truncated(response.getManifest()), chunks);
    }

    private StatementResponse runToCompletion(SqlQuery query, CallCounter http) {
        ExecuteStatementRequest request = new ExecuteStatementRequest()
                .setStatement(query.sql())
                .setWarehouseId(warehouseId)
                .setCatalog(catalog)
                .setSchema(schema)
                .setWaitTimeout(waitTimeout.toSeconds() + "s")
                .setOnWaitTimeout(ExecuteStatementRequestOnWaitTimeout.CONTINUE)
                .setDisposition(Disposition.INLINE)
                .setFormat(Format.JSON_ARRAY);
        OptionalLong limit = query.rowLimit().isPresent() ? query.rowLimit() : rowLimit;
        if (limit.isPresent()) {
            request.setRowLimit(limit.getAsLong());
        }
        if (!query.parameters().isEmpty()) {
            request.setParameters(query.parameters().stream().map(p -> new StatementParameterListItem()
                    .setName(p.name()).setValue(p.value().orElse(null)).setType(p.type().orElse(null))).toList());
        }
        Instant deadline = clock.instant().plus(statementTimeout);
        StatementResponse response = calls.callUnchecked("execute a SQL statement on warehouse " + warehouseId, http,
                () -> calls.statements().executeStatement(request));
        String statementId = response.getStatementId();
        try {
            Polling polling = new Polling(initialPollInterval, maxPollInterval, clock, sleeper, deadline);
            while (state(response) == StatementState.PENDING || state(response) == StatementState.RUNNING) {
                if (!polling.awaitNext()) {
                    cancelQuietly(statementId, http);
                    throw new SqlExecutionException("SQL statement " + statementId + " did not finish within "
                            + statementTimeout + " and was cancelled", statementId, "TIMED_OUT", null, null,
                            ErrorGroup.RETRYABLE);
                }
                response = calls.call("poll SQL statement " + statementId, http,
                        () -> calls.statements().getStatement(statementId));
            }
        } catch (InterruptedException e) {
            cancelQuietly(statementId, http);
            Thread.currentThread().interrupt();
            throw new SqlExecutionException("Interrupted while SQL statement " + statementId
                    + " was running; it was cancelled", statementId, "CANCELED", null, null, ErrorGroup.RETRYABLE);
        }
        if (state(response) != StatementState.SUCCEEDED) {
            throw failure(response, statementId);
        }
        return response;
    }

    private void cancelQuietly(String statementId, CallCounter http) {
        if (statementId == null) {
            return;
        }
        try {
            calls.call("cancel SQL statement " + statementId, http, () -> {
                calls.statements().cancelExecution(new CancelExecutionRequest().setStatementId(statementId));
                return null;
            });
        } catch (GenieApiException e) {
            LOG.warn("Could not cancel SQL statement {}: {}", statementId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static StatementState state(StatementResponse response) {
        return response == null || response.getStatus() == null ? null : response.getStatus().getState();
    }

    /** The exception for a statement that did not succeed; the warehouse's error text is redacted here. */
    private SqlExecutionException failure(StatementResponse response, String statementId) {
        StatementErrors.Failure failure = StatementErrors.of(response);
        return new SqlExecutionException("SQL statement " + statementId + " ended " + failure.state()
                + failure.errorCode().map(code -> " (" + code + ")").orElse("") + ": "
                + failure.message().map(calls::redact).orElse("no error message from the server"),
                statementId, failure.state(), failure.errorCode().orElse(null), failure.sqlState().orElse(null),
                failure.group());
    }

    /** Builds a {@link SqlExecutor}. */
    public static final class Builder {
        private final WorkspaceClient workspace;
        private String warehouseId;
        private String catalog;
        private String schema;
        private Duration waitTimeout = Duration.ofSeconds(10);
        private Duration statementTimeout = Duration.ofMinutes(5);
        private OptionalLong rowLimit = OptionalLong.empty();
        private boolean readOnly = true;
        private Duration initialPollInterval = Duration.ofMillis(500);
        private Duration maxPollInterval = Duration.ofSeconds(5);
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();

        private Builder(WorkspaceClient workspace) {
            this.workspace = Objects.requireNonNull(workspace, "workspace");
        }

        /** The SQL warehouse to run on (required). */
        public Builder warehouseId(String warehouseId) {
            this.warehouseId = Objects.requireNonNull(warehouseId, "warehouseId");
            return this;
        }

        /** The default catalog for unqualified names (default: the warehouse's). */
        public Builder catalog(String catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /** The default schema for unqualified names (default: the warehouse's). */
        public Builder schema(String schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
            return this;
        }

        /**
         * How long the submitting call waits for a result before the executor starts polling: 0 (return at once)
         * or 5 to 50 seconds (default 10 s, the API's default).
         */
        public Builder waitTimeout(Duration waitTimeout) {
            long seconds = Objects.requireNonNull(waitTimeout, "waitTimeout").toSeconds();
            if (seconds != 0 && (seconds < 5 || seconds > 50) || waitTimeout.toMillis() % 1000 != 0) {
                throw new ConfigurationException("SqlExecutor.waitTimeout must be 0 or 5 to 50 whole seconds, got "
                        + waitTimeout);
            }
            this.waitTimeout = waitTimeout;
            return this;
        }

        /** How long a statement may take before it is cancelled (default 5 minutes). */
        public Builder statementTimeout(Duration statementTimeout) {
            Polling.requirePositive("SqlExecutor", "statement timeout", statementTimeout);
            this.statementTimeout = statementTimeout;
            return this;
        }

        /** The most rows any query returns unless the query sets its own limit (default: no limit). */
        public Builder rowLimit(long rowLimit) {
            if (rowLimit < 0) {
                throw new ConfigurationException("SqlExecutor.rowLimit must not be negative, got " + rowLimit);
            }
            this.rowLimit = OptionalLong.of(rowLimit);
            return this;
        }

        /** Whether only single read-only queries may run (default true). */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /** Poll intervals while a statement runs, growing 1.5× per poll (defaults 500 ms and 5 s). */
        public Builder pollInterval(Duration initial, Duration max) {
            Polling.requireRange("SqlExecutor", "poll interval", initial, max);
            this.initialPollInterval = initial;
            this.maxPollInterval = max;
            return this;
        }

        /** Retries of failed calls (default {@link RetryPolicy#defaults()}). */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /** The clock for deadlines (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How to wait between polls and retries (default {@link Sleeper#system()}). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * The executor.
         *
         * @throws ConfigurationException when no warehouse was set
         */
        public SqlExecutor build() {
            if (warehouseId == null || warehouseId.isBlank()) {
                throw new ConfigurationException("SqlExecutor needs a warehouseId: the SQL warehouse to run on");
            }
            return new SqlExecutor(this);
        }
    }
}
