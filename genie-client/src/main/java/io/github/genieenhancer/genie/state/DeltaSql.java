package io.github.genieenhancer.genie.state;

import io.github.genieenhancer.core.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every statement {@link DeltaStateStore} sends, built once from the validated catalog, schema and table prefix.
 * Identifiers are the only text put into SQL, each checked against a strict pattern and backtick-quoted; every
 * value travels as a named {@code :parameter}.
 */
final class DeltaSql {

    /** Catalog and schema names: letters, digits, underscores and hyphens (quoted, so a hyphen is allowed). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,254}");
    /** Table prefixes, as for the JDBC store: letters, digits and underscores, starting with a letter. */
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");

    /**
     * Serializable isolation and no deletion vectors: then Delta detects conflicts by files, so of two statements
     * that write the same table at the same time one always fails with a concurrent-modification error instead of
     * both committing (row-level concurrency, which deletion vectors enable, would let two inserts of the same key
     * both succeed).
     */
    private static final String PROPERTIES = "USING DELTA\n"
            + "TBLPROPERTIES ('delta.isolationLevel' = 'Serializable', 'delta.enableDeletionVectors' = 'false')";

    /** One step of the schema: a version, what it does, and idempotent DDL. */
    record Migration(int version, String description, List<String> statements) {
        Migration {
            statements = List.copyOf(statements);
        }
    }

    final String tables;
    final String createVersionTable;
    final String selectVersion;
    final String recordVersion;
    final List<Migration> migrations;

    final String createSession;
    final String advanceSession;
    final String selectSessionWrite;
    final String selectLease;
    final String mergeLease;
    final String selectSession;
    final String selectSessions;

    final String mergeIteration;
    final String selectIterations;
    final String mergeResult;
    final String selectResults;
    final String mergeReport;
    final String selectReport;
    final String selectReports;
    final String mergePlan;
    final String selectPlan;
    final String selectPlans;
    final String mergeSnapshot;
    final String selectSnapshot;
    final String selectSnapshots;
    final String mergeEvent;
    final String selectEvent;
    final String selectEvents;

    final String deleteSession;
    final String deleteOwnedSession;
    final List<String> deleteSessionRows;

    private final String qualifier;
    private final String prefix;

