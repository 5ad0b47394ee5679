package io.github.genieenhancer.genie.internal;

import io.github.genieenhancer.core.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Genie's answer latency as learned by one client, and the poll schedule it suggests. An answer is only seen at
 * the poll after it completed, so each is recorded as the middle of the wait before that poll, or, when the first
 * poll of a learned schedule saw it, one step before it (so answers faster than expected pull the schedule earlier).
 * From the latest answers: the first poll half a step after the earliest, then even steps of half their spread
 * (between 500 ms and 1 s, so the mean lag between completion and poll stays at most half a second) through a step
 * past the latest, then the configured growth; half the spread keeps it to about three polls per question.
 * Thread-safe: every question of a client records here.
 */
public final class AnswerLatency {
    private static final int SAMPLES = 32;
    private static final Duration SHORTEST_STEP = Duration.ofMillis(500);
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

    /**
     * Records an answer.
     *
     * @param seen    from its start request until the poll that saw it done
     * @param polling the poll loop that saw it, for how long before the poll it likely completed
     */
    public synchronized void record(Duration seen, Polling polling) {
        if (!learning) {
            return;
        }
        Duration completed = seen.minus(polling.likelyLag());
        if (recent.size() == SAMPLES) {
            recent.removeFirst();
        }
        recent.addLast(completed.isNegative() ? Duration.ZERO : completed);
    }

    /**
     * The poll loop of a question just started: the configured schedule until an answer has been seen, then one
     * around the expected completion.
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
        Duration first = low.plus(step.dividedBy(2));
        // Through a step past the latest: the first answers understate the spread.
        int evenSteps = (int) Math.max(0, high.plus(step).minus(first).toNanos() / step.toNanos() + 1);
        return new Polling(first, step, evenSteps, max.compareTo(step) < 0 ? step : max, clock, sleeper, deadline);
    }

    private static Duration clamp(Duration step) {
        if (step.compareTo(SHORTEST_STEP) < 0) {
            return SHORTEST_STEP;
        }
        return step.compareTo(LONGEST_STEP) > 0 ? LONGEST_STEP : step;
    }
}
