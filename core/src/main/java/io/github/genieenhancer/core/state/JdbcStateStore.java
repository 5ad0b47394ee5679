package io.github.genieenhancer.core.state;

import static io.github.genieenhancer.core.state.JdbcTransactions.query;
import static io.github.genieenhancer.core.state.JdbcTransactions.update;

import io.github.genieenhancer.core.DocumentFormatException;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.StateStoreException;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.state.internal.StoreRules;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A {@link StateStore} in tables of a relational database reached through any {@link DataSource}, so processes on
 * several machines share one session's state. Plain {@code java.sql}: bring the driver and, for a server database,
 * a connection pool.
 *
 * <pre>{@code
 * StateStore store = JdbcStateStore.builder(dataSource).tablePrefix("genie_").build();
 * }</pre>
 *
 * <p>The store creates its tables on first use and migrates them when a newer library adds a schema version
 * ({@code <prefix>schema_version} records what was applied). Every record is kept as JSON text
 * ({@link GenieJson}) beside the key columns it is found by. Tested on H2, SQLite and PostgreSQL; the DDL, the
 * statements and database notes are in {@code docs/state-stores-shared.md}.
 *
 * <p>Locking: {@link #saveSession} is a compare-and-set, {@code UPDATE ... WHERE session_id = ? AND version = ?}
 * (an {@code INSERT} for version 0, where the primary key admits one winner). Every other write first increments
 * the session row's {@code last_seq}: that checks the session exists, numbers the write for first-write order, and
 * holds the row's lock until the transaction ends, so writes to one session are serialised across processes.
 * Holding that lock, every write reads the session's row of {@code <prefix>leases} and is rolled back when the
 * lease does not let the writer write; lease changes take the same row lock first, so a claim and a write never
 * interleave.
 *
 * <p>{@link #close()} does nothing: the data source belongs to the caller, who closes it.
 */
public final class JdbcStateStore implements StateStore {

    /** The table prefix used when none is set: tables are {@code genie_enhancer_sessions} and so on. */
    public static final String DEFAULT_TABLE_PREFIX = "genie_enhancer_";

    /** The longest id, in characters, the key columns hold ({@code VARCHAR(1000)}). */
    public static final int MAX_ID_LENGTH = 1000;

    /** Letters, digits and underscores, starting with a letter: a prefix needs no quoting on any database. */
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");

    /** How often a session write is tried while it fails with the stored version still the expected one. */
    private static final int SESSION_ATTEMPTS = 3;

    /** Every table with rows of a session, the sessions table last since the others reference it. */
    private static final List<String> SESSION_TABLES = List.of("iterations", "results", "reports", "plans",
            "snapshots", "events", "leases", "sessions");

    private static final Comparator<SessionRecord> OLDEST_FIRST =
            Comparator.comparing(SessionRecord::createdAt).thenComparing(SessionRecord::id);

    private final JdbcTransactions transactions;
    private final String prefix;
    private final int schemaVersion;
    private final Clock clock;
    /** The lease this view writes its session under; none for the store itself. */
    private final Optional<SessionLease> fence;
    private final Keyed iterationsTable;
    private final Keyed resultsTable;
    private final Keyed reportsTable;
    private final Keyed plansTable;

    /**
     * A table of records replaced by key, each row numbered by its first write.
     *
     * @param name   the table
     * @param update replaces the record of a key: parameters are the JSON, then the key values
     * @param insert adds a row: parameters are the key values, the sequence number, then the JSON
     */
    private record Keyed(String name, String update, String insert) {
        static Keyed of(String name, String... keys) {
            String where = Stream.of(keys).map(k -> k + " = ?").collect(Collectors.joining(" AND "));
            return new Keyed(name, "UPDATE " + name + " SET record_json = ? WHERE " + where,
                    "INSERT INTO " + name + " (" + String.join(", ", keys) + ", seq, record_json) VALUES ("
                            + "?, ".repeat(keys.length) + "?, ?)");
        }
    }

    private JdbcStateStore(Builder builder) {
        this.transactions = new JdbcTransactions(builder.dataSource);
        this.prefix = builder.tablePrefix;
        this.schemaVersion = JdbcSchema.migrate(transactions, prefix, builder.migrations);
        this.clock = builder.clock;
        this.fence = Optional.empty();
        this.iterationsTable = Keyed.of(prefix + "iterations", "session_id", "iteration");
        this.resultsTable = Keyed.of(prefix + "results", "session_id", "run_id", "benchmark_id");
        this.reportsTable = Keyed.of(prefix + "reports", "session_id", "run_id");
        this.plansTable = Keyed.of(prefix + "plans", "session_id", "plan_id");
    }

    /** A view of {@code store} writing under {@code lease}. */
    private JdbcStateStore(JdbcStateStore store, SessionLease lease) {
        this.transactions = store.transactions;
        this.prefix = store.prefix;
        this.schemaVersion = store.schemaVersion;
        this.clock = store.clock;
        this.fence = Optional.of(lease);
        this.iterationsTable = store.iterationsTable;
        this.resultsTable = store.resultsTable;
        this.reportsTable = store.reportsTable;
        this.plansTable = store.plansTable;
    }

    /**
     * A store in the tables {@code genie_enhancer_*} of the data source's database, created or migrated now.
     *
     * @throws StateStoreException when the database cannot be reached or the tables cannot be created or migrated
     */
    public static JdbcStateStore create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /** A builder for a store over {@code dataSource}, with the defaults of {@link #create(DataSource)}. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** Options of a {@link JdbcStateStore}; {@link #build()} opens the store. */
    public static final class Builder {
        private final DataSource dataSource;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private Clock clock = Clock.systemUTC();
        private List<JdbcSchema.Migration> migrations = JdbcSchema.MIGRATIONS;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * The start of every table name, default {@value #DEFAULT_TABLE_PREFIX}: 1 to 40 letters, digits and
         * underscores, starting with a letter. Names are not quoted, so the database folds their case as usual and
         * prefixes that differ only in case name the same tables. Several prefixes keep several independent stores
         * in one schema.
         *
         * @throws IllegalArgumentException when the prefix has other characters
         */
        public Builder tablePrefix(String tablePrefix) {
            Objects.requireNonNull(tablePrefix, "tablePrefix");
            if (!PREFIX.matcher(tablePrefix).matches()) {
                throw new IllegalArgumentException("tablePrefix must be 1 to 40 letters, digits or underscores "
                        + "starting with a letter, got '" + tablePrefix + "'");
            }
            this.tablePrefix = tablePrefix;
            return this;
        }

        /**
         * The clock that decides when session leases expire (default the UTC system clock). Every process sharing
         * the tables should agree on the time to well within a lease's duration, as NTP-synchronised machines do.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** For tests of the migration mechanism: a schema history other than the library's. */
        Builder migrations(List<JdbcSchema.Migration> migrations) {
            this.migrations = List.copyOf(migrations);
            return this;
        }

        /**
         * Connects, creates or migrates the tables, and returns the store.
         *
         * @throws StateStoreException when the database cannot be reached, the tables cannot be created or
         *                             migrated, or they were written by a newer library
         */
        public JdbcStateStore build() {
            return new JdbcStateStore(this);
        }
    }

    /** The schema version the tables were at once this store was opened. */
    int schemaVersion() {
        return schemaVersion;
    }

    @Override
    public SessionRecord saveSession(SessionRecord session) {
        Objects.requireNonNull(session, "session");
        String id = requireKey(session.id(), "session id");
        requireLength(session.spaceId(), "space id");
        SessionRecord next = StoreRules.nextVersion(session);
        String json = GenieJson.write(next);
        String stage = next.stage().name();
        for (int attempt = 1; ; attempt++) {
            SQLException failure = null;
            try {
                // One statement decides: the primary key admits one INSERT, the WHERE one UPDATE per version. The
                // UPDATE holds the row's lock, under which the lease is checked (a new session has none).
                int written = transactions.run(connection -> {
                    if (session.version() == 0) {
                        return update(connection, "INSERT INTO " + prefix + "sessions (session_id, space_id, stage, "
                                + "version, last_seq, record_json) VALUES (?, ?, ?, ?, 0, ?)",
                                id, next.spaceId(), stage, next.version(), json);
                    }
                    int changed = update(connection, "UPDATE " + prefix + "sessions SET space_id = ?, stage = ?, "
                            + "version = ?, record_json = ? WHERE session_id = ? AND version = ?",
                            next.spaceId(), stage, next.version(), json, id, session.version());
                    if (changed == 1) {
                        checkLease(connection, id);
                    }
                    return changed;
                });
                if (written == 1) {
                    return next;
                }
            } catch (SQLException e) {
                // A duplicate key or a serialisation failure is a lost race; the stored version tells.
                failure = e;
            }
            long stored = storedVersion(id);
            if (stored != session.version()) {
                throw StoreRules.conflict(id, session.version(), stored);
            }
            if (attempt == SESSION_ATTEMPTS) {
                throw new StateStoreException("Cannot save session '" + id + "' in " + prefix + "sessions"
                        + (failure == null ? "" : ": " + failure.getMessage()), failure);
            }
        }
    }

    private long storedVersion(String sessionId) {
        return inTransaction("read the version of session '" + sessionId + "'", connection -> query(connection,
                "SELECT version FROM " + prefix + "sessions WHERE session_id = ?", row -> row.getLong(1),
                sessionId)).stream().findFirst().orElse(0L);
    }

    @Override
    public Optional<SessionRecord> session(String sessionId) {
        requireKey(sessionId, "session id");
        return one("SELECT record_json FROM " + prefix + "sessions WHERE session_id = ?", SessionRecord.class,
                "session '" + sessionId + "'", sessionId);
    }

    @Override
    public List<SessionRecord> sessions() {
        List<SessionRecord> all = new ArrayList<>(list("SELECT record_json FROM " + prefix + "sessions",
                SessionRecord.class, "the sessions"));
        all.sort(OLDEST_FIRST);
        return List.copyOf(all);
    }

    @Override
    public void saveIteration(IterationRecord iteration) {
        Objects.requireNonNull(iteration, "iteration");
        saveKeyed(iteration.sessionId(), iterationsTable, iteration, "iteration " + iteration.iteration(),
                iteration.iteration());
    }

    @Override
    public List<IterationRecord> iterations(String sessionId) {
        requireKey(sessionId, "session id");
        return list("SELECT record_json FROM " + prefix + "iterations WHERE session_id = ? ORDER BY iteration",
                IterationRecord.class, "the iterations of session '" + sessionId + "'", sessionId);
    }

    @Override
    public void saveResult(String sessionId, String runId, QuestionResult result) {
        requireKey(runId, "run id");
        Objects.requireNonNull(result, "result");
        String benchmarkId = requireKey(result.benchmarkId(), "benchmark id");
        saveKeyed(sessionId, resultsTable, result, "result '" + benchmarkId + "' of run '" + runId + "'", runId,
                benchmarkId);
    }

    @Override
    public List<QuestionResult> results(String sessionId, String runId) {
        requireKey(sessionId, "session id");
        requireKey(runId, "run id");
        return list("SELECT record_json FROM " + prefix + "results WHERE session_id = ? AND run_id = ? ORDER BY seq",
                QuestionResult.class, "the results of run '" + runId + "' of session '" + sessionId + "'",
                sessionId, runId);
    }

    @Override
    public void saveReport(String sessionId, ScoreReport report) {
        Objects.requireNonNull(report, "report");
        String runId = requireKey(report.runId(), "run id");
        saveKeyed(sessionId, reportsTable, report, "report of run '" + runId + "'", runId);
    }

    @Override
    public Optional<ScoreReport> report(String sessionId, String runId) {
        requireKey(sessionId, "session id");
        requireKey(runId, "run id");
        return one("SELECT record_json FROM " + prefix + "reports WHERE session_id = ? AND run_id = ?",
                ScoreReport.class, "the report of run '" + runId + "' of session '" + sessionId + "'", sessionId,
                runId);
    }

    @Override
    public List<ScoreReport> reports(String sessionId) {
        requireKey(sessionId, "session id");
        return list("SELECT record_json FROM " + prefix + "reports WHERE session_id = ? ORDER BY seq",
                ScoreReport.class, "the reports of session '" + sessionId + "'", sessionId);
    }

    @Override
    public void savePlan(String sessionId, EnhancementPlan plan) {
        Objects.requireNonNull(plan, "plan");
        String planId = requireKey(plan.planId(), "plan id");
        saveKeyed(sessionId, plansTable, plan, "plan '" + planId + "'", planId);
    }

    @Override
    public Optional<EnhancementPlan> plan(String sessionId, String planId) {
        requireKey(sessionId, "session id");
        requireKey(planId, "plan id");
        return one("SELECT record_json FROM " + prefix + "plans WHERE session_id = ? AND plan_id = ?",
                EnhancementPlan.class, "plan '" + planId + "' of session '" + sessionId + "'", sessionId, planId);
    }

    @Override
    public List<EnhancementPlan> plans(String sessionId) {
        requireKey(sessionId, "session id");
        return list("SELECT record_json FROM " + prefix + "plans WHERE session_id = ? ORDER BY seq",
                EnhancementPlan.class, "the plans of session '" + sessionId + "'", sessionId);
    }

    @Override
    public void saveSnapshot(SpaceSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        String id = requireKey(snapshot.id(), "snapshot id");
        String sessionId = requireKey(snapshot.sessionId(), "session id");
        String json = GenieJson.write(snapshot);
        String what = "save snapshot '" + id + "' of session '" + sessionId + "'";
        try {
            transactions.run(connection -> {
                long seq = nextSequence(connection, sessionId);
                checkLease(connection, sessionId);
                Optional<SpaceSnapshot> stored = readSnapshot(connection, id);
                if (stored.isEmpty()) {
                    update(connection, "INSERT INTO " + prefix + "snapshots (snapshot_id, session_id, seq, "
                            + "record_json) VALUES (?, ?, ?, ?)", id, sessionId, seq, json);
                } else if (!stored.get().equals(snapshot)) {
                    throw StoreRules.snapshotClash(id);
                }
                return null;
            });
        } catch (SQLException e) {
            // Another session stored this id in the same instant: the stored snapshot decides, as it would later.
            SpaceSnapshot stored = inTransaction(what, connection -> readSnapshot(connection, id))
                    .orElseThrow(() -> failure(what, e));
            if (!stored.equals(snapshot)) {
                throw StoreRules.snapshotClash(id);
            }
        }
    }

    @Override
    public Optional<SpaceSnapshot> snapshot(String snapshotId) {
        requireKey(snapshotId, "snapshot id");
        return inTransaction("read snapshot '" + snapshotId + "'", connection -> readSnapshot(connection, snapshotId));
    }

    private Optional<SpaceSnapshot> readSnapshot(Connection connection, String snapshotId) throws SQLException {
        return query(connection, "SELECT record_json FROM " + prefix + "snapshots WHERE snapshot_id = ?",
                row -> row.getString(1), snapshotId).stream()
                .map(json -> parse(json, SpaceSnapshot.class, "snapshot '" + snapshotId + "'"))
                .findFirst();
    }

    @Override
    public List<SpaceSnapshot> snapshots(String sessionId) {
        requireKey(sessionId, "session id");
        List<SpaceSnapshot> all = new ArrayList<>(list("SELECT record_json FROM " + prefix + "snapshots "
                + "WHERE session_id = ? ORDER BY seq", SpaceSnapshot.class,
                "the snapshots of session '" + sessionId + "'", sessionId));
        // A stable sort: snapshots taken at the same instant stay in write order.
        all.sort(Comparator.comparing(SpaceSnapshot::takenAt));
        return List.copyOf(all);
    }

    @Override
    public void appendEvent(StateEvent event) {
        Objects.requireNonNull(event, "event");
        String sessionId = requireKey(event.sessionId(), "session id");
        String json = GenieJson.write(event);
        inTransaction("append an event to session '" + sessionId + "'", connection -> {
            long seq = nextSequence(connection, sessionId);
            checkLease(connection, sessionId);
            return update(connection, "INSERT INTO " + prefix + "events (session_id, seq, record_json) "
                    + "VALUES (?, ?, ?)", sessionId, seq, json);
        });
    }

    @Override
    public List<StateEvent> events(String sessionId) {
        requireKey(sessionId, "session id");
        return list("SELECT record_json FROM " + prefix + "events WHERE session_id = ? ORDER BY seq",
                StateEvent.class, "the events of session '" + sessionId + "'", sessionId);
    }

    /**
     * One transaction under the session row's lock: the lease is checked, then every row of the session goes, the
     * record last (the other tables reference it). A crash rolls it all back.
     */
    @Override
    public boolean deleteSession(String sessionId, boolean force) {
        requireKey(sessionId, "session id");
        return inTransaction("delete session '" + sessionId + "'", connection -> {
            if (!lockSession(connection, sessionId)) {
                return false;
            }
            if (!force) {
                checkLease(connection, sessionId);
            }
            for (String table : SESSION_TABLES) {
                update(connection, "DELETE FROM " + prefix + table + " WHERE session_id = ?", sessionId);
            }
            return true;
        });
    }

    @Override
    public SessionLease acquireLease(String sessionId, String owner, Duration duration, boolean takeOver) {
        requireKey(sessionId, "session id");
        requireLength(StoreRules.requireOwner(owner), "lease owner");
        return changeLease(sessionId, "claim session '" + sessionId + "'", current -> Optional.of(
                StoreRules.claim(sessionId, current, owner, duration, takeOver, clock.instant()))).orElseThrow();
    }

    @Override
    public SessionLease renewLease(SessionLease lease, Duration duration) {
        Objects.requireNonNull(lease, "lease");
        return changeLease(requireKey(lease.sessionId(), "session id"), "renew the lease on session '"
                + lease.sessionId() + "'", current -> Optional.of(StoreRules.renewal(lease, current, duration,
                clock.instant()))).orElseThrow();
    }

    @Override
    public void releaseLease(SessionLease lease) {
        Objects.requireNonNull(lease, "lease");
        String sessionId = requireKey(lease.sessionId(), "session id");
        inTransaction("release the lease on session '" + sessionId + "'", connection -> {
            Optional<SessionLease> released = lockSession(connection, sessionId)
                    ? StoreRules.release(lease, readLease(connection, sessionId), clock.instant()) : Optional.empty();
            if (released.isPresent()) {
                writeLease(connection, released.get());
            }
            return null;
        });
    }

    @Override
    public Optional<SessionLease> lease(String sessionId) {
        requireKey(sessionId, "session id");
        return inTransaction("read the lease on session '" + sessionId + "'",
                connection -> readLease(connection, sessionId));
    }

    @Override
    public StateStore withLease(SessionLease lease) {
        return new JdbcStateStore(this, Objects.requireNonNull(lease, "lease"));
    }

    /** Changes the session's lease under its row's lock; {@code change} throws when it may not. */
    private Optional<SessionLease> changeLease(String sessionId, String what,
                                               Function<Optional<SessionLease>, Optional<SessionLease>> change) {
        return inTransaction(what, connection -> {
            if (!lockSession(connection, sessionId)) {
                throw StoreRules.unknownSession(sessionId);
            }
            Optional<SessionLease> next = change.apply(readLease(connection, sessionId));
            if (next.isPresent()) {
                writeLease(connection, next.get());
            }
            return next;
        });
    }

    /** Takes the session row's lock until the transaction ends; false when the session is not stored. */
    private boolean lockSession(Connection connection, String sessionId) throws SQLException {
        return update(connection, "UPDATE " + prefix + "sessions SET last_seq = last_seq WHERE session_id = ?",
                sessionId) == 1;
    }

    private Optional<SessionLease> readLease(Connection connection, String sessionId) throws SQLException {
        return query(connection, "SELECT holder, token, expires_at_ms FROM " + prefix + "leases WHERE session_id = ?",
                row -> new SessionLease(sessionId, row.getString(1), row.getLong(2),
                        Instant.ofEpochMilli(row.getLong(3))), sessionId).stream().findFirst();
    }

    private void writeLease(Connection connection, SessionLease lease) throws SQLException {
        long expires = lease.expiresAt().toEpochMilli();
        if (update(connection, "UPDATE " + prefix + "leases SET holder = ?, token = ?, expires_at_ms = ? "
                + "WHERE session_id = ?", lease.owner(), lease.token(), expires, lease.sessionId()) == 0) {
            update(connection, "INSERT INTO " + prefix + "leases (session_id, holder, token, expires_at_ms) "
                    + "VALUES (?, ?, ?, ?)", lease.sessionId(), lease.owner(), lease.token(), expires);
        }
    }

    /**
     * Refuses the transaction's write when the session's lease does not let this writer write now. Called holding
     * the session row's lock, which every lease change takes too.
     */
    private void checkLease(Connection connection, String sessionId) throws SQLException {
        long token = fence.filter(l -> l.sessionId().equals(sessionId)).map(SessionLease::token)
                .orElse(StoreRules.NO_LEASE);
        StoreRules.checkWrite(sessionId, token, readLease(connection, sessionId), clock.instant());
    }

    /** Replaces the record under its key, or adds it numbered after everything the session holds. */
    private void saveKeyed(String sessionId, Keyed table, Object value, String what, Object... keys) {
        requireKey(sessionId, "session id");
        String json = GenieJson.write(value);
        Object[] updateParameters = Stream.concat(Stream.of(json, sessionId), Stream.of(keys)).toArray();
        inTransaction("save " + what + " of session '" + sessionId + "'", connection -> {
            long seq = nextSequence(connection, sessionId);
            checkLease(connection, sessionId);
            if (update(connection, table.update(), updateParameters) == 0) {
                Object[] insertParameters = Stream.concat(Stream.concat(Stream.of(sessionId), Stream.of(keys)),
                        Stream.of(seq, json)).toArray();
                update(connection, table.insert(), insertParameters);
            }
            return null;
        });
    }

    /**
     * Takes the next number of the session's write order. The update also checks the session is stored and locks
     * its row until the transaction ends, so a concurrent write to the same key waits instead of inserting twice.
     */
    private long nextSequence(Connection connection, String sessionId) throws SQLException {
        if (update(connection, "UPDATE " + prefix + "sessions SET last_seq = last_seq + 1 WHERE session_id = ?",
                sessionId) == 0) {
            throw StoreRules.unknownSession(sessionId);
        }
        return query(connection, "SELECT last_seq FROM " + prefix + "sessions WHERE session_id = ?",
                row -> row.getLong(1), sessionId).get(0);
    }

    private <T> Optional<T> one(String sql, Class<T> type, String what, Object... parameters) {
        return list(sql, type, what, parameters).stream().findFirst();
    }

    private <T> List<T> list(String sql, Class<T> type, String what, Object... parameters) {
        List<String> rows = inTransaction("read " + what, connection -> query(connection, sql, row -> row.getString(1),
                parameters));
        return rows.stream().map(json -> parse(json, type, what)).toList();
    }

    private <T> T parse(String json, Class<T> type, String what) {
        try {
            return GenieJson.read(json, type, "row in " + prefix + "* (" + what + ")");
        } catch (DocumentFormatException e) {
            throw new StateStoreException("Corrupt state " + e.getMessage(), e);
        }
    }

    /** Runs one transaction; {@code what} completes "Cannot ..." in the exception when it fails. */
    private <T> T inTransaction(String what, JdbcTransactions.Work<T> work) {
        try {
            return transactions.run(work);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private StateStoreException failure(String what, SQLException e) {
        return new StateStoreException("Cannot " + what + " in the state tables " + prefix + "*: " + e.getMessage(),
                e);
    }

    private static String requireKey(String id, String what) {
        return requireLength(StoreRules.requireId(id, what), what);
    }

    private static String requireLength(String id, String what) {
        if (id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(what + " has " + id.length() + " characters; the JDBC state store "
                    + "keeps ids of at most " + MAX_ID_LENGTH);
        }
        return id;
    }
}
