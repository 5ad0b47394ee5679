package io.github.genieenhancer.genie.internal;

/** One SDK call, which may wait (for a rate-limit permit) and so be interrupted. */
@FunctionalInterface
public interface SdkCall<T> {

    /**
     * Makes the call.
     *
     * @throws InterruptedException when the thread is interrupted while the call waits
     */
    T call() throws InterruptedException;
}
