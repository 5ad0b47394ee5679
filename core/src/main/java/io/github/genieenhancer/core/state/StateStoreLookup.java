package io.github.genieenhancer.core.state;

import io.github.genieenhancer.core.ConfigurationException;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds the default store; the class loader is a parameter so tests can offer their own registrations. */
final class StateStoreLookup {

    private StateStoreLookup() {
    }

    static StateStore find(ClassLoader loader) {
        try {
            List<ServiceLoader.Provider<StateStoreProvider>> found =
                    ServiceLoader.load(StateStoreProvider.class, loader).stream().toList();
            if (found.isEmpty()) {
                return StateStore.inMemory();
            }
            if (found.size() > 1) {
                throw new ConfigurationException("Several " + StateStoreProvider.class.getName()
                        + " implementations are registered; keep one or pass a store explicitly: "
                        + found.stream().map(p -> p.type().getName()).sorted().collect(Collectors.joining(", ")));
            }
            StateStoreProvider provider = found.get(0).get();
            StateStore store = provider.create();
            if (store == null) {
                throw new ConfigurationException(provider.getClass().getName() + ".create() returned null");
            }
            return store;
        } catch (ServiceConfigurationError e) {
            throw new ConfigurationException("Cannot load the " + StateStoreProvider.class.getName()
                    + " registered in META-INF/services: " + e.getMessage(), e);
        }
    }
}
