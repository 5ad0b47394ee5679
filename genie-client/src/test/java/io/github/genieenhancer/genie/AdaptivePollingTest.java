package io.github.genieenhancer.genie;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import io.github.genieenhancer.genie.bench.PacedGenieServer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Polls scheduled around the learned answer latency, on a clock that moves only when the client waits: the Genie
 * stand-in completes each answer on that clock and measures how late a poll first saw it.
 */
class AdaptivePollingTest {
    private static final int QUESTIONS = 40;

    private final FakeTime time = new FakeTime();

    /** Latencies base ± jitter, uniformly spread, the same on every run. */
    private static IntFunction<Duration> latencies(Duration base, Duration jitter) {
        Random random = new Random(16);
        long[] millis = new long[QUESTIONS];
        for (int i = 0; i < QUESTIONS; i++) {
            millis[i] = base.toMillis() + Math.round((2 * random.nextDouble() - 1) * jitter.toMillis());
        }
        return n -> Duration.ofMillis(millis[n]);
    }

    /** Lags in the order the questions were asked (one at a time). */
    private record Run(List<Duration> lags, double requestsPerQuestion) {
        double meanLagSeconds() {
            return meanLagSeconds(0);
        }

        double meanLagSeconds(int after) {
            return lags.subList(after, lags.size()).stream().mapToLong(Duration::toMillis).average().orElseThrow()
                    / 1000.0;
        }
    }

    private Run ask(IntFunction<Duration> latency, boolean adaptive) throws Exception {
        try (PacedGenieServer genie = new PacedGenieServer(time.clock(), latency, 0)) {
            GenieClient client = GenieClient.builder(new WorkspaceClient(new DatabricksConfig()
                            .setHost(genie.baseUrl()).setToken("dapi-test")))
                    .clock(time.clock()).sleeper(time).questionsPerMinute(1_000_000).deleteConversations(true)
                    .adaptivePolling(adaptive).build();
            for (int i = 0; i < QUESTIONS; i++) {
                assertThat(client.ask("s1", "q" + i).status()).isEqualTo(AnswerStatus.COMPLETED);
            }
            List<Duration> lags = genie.lags();
            assertThat(lags).hasSize(QUESTIONS);
            return new Run(lags, genie.requests() / (double) QUESTIONS);
        }
    }

    @Test
    void answersOfEightSecondsGiveOrTakeTwoAreSeenAboutHalfASecondLateOnceLearnedInAtMostSixRequests()
            throws Exception {
        IntFunction<Duration> latency = latencies(Duration.ofSeconds(8), Duration.ofSeconds(2));

        Run adaptive = ask(latency, true);
        Run fixed = ask(latency, false);

        // A 4-second spread costs both aims: 1-second steps see an answer 0.5 s late on average with ~3 polls.
        assertThat(adaptive.meanLagSeconds(10)).isLessThanOrEqualTo(0.6);
        assertThat(adaptive.requestsPerQuestion()).isLessThanOrEqualTo(6);
        // The fixed schedule (1, 2.5, 4.75, 8.1, 13.2 s) sees a 9-second answer at 13.2 s.
        assertThat(fixed.meanLagSeconds()).isGreaterThan(2 * adaptive.meanLagSeconds());
        assertThat(fixed.meanLagSeconds(10)).isGreaterThan(1.5);
    }

    @Test
    void answersOfTwoSecondsGiveOrTakeHalfASecondAreSeenWithinHalfASecondInAtMostSixRequests() throws Exception {
        Run adaptive = ask(latencies(Duration.ofSeconds(2), Duration.ofMillis(500)), true);

        assertThat(adaptive.meanLagSeconds()).isLessThanOrEqualTo(0.5);
        assertThat(adaptive.requestsPerQuestion()).isLessThanOrEqualTo(6);
    }
}
