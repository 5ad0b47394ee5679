package io.github.genieenhancer.core.state;

import io.github.genieenhancer.core.internal.ServiceDiscovery;

/** Finds the default store; the class loader is a parameter so tests can offer their own registrations. */
final class StateStoreLookup {

    private StateStoreLookup() {
    }

    static StateStore find(ClassLoader loader) {
        return ServiceDiscovery.discover(StateStoreProvider.class, loader, StateStoreProvider::create,
                StateStore::inMemory);
    }
}