    DeltaSql(String catalog, String schema, String prefix) {
        this.qualifier = quote(checkName("catalog", catalog)) + "." + quote(checkName("schema", schema)) + ".";
        if (!PREFIX.matcher(prefix).matches()) {
            throw new ConfigurationException("DeltaStateStore tablePrefix must be 1 to 40 letters, digits or "
                    + "underscores starting with a letter, got '" + prefix + "'");
        }
        this.prefix = prefix;
        this.tables = qualifier + "`" + prefix + "*`";

        String version = table("schema_version");
        String sessions = table("sessions");
        String leases = table("leases");
        createVersionTable = "CREATE TABLE IF NOT EXISTS " + version + " (\n"
                + "    version      INT    NOT NULL,\n"
                + "    description  STRING NOT NULL,\n"
                + "    applied_at   STRING NOT NULL\n"
                + ") " + PROPERTIES;
        selectVersion = "SELECT MAX(version) AS version FROM " + version;
        recordVersion = "MERGE INTO " + version + " AS t\n"
                + "USING (SELECT :version AS version, :description AS description, :applied_at AS applied_at) AS u\n"
                + "ON t.version = u.version\n"
                + "WHEN NOT MATCHED THEN INSERT (version, description, applied_at)\n"
                + "    VALUES (u.version, u.description, u.applied_at)";
        migrations = List.of(new Migration(1, "sessions, iterations, results, reports, plans, snapshots and events",
                List.of(
                        create("sessions", "session_id   STRING NOT NULL", "space_id     STRING NOT NULL",
                                "stage        STRING NOT NULL", "version      BIGINT NOT NULL",
                                "write_id     STRING NOT NULL"),
                        create("iterations", "session_id   STRING NOT NULL", "iteration    INT    NOT NULL"),
                        create("results", "session_id   STRING NOT NULL", "run_id       STRING NOT NULL",
                                "benchmark_id STRING NOT NULL"),
                        create("reports", "session_id   STRING NOT NULL", "run_id       STRING NOT NULL"),
                        create("plans", "session_id   STRING NOT NULL", "plan_id      STRING NOT NULL"),
                        create("snapshots", "snapshot_id  STRING NOT NULL", "session_id   STRING NOT NULL"),
                        create("events", "session_id   STRING NOT NULL", "event_id     STRING NOT NULL"))),
                new Migration(2, "session leases: one owner per session", List.of(
                        "CREATE TABLE IF NOT EXISTS " + leases + " (\n"
                                + "    session_id    STRING NOT NULL,\n"
                                + "    holder        STRING NOT NULL,\n"
                                + "    token         BIGINT NOT NULL,\n"
                                + "    expires_at_ms BIGINT NOT NULL,\n"
                                + "    write_id      STRING NOT NULL\n"
                                + ") " + PROPERTIES)));
        // A writer may write while its lease token (0: none) is the token of the session's unexpired lease, or 0
        // when no lease is unexpired: one comparison covers the holder, a writer without a lease, and a stale one.
        String leaseAllows = ":lease_token = COALESCE((SELECT MAX(l.token) FROM " + leases + " AS l "
                + "WHERE l.session_id = :session_id AND l.expires_at_ms > :now_ms), 0)";

        createSession = "MERGE INTO " + sessions + " AS t\n"
                + "USING (SELECT :session_id AS session_id, :space_id AS space_id, :stage AS stage, "
                + ":version AS version, :write_id AS write_id, :record_json AS record_json) AS u\n"
                + "ON t.session_id = u.session_id\n"
                + "WHEN NOT MATCHED THEN INSERT (session_id, space_id, stage, version, write_id, record_json)\n"
                + "    VALUES (u.session_id, u.space_id, u.stage, u.version, u.write_id, u.record_json)";
        advanceSession = "UPDATE " + sessions + "\n"
                + "SET space_id = :space_id, stage = :stage, version = :version, write_id = :write_id, "
                + "record_json = :record_json\n"
                + "WHERE session_id = :session_id AND version = :expected_version\n"
                + "    AND " + leaseAllows;
        selectSessionWrite = "SELECT version, write_id FROM " + sessions + " WHERE session_id = :session_id";
        selectSession = "SELECT record_json FROM " + sessions + " WHERE session_id = :session_id";
        selectSessions = "SELECT record_json FROM " + sessions;
        selectLease = "SELECT holder, token, expires_at_ms, write_id FROM " + leases
                + " WHERE session_id = :session_id";
        mergeLease = "MERGE INTO " + leases + " AS t\n"
                + "USING (\n"
                + "    SELECT s.session_id, :holder AS holder, :token AS token, :expires_at_ms AS expires_at_ms, "
                + ":write_id AS write_id\n"
                + "    FROM " + sessions + " AS s\n"
                + "    WHERE s.session_id = :session_id\n"
                + ") AS u\n"
                + "ON t.session_id = u.session_id\n"
                + "WHEN MATCHED AND t.write_id = :expected_write_id THEN UPDATE SET holder = u.holder, "
                + "token = u.token, expires_at_ms = u.expires_at_ms, write_id = u.write_id\n"
                + "WHEN NOT MATCHED AND :expected_write_id = '' THEN INSERT (session_id, holder, token, "
                + "expires_at_ms, write_id)\n"
                + "    VALUES (u.session_id, u.holder, u.token, u.expires_at_ms, u.write_id)";

        mergeIteration = merge("iterations", List.of("iteration"), List.of("session_id", "iteration"), true,
                leaseAllows);
        selectIterations = select("iterations", "session_id = :session_id", "iteration");
        mergeResult = merge("results", List.of("run_id", "benchmark_id"),
                List.of("session_id", "run_id", "benchmark_id"), true, leaseAllows);
        selectResults = select("results", "session_id = :session_id AND run_id = :run_id", "seq, benchmark_id");
        mergeReport = merge("reports", List.of("run_id"), List.of("session_id", "run_id"), true, leaseAllows);
        selectReport = select("reports", "session_id = :session_id AND run_id = :run_id", null);
        selectReports = select("reports", "session_id = :session_id", "seq, run_id");
        mergePlan = merge("plans", List.of("plan_id"), List.of("session_id", "plan_id"), true, leaseAllows);
        selectPlan = select("plans", "session_id = :session_id AND plan_id = :plan_id", null);
        selectPlans = select("plans", "session_id = :session_id", "seq, plan_id");
        mergeSnapshot = merge("snapshots", List.of("snapshot_id"), List.of("snapshot_id"), false, leaseAllows);
        selectSnapshot = select("snapshots", "snapshot_id = :snapshot_id", null);
        selectSnapshots = select("snapshots", "session_id = :session_id", "seq, snapshot_id");
        mergeEvent = merge("events", List.of("event_id"), List.of("session_id", "event_id"), false, leaseAllows);
        selectEvent = "SELECT event_id FROM " + table("events")
                + " WHERE session_id = :session_id AND event_id = :event_id";
        selectEvents = select("events", "session_id = :session_id", "seq, event_id");

        deleteSession = "DELETE FROM " + sessions + " WHERE session_id = :session_id";
        deleteOwnedSession = deleteSession + " AND " + leaseAllows;
        // The lease last: until then a writer that still holds it is refused by the missing session anyway.
        deleteSessionRows = Stream.of("iterations", "results", "reports", "plans", "snapshots", "events", "leases")
                .map(name -> "DELETE FROM " + table(name) + " WHERE session_id = :session_id").toList();
    }

