package io.github.genieenhancer.examples.e2e;

import com.databricks.sdk.WorkspaceClient;
import io.github.genieenhancer.core.Sleeper;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.enhancement.ApplyMode;
import io.github.genieenhancer.enhancement.EnhancementSession;
import io.github.genieenhancer.genie.GenieClient;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.genie.SpaceDraft;
import io.github.genieenhancer.llm.LlmClient;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.time.Clock;
import java.time.Duration;

/**
 * The whole product against a {@link LocalWorkspace}, wired as a user would wire it: the real SDK, the session's
 * own batch scorer asking the local Genie, the local warehouse, and the workspace's scripted LLM through its serving
 * endpoint. Only the speed differs from the defaults: millisecond latencies, polling every few milliseconds, no
 * client-side question rate limit, no propagation wait.
 */
final class LocalStack {
    private LocalStack() {
    }

    /** A workspace with millisecond latencies. */
    static LocalWorkspace start() {
        return start(Clock.systemUTC());
    }

    /** A workspace with millisecond latencies whose rate-limit window runs on the given clock. */
    static LocalWorkspace start(Clock clock) {
        return LocalWorkspace.builder().genieLatency(Duration.ofMillis(2), Duration.ofMillis(2))
                .statementLatency(Duration.ofMillis(1)).clock(clock).start();
    }

    /** A new space with the sample configuration, so that each test changes its own. */
    static String sampleSpace(LocalWorkspace workspace, String title) {
        return SpaceApi.create(workspace.workspaceClient())
                .create(SpaceDraft.of(title, workspace.warehouseId(), workspace.sampleSpaceConfig())).spaceId();
    }

    /** A Genie client without a client-side question limit, polling every few milliseconds, waiting on the sleeper. */
    static GenieClient.Builder genie(WorkspaceClient workspace, Sleeper sleeper) {
        // Fixed millisecond polls: the tests count the waits the sleeper skips, which must be the backoffs alone.
        return GenieClient.builder(workspace).questionsPerMinute(600_000).adaptivePolling(false)
                .pollInterval(Duration.ofMillis(2), Duration.ofMillis(10)).sleeper(sleeper);
    }

    /** The workspace's scripted LLM behind its serving endpoint, waiting between retries with the sleeper. */
    static LlmClient llm(LocalWorkspace workspace, Sleeper sleeper) {
        return LlmClient.databricks(workspace.workspaceClient(), workspace.servingEndpointName()).newBuilder()
                .progressListener(ProgressListener.none()).sleeper(sleeper).build();
    }

    /** A session builder on the stack, in place on the space, with everything but the benchmarks set. */
    static EnhancementSession.Builder session(LocalWorkspace workspace, String spaceId, StateStore store,
                                              ProgressListener listener, Sleeper sleeper) {
        return resumable(workspace, store, listener, sleeper).spaceId(spaceId)
                .warehouseId(workspace.warehouseId()).applyMode(ApplyMode.IN_PLACE).propagationWait(Duration.ZERO);
    }

    /** What a builder needs besides the stored settings to resume a session: workspace, LLM, store, Genie. */
    static EnhancementSession.Builder resumable(LocalWorkspace workspace, StateStore store, ProgressListener listener,
                                                Sleeper sleeper) {
        return EnhancementSession.builder().workspace(workspace.workspaceClient()).llm(llm(workspace, sleeper))
                .genie(genie(workspace.workspaceClient(), sleeper).build()).stateStore(store)
                .progressListener(listener);
    }
}
