package io.github.genieenhancer.genie.state;

import com.databricks.sdk.WorkspaceClient;
import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.DocumentFormatException;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.Sleeper;
import io.github.genieenhancer.core.StateStoreException;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.state.IterationRecord;
import io.github.genieenhancer.core.state.SessionLease;
import io.github.genieenhancer.core.state.SessionRecord;
import io.github.genieenhancer.core.state.SpaceSnapshot;
import io.github.genieenhancer.core.state.StateEvent;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.core.state.internal.StoreRules;
import io.github.genieenhancer.genie.QueryResult;
import io.github.genieenhancer.genie.RetryPolicy;
import io.github.genieenhancer.genie.SqlExecutionException;
import io.github.genieenhancer.genie.SqlExecutor;
import io.github.genieenhancer.genie.SqlParameter;
import io.github.genieenhancer.genie.SqlQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StateStore} in Delta tables of a Unity Catalog schema, written and read through a SQL warehouse (the
 * Statement Execution API, via {@link SqlExecutor}), so job tasks on any cluster, and anything else that can reach
 * the workspace, share one session's state.
 *
 * <pre>{@code
 * StateStore store = DeltaStateStore.builder(workspace)
 *         .warehouseId("abc123").catalog("main").schema("genie_state")
 *         .build();
 * }</pre>
 *
 * <p>The tables ({@code <prefix>sessions}, {@code <prefix>results}, ...) are created in the named schema when
 * missing, and {@code <prefix>schema_version} records the schema version. Every statement is parameterised: only
 * the validated, backtick-quoted catalog, schema and table names are SQL text. Writes are {@code MERGE} statements
 * keyed by the record's ids, so a statement sent twice (a retried request) changes nothing the second time.
 *
 * <p>Locking: {@link #saveSession} is {@code UPDATE ... WHERE session_id = :session_id AND version =
 * :expected_version} (a {@code MERGE} that inserts only when no row has the id, for version 0) and checks
 * {@code num_affected_rows}. The tables use Serializable isolation without deletion vectors, so Delta lets one of
 * two concurrent writers of a table commit and fails the other with a concurrent-modification error; the store
 * re-reads the session and reports {@link io.github.genieenhancer.core.StateConflictException} to the loser, and
 * retries other writes (which are idempotent) with backoff. See {@code docs/state-stores-shared.md}.
 *
 * <p>Owners: {@code <prefix>leases} holds each claimed session's lease. Lease changes are compare-and-set
 * {@code MERGE}s on the row's {@code write_id}; every write carries the writer's lease token and the time, and its
 * statement changes a row only when that token is the session's unexpired lease (0 when there is none), so a
 * refused writer changes nothing. The check is part of each statement; a claim committed while another process's
 * statement runs can still let that one statement land (Delta has no transaction across tables).
 *
 * <p>{@link #close()} does nothing: the workspace client belongs to the caller.
 */
public final class DeltaStateStore implements StateStore {

    private static final Logger LOG = LoggerFactory.getLogger(DeltaStateStore.class);

    /** The table prefix used when none is set: tables are {@code genie_enhancer_sessions} and so on. */
    public static final String DEFAULT_TABLE_PREFIX = "genie_enhancer_";

    /** Statements tried while Delta reports concurrent modifications; writers of one table take turns. */
    private static final int CONFLICT_ATTEMPTS = 10;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** How often the schema step is tried while other processes create the same tables. */
    private static final int SCHEMA_ATTEMPTS = 3;
    /** The SQLSTATE of Delta's commit conflicts (DELTA_CONCURRENT_APPEND, ..._DELETE_READ, METADATA_CHANGED...). */
    private static final String CONCURRENT_MODIFICATION = "2D521";

    private static final Comparator<SessionRecord> OLDEST_FIRST =
            Comparator.comparing(SessionRecord::createdAt).thenComparing(SessionRecord::id);

    private final SqlExecutor sql;
    private final DeltaSql statements;
    private final Sleeper sleeper;
    private final Clock clock;
    private final int schemaVersion;
    /** The lease this view writes its session under; none for the store itself. */
    private final Optional<SessionLease> fence;

    /** A lease as stored, with the id of the write that stored it (what a compare-and-set compares). */
    private record StoredLease(SessionLease lease, String writeId) {
    }

    private DeltaStateStore(Builder builder) {
        this.statements = new DeltaSql(builder.catalog, builder.schema, builder.tablePrefix);
        this.sleeper = builder.sleeper;
        this.clock = builder.clock;
        SqlExecutor.Builder executor = SqlExecutor.builder(builder.workspace)
                .warehouseId(builder.warehouseId)
                .readOnly(false)
                .statementTimeout(builder.statementTimeout)
                .retryPolicy(builder.retryPolicy)
                .sleeper(builder.sleeper)
                .clock(builder.clock);
        this.sql = executor.build();
        this.fence = Optional.empty();
        this.schemaVersion = migrate();
    }

    /** A view of {@code store} writing under {@code lease}. */
    private DeltaStateStore(DeltaStateStore store, SessionLease lease) {
        this.statements = store.statements;
        this.sleeper = store.sleeper;
        this.clock = store.clock;
        this.sql = store.sql;
        this.schemaVersion = store.schemaVersion;
        this.fence = Optional.of(lease);
    }

    /** A builder for a store reached through {@code workspace}; warehouse, catalog and schema are required. */
    public static Builder builder(WorkspaceClient workspace) {
        return new Builder(workspace);
    }

    /** Options of a {@link DeltaStateStore}; {@link #build()} opens the store. */
    public static final class Builder {
        private final WorkspaceClient workspace;
        private String warehouseId;
        private String catalog;
        private String schema;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private Duration statementTimeout = Duration.ofMinutes(5);
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Sleeper sleeper = Sleeper.system();
        private Clock clock = Clock.systemUTC();

        private Builder(WorkspaceClient workspace) {
            this.workspace = Objects.requireNonNull(workspace, "workspace");
        }

        /** The SQL warehouse that runs the statements (required). */
        public Builder warehouseId(String warehouseId) {
            this.warehouseId = Objects.requireNonNull(warehouseId, "warehouseId");
            return this;
        }

        /**
         * The Unity Catalog catalog of the tables (required): letters, digits, underscores and hyphens, up to 255.
         */
        public Builder catalog(String catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /**
         * The schema of the tables (required, same characters as the catalog). It must exist; the tables in it are
         * created when missing.
         */
        public Builder schema(String schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
            return this;
        }

        /**
         * The start of every table name, default {@value #DEFAULT_TABLE_PREFIX}: 1 to 40 letters, digits and
         * underscores, starting with a letter. Several prefixes keep several independent stores in one schema.
         */
        public Builder tablePrefix(String tablePrefix) {
            this.tablePrefix = Objects.requireNonNull(tablePrefix, "tablePrefix");
            return this;
        }

        /** How long one statement may run before it is cancelled and reported (default 5 minutes). */
        public Builder statementTimeout(Duration statementTimeout) {
            this.statementTimeout = Objects.requireNonNull(statementTimeout, "statementTimeout");
            return this;
        }

        /** Retries of failed API calls (429, 5xx, I/O), default {@link RetryPolicy#defaults()}. */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /** How to wait between polls, retries and conflict backoffs (default {@link Sleeper#system()}). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * The clock for statement deadlines, the schema version's time, and the expiry of session leases (default
         * the UTC system clock). Every process sharing the tables should agree on the time to well within a lease's
         * duration, as NTP-synchronised machines do.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Checks the settings, creates the tables when missing, and returns the store.
         *
         * @throws ConfigurationException when the warehouse, catalog or schema is missing, or a name or the prefix
         *                                has other characters than allowed
         * @throws StateStoreException    when the tables cannot be read or created, or were written by a newer
         *                                library
         */
        public DeltaStateStore build() {
            if (warehouseId == null || warehouseId.isBlank()) {
                throw new ConfigurationException("DeltaStateStore needs a warehouseId: the SQL warehouse that runs "
                        + "its statements");
            }
            if (catalog == null || schema == null) {
                throw new ConfigurationException("DeltaStateStore needs the catalog and schema of its tables, e.g. "
                        + ".catalog(\"main\").schema(\"genie_state\")");
            }
            return new DeltaStateStore(this);
        }
    }

    /** The schema version the tables were at once this store was opened. */
    int schemaVersion() {
        return schemaVersion;
    }

    // ---------------------------------------------------------------------------------------------- schema

    private int migrate() {
        int latest = statements.migrations.size();
        int failures = 0;
        while (true) {
            int current = currentVersion();
            if (current > latest) {
                throw new StateStoreException("The state tables " + statements.tables + " are at schema version "
                        + current + ", written by a newer Genie Enhancer; this one knows versions up to " + latest
                        + ". Upgrade the library, or choose another table prefix");
            }
            if (current == latest) {
                return current;
            }
            DeltaSql.Migration next = statements.migrations.get(current);
            try {
                // Without transactions across statements a step counts once its version row is written; its
                // statements are idempotent, so a step cut short is completed by the next start.
                for (String ddl : next.statements()) {
                    execute("create the state tables", SqlQuery.of(ddl));
                }
                execute("record schema version " + next.version(), SqlQuery.of(statements.recordVersion)
                        .withParameter(SqlParameter.typed("version", Integer.toString(next.version()), "INT"))
                        .withParameter("description", next.description())
                        .withParameter("applied_at", clock.instant().toString()));
                LOG.info("Created the state tables {} at schema version {}", statements.tables, next.version());
            } catch (StateStoreException e) {
                if (currentVersion() < next.version() && ++failures == SCHEMA_ATTEMPTS) {
                    throw new StateStoreException("Cannot create the state tables " + statements.tables
                            + " at schema version " + next.version() + " (" + next.description() + "): "
                            + e.getMessage(), e);
                }
            }
        }
    }

    /** The recorded schema version, 0 for none; creates the version table when it cannot be read. */
    private int currentVersion() {
        SqlQuery select = SqlQuery.of(statements.selectVersion);
        try {
            return version(sql.execute(select));
        } catch (GenieEnhancerException missing) {
            try {
                execute("create the state table " + statements.table("schema_version"),
                        SqlQuery.of(statements.createVersionTable));
                return version(execute("read the schema version of " + statements.tables, select));
            } catch (StateStoreException e) {
                e.addSuppressed(missing);
                throw new StateStoreException("Cannot read or create the state table "
                        + statements.table("schema_version") + " (does schema " + statements.tables
                        .substring(0, statements.tables.lastIndexOf('.')) + " exist, and may this user create "
                        + "tables in it?): " + e.getMessage(), e);
            }
        }
    }

    private static int version(QueryResult result) {
        String value = result.isEmpty() ? null : result.rows().get(0).get(0);
        return value == null ? 0 : Integer.parseInt(value);
    }

    // ---------------------------------------------------------------------------------------------- sessions

    @Override
    public SessionRecord saveSession(SessionRecord session) {
        Objects.requireNonNull(session, "session");
        String id = StoreRules.requireId(session.id(), "session id");
        SessionRecord next = StoreRules.nextVersion(session);
        // Tells this write from any other, also from another writer's identical record: found stored after a lost
        // answer or a reported conflict, it proves this statement committed.
        String writeId = UUID.randomUUID().toString();
        SqlQuery write = SqlQuery.of(session.version() == 0 ? statements.createSession : statements.advanceSession)
                .withParameter("session_id", id)
                .withParameter("space_id", next.spaceId())
                .withParameter("stage", next.stage().name())
                .withParameter(SqlParameter.typed("version", Long.toString(next.version()), "BIGINT"))
                .withParameter("write_id", writeId)
                .withParameter("record_json", GenieJson.write(next));
        if (session.version() != 0) {
            write = write.withParameter(SqlParameter.typed("expected_version", Long.toString(session.version()),
                    "BIGINT"));
        }
        String what = "save session '" + id + "'";
        for (int attempt = 1; ; attempt++) {
            SqlExecutionException failure = null;
            try {
                if (affectedRows(sql.execute(session.version() == 0 ? write : fenced(write, id))) == 1) {
                    return next;
                }
            } catch (SqlExecutionException e) {
                if (!isConcurrentModification(e)) {
                    throw failure(what, e);
                }
                failure = e;
            } catch (GenieEnhancerException e) {
                throw failure(what, e);
            }
            List<String> stored = execute("read the version of session '" + id + "'",
                    SqlQuery.of(statements.selectSessionWrite).withParameter("session_id", id)).rows().stream()
                    .findFirst().orElse(List.of("0", ""));
            if (writeId.equals(stored.get(1))) {
                return next;
            }
            long storedVersion = Long.parseLong(stored.get(0));
            if (storedVersion != session.version()) {
                throw StoreRules.conflict(id, session.version(), storedVersion);
            }
            if (failure == null) {
                // The version was right: the lease refused the write, or changed since the statement ran.
                requireWritable(id);
            }
            if (attempt == CONFLICT_ATTEMPTS) {
                throw new StateStoreException("Cannot save session '" + id + "' in " + statements.tables
                        + (failure == null ? ": the warehouse changed no row" : ": " + failure.getMessage()), failure);
            }
            backoff(attempt);
        }
    }

    @Override
    public Optional<SessionRecord> session(String sessionId) {
        return one(SqlQuery.of(statements.selectSession)
                .withParameter("session_id", StoreRules.requireId(sessionId, "session id")), SessionRecord.class,
                "session '" + sessionId + "'");
    }

    @Override
    public List<SessionRecord> sessions() {
        List<SessionRecord> all = new ArrayList<>(list(SqlQuery.of(statements.selectSessions), SessionRecord.class,
                "the sessions"));
        all.sort(OLDEST_FIRST);
        return List.copyOf(all);
    }

    // ---------------------------------------------------------------------------------------------- records

    @Override
    public void saveIteration(IterationRecord iteration) {
        Objects.requireNonNull(iteration, "iteration");
        replace(iteration.sessionId(), "iteration " + iteration.iteration(), SqlQuery.of(statements.mergeIteration)
                .withParameter(SqlParameter.typed("iteration", Integer.toString(iteration.iteration()), "INT")),
                iteration);
    }

    @Override
    public List<IterationRecord> iterations(String sessionId) {
        return list(bySession(statements.selectIterations, sessionId), IterationRecord.class,
                "the iterations of session '" + sessionId + "'");
    }

    @Override
    public void saveResult(String sessionId, String runId, QuestionResult result) {
        StoreRules.requireId(runId, "run id");
        Objects.requireNonNull(result, "result");
        String benchmarkId = StoreRules.requireId(result.benchmarkId(), "benchmark id");
        replace(sessionId, "result '" + benchmarkId + "' of run '" + runId + "'", SqlQuery.of(statements.mergeResult)
                .withParameter("run_id", runId).withParameter("benchmark_id", benchmarkId), result);
    }

    @Override
    public List<QuestionResult> results(String sessionId, String runId) {
        return list(bySession(statements.selectResults, sessionId)
                .withParameter("run_id", StoreRules.requireId(runId, "run id")), QuestionResult.class,
                "the results of run '" + runId + "' of session '" + sessionId + "'");
    }

    @Override
    public void saveReport(String sessionId, ScoreReport report) {
        Objects.requireNonNull(report, "report");
        String runId = StoreRules.requireId(report.runId(), "run id");
        replace(sessionId, "report of run '" + runId + "'", SqlQuery.of(statements.mergeReport)
                .withParameter("run_id", runId), report);
    }

    @Override
    public Optional<ScoreReport> report(String sessionId, String runId) {
        return one(bySession(statements.selectReport, sessionId)
                .withParameter("run_id", StoreRules.requireId(runId, "run id")), ScoreReport.class,
                "the report of run '" + runId + "' of session '" + sessionId + "'");
    }

    @Override
    public List<ScoreReport> reports(String sessionId) {
        return list(bySession(statements.selectReports, sessionId), ScoreReport.class,
                "the reports of session '" + sessionId + "'");
    }

    @Override
    public void savePlan(String sessionId, EnhancementPlan plan) {
        Objects.requireNonNull(plan, "plan");
        String planId = StoreRules.requireId(plan.planId(), "plan id");
        replace(sessionId, "plan '" + planId + "'", SqlQuery.of(statements.mergePlan).withParameter("plan_id", planId),
                plan);
    }

    @Override
    public Optional<EnhancementPlan> plan(String sessionId, String planId) {
        return one(bySession(statements.selectPlan, sessionId)
                .withParameter("plan_id", StoreRules.requireId(planId, "plan id")), EnhancementPlan.class,
                "plan '" + planId + "' of session '" + sessionId + "'");
    }

    @Override
    public List<EnhancementPlan> plans(String sessionId) {
        return list(bySession(statements.selectPlans, sessionId), EnhancementPlan.class,
                "the plans of session '" + sessionId + "'");
    }

    @Override
    public void saveSnapshot(SpaceSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        String id = StoreRules.requireId(snapshot.id(), "snapshot id");
        String sessionId = StoreRules.requireId(snapshot.sessionId(), "session id");
        SqlQuery merge = SqlQuery.of(statements.mergeSnapshot)
                .withParameter("snapshot_id", id)
                .withParameter("session_id", sessionId)
                .withParameter("record_json", GenieJson.write(snapshot));
        // Nothing inserted: the id is taken (by this snapshot, e.g. a retried step, or by another), the session is
        // not stored, or its lease refused the write.
        fencedWrite(sessionId, "save snapshot '" + id + "' of session '" + sessionId + "'", merge, () -> {
            Optional<SpaceSnapshot> stored = snapshot(id);
            if (stored.isPresent() && !stored.get().equals(snapshot)) {
                throw StoreRules.snapshotClash(id);
            }
            return stored.isPresent();
        });
    }

    @Override
    public Optional<SpaceSnapshot> snapshot(String snapshotId) {
        return one(SqlQuery.of(statements.selectSnapshot)
                .withParameter("snapshot_id", StoreRules.requireId(snapshotId, "snapshot id")), SpaceSnapshot.class,
                "snapshot '" + snapshotId + "'");
    }

    @Override
    public List<SpaceSnapshot> snapshots(String sessionId) {
        List<SpaceSnapshot> all = new ArrayList<>(list(bySession(statements.selectSnapshots, sessionId),
                SpaceSnapshot.class, "the snapshots of session '" + sessionId + "'"));
        // A stable sort: snapshots taken at the same instant stay in write order.
        all.sort(Comparator.comparing(SpaceSnapshot::takenAt));
        return List.copyOf(all);
    }

    @Override
    public void appendEvent(StateEvent event) {
        Objects.requireNonNull(event, "event");
        String sessionId = StoreRules.requireId(event.sessionId(), "session id");
        // A fresh id per call: a statement sent twice inserts the event once, two calls append two events.
        String eventId = UUID.randomUUID().toString();
        SqlQuery merge = SqlQuery.of(statements.mergeEvent)
                .withParameter("event_id", eventId)
                .withParameter("session_id", sessionId)
                .withParameter("record_json", GenieJson.write(event));
        fencedWrite(sessionId, "append an event to session '" + sessionId + "'", merge, () -> !execute(
                "read event '" + eventId + "' of session '" + sessionId + "'", bySession(statements.selectEvent,
                        sessionId).withParameter("event_id", eventId)).isEmpty());
    }

    @Override
    public List<StateEvent> events(String sessionId) {
        return list(bySession(statements.selectEvents, sessionId), StateEvent.class,
                "the events of session '" + sessionId + "'");
    }

    /**
     * Delta has no transaction across tables, so the session's row goes first, in one statement that also checks
     * the lease (unless forced): from then on the session does not load, and every write to it changes nothing.
     * Then its rows in the other tables are deleted, table by table. A crash in between leaves rows of a session
     * that does not exist, which deleting the id again removes: the other tables are swept also when the session
     * row is already gone.
     */
    @Override
    public boolean deleteSession(String sessionId, boolean force) {
        String id = StoreRules.requireId(sessionId, "session id");
        String what = "delete session '" + id + "'";
        boolean existed = false;
        for (int attempt = 1; ; attempt++) {
            SqlQuery delete = force ? bySession(statements.deleteSession, id)
                    : fenced(bySession(statements.deleteOwnedSession, id), id);
            if (write(what, delete) > 0) {
                existed = true;
                break;
            }
            if (session(id).isEmpty()) {
                break;
            }
            requireWritable(id);
            // The lease lets it now: it changed while the statement ran. Send it again, with the time of now.
            if (attempt == CONFLICT_ATTEMPTS) {
                throw new StateStoreException("Cannot " + what + " in " + statements.tables + ": the warehouse "
                        + "changed no row");
            }
        }
        for (String rows : statements.deleteSessionRows) {
            write(what, bySession(rows, id));
        }
        return existed;
    }

    // ---------------------------------------------------------------------------------------------- leases

    @Override
    public SessionLease acquireLease(String sessionId, String owner, Duration duration, boolean takeOver) {
        StoreRules.requireId(sessionId, "session id");
        return changeLease(sessionId, "claim session '" + sessionId + "'", current -> Optional.of(
                StoreRules.claim(sessionId, current, owner, duration, takeOver, clock.instant()))).orElseThrow();
    }

    @Override
    public SessionLease renewLease(SessionLease lease, Duration duration) {
        Objects.requireNonNull(lease, "lease");
        return changeLease(lease.sessionId(), "renew the lease on session '" + lease.sessionId() + "'",
                current -> Optional.of(StoreRules.renewal(lease, current, duration, clock.instant())))
                .orElseThrow();
    }

    @Override
    public void releaseLease(SessionLease lease) {
        Objects.requireNonNull(lease, "lease");
        changeLease(lease.sessionId(), "release the lease on session '" + lease.sessionId() + "'",
                current -> StoreRules.release(lease, current, clock.instant()));
    }

    @Override
    public Optional<SessionLease> lease(String sessionId) {
        return storedLease(StoreRules.requireId(sessionId, "session id")).map(StoredLease::lease);
    }

    @Override
    public StateStore withLease(SessionLease lease) {
        return new DeltaStateStore(this, Objects.requireNonNull(lease, "lease"));
    }

    /**
     * Replaces the session's lease with what {@code change} makes of the current one, by a compare-and-set on the
     * row's {@code write_id}; when another process changed it first, decides again on what that one wrote. Returns
     * the new lease, or empty when {@code change} gave none (nothing written).
     */
    private Optional<SessionLease> changeLease(String sessionId, String what,
                                               Function<Optional<SessionLease>, Optional<SessionLease>> change) {
        for (int attempt = 1; ; attempt++) {
            Optional<StoredLease> current = storedLease(sessionId);
            Optional<SessionLease> next = change.apply(current.map(StoredLease::lease));
            if (next.isEmpty()) {
                return next;
            }
            if (current.isEmpty() && session(sessionId).isEmpty()) {
                throw StoreRules.unknownSession(sessionId);
            }
            String writeId = UUID.randomUUID().toString();
            SqlQuery merge = leaseWrite(sessionId, next.get(), writeId, current.map(StoredLease::writeId).orElse(""));
            boolean conflict = false;
            try {
                if (affectedRows(sql.execute(merge)) == 1) {
                    return next;
                }
            } catch (SqlExecutionException e) {
                if (!isConcurrentModification(e)) {
                    throw failure(what, e);
                }
                conflict = true;
            } catch (GenieEnhancerException e) {
                throw failure(what, e);
            }
            if (storedLease(sessionId).map(StoredLease::writeId).filter(writeId::equals).isPresent()) {
                // The statement committed; its answer was lost or the conflict came after the commit.
                return next;
            }
            if (attempt == CONFLICT_ATTEMPTS) {
                throw new StateStoreException("Cannot " + what + " in " + statements.tables + ": other writers kept "
                        + "changing the lease");
            }
            if (conflict) {
                backoff(attempt);
            }
        }
    }

    private SqlQuery leaseWrite(String sessionId, SessionLease lease, String writeId, String expectedWriteId) {
        return bySession(statements.mergeLease, sessionId)
                .withParameter("holder", lease.owner())
                .withParameter(SqlParameter.typed("token", Long.toString(lease.token()), "BIGINT"))
                .withParameter(SqlParameter.typed("expires_at_ms", Long.toString(lease.expiresAt().toEpochMilli()),
                        "BIGINT"))
                .withParameter("write_id", writeId)
                .withParameter("expected_write_id", expectedWriteId);
    }

    private Optional<StoredLease> storedLease(String sessionId) {
        QueryResult result = execute("read the lease on session '" + sessionId + "'",
                bySession(statements.selectLease, sessionId));
        if (result.isEmpty()) {
            return Optional.empty();
        }
        List<String> row = result.rows().get(0);
        try {
            return Optional.of(new StoredLease(new SessionLease(sessionId, row.get(0), Long.parseLong(row.get(1)),
                    Instant.ofEpochMilli(Long.parseLong(row.get(2)))), row.get(3)));
        } catch (RuntimeException e) {
            throw new StateStoreException("Corrupt state row in " + statements.table("leases") + " (the lease on "
                    + "session '" + sessionId + "'): " + row, e);
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** The lease token this store writes the session under (0: none) and the time, as the statements expect. */
    private SqlQuery fenced(SqlQuery query, String sessionId) {
        return query.withParameter(SqlParameter.typed("lease_token", Long.toString(token(sessionId)), "BIGINT"))
                .withParameter(SqlParameter.typed("now_ms", Long.toString(clock.millis()), "BIGINT"));
    }

    private long token(String sessionId) {
        return fence.filter(l -> l.sessionId().equals(sessionId)).map(SessionLease::token)
                .orElse(StoreRules.NO_LEASE);
    }

    /** Throws what keeps this store from writing to the session now: it is not stored, or its lease refuses. */
    private void requireWritable(String sessionId) {
        if (session(sessionId).isEmpty()) {
            throw StoreRules.unknownSession(sessionId);
        }
        StoreRules.checkWrite(sessionId, token(sessionId), lease(sessionId), clock.instant());
    }

    /**
     * Sends a write whose statement checks the session and its lease, until it changes a row or the reason it did
     * not is known. {@code landed} says whether what the statement inserts is stored after all (the statement
     * committed before and its answer was lost); it may throw to refuse.
     */
    private void fencedWrite(String sessionId, String what, SqlQuery query, BooleanSupplier landed) {
        for (int attempt = 1; ; attempt++) {
            if (write(what, fenced(query, sessionId)) > 0 || landed.getAsBoolean()) {
                return;
            }
            requireWritable(sessionId);
            // The lease lets it now: it changed while the statement ran. Send it again, with the time of now.
            if (attempt == CONFLICT_ATTEMPTS) {
                throw new StateStoreException("Cannot " + what + " in " + statements.tables + ": the warehouse "
                        + "changed no row");
            }
        }
    }

    /** Inserts or replaces a keyed record. */
    private void replace(String sessionId, String what, SqlQuery keyed, Object value) {
        StoreRules.requireId(sessionId, "session id");
        SqlQuery merge = keyed.withParameter("session_id", sessionId)
                .withParameter("record_json", GenieJson.write(value));
        fencedWrite(sessionId, "save " + what + " of session '" + sessionId + "'", merge, () -> false);
    }


    private static SqlQuery bySession(String statement, String sessionId) {
        return SqlQuery.of(statement).withParameter("session_id", StoreRules.requireId(sessionId, "session id"));
    }

    /** Runs an idempotent write, again after a concurrent modification, and returns its affected rows. */
    private long write(String what, SqlQuery query) {
        for (int attempt = 1; ; attempt++) {
            try {
                return affectedRows(sql.execute(query));
            } catch (SqlExecutionException e) {
                if (!isConcurrentModification(e) || attempt == CONFLICT_ATTEMPTS) {
                    throw failure(what, e);
                }
                LOG.debug("Concurrent modification while trying to {} (attempt {}): {}", what, attempt,
                        e.getMessage());
            } catch (GenieEnhancerException e) {
                throw failure(what, e);
            }
            backoff(attempt);
        }
    }

    private QueryResult execute(String what, SqlQuery query) {
        try {
            return sql.execute(query);
        } catch (GenieEnhancerException e) {
            throw failure(what, e);
        }
    }

    private long affectedRows(QueryResult result) {
        for (int i = 0; i < result.columns().size(); i++) {
            if (result.columns().get(i).name().equals("num_affected_rows") && !result.isEmpty()) {
                return Long.parseLong(result.rows().get(0).get(i));
            }
        }
        throw new StateStoreException("The warehouse answered a write to " + statements.tables
                + " without num_affected_rows; columns: " + result.columns());
    }

    private <T> Optional<T> one(SqlQuery query, Class<T> type, String what) {
        return list(query, type, what).stream().findFirst();
    }

    private <T> List<T> list(SqlQuery query, Class<T> type, String what) {
        QueryResult result = execute("read " + what, query);
        if (result.truncated()) {
            throw new StateStoreException("Cannot read " + what + " from " + statements.tables
                    + ": the warehouse cut the result (over its inline size limit)");
        }
        List<T> values = new ArrayList<>(result.rowCount());
        for (List<String> row : result.rows()) {
            try {
                values.add(GenieJson.read(row.get(0), type, "row in " + statements.tables + " (" + what + ")"));
            } catch (DocumentFormatException e) {
                throw new StateStoreException("Corrupt state " + e.getMessage(), e);
            }
        }
        return List.copyOf(values);
    }

    private static boolean isConcurrentModification(SqlExecutionException e) {
        return e.sqlState().filter(CONCURRENT_MODIFICATION::equals).isPresent()
                || e.getMessage().contains("[DELTA_CONCURRENT_");
    }

    /** Waits before trying again: exponential from 200 ms to 5 s, with full jitter so writers spread out. */
    private void backoff(int attempt) {
        long cap = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(attempt - 1, 10));
        try {
            sleeper.sleep(Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateStoreException("Interrupted while waiting to write to " + statements.tables, e);
        }
    }

    private StateStoreException failure(String what, GenieEnhancerException e) {
        return new StateStoreException("Cannot " + what + " in " + statements.tables + ": " + e.getMessage(), e);
    }
}
