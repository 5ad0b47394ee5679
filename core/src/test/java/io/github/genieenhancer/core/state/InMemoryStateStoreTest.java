package io.github.genieenhancer.core.state;

/** The contract on {@link StateStore#inMemory()}; reopening yields the same store, whose data lives as long as it. */
class InMemoryStateStoreTest extends StateStoreContractTest {

    private final StateStore memory = StateStore.inMemory(clock);

    @Override
    protected StateStore openStore() {
        return memory;
    }
}
