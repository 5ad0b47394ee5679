package io.github.genieenhancer.core.progress;

/**
 * Supplies the listener {@link ProgressListener#defaultListener()} returns. Register one implementation, with a
 * public no-argument constructor, in {@code META-INF/services/io.github.genieenhancer.core.progress.ProgressListenerProvider};
 * with none registered the default is {@link ProgressListener#logging()}, with several the lookup fails.
 */
@FunctionalInterface
public interface ProgressListenerProvider {

    /** Creates the listener to use by default. Must not return {@code null}. */
    ProgressListener create();
}
