package io.github.genieenhancer.examples.cli;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where a command works: a Databricks workspace through the SDK's auth chain, or a local stand-in. */
final class WorkspaceOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--local", description = "Work against a local stand-in workspace started for this command "
            + "(sample space, DuckDB warehouse, scripted LLM; nothing leaves 127.0.0.1). Ignores the Databricks "
            + "options below.")
    boolean local;

    @Option(names = "--local-latency", paramLabel = "MILLIS", defaultValue = "200",
            description = "With --local: how long the local Genie thinks before answering (default: ${DEFAULT-VALUE}).")
    long localLatencyMillis;

    @Option(names = "--profile", paramLabel = "NAME", description = "Profile of ~/.databrickscfg to authenticate "
            + "with. Default: the SDK's chain (DATABRICKS_HOST with DATABRICKS_TOKEN or another auth, then the "
            + "DEFAULT profile).")
    String profile;

    @Option(names = "--host", paramLabel = "URL", description = "The workspace URL. Default: $DATABRICKS_HOST or the "
            + "profile's.")
    String host;

    @Option(names = "--space-id", paramLabel = "ID", description = "The Genie space. Default: $GENIE_SPACE_ID.")
    String spaceId;

    @Option(names = "--warehouse-id", paramLabel = "ID",
            description = "The SQL warehouse that runs expected SQL and checks fixes. Default: $GENIE_WAREHOUSE_ID.")
    String warehouseId;

    @Option(names = "--llm-endpoint", paramLabel = "NAME",
            description = "The model serving endpoint that plans fixes. Default: $GENIE_LLM_ENDPOINT.")
    String llmEndpoint;

    @Option(names = "--benchmarks", paramLabel = "FILE", description = "Benchmark questions with expected SQL "
            + "(.yaml, .yml, .csv or .json). Default (also when empty, as a job's unset variable passes it): the "
            + "benchmarks stored in the space.")
    String benchmarks;

    @Option(names = "--questions-per-minute", paramLabel = "N", defaultValue = "5", description = "Genie questions "
            + "started per minute: the documented per-workspace limit is 5; ask your account team for more "
            + "(default: ${DEFAULT-VALUE}; unlimited with --local).")
    double questionsPerMinute;

    /**
     * The space and warehouse, and the workspace client; checked before anything is called.
     *
     * @param needsLlm whether the command plans fixes
     * @throws ConfigurationException naming every missing setting, or the SDK's reason when it has no workspace
     */
    Workspace open(boolean needsLlm) {
        if (benchmarksFile().filter(file -> !Files.isRegularFile(file)).isPresent()) {
            throw new ConfigurationException("Benchmarks file " + benchmarks + " does not exist");
        }
        if (local) {
            return openLocal();
        }
        List<String> missing = new ArrayList<>();
        if (blank(spaceId)) {
            missing.add("--space-id (or GENIE_SPACE_ID)");
        }
        if (blank(warehouseId)) {
            missing.add("--warehouse-id (or GENIE_WAREHOUSE_ID)");
        }
        if (needsLlm && blank(llmEndpoint)) {
            missing.add("--llm-endpoint (or GENIE_LLM_ENDPOINT)");
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationException("Missing " + String.join(", ", missing)
                    + "; --local uses the local sample workspace instead");
        }
        return Workspace.remote(connect(), spaceId, warehouseId, Optional.ofNullable(llmEndpoint),
                benchmarksFile(), questionsPerMinute);
    }

    /**
     * The workspace and warehouse without a space, for commands that choose their spaces themselves ({@code fleet}).
     *
     * @throws ConfigurationException when the warehouse is missing, or the SDK's reason when it has no workspace
     */
    Workspace openWithoutSpace() {
        if (spec.commandLine().getParseResult().hasMatchedOption("--space-id") || benchmarksFile().isPresent()) {
            throw new ConfigurationException("--space-id and --benchmarks do not apply here: choose the spaces with "
                    + "--space-ids or --space-name; each is scored against the benchmarks it stores");
        }
        if (local) {
            return openLocal();
        }
        if (blank(warehouseId)) {
            throw new ConfigurationException("Missing --warehouse-id (or GENIE_WAREHOUSE_ID); --local uses the local "
                    + "sample workspace instead");
        }
        return Workspace.remote(connect(), "", warehouseId, Optional.empty(), Optional.empty(), questionsPerMinute);
    }

    /**
     * The workspace as far as it is configured, for {@code doctor}, which reports every missing setting as a failed
     * check rather than stopping at the first, and for {@code promote}, which works on a stored session's own space
     * and warehouse: a space, warehouse or endpoint not given is empty, and a benchmarks file is only named, not
     * read.
     *
     * @throws ConfigurationException when no workspace or credentials are configured, with the SDK's reason
     */
    Workspace openAsConfigured() {
        if (local) {
            return openLocal();
        }
        return Workspace.remote(connect(), Objects.toString(spaceId, "").strip(),
                Objects.toString(warehouseId, "").strip(), Optional.ofNullable(llmEndpoint).filter(e -> !blank(e)),
                benchmarksFile(), questionsPerMinute);
    }

    /** The benchmarks file given, if one is: an empty value names none. */
    Optional<Path> benchmarksFile() {
        return Optional.ofNullable(benchmarks).filter(b -> !b.isBlank()).map(Path::of);
    }

    private Workspace openLocal() {
        LocalWorkspace standIn = LocalWorkspace.builder()
                .genieLatency(Duration.ofMillis(localLatencyMillis), Duration.ofMillis(localLatencyMillis / 2))
                .start();
        CliLogging.secret(standIn.databricksConfig().getToken());
        return Workspace.local(standIn, benchmarksFile());
    }

    private WorkspaceClient connect() {
        return connect(profile, blank(host) ? null : host.strip(), spec);
    }

    /**
     * The workspace client from the SDK's usual chain, or the profile; failing here when it finds none.
     * {@code DATABRICKS_HOST} and {@code DATABRICKS_TOKEN} are read from the tool's environment (that of
     * {@link GenieEnhancerCli#execute}, the process's when run from the command line), as the SDK would.
     */
    static WorkspaceClient connect(String profile, CommandSpec spec) {
        return connect(profile, null, spec);
    }

    /** The workspace client as above, on the given host instead of the environment's or profile's when not null. */
    static WorkspaceClient connect(String profile, String host, CommandSpec spec) {
        DatabricksConfig config = new DatabricksConfig();
        if (profile != null) {
            config.setProfile(profile);
        }
        EnvironmentDefaults.variable(spec, "DATABRICKS_HOST").ifPresent(config::setHost);
        EnvironmentDefaults.variable(spec, "DATABRICKS_TOKEN").ifPresent(config::setToken);
        if (host != null) {
            config.setHost(host);
        }
        try {
            // The SDK resolves environment and profile here; without a host it would fail later, less clearly.
            if (blank(config.resolve().getHost())) {
                throw new ConfigurationException("No Databricks workspace configured: set DATABRICKS_HOST and "
                        + "DATABRICKS_TOKEN (or another SDK auth method), use --profile, or --local");
            }
            // Credentials are found lazily by the SDK; asking for them now turns "no token" into a setup error.
            Map<String, String> headers = config.authenticate();
            keepOutOfLogs(config, headers);
            return new WorkspaceClient(config);
        } catch (DatabricksException e) {
            throw new ConfigurationException("No usable Databricks workspace configuration: " + firstLine(e)
                    + "; set DATABRICKS_HOST and DATABRICKS_TOKEN, use --profile, or --local", e);
        }
    }

    /**
     * The tool's log output masks the configuration's credentials and the token the auth chain produced, and the
     * SDK's {@code debug_headers} (which prints every request header at debug level) is switched off.
     */
    private static void keepOutOfLogs(DatabricksConfig config, Map<String, String> headers) {
        Stream.of(config.getToken(), config.getPassword(), config.getClientSecret(), config.getAzureClientSecret())
                .forEach(CliLogging::secret);
        headers.forEach((name, value) -> {
            if (name.equalsIgnoreCase("Authorization") && value != null) {
                String credential = value.strip();
                CliLogging.secret(credential.substring(credential.indexOf(' ') + 1).strip());
            }
        });
        config.setDebugHeaders(false);
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage()).strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline).strip();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
