package io.github.genieenhancer.core.state;

import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/** The contract on {@link JdbcStateStore} over an in-memory H2 database (row locks, MVCC). */
class JdbcStateStoreH2Test extends StateStoreContractTest {

    private final JdbcDataSource dataSource = h2();

    /** A fresh in-memory H2 database that lives until the JVM ends, so reopening finds its data. */
    static JdbcDataSource h2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:state-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    @Override
    protected StateStore openStore() {
        return JdbcStateStore.builder(dataSource).clock(clock).build();
    }
}
