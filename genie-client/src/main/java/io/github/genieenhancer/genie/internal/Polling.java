package io.github.genieenhancer.genie.internal;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The waits of one poll loop: intervals that start short and grow by a factor up to a cap, never past the loop's
 * deadline; optionally a first wait of its own and a number of even steps before the growth starts. Not
 * thread-safe: one per poll loop.
 *
 * <pre>{@code
 * Polling polling = new Polling(initial, max, clock, sleeper, deadline);
 * while (!done(response)) {
 *     if (!polling.awaitNext()) {
 *         return timedOut();
 *     }
 *     response = poll();
 * }
 * }</pre>
 */
public final class Polling {
    /** Growth of the interval from one poll to the next. */
    private static final double MULTIPLIER = 1.5;

    private final Duration max;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Instant deadline;
    private Duration next;
    private Duration first;
    private int evenSteps;
    private Duration lastWait = Duration.ZERO;
    private final Duration step;
    private final boolean firstOfItsOwn;
    private int polls;

    /**
     * Starts a poll loop.
     *
     * @param initial  the first wait
     * @param max      the longest wait
     * @param clock    tells the time against the deadline
     * @param sleeper  waits
     * @param deadline when the loop must stop
     */
    public Polling(Duration initial, Duration max, Clock clock, Sleeper sleeper, Instant deadline) {
        this(null, initial, 0, max, clock, sleeper, deadline);
    }

    /**
     * Starts a poll loop with a first wait of its own, then {@code evenSteps} waits of {@code step}, then waits
     * growing from {@code step} by 1.5 per poll up to {@code max}.
     *
     * @param first     the first wait; zero polls at once
     * @param step      the even wait after the first, and the start of the growth
     * @param evenSteps how many even waits before the growth
     * @param max       the longest growing wait
     * @param clock     tells the time against the deadline
     * @param sleeper   waits
     * @param deadline  when the loop must stop
     */
    public Polling(Duration first, Duration step, int evenSteps, Duration max, Clock clock, Sleeper sleeper,
                   Instant deadline) {
        this.first = first;
        this.firstOfItsOwn = first != null;
        this.step = step;
        this.evenSteps = evenSteps;
        this.next = step;
        this.max = max;
        this.clock = clock;
        this.sleeper = sleeper;
        this.deadline = deadline;
    }

    /**
     * Waits the next interval, cut short at the deadline.
     *
     * @return {@code false}, without waiting, when the deadline has passed: the caller stops polling
     * @throws InterruptedException when the thread is interrupted while it waits
     */
    public boolean awaitNext() throws InterruptedException {
        Duration remaining = Duration.between(clock.instant(), deadline);
        if (remaining.isNegative() || remaining.isZero()) {
            return false;
        }
        if (first != null) {
            Duration wait = first;
            first = null;
            return sleep(wait, remaining);
        }
        if (evenSteps > 0) {
            evenSteps--;
            return sleep(next, remaining);
        }
        Duration wait = next;
        Duration grown = Duration.ofNanos((long) Math.min(Long.MAX_VALUE / 2.0, wait.toNanos() * MULTIPLIER));
        next = grown.compareTo(max) > 0 ? max : grown;
        return sleep(wait, remaining);
    }

    /**
     * When, before the last poll, what it saw most likely happened: the middle of the wait before it; for the first
     * poll of a schedule with a first wait of its own (which starts no interval worth halving), one step before it.
     */
    public Duration likelyLag() {
        return polls == 1 && firstOfItsOwn ? step : lastWait.dividedBy(2);
    }

    private boolean sleep(Duration wait, Duration remaining) throws InterruptedException {
        lastWait = wait.compareTo(remaining) < 0 ? wait : remaining;
        polls++;
        sleeper.sleep(lastWait);
        return true;
    }

    /**
     * Checks a setting that must be a positive duration.
     *
     * @param owner the type the setting belongs to, for the message, e.g. {@code SqlExecutor}
     * @param what  the setting, e.g. {@code statement timeout}
     * @throws ConfigurationException when the duration is zero or negative
     */
    public static void requirePositive(String owner, String what, Duration duration) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new ConfigurationException(owner + " " + what + " must be positive, got " + duration);
        }
    }

    /**
     * Checks a setting made of a first and a longest wait, both positive, the longest not below the first.
     *
     * @param owner the type the setting belongs to, e.g. {@code GenieClient}
     * @param what  the setting, e.g. {@code poll interval}
     * @throws ConfigurationException when a duration is not positive or {@code max} is below {@code initial}
     */
    public static void requireRange(String owner, String what, Duration initial, Duration max) {
        requirePositive(owner, "initial " + what, initial);
        requirePositive(owner, "max " + what, max);
        if (max.compareTo(initial) < 0) {
            throw new ConfigurationException(owner + " max " + what + " " + max + " is below the initial " + initial);
        }
    }
}
