package io.github.genieenhancer.core.progress;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shields the run from a listener that throws: the failure is logged, once at WARN per exception type with its
 * stack trace and at DEBUG afterwards, so a listener failing on every event does not flood the log.
 */
final class IsolatedProgressListener implements ProgressListener {
    private static final Logger DEFAULT_LOG = LoggerFactory.getLogger(ProgressListener.class);

    private final ProgressListener delegate;
    private final Logger log;
    private final Set<Class<?>> reported = ConcurrentHashMap.newKeySet();

    IsolatedProgressListener(ProgressListener delegate) {
        this(delegate, DEFAULT_LOG);
    }

    IsolatedProgressListener(ProgressListener delegate, Logger log) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public void onEvent(ProgressEvent event) {
        try {
            delegate.onEvent(event);
        } catch (Exception e) {
            if (reported.add(e.getClass())) {
                log.warn("Progress listener {} failed on {}; the run goes on. Further {} from this listener are "
                        + "logged at DEBUG.", delegate, event, e.getClass().getName(), e);
            } else if (log.isDebugEnabled()) {
                log.debug("Progress listener {} failed again on {}: {}", delegate, event, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "ProgressListener.isolated(" + delegate + ")";
    }
}
