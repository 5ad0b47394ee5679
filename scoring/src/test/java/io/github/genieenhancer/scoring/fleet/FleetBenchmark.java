package io.github.genieenhancer.scoring.fleet;

import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.genie.GenieClient;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.genie.SpaceDraft;
import io.github.genieenhancer.genie.SqlExecutor;
import io.github.genieenhancer.scoring.ScoringOptions;
import io.github.genieenhancer.testkit.Endpoint;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scores fleets of 10 and 50 spaces of 40 questions each on the local workspace at a scaled Genie rate and latency,
 * and reports the time over the bound (N-1)/R + L and the largest heap seen after a collection while each fleet was
 * scored (results go to a directory state store, so what stays in the heap is the scorer's own).
 *
 * <p>Run: {@code mvn -B -q -pl scoring -am -Pbenchmarks verify} (see docs/fleet.md). System properties:
 * {@code fleet.rate} (questions per minute, default 600), {@code fleet.concurrency} (default 32),
 * {@code fleet.spaces} (fleet sizes, default "10,50").
 */
public final class FleetBenchmark {
    private static final int QUESTIONS_PER_SPACE = 40;
    private static final double RATE_PER_MINUTE = Double.parseDouble(System.getProperty("fleet.rate", "600"));
    private static final Duration LATENCY = Duration.ofMillis(200);

    private FleetBenchmark() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) throws Exception {
        try (LocalWorkspace workspace = LocalWorkspace.builder().genieLatency(LATENCY, Duration.ZERO)
                .statementLatency(Duration.ofMillis(2)).start()) {
            SpaceApi spaces = SpaceApi.create(workspace.workspaceClient());
            BenchmarkSet forty = BenchmarkSet.of("forty",
                    workspace.sampleBenchmarks().benchmarks().subList(0, QUESTIONS_PER_SPACE));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ids.add(spaces.create(SpaceDraft.of("Fleet space " + i, workspace.warehouseId(),
                        forty.toSpace(workspace.sampleSpaceConfig()))).spaceId());
            }
            SqlExecutor sql = SqlExecutor.builder(workspace.workspaceClient()).warehouseId(workspace.warehouseId())
                    .pollInterval(Duration.ofMillis(5), Duration.ofMillis(20)).build();
            System.out.printf("fleet benchmark: %d questions per space, rate %.0f/min, latency %d ms%n",
                    QUESTIONS_PER_SPACE, RATE_PER_MINUTE, LATENCY.toMillis());
            for (String size : System.getProperty("fleet.spaces", "10,50").split(",")) {
                run(workspace, spaces, sql, ids.subList(0, Integer.parseInt(size.strip())));
            }
        }
    }

    private static void run(LocalWorkspace workspace, SpaceApi spaces, SqlExecutor sql, List<String> ids)
            throws Exception {
        Path state = Files.createTempDirectory("fleet-benchmark");
        GenieClient genie = GenieClient.builder(workspace.workspaceClient()).questionsPerMinute(RATE_PER_MINUTE)
                .pollInterval(Duration.ofMillis(20), Duration.ofMillis(50)).build();
        int concurrency = Integer.getInteger("fleet.concurrency", 32);
        try (StateStore store = StateStore.directory(state)) {
            FleetScorer fleet = FleetScorer.builder(genie, sql, spaces).maxConcurrency(concurrency)
                    .options(ScoringOptions.builder().stateStore(store).build()).build();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            AtomicLong peak = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    System.gc();
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            long startsBefore = workspace.requestCount(Endpoint.START_CONVERSATION);
            long began = System.nanoTime();
            sampler.start();
            FleetReport report = fleet.score(FleetSelection.ids(ids), "benchmark");
            double seconds = (System.nanoTime() - began) / 1e9;
            sampler.interrupt();
            sampler.join();
            long starts = workspace.requestCount(Endpoint.START_CONVERSATION) - startsBefore;
            double bound = (starts - 1) / (RATE_PER_MINUTE / 60) + LATENCY.toMillis() / 1000.0;
            long counted = report.spaces().stream().mapToLong(SpaceScore::counted).sum();
            System.out.printf("%d spaces x %d questions: %d starts, %.1f s, bound (N-1)/R + L = %.1f s, ratio %.3f; "
                    + "%d of %d counted, complete %b; peak heap after GC %.1f MB%n", ids.size(),
                    QUESTIONS_PER_SPACE, starts, seconds, bound, seconds / bound, counted,
                    (long) ids.size() * QUESTIONS_PER_SPACE, report.isComplete(), peak.get() / 1e6);
        }
    }
}
