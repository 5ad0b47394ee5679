package io.github.genieenhancer.genie.bench;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import io.github.genieenhancer.genie.AnswerStatus;
import io.github.genieenhancer.genie.BatchGenieClient;
import io.github.genieenhancer.genie.GenieAnswer;
import io.github.genieenhancer.genie.GenieClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Asks 100 questions of a local Genie stand-in (300 ms latency) through the real SDK HTTP stack, with the client
 * limited to 600 questions per minute, and prints the elapsed time against the bound 1.2 × max(latency, N / rate)
 * and the HTTP calls per question. A benchmark to run by hand (see docs/genie-client.md), not a timed test.
 */
public final class BatchAskBenchmark {
    private static final int QUESTIONS = 100;
    private static final double PER_MINUTE = 600;
    private static final Duration LATENCY = Duration.ofMillis(300);

    private BatchAskBenchmark() {
    }

    /** Runs the benchmark; exits non-zero when the bound is missed or a question did not complete. */
    public static void main(String[] args) throws Exception {
        try (GenieStubServer stub = new GenieStubServer(LATENCY)) {
            WorkspaceClient workspace = new WorkspaceClient(
                    new DatabricksConfig().setHost(stub.baseUrl()).setToken("dapi-benchmark"));
            GenieClient genie = GenieClient.builder(workspace).questionsPerMinute(PER_MINUTE)
                    .deleteConversations(true).build();
            List<String> questions = IntStream.range(0, QUESTIONS).mapToObj(i -> "Question " + i).toList();
            int baseline = stub.apiRequests();

            long started = System.nanoTime();
            List<GenieAnswer> answers;
            try (BatchGenieClient batch = BatchGenieClient.builder(genie).maxConcurrency(20).build()) {
                answers = batch.askAll("bench-space", questions);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

            double idealSeconds = Math.max(LATENCY.toMillis() / 1000.0, QUESTIONS / (PER_MINUTE / 60.0));
            double boundSeconds = 1.2 * idealSeconds;
            double callsPerQuestion = answers.stream().mapToInt(GenieAnswer::httpCalls).average().orElse(0);
            int maxCalls = answers.stream().mapToInt(GenieAnswer::httpCalls).max().orElse(0);
            double stubCallsPerQuestion = (stub.apiRequests() - baseline) / (double) QUESTIONS;
            Map<AnswerStatus, Long> statuses = answers.stream()
                    .collect(Collectors.groupingBy(GenieAnswer::status, Collectors.counting()));
            long withResult = answers.stream().filter(a -> a.result().isPresent()).count();

            System.out.printf("questions:                %d (latency %d ms, limit %.0f/min, concurrency 20)%n",
                    QUESTIONS, LATENCY.toMillis(), PER_MINUTE);
            System.out.printf("elapsed:                  %.2f s%n", elapsed.toMillis() / 1000.0);
            System.out.printf("bound 1.2 x max(%.1f s, %d / %.0f per s): %.2f s -> %s%n", LATENCY.toMillis() / 1000.0,
                    QUESTIONS, PER_MINUTE / 60.0, boundSeconds,
                    elapsed.toMillis() / 1000.0 <= boundSeconds ? "within" : "MISSED");
            System.out.printf("HTTP calls per question:  %.2f average, %d max (stub saw %.2f)%n", callsPerQuestion,
                    maxCalls, stubCallsPerQuestion);
            System.out.printf("peak starts per second:   %d%n", stub.peakStartsPerSecond());
            System.out.printf("statuses:                 %s, %d with Genie's result%n", statuses, withResult);
            System.out.printf("mean queued / total:      %.2f s / %.2f s%n",
                    mean(answers, a -> a.timings().queued()), mean(answers, a -> a.timings().total()));
            boolean ok = elapsed.toMillis() / 1000.0 <= boundSeconds
                    && statuses.getOrDefault(AnswerStatus.COMPLETED, 0L) == QUESTIONS;
            if (!ok) {
                System.exit(1);
            }
        }
    }

    private static double mean(List<GenieAnswer> answers, Function<GenieAnswer, Duration> timing) {
        return answers.stream().mapToLong(a -> timing.apply(a).toMillis()).average().orElse(0) / 1000.0;
    }
}
