package io.github.genieenhancer.examples.e2e;

import io.github.genieenhancer.core.StateStoreException;
import io.github.genieenhancer.core.state.SessionRecord;
import io.github.genieenhancer.core.state.SessionStage;
import io.github.genieenhancer.core.state.StateStore;
import java.lang.reflect.Method;

/**
 * Kills a session the moment its record reaches a stage: that write lands, and from then on every read and write
 * through {@link #store()} fails, as if the process had died right after it. The store underneath keeps everything
 * written before, for the next process to resume from.
 */
final class KillSwitchStore implements StoreHooks.Hook {
    private final SessionStage stage;
    private final int iteration;
    private final StateStore store;
    private volatile boolean dead;

    /**
     * @param survivor  the store that outlives the process
     * @param stage     the stage whose session write is the last one
     * @param iteration the iteration the session is at when it reaches the stage
     */
    KillSwitchStore(StateStore survivor, SessionStage stage, int iteration) {
        this.stage = stage;
        this.iteration = iteration;
        this.store = StoreHooks.around(survivor, this);
    }

    /** The store the doomed process uses. */
    StateStore store() {
        return store;
    }

    /** Whether the session reached the stage and was killed. */
    boolean killed() {
        return dead;
    }

    @Override
    public void before(Method method, Object[] args) {
        if (dead) {
            throw new StateStoreException("the process was killed after reaching " + stage + " in iteration "
                    + iteration);
        }
    }

    @Override
    public void after(Method method, Object result) {
        if (result instanceof SessionRecord saved && method.getName().equals("saveSession")
                && saved.stage() == stage && saved.iteration() == iteration) {
            dead = true;
        }
    }
}