    /** The quoted name of a table, e.g. {@code `main`.`genie_state`.`genie_enhancer_results`}. */
    String table(String name) {
        return qualifier + "`" + prefix + name + "`";
    }

    /** Every DDL statement, in the order a new schema runs them. */
    List<String> ddl() {
        List<String> all = new ArrayList<>();
        all.add(createVersionTable);
        migrations.forEach(m -> all.addAll(m.statements()));
        return all;
    }

    /** A table of records: its key columns, then the write-order number and the JSON (sessions: no sequence). */
    private String create(String name, String... keyColumns) {
        List<String> columns = new ArrayList<>(List.of(keyColumns));
        if (!name.equals("sessions")) {
            columns.add("seq          BIGINT NOT NULL");
        }
        columns.add("record_json  STRING NOT NULL");
        return "CREATE TABLE IF NOT EXISTS " + table(name) + " (\n    " + String.join(",\n    ", columns) + "\n) "
                + PROPERTIES;
    }

    /**
     * One record into a table of a session's records. The source has one row only when the session is stored and
     * its lease lets the writer write ({@code leaseAllows}), so {@code num_affected_rows} 0 means "no such session"
     * or "refused" (or, without {@code replace}, "already stored"). Its {@code seq} is one more than the session's
     * highest in the table, which Delta's conflict detection keeps unique; a replacement keeps the row's first
     * {@code seq}.
     */
    private String merge(String name, List<String> parameterColumns, List<String> keyColumns, boolean replace,
                         String leaseAllows) {
        String target = table(name);
        List<String> columns = new ArrayList<>();
        columns.add("session_id");
        columns.addAll(parameterColumns);
        columns.add("seq");
        columns.add("record_json");
        String parameters = parameterColumns.stream().map(c -> ":" + c + " AS " + c)
                .collect(Collectors.joining(", "));
        return "MERGE INTO " + target + " AS t\n"
                + "USING (\n"
                + "    SELECT s.session_id, " + parameters + ",\n"
                + "        (SELECT COALESCE(MAX(seq), 0) + 1 FROM " + target + " WHERE session_id = :session_id) AS seq,\n"
                + "        :record_json AS record_json\n"
                + "    FROM " + table("sessions") + " AS s\n"
                + "    WHERE s.session_id = :session_id\n"
                + "        AND " + leaseAllows + "\n"
                + ") AS u\n"
                + "ON " + keyColumns.stream().map(c -> "t." + c + " = u." + c).collect(Collectors.joining(" AND "))
                + "\n"
                + (replace ? "WHEN MATCHED THEN UPDATE SET record_json = u.record_json\n" : "")
                + "WHEN NOT MATCHED THEN INSERT (" + String.join(", ", columns) + ")\n"
                + "    VALUES (" + columns.stream().map(c -> "u." + c).collect(Collectors.joining(", ")) + ")";
    }

    private String select(String name, String where, String orderBy) {
        return "SELECT record_json FROM " + table(name) + " WHERE " + where
                + (orderBy == null ? "" : " ORDER BY " + orderBy);
    }

    private static String checkName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ConfigurationException("DeltaStateStore " + what + " must be 1 to 255 letters, digits, "
                    + "underscores or hyphens, got '" + name + "'");
        }
        return name;
    }

    private static String quote(String name) {
        return "`" + name + "`";
    }
}
