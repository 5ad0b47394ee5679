package io.github.genieenhancer.examples.e2e;

import io.github.genieenhancer.core.state.StateStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A {@link StateStore} that passes every call to another store, and lets a test act just before and just after
 * each: to stop the process there, or to inject a fault at a moment only the store sees (the applier stores its
 * snapshot between reading the space and writing it).
 */
final class StoreHooks {
    private StoreHooks() {
    }

    /** What to do around each call. */
    interface Hook {
        /** Before the call reaches the store; throwing stops it there. */
        default void before(Method method, Object[] args) {
        }

        /** After the call returned. */
        default void after(Method method, Object result) {
        }
    }

    /** The store with the hook around every call of a {@link StateStore} method. */
    static StateStore around(StateStore store, Hook hook) {
        return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(),
                new Class<?>[] {StateStore.class}, (proxy, method, args) -> {
                    boolean hooked = method.getDeclaringClass() == StateStore.class;
                    if (hooked) {
                        hook.before(method, args);
                    }
                    Object result;
                    try {
                        result = method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (hooked) {
                        hook.after(method, result);
                    }
                    // A view writing under a lease is hooked as the store is.
                    return result instanceof StateStore view && method.getName().equals("withLease")
                            ? around(view, hook) : result;
                });
    }

    /** The store, running the action just before each snapshot is saved. */
    static StateStore beforeEachSnapshot(StateStore store, Runnable action) {
        return around(store, new Hook() {
            @Override
            public void before(Method method, Object[] args) {
                if (method.getName().equals("saveSnapshot")) {
                    action.run();
                }
            }
        });
    }
}
