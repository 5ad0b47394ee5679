package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.progress.ProgressEvent;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.progress.TokenUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Measures one stage at a time: its wall time and the LLM calls heard while it runs, with their tokens. A session's
 * planning and judging clients report their calls to it; stages are serial, so one meter serves a session.
 */
public final class StageMeter implements ProgressListener {
    private final Clock clock;
    private Instant started;
    private int calls;
    private TokenUsage tokens = TokenUsage.ZERO;

    /** A meter reading time from the clock. */
    public StageMeter(Clock clock) {
        this.clock = clock;
        this.started = clock.instant();
    }

    /** Starts measuring a stage, forgetting the one before. */
    public synchronized void start() {
        started = clock.instant();
        calls = 0;
        tokens = TokenUsage.ZERO;
    }

    @Override
    public synchronized void onEvent(ProgressEvent event) {
        if (event instanceof ProgressEvent.LlmCalled called) {
            calls++;
            tokens = tokens.plus(called.usage());
        }
    }

    /** The time since {@link #start()}. */
    public synchronized Duration elapsed() {
        return Duration.between(started, clock.instant());
    }

    /** The LLM calls heard since {@link #start()}. */
    public synchronized int calls() {
        return calls;
    }

    /** Their tokens. */
    public synchronized TokenUsage tokens() {
        return tokens;
    }
}
