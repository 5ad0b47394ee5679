package io.github.genieenhancer.genie;

import io.github.genieenhancer.core.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A clock that only moves when code sleeps on it, recording every wait; no test really sleeps. */
final class FakeTime implements Sleeper {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        sleeps.add(duration);
        if (!duration.isNegative()) {
            now = now.plus(duration);
        }
    }

    Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }

    List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** The waits that were not zero (a rate-limit permit granted at once sleeps zero). */
    List<Duration> nonZeroSleeps() {
        return sleeps.stream().filter(d -> !d.isZero()).toList();
    }
}
