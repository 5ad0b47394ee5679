package io.github.genieenhancer.examples.e2e;

import io.github.genieenhancer.core.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock and a {@link Sleeper} for the clients under test. Waits up to {@link #REAL_WAIT_LIMIT} (the clients'
 * polling) pass in real time; longer ones (retry backoffs, {@code Retry-After}) are recorded and skipped by moving
 * the clock on to the end of the wait, so a workspace running on this clock sees the time pass at once. Moving on
 * never goes back: two threads waiting a minute from the same moment move the clock one minute, not two.
 */
final class FastForward extends Clock implements Sleeper {
    /** The longest wait that really passes. */
    static final Duration REAL_WAIT_LIMIT = Duration.ofMillis(50);

    private final AtomicLong offsetNanos = new AtomicLong();
    private final List<Duration> skipped = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (duration.compareTo(REAL_WAIT_LIMIT) <= 0) {
            Sleeper.system().sleep(duration);
            return;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        skipped.add(duration);
        long wakeUp = nanosNow() + duration.toNanos();
        offsetNanos.accumulateAndGet(wakeUp, (offset, target) -> Math.max(offset, target - realNanos()));
    }

    /** Every wait longer than {@link #REAL_WAIT_LIMIT}, in the order asked. */
    List<Duration> skippedWaits() {
        return List.copyOf(skipped);
    }

    /** Forgets the recorded waits (the clock stays where it is). */
    void clearWaits() {
        skipped.clear();
    }

    @Override
    public Instant instant() {
        long nanos = nanosNow();
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("FastForward runs in UTC only");
    }

    private long nanosNow() {
        return realNanos() + offsetNanos.get();
    }

    private static long realNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
