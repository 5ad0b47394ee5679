package io.github.genieenhancer.core.progress;

/**
 * Receives progress events of a run. A functional interface, so a lambda will do:
 * {@code ProgressListener l = event -> System.out.println(event);}
 *
 * <p>Listeners are called from the threads doing the work and must be thread-safe. A listener that throws is
 * logged and does not break the run (see {@link #of(ProgressListener...)} and {@link #isolated(ProgressListener)}).
 */
@FunctionalInterface
public interface ProgressListener {

    /** Handles one event. */
    void onEvent(ProgressEvent event);
}
