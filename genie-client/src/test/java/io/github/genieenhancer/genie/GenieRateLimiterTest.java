package io.github.genieenhancer.genie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.ConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenieRateLimiterTest {
    private final FakeTime time = new FakeTime();

    /** Takes {@code n} starts one after another, sleeping each grant's wait on the fake clock. */
    private List<Instant> take(GenieRateLimiter limiter, int n) throws InterruptedException {
        List<Instant> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            GenieRateLimiter.Reservation r = limiter.reserve();
            time.sleep(r.delay());
            sent.add(time.clock().instant());
        }
        return sent;
    }

    private static int mostInAnyMinute(List<Instant> sent) {
        int most = 0;
        for (Instant from : sent) {
            int in = (int) sent.stream().filter(t -> !t.isBefore(from) && t.isBefore(from.plusSeconds(60))).count();
            most = Math.max(most, in);
        }
        return most;
    }

    @Test
    void theFirstStartGoesAtOnceAndTheRestAreSpacedEvenly() throws InterruptedException {
        GenieRateLimiter limiter = GenieRateLimiter.perMinute(5, time.clock());
        // Built long before its first use: resilience4j's period would have started here.
        time.sleep(Duration.ofSeconds(7));
        Instant firstUse = time.clock().instant();

        List<Instant> sent = take(limiter, 11);

        assertThat(sent.get(0)).isEqualTo(firstUse);
        for (int i = 1; i < sent.size(); i++) {
            assertThat(Duration.between(sent.get(i - 1), sent.get(i))).isEqualTo(Duration.ofSeconds(12));
        }
        assertThat(mostInAnyMinute(sent)).isEqualTo(5);
    }

    @Test
    void concurrentReservationsNeverPutMoreThanTheRateInARollingMinute() {
        GenieRateLimiter limiter = GenieRateLimiter.perMinute(60, time.clock());
        Instant now = time.clock().instant();
        List<Instant> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sent.add(now.plus(limiter.reserve().delay()));
        }

        assertThat(mostInAnyMinute(sent)).isEqualTo(60);
        assertThat(sent.get(199)).isEqualTo(now.plusSeconds(199));
    }

    @Test
    void aFractionalRateSpacesEvenlyAndKeepsItsWholePartPerWindow() throws InterruptedException {
        GenieRateLimiter limiter = GenieRateLimiter.perMinute(2.5, time.clock());

        List<Instant> sent = take(limiter, 6);

        assertThat(mostInAnyMinute(sent)).isEqualTo(2);
        assertThat(Duration.between(sent.get(0), sent.get(1))).isEqualTo(Duration.ofSeconds(24));
    }

    @Test
    void aForeignRateLimitPausesForRetryAfterHalvesThePaceAndRecoversGradually() throws InterruptedException {
        GenieRateLimiter limiter = GenieRateLimiter.perMinute(60, time.clock());
        take(limiter, 1);
        GenieRateLimiter.Reservation pending = limiter.reserve();

        limiter.rateLimited(Duration.ofSeconds(5));

        assertThat(limiter.stillValid(pending)).isFalse();
        assertThat(limiter.currentQuestionsPerMinute()).isEqualTo(30);
        Instant refused = time.clock().instant();
        List<Instant> sent = take(limiter, 2);
        assertThat(sent.get(0)).isEqualTo(refused.plusSeconds(5));
        assertThat(Duration.between(sent.get(0), sent.get(1))).isEqualTo(Duration.ofSeconds(2));
        for (int i = 0; i < 4; i++) {
            limiter.started();
        }
        assertThat(limiter.currentQuestionsPerMinute()).isEqualTo(60);
    }

    @Test
    void theRateMustBePositive() {
        assertThatThrownBy(() -> GenieRateLimiter.perMinute(0)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> GenieRateLimiter.perMinute(Double.POSITIVE_INFINITY))
                .isInstanceOf(ConfigurationException.class);
    }
}
