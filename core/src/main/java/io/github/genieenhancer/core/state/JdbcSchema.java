package io.github.genieenhancer.core.state;

import static io.github.genieenhancer.core.state.JdbcTransactions.query;
import static io.github.genieenhancer.core.state.JdbcTransactions.update;

import io.github.genieenhancer.core.StateStoreException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables of {@link JdbcStateStore} and the migrations that create and evolve them. {@code <prefix>schema_version}
 * holds one row per applied migration. Each migration runs in one transaction together with the insert of its
 * row; its DDL uses {@code IF NOT EXISTS}, so re-running it after a partial application is harmless on databases
 * whose DDL commits on its own (H2, MySQL). Processes that start together race safely: the version row's primary
 * key lets exactly one of them record a migration, the others roll back, re-read the version and go on.
 */
final class JdbcSchema {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSchema.class);

    /** How often one migration is tried while other processes keep it from being applied or recorded. */
    private static final int ATTEMPTS = 3;

    /** Placeholder for the table prefix in migration statements. */
    static final String PREFIX = "{prefix}";

    /**
     * One step of the schema.
     *
     * @param version     1 for the first migration, each next one the number after
     * @param description what it does, stored in the version table
     * @param statements  DDL with {@value #PREFIX} in place of the table prefix
     */
    record Migration(int version, String description, List<String> statements) {
        Migration {
            Objects.requireNonNull(description, "description");
            statements = List.copyOf(statements);
        }

        List<String> statements(String prefix) {
            return statements.stream().map(s -> s.replace(PREFIX, prefix)).toList();
        }
    }

    /** The schema this library writes; new versions are appended, never edited. */
    static final List<Migration> MIGRATIONS = List.of(new Migration(1,
            "sessions, iterations, results, reports, plans, snapshots and events", List.of("""
            CREATE TABLE IF NOT EXISTS {prefix}sessions (
                session_id   VARCHAR(1000) NOT NULL PRIMARY KEY,
                space_id     VARCHAR(1000) NOT NULL,
                stage        VARCHAR(20)   NOT NULL,
                version      BIGINT        NOT NULL,
                last_seq     BIGINT        NOT NULL,
                record_json  TEXT          NOT NULL
            )""", """
            CREATE TABLE IF NOT EXISTS {prefix}iterations (
                session_id   VARCHAR(1000) NOT NULL REFERENCES {prefix}sessions (session_id),
                iteration    INTEGER       NOT NULL,
                seq          BIGINT        NOT NULL,
                record_json  TEXT          NOT NULL,
                PRIMARY KEY (session_id, iteration)
            )""", """
            CREATE TABLE IF NOT EXISTS {prefix}results (
                session_id   VARCHAR(1000) NOT NULL REFERENCES {prefix}sessions (session_id),
                run_id       VARCHAR(1000) NOT NULL,
                benchmark_id VARCHAR(1000) NOT NULL,
                seq          BIGINT        NOT NULL,
                record_json  TEXT          NOT NULL,
                PRIMARY KEY (session_id, run_id, benchmark_id)
            )""", """
            CREATE TABLE IF NOT EXISTS {prefix}reports (
                session_id   VARCHAR(1000) NOT NULL REFERENCES {prefix}sessions (session_id),
                run_id       VARCHAR(1000) NOT NULL,
                seq          BIGINT        NOT NULL,
                record_json  TEXT          NOT NULL,
                PRIMARY KEY (session_id, run_id)
            )""", """
            CREATE TABLE IF NOT EXISTS {prefix}plans (
                session_id   VARCHAR(1000) NOT NULL REFERENCES {prefix}sessions (session_id),
                plan_id      VARCHAR(1000) NOT NULL,
                seq          BIGINT        NOT NULL,
                record_json  TEXT          NOT NULL,
                PRIMARY KEY (session_id, plan_id)
            )""", """
            CREATE TABLE IF NOT EXISTS {prefix}snapshots (
                snapshot_id  VARCHAR(1000) NOT NULL PRIMARY KEY,
                session_id   VARCHAR(1000) NOT NULL REFERENCES {prefix}sessions (session_id),
                seq          BIGINT        NOT NULL,
                record_json  TEXT          NOT NULL,
                UNIQUE (session_id, seq)
            )""", """
            CREATE TABLE IF NOT EXISTS {prefix}events (
                session_id   VARCHAR(1000) NOT NULL REFERENCES {prefix}sessions (session_id),
                seq          BIGINT        NOT NULL,
                record_json  TEXT          NOT NULL,
                PRIMARY KEY (session_id, seq)
            )""")), new Migration(2, "session leases: one owner per session", List.of("""
            CREATE TABLE IF NOT EXISTS {prefix}leases (
                session_id    VARCHAR(1000) NOT NULL PRIMARY KEY REFERENCES {prefix}sessions (session_id),
                holder        VARCHAR(1000) NOT NULL,
                token         BIGINT        NOT NULL,
                expires_at_ms BIGINT        NOT NULL
            )""")));

    /** The version table, created before any migration. */
    static final String VERSION_TABLE = """
            CREATE TABLE IF NOT EXISTS {prefix}schema_version (
                version      INTEGER       NOT NULL PRIMARY KEY,
                description  VARCHAR(200)  NOT NULL,
                applied_at   VARCHAR(40)   NOT NULL
            )""";

    private JdbcSchema() {
    }

    /**
     * Brings the tables with this prefix to the last of {@code migrations} and returns that version.
     *
     * @throws StateStoreException when the database cannot be reached, a migration keeps failing, or the tables are
     *                             at a version newer than {@code migrations} know
     */
    static int migrate(JdbcTransactions transactions, String prefix, List<Migration> migrations) {
        int latest = migrations.size();
        int failures = 0;
        while (true) {
            int current = currentVersion(transactions, prefix);
            if (current > latest) {
                throw new StateStoreException("The state tables " + prefix + "* are at schema version " + current
                        + ", written by a newer Genie Enhancer; this one knows versions up to " + latest
                        + ". Upgrade the library, or choose another table prefix");
            }
            if (current == latest) {
                return current;
            }
            Migration next = migrations.get(current);
            try {
                transactions.run(connection -> {
                    for (String statement : next.statements(prefix)) {
                        update(connection, statement);
                    }
                    return update(connection, "INSERT INTO " + prefix + "schema_version (version, description, "
                            + "applied_at) VALUES (?, ?, ?)", next.version(), next.description(),
                            Instant.now().toString());
                });
                LOG.info("Migrated the state tables {}* to schema version {}: {}", prefix, next.version(),
                        next.description());
            } catch (SQLException e) {
                if (currentVersion(transactions, prefix) >= next.version()) {
                    LOG.debug("Another process migrated {}* to version {} first", prefix, next.version());
                } else if (++failures == ATTEMPTS) {
                    throw new StateStoreException("Cannot migrate the state tables " + prefix
                            + "* to schema version " + next.version() + " (" + next.description() + "): "
                            + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * The highest applied version, 0 for none. Reads first and creates the version table only when the read fails,
     * so tables a DBA created beforehand work with a user that may not run DDL.
     */
    private static int currentVersion(JdbcTransactions transactions, String prefix) {
        String select = "SELECT MAX(version) FROM " + prefix + "schema_version";
        try {
            return transactions.run(connection -> query(connection, select, row -> row.getInt(1)).get(0));
        } catch (SQLException missing) {
            try {
                transactions.run(connection -> update(connection, VERSION_TABLE.replace(PREFIX, prefix)));
            } catch (SQLException e) {
                // Another process may have created it at the same moment; the read below decides.
                missing.addSuppressed(e);
            }
            try {
                return transactions.run(connection -> query(connection, select, row -> row.getInt(1)).get(0));
            } catch (SQLException e) {
                e.addSuppressed(missing);
                throw new StateStoreException("Cannot read or create the state table " + prefix
                        + "schema_version: " + e.getMessage(), e);
            }
        }
    }
}
