package io.github.genieenhancer.examples.cli;

import com.databricks.sdk.WorkspaceClient;
import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.llm.LlmClient;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.util.Optional;

/** A resolved workspace: the client, the space, the warehouse and the model; closes a local stand-in. */
final class Workspace implements AutoCloseable {
    private final WorkspaceClient client;
    private final String spaceId;
    private final String warehouseId;
    private final Optional<String> llmEndpoint;
    private final Optional<LocalWorkspace> local;

    private Workspace(WorkspaceClient client, String spaceId, String warehouseId, Optional<String> llmEndpoint,
                      Optional<LocalWorkspace> local) {
        this.client = client;
        this.spaceId = spaceId;
        this.warehouseId = warehouseId;
        this.llmEndpoint = llmEndpoint;
        this.local = local;
    }

    static Workspace remote(WorkspaceClient client, String spaceId, String warehouseId, Optional<String> llmEndpoint) {
        return new Workspace(client, spaceId, warehouseId, llmEndpoint, Optional.empty());
    }

    static Workspace local(LocalWorkspace local) {
        return new Workspace(local.workspaceClient(), local.sampleSpaceId(), local.warehouseId(),
                Optional.of(local.servingEndpointName()), Optional.of(local));
    }

    WorkspaceClient client() {
        return client;
    }

    String spaceId() {
        return spaceId;
    }

    String warehouseId() {
        return warehouseId;
    }

    /** The local stand-in, when the command runs with {@code --local}. */
    Optional<LocalWorkspace> localWorkspace() {
        return local;
    }

    /** The model serving endpoint's client. */
    LlmClient llm() {
        String endpoint = llmEndpoint.orElseThrow(() -> new ConfigurationException(
                "Missing --llm-endpoint (or GENIE_LLM_ENDPOINT)"));
        return LlmClient.databricks(client, endpoint);
    }

    @Override
    public void close() {
        local.ifPresent(LocalWorkspace::close);
    }
}
