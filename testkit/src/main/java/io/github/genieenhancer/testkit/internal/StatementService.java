package io.github.genieenhancer.testkit.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * SQL statements of the Statement Execution API: each runs on the warehouse after a queueing delay (state PENDING),
 * stays RUNNING for at least the configured run time, then SUCCEEDED or FAILED; CANCELED when cancelled first, CLOSED
 * once its result has expired. Results are split into chunks of a fixed number of rows.
 */
public final class StatementService {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Warehouse warehouse;
    private final ScheduledExecutorService executor;
    private final Duration queueTime;
    private final Duration runTime;
    private final int rowsPerChunk;
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();

    /** The states of {@code StatementState}. */
    public enum State {
        /** Queued, not yet running. */
        PENDING,
        /** Running on the embedded engine. */
        RUNNING,
        /** Finished with a result. */
        SUCCEEDED,
        /** Finished with an error. */
        FAILED,
        /** Cancelled by the client. */
        CANCELED,
        /** Its result expired. */
        CLOSED
    }

    /** One statement and its outcome. */
    public final class Execution {
        private final String id = UUID.randomUUID().toString();
        private final String sql;
        private final long rowLimit;
        private final String catalog;
        private final String schema;
        private final long submittedNanos = System.nanoTime();
        private final long visibleAfterNanos;
        private volatile State state = State.PENDING;
        private volatile long startedNanos;
        private volatile Warehouse.Result result;
        private volatile Warehouse.SqlFailure failure;
        private volatile ScheduledFuture<?> future;
        /** Released when the query has run (or was cancelled), whatever the minimum run time still says. */
        private final CountDownLatch settled = new CountDownLatch(1);

        private Execution(String sql, long rowLimit, String catalog, String schema, Duration delay) {
            this.sql = sql;
            this.rowLimit = rowLimit;
            this.catalog = catalog;
            this.schema = schema;
            this.visibleAfterNanos = delay.toNanos() + queueTime.toNanos() + runTime.toNanos();
        }

        /** The statement id. */
        public String id() {
            return id;
        }

        /** The SQL text. */
        public String sql() {
            return sql;
        }

        /** The state now: a finished query stays RUNNING until its minimum run time has passed. */
        public State state() {
            State s = state;
            if ((s == State.SUCCEEDED || s == State.FAILED)
                    && System.nanoTime() - submittedNanos < visibleAfterNanos) {
                return State.RUNNING;
            }
            return s;
        }

        /** Whether the statement reached a final state. */
        public boolean isDone() {
            State s = state();
            return s != State.PENDING && s != State.RUNNING;
        }

        /** The error of a FAILED statement. */
        public java.util.Optional<Warehouse.SqlFailure> failure() {
            return java.util.Optional.ofNullable(failure);
        }

        /** The result of a SUCCEEDED statement. */
        public java.util.Optional<Warehouse.Result> result() {
            return state() == State.SUCCEEDED ? java.util.Optional.ofNullable(result) : java.util.Optional.empty();
        }

        private void run() {
            if (state != State.PENDING) {
                return;
            }
            state = State.RUNNING;
            startedNanos = System.nanoTime();
            try {
                Warehouse.Result rows = warehouse.execute(sql, rowLimit, catalog, schema);
                finish(State.SUCCEEDED, rows, null);
            } catch (Warehouse.SqlFailure e) {
                finish(State.FAILED, null, e);
            } catch (RuntimeException e) {
                finish(State.FAILED, null, new Warehouse.SqlFailure("INTERNAL_ERROR", "XX000",
                        String.valueOf(e.getMessage())));
            } finally {
                settled.countDown();
            }
        }

        /** Records how the query ended, unless it was cancelled while it ran: a cancel that was answered sticks. */
        private synchronized void finish(State end, Warehouse.Result rows, Warehouse.SqlFailure error) {
            if (state == State.RUNNING) {
                result = rows;
                failure = error;
                state = end;
            }
        }

        /** Cancels the statement unless it already finished. */
        public synchronized void cancel() {
            if (!isDone()) {
                ScheduledFuture<?> f = future;
                if (f != null) {
                    f.cancel(false);
                }
                state = State.CANCELED;
                result = null;
                settled.countDown();
            }
        }

        /** Drops the result, as Databricks does an hour after success. */
        public void expire() {
            if (isDone()) {
                state = State.CLOSED;
                result = null;
            }
        }

