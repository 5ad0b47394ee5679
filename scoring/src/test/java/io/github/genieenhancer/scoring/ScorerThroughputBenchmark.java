package io.github.genieenhancer.scoring;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.genie.BatchGenieClient;
import io.github.genieenhancer.genie.GenieClient;
import io.github.genieenhancer.scoring.GenieStub.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores 50 questions sequentially and in a batch against a stub with Genie's latency and rate limit scaled down
 * sixty times (1 s for a minute-long answer, 5 questions a second for 5 a minute), and reports the times, their
 * ratio, and the batch time over the bound max(latency, N / rate).
 *
 * <p>Run: {@code mvn -B -q -pl scoring -am -Pbenchmarks verify} (see docs/scoring.md).
 */
public final class ScorerThroughputBenchmark {
    private static final int QUESTIONS = 50;
    private static final Duration LATENCY = Duration.ofSeconds(1);
    private static final double RATE_PER_SECOND = 5;

    private ScorerThroughputBenchmark() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) throws Exception {
        WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(64)
                .asynchronousResponseEnabled(true).asynchronousResponseThreads(32));
        server.start();
        try {
            GenieStub stub = new GenieStub(server, server.baseUrl());
            BenchmarkSet benchmarks = stubQuestions(stub);
            double boundSeconds = Math.max(LATENCY.toMillis() / 1000.0, QUESTIONS / RATE_PER_SECOND);

            long sequentialStart = System.nanoTime();
            ScoreReport sequential = Scorer.create(genie(stub), stub.sql(), stub.spaces(), ScoringOptions.defaults())
                    .score(GenieStub.SPACE, benchmarks);
            double sequentialSeconds = (System.nanoTime() - sequentialStart) / 1e9;

            int concurrency = (int) Math.ceil(LATENCY.toMillis() / 1000.0 * RATE_PER_SECOND) + 2;
            long batchStart = System.nanoTime();
            ScoreReport batch;
            try (BatchGenieClient genie = BatchGenieClient.builder(genie(stub)).maxConcurrency(concurrency).build();
                 BatchScorer scorer = BatchScorer.create(genie, stub.sql(), stub.spaces(), ScoringOptions.defaults())) {
                batch = scorer.score(GenieStub.SPACE, benchmarks);
            }
            double batchSeconds = (System.nanoTime() - batchStart) / 1e9;

            System.out.printf("%d questions, Genie latency %d ms, rate %.0f questions/s, batch concurrency %d%n",
                    QUESTIONS, LATENCY.toMillis(), RATE_PER_SECOND, concurrency);
            System.out.printf("sequential %.1f s (accuracy %.2f), batch %.1f s (accuracy %.2f)%n", sequentialSeconds,
                    sequential.accuracy(), batchSeconds, batch.accuracy());
            System.out.printf("ratio sequential/batch %.1fx; batch / max(latency, N/rate) = %.1f s / %.1f s = %.2f%n",
                    sequentialSeconds / batchSeconds, batchSeconds, boundSeconds, batchSeconds / boundSeconds);
        } finally {
            server.stop();
        }
    }

    private static GenieClient genie(GenieStub stub) {
        return GenieClient.builder(stub.workspace()).questionsPerMinute(RATE_PER_SECOND * 60)
                .pollInterval(Duration.ofMillis(50), Duration.ofMillis(100)).build();
    }

    /** Each question: its expected SQL on the warehouse, and Genie answering correctly after the latency. */
    private static BenchmarkSet stubQuestions(GenieStub stub) {
        List<Benchmark> benchmarks = new ArrayList<>();
        for (int i = 1; i <= QUESTIONS; i++) {
            String sql = "SELECT region, SUM(amount) AS total FROM sales_" + i + " GROUP BY region";
            Result result = Result.of("region:STRING, total:DECIMAL", "EMEA|" + i + ".50", "AMER|" + (i * 2) + ".25",
                    "APJ|" + (i * 3));
            stub.expected(sql, result);
            stub.answersWithSql("Question " + i + "?", sql + " ORDER BY region", result, (int) LATENCY.toMillis(), false);
            benchmarks.add(Benchmark.of("q" + i, "Question " + i + "?", sql));
        }
        return BenchmarkSet.of("throughput", benchmarks);
    }
}
