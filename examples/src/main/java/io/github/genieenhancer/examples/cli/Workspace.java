package io.github.genieenhancer.examples.cli;

import com.databricks.sdk.WorkspaceClient;
import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.enhancement.EnhancementSession;
import io.github.genieenhancer.genie.BatchGenieClient;
import io.github.genieenhancer.genie.GenieClient;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.genie.SqlExecutor;
import io.github.genieenhancer.llm.LlmClient;
import io.github.genieenhancer.scoring.BatchScorer;
import io.github.genieenhancer.scoring.EvalRunScorer;
import io.github.genieenhancer.scoring.ScoringOptions;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A resolved workspace: the client, the space, the warehouse, the model and the benchmarks; closes what it opened,
 * including a local stand-in.
 */
final class Workspace implements AutoCloseable {
    /** The local stand-in has no rate limit and answers in milliseconds: poll it often, ask it freely. */
    private static final double LOCAL_QUESTIONS_PER_MINUTE = 60_000;
    private static final Duration LOCAL_POLL = Duration.ofMillis(20);

    private final WorkspaceClient client;
    private final String spaceId;
    private final String warehouseId;
    private final Optional<String> llmEndpoint;
    private final Optional<Path> benchmarksFile;
    private final double questionsPerMinute;
    private final Optional<LocalWorkspace> local;
    private final List<AutoCloseable> opened = new ArrayList<>();

    private Workspace(WorkspaceClient client, String spaceId, String warehouseId, Optional<String> llmEndpoint,
                      Optional<Path> benchmarksFile, double questionsPerMinute, Optional<LocalWorkspace> local) {
        this.client = client;
        this.spaceId = spaceId;
        this.warehouseId = warehouseId;
        this.llmEndpoint = llmEndpoint;
        this.benchmarksFile = benchmarksFile;
        this.questionsPerMinute = questionsPerMinute;
        this.local = local;
    }

    static Workspace remote(WorkspaceClient client, String spaceId, String warehouseId, Optional<String> llmEndpoint,
                            Optional<Path> benchmarksFile, double questionsPerMinute) {
        return new Workspace(client, spaceId, warehouseId, llmEndpoint, benchmarksFile, questionsPerMinute,
                Optional.empty());
    }

    static Workspace local(LocalWorkspace local, Optional<Path> benchmarksFile) {
        return new Workspace(local.workspaceClient(), local.sampleSpaceId(), local.warehouseId(),
                Optional.of(local.servingEndpointName()), benchmarksFile, LOCAL_QUESTIONS_PER_MINUTE,
                Optional.of(local));
    }

    WorkspaceClient client() {
        return client;
    }

    String spaceId() {
        return spaceId;
    }

    /** The SQL warehouse of the space's SQL; also the default for tables kept on the warehouse. */
    String warehouseId() {
        return warehouseId;
    }

    /** The local stand-in, when the command runs with {@code --local}. */
    Optional<LocalWorkspace> localWorkspace() {
        return local;
    }

    /** The model serving endpoint, when one is configured. */
    Optional<String> llmEndpoint() {
        return llmEndpoint;
    }

    /** The model serving endpoint's client. */
    LlmClient llm() {
        return llm(llmEndpoint.orElseThrow(() -> new ConfigurationException(
                "Missing --llm-endpoint (or GENIE_LLM_ENDPOINT)")));
    }

    /** A client of another model serving endpoint of this workspace, e.g. the judge's. */
    LlmClient llm(String endpoint) {
        return LlmClient.databricks(client, endpoint);
    }

    /** Databricks' eval runs of this workspace (polled often on the local stand-in, which ends them in moments). */
    EvalRunScorer evalRunScorer() {
        EvalRunScorer.Builder evalRuns = EvalRunScorer.builder(client);
        if (local.isPresent()) {
            evalRuns.pollInterval(LOCAL_POLL);
        }
        return evalRuns.build();
    }

