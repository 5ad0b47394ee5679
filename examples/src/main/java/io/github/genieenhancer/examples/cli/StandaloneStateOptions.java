package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.state.StateStore;
import picocli.CommandLine.Option;

/**
 * The store options of a command that needs no workspace of its own ({@code report}, {@code sessions}): those of
 * {@link StateOptions}, and how to reach the workspace when the store is Delta tables on its SQL warehouse.
 */
final class StandaloneStateOptions extends StateOptions {

    @Option(names = "--profile", paramLabel = "NAME", description = "With --state-store DELTA: the profile of "
            + "~/.databrickscfg to reach the workspace with. Default: the SDK's chain (DATABRICKS_HOST with "
            + "DATABRICKS_TOKEN or another auth, then the DEFAULT profile).")
    String profile;

    /** Opens the store; a workspace is connected to only for Delta, whose warehouse may come from the environment. */
    StateStore open() {
        return open(() -> WorkspaceOptions.connect(profile, spec),
                EnvironmentDefaults.variable(spec, "GENIE_WAREHOUSE_ID"));
    }
}
