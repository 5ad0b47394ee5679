package io.github.genieenhancer.core.progress;

import io.github.genieenhancer.core.internal.ServiceDiscovery;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives progress events of a run. A functional interface, so a lambda will do:
 * {@code ProgressListener l = event -> System.out.println(event);}
 *
 * <p>Listeners are called from the threads doing the work, often several at once, and must be thread-safe. Every
 * listener built here is. A listener that throws is logged and does not break the run: see
 * {@link #of(ProgressListener...)} and {@link #isolated(ProgressListener)}.
 */
@FunctionalInterface
public interface ProgressListener {

    /**
     * Handles one event. Called concurrently from worker threads; should return quickly.
     *
     * @param event what happened
     */
    void onEvent(ProgressEvent event);

    /** A listener that ignores every event. */
    static ProgressListener none() {
        return NoProgressListener.INSTANCE;
    }

    /**
     * One SLF4J line per event on the logger named after this interface
     * ({@code io.github.genieenhancer.core.progress.ProgressListener}): stages, iterations and fixes at INFO,
     * questions and LLM calls at DEBUG.
     */
    static ProgressListener logging() {
        return logging(LoggerFactory.getLogger(ProgressListener.class));
    }

    /**
     * Like {@link #logging()}, on the given logger.
     *
     * @param logger where the lines go
     */
    static ProgressListener logging(Logger logger) {
        return new LoggingProgressListener(logger);
    }

    /**
     * A progress display on {@code System.out}: a live bar redrawn in place when the output is a terminal, plain
     * throttled lines otherwise. {@link ConsoleProgressListener#builder()} has the options.
     */
    static ProgressListener console() {
        return ConsoleProgressListener.builder().build();
    }

    /**
     * Like {@link #console()}, writing to {@code out}. The live bar is used only when {@code out} is
     * {@code System.out} or {@code System.err} and the JVM has a console.
     *
     * @param out where the progress goes
     */
    static ProgressListener console(PrintStream out) {
        return ConsoleProgressListener.builder().output(out).build();
    }

    /**
     * Several listeners as one. Each event goes to every listener in the given order; each is
     * {@linkplain #isolated(ProgressListener) isolated}, so one that throws neither stops the others nor the caller.
     *
     * @param listeners the listeners, called in this order
     * @return the composition; {@link #none()} when no listener is given
     */
    static ProgressListener of(ProgressListener... listeners) {
        List<ProgressListener> isolated = new ArrayList<>(listeners.length);
        for (ProgressListener listener : listeners) {
            Objects.requireNonNull(listener, "listener");
            if (listener != none()) {
                isolated.add(isolated(listener));
            }
        }
        if (isolated.isEmpty()) {
            return none();
        }
        return isolated.size() == 1 ? isolated.get(0) : new CompositeProgressListener(isolated);
    }

    /**
     * The listener, shielded: an exception it throws is caught and logged (at WARN with its stack trace the first
     * time per exception type, at DEBUG afterwards) and never reaches the caller. Errors such as
     * {@link OutOfMemoryError} still propagate.
     *
     * @param listener the listener to shield
     * @return the shielded listener; {@code listener} itself when it is already shielded
     */
    static ProgressListener isolated(ProgressListener listener) {
        Objects.requireNonNull(listener, "listener");
        return listener instanceof IsolatedProgressListener || listener instanceof CompositeProgressListener
                || listener == none() ? listener : new IsolatedProgressListener(listener);
    }

    /**
     * The listener to use when none is configured: the one from the single {@link ProgressListenerProvider}
     * registered with {@link java.util.ServiceLoader} (looked up through the thread's context class loader), or
     * {@link #logging()} when there is none.
     *
     * @throws io.github.genieenhancer.core.ConfigurationException when several providers are registered or one
     *                                                             cannot be loaded
     */
    static ProgressListener defaultListener() {
        return ServiceDiscovery.discover(ProgressListenerProvider.class, ProgressListenerProvider::create,
                ProgressListener::logging);
    }
}
