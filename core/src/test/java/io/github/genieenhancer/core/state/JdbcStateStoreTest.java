package io.github.genieenhancer.core.state;

import static io.github.genieenhancer.core.state.StateFixtures.T0;
import static io.github.genieenhancer.core.state.StateFixtures.result;
import static io.github.genieenhancer.core.state.StateFixtures.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.SessionOwnedException;
import io.github.genieenhancer.core.StateStoreException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the JDBC store does beyond the contract: its tables, migrations, prefixes, limits and connections. */
class JdbcStateStoreTest {

    private static final JdbcSchema.Migration NOTES = new JdbcSchema.Migration(3, "notes table",
            List.of("CREATE TABLE IF NOT EXISTS {prefix}notes (note_id INTEGER NOT NULL PRIMARY KEY)"));
    /** The schema before session leases: what every store wrote until they came. */
    private static final List<JdbcSchema.Migration> WITHOUT_LEASES = List.of(JdbcSchema.MIGRATIONS.get(0));

    @TempDir
    Path dir;

    private final JdbcDataSource h2 = JdbcStateStoreH2Test.h2();

    @Test
    void should_create_its_tables_and_record_the_schema_version() throws SQLException {
        StateStore store = StateStore.jdbc(h2);
        SessionRecord created = store.saveSession(session("s1", T0));
        store.saveSession(created.advance(SessionStage.SCORED, 1, T0));
        store.saveResult("s1", "run-1", result("q1", 0));

        assertThat(rows(h2, "SELECT version, description FROM genie_enhancer_schema_version ORDER BY version"))
                .containsExactly("1|sessions, iterations, results, reports, plans, snapshots and events",
                        "2|session leases: one owner per session");
        assertThat(rows(h2, "SELECT session_id, space_id, stage, version, last_seq FROM genie_enhancer_sessions"))
                .as("the key columns say what the JSON holds").containsExactly("s1|01ef0000space|SCORED|2|1");
        assertThat(rows(h2, "SELECT session_id, run_id, benchmark_id, seq FROM genie_enhancer_results"))
                .containsExactly("s1|run-1|q1|1");
        assertThat(rows(h2, "SELECT record_json FROM genie_enhancer_results").get(0))
                .as("records are the library's JSON").contains("\"benchmarkId\" : \"q1\"");
        for (String table : List.of("iterations", "reports", "plans", "snapshots", "events", "leases")) {
            assertThat(rows(h2, "SELECT COUNT(*) FROM genie_enhancer_" + table)).containsExactly("0");
        }
    }

    @Test
    @Timeout(60)
    void should_create_the_schema_once_when_many_stores_open_together_on_h2() throws Exception {
        openTogether(h2);
    }

    @Test
    @Timeout(60)
    void should_create_the_schema_once_when_many_stores_open_together_on_sqlite() throws Exception {
        openTogether(JdbcStateStoreSqliteTest.sqlite(dir.resolve("race.db")));
    }

