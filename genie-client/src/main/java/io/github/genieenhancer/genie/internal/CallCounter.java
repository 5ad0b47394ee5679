package io.github.genieenhancer.genie.internal;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts the HTTP requests one unit of work (a question, a statement) makes, retries included. */
public final class CallCounter {
    private final AtomicInteger calls = new AtomicInteger();

    /** Records one request. */
    public void increment() {
        calls.incrementAndGet();
    }

    /** Requests recorded so far. */
    public int count() {
        return calls.get();
    }
}