    /**
     * The benchmarks: the file given, else the local sample's, else those stored in the space.
     *
     * @throws ConfigurationException when the space stores none and no file is given
     */
    BenchmarkSet benchmarks() {
        if (benchmarksFile.isPresent()) {
            return BenchmarkSet.load(benchmarksFile.get());
        }
        if (local.isPresent()) {
            return local.get().sampleBenchmarks();
        }
        BenchmarkSet stored = BenchmarkSet.fromSpace(SpaceApi.create(client).get(spaceId).config(),
                "space " + spaceId + " benchmarks");
        if (stored.size() == 0) {
            throw new ConfigurationException("Space " + spaceId + " stores no benchmarks; pass --benchmarks FILE");
        }
        return stored;
    }

    /** A scorer at this workspace's question rate, closed with the workspace. */
    BatchScorer scorer(ScoringOptions options) {
        BatchGenieClient genie = track(BatchGenieClient.create(genieClient()));
        return track(BatchScorer.create(genie, sqlExecutor().build(), SpaceApi.create(client), options));
    }

    /** An executor on this workspace's warehouse (polling the local stand-in often), to set more options on. */
    SqlExecutor.Builder sqlExecutor() {
        SqlExecutor.Builder sql = SqlExecutor.builder(client).warehouseId(warehouseId);
        if (local.isPresent()) {
            sql.pollInterval(LOCAL_POLL, LOCAL_POLL.multipliedBy(5));
        }
        return sql;
    }

    /** A session builder with everything that comes from the workspace set; the caller adds the settings. */
    EnhancementSession.Builder newSession(StateStore store, PrintStream progress) {
        return EnhancementSession.builder()
                .workspace(client)
                .spaceId(spaceId)
                .warehouseId(warehouseId)
                .benchmarks(benchmarks())
                .llm(llm())
                .genie(genieClient())
                .stateStore(store)
                .progressListener(ProgressListener.console(progress));
    }

    /**
     * The stored session, claimed for this process and continued with this workspace's clients and the judge and
     * prompts given; it keeps the settings it was started with, but for a minimum coverage given again.
     *
     * @param takeOver claim it even while another process holds it
     */
    EnhancementSession resume(StateStore store, String sessionId, boolean takeOver, PrintStream progress,
                              Optional<Double> minCoverage, EnhancementOptions options) {
        EnhancementSession.Builder builder = resumer(store, takeOver, progress);
        minCoverage.ifPresent(builder::minCoverage);
        options.given(builder, this);
        return builder.resume(sessionId);
    }

    /**
     * The stored session for a command that neither scores nor plans ({@code promote}): no judge, no prompts.
     *
     * @param takeOver claim it even while another process holds it
     */
    EnhancementSession resume(StateStore store, String sessionId, boolean takeOver, PrintStream progress) {
        return resumer(store, takeOver, progress).resume(sessionId);
    }

    private EnhancementSession.Builder resumer(StateStore store, boolean takeOver, PrintStream progress) {
        EnhancementSession.Builder builder = EnhancementSession.builder()
                .workspace(client)
                .genie(genieClient())
                .stateStore(store)
                .progressListener(ProgressListener.console(progress))
                .takeOver(takeOver);
        // Commands that plan have required --llm-endpoint when they opened the workspace; promote plans nothing.
        llmEndpoint.map(this::llm).ifPresent(builder::llm);
        return builder;
    }

    private GenieClient genieClient() {
        return genieClientBuilder().build();
    }

    /** A Genie client at this workspace's question rate (polling the local stand-in often), to set more options on. */
    GenieClient.Builder genieClientBuilder() {
        GenieClient.Builder genie = GenieClient.builder(client).questionsPerMinute(questionsPerMinute);
        if (local.isPresent()) {
            genie.pollInterval(LOCAL_POLL, LOCAL_POLL.multipliedBy(5));
        }
        return genie;
    }

    private <T extends AutoCloseable> T track(T resource) {
        opened.add(resource);
        return resource;
    }

    @Override
    public void close() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                // Closing is best effort: the command's outcome is already decided.
            }
        }
        local.ifPresent(LocalWorkspace::close);
    }
}
