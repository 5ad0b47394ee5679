package io.github.genieenhancer.genie.internal;

import io.github.genieenhancer.core.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Genie's answer latency as seen by one client (from the start request to the poll that saw the message done), and
 * the poll schedule it suggests: the first poll half a step before the earliest recent latency, then even steps of
 * half the recent spread (between 250 ms and 1 s) through the latest, then the configured growth. A latency seen at
 * the first poll is only an upper bound, so an early answer pulls the schedule earlier on the next questions.
 * Thread-safe: every question of a client records here.
 */
public final class AnswerLatency {
    private static final int SAMPLES = 32;
    private static final Duration SHORTEST_STEP = Duration.ofMillis(250);
    private static final Duration LONGEST_STEP = Duration.ofSeconds(1);

    private final boolean learning;
    private final Deque<Duration> recent = new ArrayDeque<>();

    private AnswerLatency(boolean learning) {
        this.learning = learning;
    }

    /** Learns from every answer. */
    public static AnswerLatency learning() {
        return new AnswerLatency(true);
    }

    /** Never learns: polls always follow the configured schedule. */
    public static AnswerLatency off() {
        return new AnswerLatency(false);
    }

    /** Records how long an answer took from its start request until a poll saw it done. */
    public synchronized void record(Duration seen) {
        if (!learning) {
            return;
        }
        if (recent.size() == SAMPLES) {
            recent.removeFirst();
        }
        recent.addLast(seen);
    }

    /**
     * The poll loop of a question just started: the configured schedule until a latency has been learned, then
     * one around the expected completion.
     */
    public Polling polling(Duration initial, Duration max, Clock clock, Sleeper sleeper, Instant deadline) {
        Duration low;
        Duration high;
        synchronized (this) {
            if (recent.isEmpty()) {
                return new Polling(initial, max, clock, sleeper, deadline);
            }
            low = recent.stream().min(Duration::compareTo).orElseThrow();
            high = recent.stream().max(Duration::compareTo).orElseThrow();
        }
        Duration step = clamp(high.minus(low).dividedBy(2));
        Duration first = low.minus(step.dividedBy(2));
        if (first.isNegative()) {
            first = Duration.ZERO;
        }
        int evenSteps = (int) Math.max(0, high.minus(first).toNanos() / step.toNanos() + 1);
        return new Polling(first, step, evenSteps, max.compareTo(step) < 0 ? step : max, clock, sleeper, deadline);
    }

    private static Duration clamp(Duration step) {
        if (step.compareTo(SHORTEST_STEP) < 0) {
            return SHORTEST_STEP;
        }
        return step.compareTo(LONGEST_STEP) > 0 ? LONGEST_STEP : step;
    }
}
