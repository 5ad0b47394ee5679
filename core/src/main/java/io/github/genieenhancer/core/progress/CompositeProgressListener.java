package io.github.genieenhancer.core.progress;

import java.util.List;

/** Hands each event to several isolated listeners in order. */
final class CompositeProgressListener implements ProgressListener {
    private final List<ProgressListener> listeners;

    CompositeProgressListener(List<ProgressListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void onEvent(ProgressEvent event) {
        for (ProgressListener listener : listeners) {
            listener.onEvent(event);
        }
    }

    @Override
    public String toString() {
        return "ProgressListener.of" + listeners;
    }
}
