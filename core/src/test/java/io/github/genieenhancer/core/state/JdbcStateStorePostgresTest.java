package io.github.genieenhancer.core.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The contract on {@link JdbcStateStore} over a real PostgreSQL server, run when one is named:
 * {@code mvn verify -pl core -Dgenie.test.postgres.url=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}.
 * Each test uses tables of its own prefix and drops them afterwards, so the database needs no reset.
 */
@EnabledIfSystemProperty(named = "genie.test.postgres.url", matches = ".+")
class JdbcStateStorePostgresTest extends StateStoreContractTest {

    private static final List<String> TABLES = List.of("events", "snapshots", "plans", "reports", "results",
            "iterations", "sessions", "schema_version");

    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();
    private final String prefix = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";

    JdbcStateStorePostgresTest() {
        dataSource.setURL(System.getProperty("genie.test.postgres.url"));
    }

    @Override
    protected StateStore openStore() {
        return JdbcStateStore.builder(dataSource).tablePrefix(prefix).clock(clock).build();
    }

    @AfterEach
    void dropTables() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                statement.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
        }
    }
}