        /**
         * Waits until the statement is done or the timeout passes: until its query has run, then until its minimum
         * run time is over.
         */
        public void await(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                if (!settled.await(timeout.toNanos(), TimeUnit.NANOSECONDS) || isDone()) {
                    return;
                }
                long untilVisible = Math.min(deadline, submittedNanos + visibleAfterNanos) - System.nanoTime();
                if (untilVisible > 0) {
                    TimeUnit.NANOSECONDS.sleep(untilVisible);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Creates the service.
     *
     * @param queueTime    how long a statement stays PENDING
     * @param runTime      the least time a statement stays RUNNING
     * @param rowsPerChunk rows per result chunk
     */
    public StatementService(Warehouse warehouse, ScheduledExecutorService executor, Duration queueTime,
                            Duration runTime, int rowsPerChunk) {
        this.warehouse = warehouse;
        this.executor = executor;
        this.queueTime = queueTime;
        this.runTime = runTime;
        this.rowsPerChunk = rowsPerChunk;
    }

    /**
     * Submits a statement.
     *
     * @param delay extra time before the statement is queued (Genie's thinking time)
     */
    public Execution submit(String sql, long rowLimit, String catalog, String schema, Duration delay) {
        Execution e = new Execution(sql, rowLimit, catalog, schema, delay);
        executions.put(e.id, e);
        e.future = executor.schedule(e::run, delay.toNanos() + queueTime.toNanos(), TimeUnit.NANOSECONDS);
        return e;
    }

    /** The statement, or a 404. */
    public Execution get(String statementId) {
        Execution e = executions.get(statementId);
        if (e == null) {
            throw ApiError.notFound("Statement " + statementId + " does not exist.");
        }
        return e;
    }

    /** Expires every finished statement's result. */
    public void expireAll() {
        executions.values().forEach(Execution::expire);
    }

    /** The {@code StatementResponse} JSON of a statement, with the first chunk inline when it succeeded. */
    public ObjectNode response(Execution e) {
        return response(e, Integer.MAX_VALUE);
    }

    /**
     * The {@code StatementResponse} JSON of a statement whose rows are capped (Genie returns at most 5,000).
     *
     * @param maxRows the most rows to expose; more set {@code truncated}
     */
    public ObjectNode response(Execution e, int maxRows) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("statement_id", e.id);
        State state = e.state();
        ObjectNode status = n.putObject("status").put("state", state.name());
        if (state == State.FAILED) {
            Warehouse.SqlFailure f = e.failure;
            status.putObject("error").put("error_code", f.errorCode()).put("message", f.getMessage());
            status.put("sql_state", f.sqlState());
        }
        if (state == State.SUCCEEDED) {
            Warehouse.Result r = e.result;
            boolean capped = r.rows().size() > maxRows;
            int rows = Math.min(r.rows().size(), maxRows);
            n.set("manifest", manifest(r, rows, r.truncated() || capped));
            if (rows > 0) {
                n.set("result", chunk(e, r, 0, rows));
            } else {
                n.putObject("result").put("chunk_index", 0).put("row_offset", 0).put("row_count", 0);
            }
        }
        return n;
    }

    /** The {@code ResultData} JSON of one chunk, or a 404 when there is no such chunk. */
    public ObjectNode chunk(String statementId, int index) {
        Execution e = get(statementId);
        Warehouse.Result r = e.result().orElseThrow(() -> new ApiError(404, "RESOURCE_DOES_NOT_EXIST",
                "Statement " + statementId + " has no result (state " + e.state() + ")."));
        int total = r.rows().size();
        if (index < 0 || (long) index * rowsPerChunk >= Math.max(total, 1)) {
            throw ApiError.notFound("Chunk " + index + " of statement " + statementId + " does not exist.");
        }
        return chunk(e, r, index, total);
    }

    private ObjectNode manifest(Warehouse.Result r, int rows, boolean truncated) {
        ObjectNode m = MAPPER.createObjectNode();
        m.put("format", "JSON_ARRAY");
        ObjectNode schema = m.putObject("schema").put("column_count", r.columns().size());
        ArrayNode columns = schema.putArray("columns");
        for (int i = 0; i < r.columns().size(); i++) {
            Warehouse.Column c = r.columns().get(i);
            ObjectNode col = columns.addObject().put("name", c.name()).put("position", i)
                    .put("type_name", c.typeName()).put("type_text", c.typeText());
            if (c.typeName().equals("DECIMAL")) {
                col.put("type_precision", c.precision()).put("type_scale", c.scale());
            }
        }
        int chunks = Math.max(1, (rows + rowsPerChunk - 1) / rowsPerChunk);
        ArrayNode chunkInfos = m.putArray("chunks");
        long totalBytes = 0;
        for (int i = 0; i < chunks; i++) {
            int offset = i * rowsPerChunk;
            int count = Math.min(rowsPerChunk, rows - offset);
            long bytes = bytes(r, offset, count);
            totalBytes += bytes;
            chunkInfos.addObject().put("chunk_index", i).put("row_offset", offset).put("row_count", count)
                    .put("byte_count", bytes);
        }
        m.put("total_chunk_count", chunks).put("total_row_count", rows).put("total_byte_count", totalBytes)
                .put("truncated", truncated);
        return m;
    }

    private ObjectNode chunk(Execution e, Warehouse.Result r, int index, int rows) {
        int offset = index * rowsPerChunk;
        int count = Math.max(0, Math.min(rowsPerChunk, rows - offset));
        ObjectNode d = MAPPER.createObjectNode();
        d.put("chunk_index", index).put("row_offset", offset).put("row_count", count)
                .put("byte_count", bytes(r, offset, count));
        ArrayNode data = d.putArray("data_array");
        for (int i = offset; i < offset + count; i++) {
            ArrayNode row = data.addArray();
            r.rows().get(i).forEach(row::add);
        }
        if (offset + count < rows) {
            d.put("next_chunk_index", index + 1)
                    .put("next_chunk_internal_link", "/api/2.0/sql/statements/" + e.id + "/result/chunks/" + (index + 1));
        }
        return d;
    }

    private static long bytes(Warehouse.Result r, int offset, int count) {
        long bytes = 2;
        for (int i = offset; i < offset + count; i++) {
            for (String v : r.rows().get(i)) {
                bytes += v == null ? 5 : v.length() + 3;
            }
            bytes += 2;
        }
        return bytes;
    }
}
