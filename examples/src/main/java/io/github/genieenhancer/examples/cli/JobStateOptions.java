package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.genie.state.DeltaStateStore;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a job's session is kept: a directory, which serves one machine, or Delta tables on the SQL warehouse, which
 * every task of a job run reaches from whichever cluster runs it.
 */
final class JobStateOptions {

    /** The kinds of store a job can use. */
    enum Kind {
        /** {@code --state-dir}: the directory store. */
        DIRECTORY,
        /** {@code --state-catalog} and {@code --state-schema}: the Delta-table store. */
        DELTA
    }

    @Mixin
    StateOptions directory;

    @Option(names = "--state-store", paramLabel = "KIND", defaultValue = "DIRECTORY", description = "DIRECTORY "
            + "(--state-dir, one machine) or DELTA (tables in --state-catalog.--state-schema, written through the "
            + "SQL warehouse and shared by every task of a job run) (default: ${DEFAULT-VALUE}).")
    Kind kind;

    @Option(names = "--state-catalog", paramLabel = "CATALOG", description = "With DELTA: the catalog of the tables.")
    String catalog;

    @Option(names = "--state-schema", paramLabel = "SCHEMA", description = "With DELTA: the schema of the tables; "
            + "it must exist, the tables are created in it.")
    String schema;

    @Option(names = "--state-table-prefix", paramLabel = "PREFIX", defaultValue = DeltaStateStore.DEFAULT_TABLE_PREFIX,
            description = "With DELTA: the start of every table name (default: ${DEFAULT-VALUE}).")
    String tablePrefix;

    @Option(names = "--state-warehouse-id", paramLabel = "ID", description = "With DELTA: the SQL warehouse that "
            + "reads and writes the tables. Default: --warehouse-id.")
    String warehouseId;

    /**
     * Opens the store the options name.
     *
     * @throws ConfigurationException when DELTA misses its catalog or schema
     */
    StateStore open(Workspace workspace) {
        if (kind == Kind.DIRECTORY) {
            return directory.open();
        }
        if (catalog == null || schema == null) {
            throw new ConfigurationException("--state-store DELTA needs --state-catalog and --state-schema");
        }
        return DeltaStateStore.builder(workspace.client())
                .warehouseId(warehouseId == null ? workspace.warehouseId() : warehouseId)
                .catalog(catalog)
                .schema(schema)
                .tablePrefix(tablePrefix)
                .build();
    }
}
