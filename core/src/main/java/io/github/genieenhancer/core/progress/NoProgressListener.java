package io.github.genieenhancer.core.progress;

/** Ignores every event. */
enum NoProgressListener implements ProgressListener {
    INSTANCE;

    @Override
    public void onEvent(ProgressEvent event) {
        // Nothing to report to.
    }

    @Override
    public String toString() {
        return "ProgressListener.none()";
    }
}
