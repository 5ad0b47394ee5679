package io.github.genieenhancer.genie.internal;

/** One SDK call, which may wait (for a rate-limit permit) and so be interrupted. */
@FunctionalInterface
public interface SdkCall<T> {

    /** Makes the call. */
    T call() throws InterruptedException;
}
