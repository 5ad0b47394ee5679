package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.progress.ProgressEvent;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.genie.GenieClient;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.genie.SpaceDraft;
import io.github.genieenhancer.llm.LlmClient;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real stack on a {@link LocalWorkspace}: its Genie asked through genie-client, its warehouse, its scripted LLM.
 * Latencies are milliseconds and the question rate is unlimited, so a scoring run of the 42 sample benchmarks takes
 * well under a second once warm.
 */
final class LocalStack {
    private LocalStack() {
    }

    static LocalWorkspace start() {
        return LocalWorkspace.builder().genieLatency(Duration.ofMillis(2), Duration.ofMillis(2))
                .statementLatency(Duration.ofMillis(1)).start();
    }

    /** A Genie client that polls every few milliseconds and is not rate limited. */
    static GenieClient genie(LocalWorkspace workspace) {
        return GenieClient.builder(workspace.workspaceClient()).questionsPerMinute(600_000)
                .pollInterval(Duration.ofMillis(2), Duration.ofMillis(10)).build();
    }

    /**
     * The sample benchmarks without b17, b21, b22 and b33: on the sample space Genie answers those by joining
     * customers and stores on region (the misleading join spec), a many-to-many join that keeps the local warehouse
     * busy for seconds. For tests that do not measure the whole set.
     */
    static BenchmarkSet quickBenchmarks(LocalWorkspace workspace) {
        Set<String> slow = Set.of("b17", "b21", "b22", "b33");
        return workspace.sampleBenchmarks().filter("quick sample", b -> !slow.contains(b.id()));
    }

    /** The workspace's scripted LLM through its serving endpoint. */
    static LlmClient scriptedLlm(LocalWorkspace workspace) {
        return LlmClient.databricks(workspace.workspaceClient(), workspace.servingEndpointName()).newBuilder()
                .progressListener(ProgressListener.none()).build();
    }

    /** A new space with the sample configuration, so each test changes its own. */
    static String sampleSpace(LocalWorkspace workspace, String title) {
        return SpaceApi.create(workspace.workspaceClient()).create(SpaceDraft.of(title, workspace.warehouseId(),
                workspace.sampleSpaceConfig())).spaceId();
    }

    /**
     * A session builder on the real stack: everything set but the space, the mode and the LLM; the benchmarks are
     * the {@linkplain #quickBenchmarks quick} ones.
     */
    static EnhancementSession.Builder session(LocalWorkspace workspace, StateStore store, ProgressListener listener) {
        return EnhancementSession.builder().workspace(workspace.workspaceClient())
                .warehouseId(workspace.warehouseId()).benchmarks(quickBenchmarks(workspace))
                .genie(genie(workspace)).stateStore(store).progressListener(listener)
                .propagationWait(Duration.ZERO);
    }

    /** Records every event. */
    static final class Events implements ProgressListener {
        private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(ProgressEvent event) {
            events.add(event);
        }

        <T extends ProgressEvent> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        void clear() {
            events.clear();
        }
    }
}
