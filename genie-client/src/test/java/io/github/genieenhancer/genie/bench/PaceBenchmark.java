package io.github.genieenhancer.genie.bench;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import io.github.genieenhancer.genie.AnswerStatus;
import io.github.genieenhancer.genie.BatchGenieClient;
import io.github.genieenhancer.genie.GenieAnswer;
import io.github.genieenhancer.genie.GenieClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Scores the pace against the physical bound: N questions at a rolling-minute limit R and a Genie latency
 * L = 2 s ± 0.5 s take at best (N - 1) / R + L. A clock-driven Genie stand-in on 127.0.0.1 enforces the limit as
 * the real API does (429 with Retry-After) and measures how late each answer was seen. Prints time / bound (at most
 * 1.03), the 429s (none allowed), requests per question and the mean poll lag, for N = 20 and N = 40; exits
 * non-zero when an aim is missed. Run by the {@code benchmarks} profile (see docs/performance.md).
 */
public final class PaceBenchmark {
    private static final int PER_MINUTE = 60;
    private static final Duration LATENCY = Duration.ofSeconds(2);
    private static final Duration JITTER = Duration.ofMillis(500);
    private static final int CONCURRENCY = 8;
    private static final double MAX_RATIO = 1.03;

    private PaceBenchmark() {
    }

    /** Runs both scenarios. */
    public static void main(String[] args) throws Exception {
        boolean ok = true;
        for (int questions : new int[] {20, 40}) {
            ok &= run(questions);
        }
        if (!ok) {
            System.exit(1);
        }
    }

    private static boolean run(int questions) throws Exception {
        Random random = new Random(questions);
        long[] latencies = IntStream.range(0, questions).mapToLong(i -> LATENCY.toMillis()
                + Math.round((2 * random.nextDouble() - 1) * JITTER.toMillis())).toArray();
        try (PacedGenieServer genie = new PacedGenieServer(Clock.systemUTC(),
                n -> Duration.ofMillis(latencies[n]), PER_MINUTE)) {
            WorkspaceClient workspace = new WorkspaceClient(
                    new DatabricksConfig().setHost(genie.baseUrl()).setToken("dapi-benchmark"));
            GenieClient client = GenieClient.builder(workspace).questionsPerMinute(PER_MINUTE)
                    .deleteConversations(true).build();
            List<String> asked = IntStream.range(0, questions).mapToObj(i -> "Question " + i).toList();
            int baseline = genie.requests();

            long started = System.nanoTime();
            List<GenieAnswer> answers;
            try (BatchGenieClient batch = BatchGenieClient.builder(client).maxConcurrency(CONCURRENCY).build()) {
                answers = batch.askAll("bench-space", asked);
            }
            double elapsed = (System.nanoTime() - started) / 1e9;

            double bound = (questions - 1) / (PER_MINUTE / 60.0) + LATENCY.toMillis() / 1000.0;
            double ratio = elapsed / bound;
            double requests = (genie.requests() - baseline) / (double) questions;
            double lag = genie.lags().stream().mapToLong(Duration::toMillis).average().orElse(0) / 1000.0;
            long completed = answers.stream().filter(a -> a.status() == AnswerStatus.COMPLETED).count();
            System.out.printf("N = %d, R = %d/min, L = %.1f s +/- %.1f s, concurrency %d%n", questions, PER_MINUTE,
                    LATENCY.toMillis() / 1000.0, JITTER.toMillis() / 1000.0, CONCURRENCY);
            System.out.printf("  elapsed %.2f s, bound (N-1)/R + L = %.2f s, time / bound = %.3f (aim <= %.2f)%n",
                    elapsed, bound, ratio, MAX_RATIO);
            System.out.printf("  429s: %d, most starts in a rolling minute: %d%n", genie.tooManyRequests(),
                    genie.mostStartsInAMinute());
            System.out.printf("  requests per question: %.2f (start, polls, result, delete), mean poll lag %.3f s,"
                    + " completed %d of %d%n", requests, lag, completed, questions);
            return ratio <= MAX_RATIO && genie.tooManyRequests() == 0 && completed == questions && requests <= 6
                    && lag <= 0.5;
        }
    }
}
