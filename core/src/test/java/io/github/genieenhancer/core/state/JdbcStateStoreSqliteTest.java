package io.github.genieenhancer.core.state;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** The contract on {@link JdbcStateStore} over a SQLite file (one writer at a time per database). */
class JdbcStateStoreSqliteTest extends StateStoreContractTest {

    @TempDir
    Path dir;

    /**
     * A SQLite database as the docs recommend it for a store: write-ahead logging, so readers do not block the
     * writer; a busy timeout long enough for writers to queue instead of failing; and, for speed, commits that are
     * synced at checkpoints rather than each time (safe against a killed process, not against power loss).
     */
    static SQLiteDataSource sqlite(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(30_000);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        return dataSource;
    }

    @Override
    protected StateStore openStore() {
        return JdbcStateStore.builder(sqlite(dir.resolve("state.db"))).tablePrefix("ge_").clock(clock).build();
    }
}