    private static void openTogether(DataSource dataSource) throws Exception {
        int stores = 8;
        ExecutorService pool = Executors.newFixedThreadPool(stores);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> versions = new ArrayList<>();
        try {
            for (int i = 0; i < stores; i++) {
                versions.add(pool.submit(() -> {
                    start.await();
                    return JdbcStateStore.create(dataSource).schemaVersion();
                }));
            }
            start.countDown();
            for (Future<Integer> version : versions) {
                assertThat(version.get()).isEqualTo(JdbcSchema.MIGRATIONS.size());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(rows(dataSource, "SELECT version FROM genie_enhancer_schema_version ORDER BY version"))
                .containsExactly("1", "2");
        StateStore store = StateStore.jdbc(dataSource);
        store.saveSession(session("s1", T0));
        assertThat(store.sessions()).hasSize(1);
    }

    @Test
    void should_upgrade_an_older_schema_and_keep_the_data() throws SQLException {
        StateStore v2 = JdbcStateStore.builder(h2).build();
        SessionRecord stored = v2.saveSession(session("s1", T0));

        JdbcStateStore v3 = JdbcStateStore.builder(h2).migrations(withNotes()).build();

        assertThat(v3.schemaVersion()).isEqualTo(3);
        assertThat(rows(h2, "SELECT version FROM genie_enhancer_schema_version ORDER BY version"))
                .containsExactly("1", "2", "3");
        assertThat(rows(h2, "SELECT COUNT(*) FROM genie_enhancer_notes")).containsExactly("0");
        assertThat(v3.session("s1")).contains(stored);
    }

    /** Sessions stored before leases existed load, are written as before, and can be claimed. */
    @Test
    void should_give_sessions_stored_before_leases_an_owner() throws SQLException {
        // Tables at schema version 1 with rows as the library wrote them then (a session's creation is unchanged).
        SessionRecord stored = JdbcStateStore.builder(h2).migrations(WITHOUT_LEASES).build()
                .saveSession(session("s1", T0));
        execute(h2, "UPDATE genie_enhancer_sessions SET last_seq = 1");
        try (Connection connection = h2.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO genie_enhancer_results "
                     + "(session_id, run_id, benchmark_id, seq, record_json) VALUES ('s1', 'run-1', 'q1', 1, ?)")) {
            insert.setString(1, GenieJson.write(result("q1", 0)));
            insert.executeUpdate();
        }

        StateStore store = StateStore.jdbc(h2);

        assertThat(rows(h2, "SELECT version FROM genie_enhancer_schema_version ORDER BY version"))
                .containsExactly("1", "2");
        assertThat(store.session("s1")).contains(stored);
        assertThat(store.lease("s1")).isEmpty();
        store.saveResult("s1", "run-1", result("q2", 0));
        SessionLease lease = store.acquireLease("s1", "owner", Duration.ofMinutes(1), false);
        assertThat(lease.token()).isEqualTo(1);
        assertThat(rows(h2, "SELECT session_id, holder, token FROM genie_enhancer_leases"))
                .containsExactly("s1|owner|1");
        assertThatThrownBy(() -> store.saveResult("s1", "run-1", result("q3", 0)))
                .isInstanceOf(SessionOwnedException.class);
        assertThat(store.results("s1", "run-1")).containsExactly(result("q1", 0), result("q2", 0));
    }

    @Test
    void should_refuse_tables_written_by_a_newer_library() {
        JdbcStateStore.builder(h2).migrations(withNotes()).build();

        assertThatThrownBy(() -> StateStore.jdbc(h2))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("genie_enhancer_* are at schema version 3")
                .hasMessageContaining("knows versions up to 2");
    }

    private static List<JdbcSchema.Migration> withNotes() {
        List<JdbcSchema.Migration> migrations = new ArrayList<>(JdbcSchema.MIGRATIONS);
        migrations.add(NOTES);
        return migrations;
    }

    @Test
    void should_report_a_migration_that_keeps_failing_and_leave_the_schema_as_it_was() throws SQLException {
        JdbcSchema.Migration broken = new JdbcSchema.Migration(3, "broken step",
                List.of("CREATE TABLE IF NOT EXISTS {prefix}broken (id INTEGER NOT NULL PRIMARY KEY)",
                        "CREATE TABLE {prefix}broken ("));
        StateStore.jdbc(h2);

        List<JdbcSchema.Migration> withBroken = new ArrayList<>(JdbcSchema.MIGRATIONS);
        withBroken.add(broken);
        assertThatThrownBy(() -> JdbcStateStore.builder(h2).migrations(withBroken).build())
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("Cannot migrate the state tables genie_enhancer_* to schema version 3")
                .hasMessageContaining("broken step")
                .hasCauseInstanceOf(SQLException.class);
        assertThat(rows(h2, "SELECT version FROM genie_enhancer_schema_version ORDER BY version"))
                .containsExactly("1", "2");
    }

    @Test
    void should_keep_stores_with_different_prefixes_apart() {
        StateStore first = StateStore.jdbc(h2);
        StateStore second = JdbcStateStore.builder(h2).tablePrefix("team_b_").build();
        first.saveSession(session("s1", T0));
        second.saveSession(session("s2", T0));

        assertThat(first.sessions()).extracting(SessionRecord::id).containsExactly("s1");
        assertThat(second.sessions()).extracting(SessionRecord::id).containsExactly("s2");
    }

    @Test
    void should_accept_only_plain_table_prefixes() {
        JdbcStateStore.Builder builder = JdbcStateStore.builder(h2);
        for (String prefix : List.of("", "1st_", "ge-", "x; DROP TABLE y; --", "\"quoted\"", "schema.ge_",
                "g".repeat(41))) {
            assertThatThrownBy(() -> builder.tablePrefix(prefix)).as(prefix)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tablePrefix");
        }
        assertThat(builder.tablePrefix("G".repeat(40)).build().sessions()).isEmpty();
    }

    @Test
    void should_keep_ids_up_to_the_length_of_its_key_columns() {
        StateStore store = StateStore.jdbc(h2);
        String longest = "ü".repeat(JdbcStateStore.MAX_ID_LENGTH);
        store.saveSession(session(longest, T0));
        store.saveResult(longest, longest, result(longest, 0));

        assertThat(store.results(longest, longest)).containsExactly(result(longest, 0));
        assertThatThrownBy(() -> store.saveSession(session(longest + "x", T0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1000");
        assertThatThrownBy(() -> store.results(longest, longest + "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run id has 1001 characters");
    }

    @Test
    void should_name_a_corrupt_row() throws SQLException {
        StateStore store = StateStore.jdbc(h2);
        store.saveSession(session("s1", T0));
        store.saveResult("s1", "run-1", result("q1", 0));
        execute(h2, "UPDATE genie_enhancer_results SET record_json = '{\"benchmarkId\": 7, \"verdict\": \"MAYBE\"}'");

        assertThatThrownBy(() -> store.results("s1", "run-1"))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("Corrupt state row in genie_enhancer_* (the results of run 'run-1' of "
                        + "session 's1')")
                .hasMessageContaining("field 'verdict'");
    }

    @Test
    void should_work_with_only_data_rights_on_tables_created_beforehand() throws SQLException {
        StateStore.jdbc(h2);
        execute(h2, "CREATE USER app PASSWORD 'app-pw'");
        execute(h2, "GRANT SELECT, INSERT, UPDATE ON SCHEMA PUBLIC TO app");
        JdbcDataSource app = new JdbcDataSource();
        // Only an administrator may set DB_CLOSE_DELAY; the database stays open anyway while the admin's is.
        app.setURL(h2.getURL().replace(";DB_CLOSE_DELAY=-1", ""));
        app.setUser("app");
        app.setPassword("app-pw");
        assertThatThrownBy(() -> execute(app, "CREATE TABLE probe (id INTEGER)"))
                .as("the application user really cannot run DDL").isInstanceOf(SQLException.class);

        StateStore store = StateStore.jdbc(app);
        store.saveSession(session("s1", T0));
        store.saveResult("s1", "run-1", result("q1", 0));

        assertThat(store.results("s1", "run-1")).containsExactly(result("q1", 0));
    }

    @Test
    void should_give_connections_back_as_it_got_them() throws SQLException {
        List<String> statesAtClose = Collections.synchronizedList(new ArrayList<>());
        DataSource pool = closeWatching(h2, statesAtClose);
        StateStore store = StateStore.jdbc(pool);
        SessionRecord created = store.saveSession(session("s1", T0));
        store.saveSession(created.advance(SessionStage.SCORED, 1, T0));
        store.saveResult("s1", "run-1", result("q1", 0));
        assertThat(store.results("s1", "run-1")).hasSize(1);

        assertThat(statesAtClose).isNotEmpty()
                .allMatch(state -> state.equals("autoCommit=true isolation=" + Connection.TRANSACTION_SERIALIZABLE));
    }

    @Test
    @Timeout(90)
    void should_let_exactly_one_process_win_each_version() throws Exception {
        int processes = 3;
        int advancesEach = 40;
        Path file = dir.resolve("shared.db");

        AdvancingProcesses.Outcome outcome = AdvancingProcesses.run(dir, "sqlite:" + file, "shared", processes,
                advancesEach);
        System.out.println("conflicts between processes: " + outcome.conflicts());

        long total = (long) processes * advancesEach;
        assertThat(outcome.creations()).as("the session created by exactly one process").isEqualTo(1);
        assertThat(outcome.versionsWon()).as("every version won by exactly one process")
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(2, total + 1).boxed().toList());
        DataSource sqlite = JdbcStateStoreSqliteTest.sqlite(file);
        SessionRecord session = StateStore.jdbc(sqlite).session("shared").orElseThrow();
        assertThat(session.version()).isEqualTo(total + 1);
        assertThat(session.iteration()).as("no advance lost").isEqualTo(total);
        assertThat(rows(sqlite, "SELECT version FROM genie_enhancer_schema_version ORDER BY version"))
                .containsExactly("1", "2");
    }

    @Test
    void should_document_the_ddl_it_runs() throws IOException {
        String docs = normalize(Files.readString(Path.of("..", "docs", "state-stores-shared.md")));
        List<String> ddl = new ArrayList<>();
        ddl.add(JdbcSchema.VERSION_TABLE);
        for (JdbcSchema.Migration migration : JdbcSchema.MIGRATIONS) {
            ddl.addAll(migration.statements());
        }
        for (String statement : ddl) {
            String expected = statement.replace(JdbcSchema.PREFIX, JdbcStateStore.DEFAULT_TABLE_PREFIX);
            assertThat(docs.contains(normalize(expected))).as("the docs show:%n%s", expected).isTrue();
        }
    }

    private static String normalize(String sql) {
        return sql.replaceAll("\\s+", " ");
    }

    /** A data source whose connections arrive SERIALIZABLE, as a pool might hand them out, and report at close. */
    private static DataSource closeWatching(DataSource target, List<String> statesAtClose) {
        return proxy(DataSource.class, target, (method, result) -> {
            if (!method.getName().equals("getConnection")) {
                return result;
            }
            Connection connection = (Connection) result;
            connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            return proxy(Connection.class, connection, (connectionMethod, value) -> value, closing -> {
                statesAtClose.add("autoCommit=" + closing.getAutoCommit() + " isolation="
                        + closing.getTransactionIsolation());
            });
        }, none -> { });
    }

    @FunctionalInterface
    private interface AfterCall {
        Object apply(Method method, Object result) throws SQLException;
    }

    @FunctionalInterface
    private interface BeforeClose<T> {
        void accept(T target) throws SQLException;
    }

    private static <T> T proxy(Class<T> type, T target, AfterCall after, BeforeClose<T> beforeClose) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            if (method.getName().equals("close")) {
                beforeClose.accept(target);
            }
            try {
                return after.apply(method, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    private static List<String> rows(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<String> all = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(rows.getString(i));
                }
                all.add(String.join("|", values));
            }
            return all;
        }
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
