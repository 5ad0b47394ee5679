package io.github.genieenhancer.genie;

import io.github.genieenhancer.core.ConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * The pace of conversation starts on one workspace: never more than the rate's starts in any rolling 60-second
 * window, the first at once and the rest spaced evenly. Genie's limit (5 questions per minute by default) is per
 * workspace and shared by everyone on it, so one limiter may be shared by every {@link GenieClient} of a workspace
 * ({@link GenieClient.Builder#rateLimiter}). Thread-safe.
 *
 * <p>It is our own rather than resilience4j's {@code RateLimiter} because that one counts permits per fixed period
 * that starts when it is built, not at first use: a batch that starts mid-period gets the period's permit and the
 * next period's at once, so R+1 starts land in the first minute and a rolling-window limit answers 429. This one
 * keeps the grant times of the last starts and never grants one that would make the window hold more than the rate.
 *
 * <p>A 429 on a start that this pace did not cause (someone else spent the workspace's budget) is reported with
 * {@link #rateLimited}: no start is granted before the server's {@code Retry-After} has passed, the pace halves
 * (down to a sixteenth of the rate), and each start that then succeeds raises it back by an eighth of the rate.
 */
public final class GenieRateLimiter {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final double SLOWEST = 1.0 / 16;
    private static final double RECOVERY = 1.0 / 8;

    private final double perMinute;
    private final int perWindow;
    private final Clock clock;
    private final Deque<Instant> granted = new ArrayDeque<>();
    private double pace = 1.0;
    private Instant nextFree = Instant.MIN;
    private long pauses;

    private GenieRateLimiter(double perMinute, Clock clock) {
        if (!(perMinute > 0) || Double.isInfinite(perMinute)) {
            throw new ConfigurationException(
                    "GenieRateLimiter questions per minute must be a positive number, got " + perMinute);
        }
        this.perMinute = perMinute;
        this.perWindow = Math.max(1, (int) Math.floor(perMinute));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A limiter of {@code questionsPerMinute} starts in any rolling minute, on the system clock. */
    public static GenieRateLimiter perMinute(double questionsPerMinute) {
        return perMinute(questionsPerMinute, Clock.systemUTC());
    }

    /**
     * A limiter of {@code questionsPerMinute} starts in any rolling minute, on the given clock; a fractional rate
     * spaces starts by 60 s / rate and allows its whole part (at least one) per window.
     *
     * @throws ConfigurationException when the rate is not a positive finite number
     */
    public static GenieRateLimiter perMinute(double questionsPerMinute, Clock clock) {
        return new GenieRateLimiter(questionsPerMinute, clock);
    }

    /** The configured rate: starts per minute. */
    public double questionsPerMinute() {
        return perMinute;
    }

    /** The rate now, lower than the configured one for a while after a 429 the pace did not cause. */
    public synchronized double currentQuestionsPerMinute() {
        return perMinute * pace;
    }

    /**
     * Reserves the next start: the wait before it may be sent, zero when it may go now. The caller waits, then
     * checks {@link #stillValid} (a 429 reported meanwhile voids reservations) and sends.
     */
    synchronized Reservation reserve() {
        Instant now = clock.instant();
        Instant at = now.isAfter(nextFree) ? now : nextFree;
        while (granted.size() >= perWindow) {
            Instant windowOpens = granted.peekFirst().plus(WINDOW);
            if (windowOpens.isAfter(at)) {
                at = windowOpens;
            }
            granted.removeFirst();
        }
        granted.addLast(at);
        nextFree = at.plus(interval());
        return new Reservation(Duration.between(now, at), pauses);
    }

    /** Whether a reservation still holds: no 429 was reported since it was made. */
    synchronized boolean stillValid(Reservation reservation) {
        return reservation.pauses() == pauses;
    }

    /** A start went through: the pace recovers a step towards the configured rate. */
    synchronized void started() {
        pace = Math.min(1.0, pace + RECOVERY);
    }

    /**
     * A start was refused with 429: nothing is granted before {@code retryAfter} has passed (one interval of the
     * configured rate when the server gave none), and the pace halves.
     */
    synchronized void rateLimited(Duration retryAfter) {
        Instant resume = clock.instant().plus(retryAfter.isNegative() || retryAfter.isZero()
                ? baseInterval() : retryAfter);
        if (resume.isAfter(nextFree)) {
            nextFree = resume;
        }
        pace = Math.max(SLOWEST, pace / 2);
        pauses++;
    }

    private Duration interval() {
        return Duration.ofNanos(Math.round(baseInterval().toNanos() / pace));
    }

    private Duration baseInterval() {
        return Duration.ofNanos(Math.round(WINDOW.toNanos() / perMinute));
    }

    /** A granted start: how long to wait before sending it, and the pause count it was granted under. */
    record Reservation(Duration delay, long pauses) {
    }
}
