package io.github.genieenhancer.core.state;

/**
 * Supplies the store {@link StateStore#defaultStore()} returns, so an application can choose its store by putting a
 * jar on the class path. Register the implementation in
 * {@code META-INF/services/io.github.genieenhancer.core.state.StateStoreProvider}; it needs a public no-argument
 * constructor. Register at most one: several providers make {@code defaultStore()} fail rather than guess.
 */
@FunctionalInterface
public interface StateStoreProvider {

    /** Opens the store; called once per {@link StateStore#defaultStore()} call. */
    StateStore create();
}
