package io.github.genieenhancer.core.state;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on {@link StateStore#directory(Path)}; reopening opens a new store on the same directory. */
class DirectoryStateStoreTest extends StateStoreContractTest {

    @TempDir
    Path dir;

    @Override
    protected StateStore openStore() {
        return DirectoryStateStore.open(dir.resolve("state"), clock);
    }
}
