package io.github.genieenhancer.examples.cli;

import com.databricks.sdk.WorkspaceClient;
import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.genie.state.DeltaStateStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where sessions are kept between commands, the same options on every command: a directory ({@code --state-dir},
 * the default), any database with a JDBC driver on the class path ({@code --state-url}; H2 comes with the tool), or
 * Delta tables on a SQL warehouse ({@code --state-store DELTA}, as the jobs keep them). Choosing two is a usage error.
 */
class StateOptions {

    /** The environment variable a database password is read from: never a command-line value, which ps shows. */
    static final String PASSWORD_VARIABLE = "GENIE_STATE_PASSWORD";
    static final String DEFAULT_DIRECTORY = ".genie-enhancer";

    /** The kinds of store. */
    enum Kind {
        /** {@code --state-dir}: JSON files on one machine. */
        DIRECTORY,
        /** {@code --state-url}: tables in a relational database. */
        JDBC,
        /** {@code --state-catalog} and {@code --state-schema}: Delta tables written through the SQL warehouse. */
        DELTA
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Keep sessions, score runs, plans and space "
            + "snapshots as JSON files in this directory (default: " + DEFAULT_DIRECTORY + ").")
    Path stateDir;

    @Option(names = "--state-url", paramLabel = "JDBC_URL", description = {"Keep them in tables genie_enhancer_* "
            + "of this database instead, e.g. jdbc:h2:file:./genie-state (H2 comes with the tool; other databases "
            + "need their driver on the class path). The password, if any, comes from $" + PASSWORD_VARIABLE + "."})
    String stateUrl;

    @Option(names = "--state-user", paramLabel = "USER", description = "With --state-url: the database user.")
    String stateUser;

    @Option(names = "--state-store", paramLabel = "KIND", description = "DIRECTORY (--state-dir), JDBC "
            + "(--state-url) or DELTA (tables in --state-catalog.--state-schema, written through the SQL warehouse "
            + "and shared by every task of a job run). Default: JDBC with --state-url, else DIRECTORY.")
    Kind kind;

    @Option(names = "--state-catalog", paramLabel = "CATALOG", description = "With DELTA: the catalog of the tables.")
    String catalog;

    @Option(names = "--state-schema", paramLabel = "SCHEMA", description = "With DELTA: the schema of the tables; "
            + "it must exist, the tables are created in it.")
    String schema;

    @Option(names = "--state-table-prefix", paramLabel = "PREFIX", description = "With DELTA: the start of every "
            + "table name (default: " + DeltaStateStore.DEFAULT_TABLE_PREFIX + ").")
    String tablePrefix;

    @Option(names = "--state-warehouse-id", paramLabel = "ID", description = "With DELTA: the SQL warehouse that "
            + "reads and writes the tables. Default: --warehouse-id (or $GENIE_WAREHOUSE_ID).")
    String warehouseId;

    /**
     * The kind of store the options choose.
     *
     * @throws ParameterException (a usage error) when they choose two, or give an option of a kind not chosen
     */
    Kind kind() {
        Kind chosen = kind != null ? kind : stateUrl != null ? Kind.JDBC : Kind.DIRECTORY;
        List<String> conflicts = new ArrayList<>();
        if (stateDir != null && chosen != Kind.DIRECTORY) {
            conflicts.add("--state-dir");
        }
        if (stateUrl != null && chosen != Kind.JDBC) {
            conflicts.add("--state-url");
        }
        if (stateUser != null && chosen != Kind.JDBC) {
            conflicts.add("--state-user");
        }
        if (chosen != Kind.DELTA) {
            for (String[] delta : new String[][] {{"--state-catalog", catalog}, {"--state-schema", schema},
                {"--state-table-prefix", tablePrefix}, {"--state-warehouse-id", warehouseId}}) {
                if (delta[1] != null) {
                    conflicts.add(delta[0]);
                }
            }
        }
        if (!conflicts.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "The state store is " + chosen + " (" + describe(chosen)
                    + "), which does not take " + String.join(", ", conflicts) + "; choose one store");
        }
        if (chosen == Kind.JDBC && stateUrl == null) {
            throw new ParameterException(spec.commandLine(), "--state-store JDBC needs --state-url");
        }
        return chosen;
    }

    /**
     * Opens the store the options name, on the command's workspace when it is Delta.
     *
     * @throws ConfigurationException when DELTA misses its catalog or schema, or is combined with {@code --local}
     */
    StateStore open(Workspace workspace) {
        if (kind() == Kind.DELTA && workspace.localWorkspace().isPresent()) {
            throw new ConfigurationException("--state-store DELTA cannot be combined with --local: the local "
                    + "workspace's warehouse lives only as long as one command");
        }
        return open(workspace::client, Optional.of(workspace.warehouseId()));
    }

    /**
     * Opens the store; {@code client} is called only for Delta.
     *
     * @param defaultWarehouse the warehouse of the Delta tables when {@code --state-warehouse-id} is not given
     */
    StateStore open(Supplier<WorkspaceClient> client, Optional<String> defaultWarehouse) {
        return switch (kind()) {
            case DIRECTORY -> StateStore.directory(stateDir == null ? Path.of(DEFAULT_DIRECTORY) : stateDir);
            case JDBC -> StateStore.jdbc(new UrlDataSource(stateUrl, stateUser,
                    EnvironmentDefaults.variable(spec, PASSWORD_VARIABLE)));
            case DELTA -> delta(client, defaultWarehouse);
        };
    }

    private StateStore delta(Supplier<WorkspaceClient> client, Optional<String> defaultWarehouse) {
        if (catalog == null || schema == null) {
            throw new ConfigurationException("--state-store DELTA needs --state-catalog and --state-schema");
        }
        String warehouse = Optional.ofNullable(warehouseId).or(() -> defaultWarehouse).filter(w -> !w.isBlank())
                .orElseThrow(() -> new ConfigurationException("--state-store DELTA needs --state-warehouse-id (or "
                        + "--warehouse-id, or $GENIE_WAREHOUSE_ID): the SQL warehouse that reads and writes the "
                        + "tables"));
        return DeltaStateStore.builder(client.get())
                .warehouseId(warehouse)
                .catalog(catalog)
                .schema(schema)
                .tablePrefix(tablePrefix == null ? DeltaStateStore.DEFAULT_TABLE_PREFIX : tablePrefix)
                .build();
    }

    private static String describe(Kind kind) {
        return switch (kind) {
            case DIRECTORY -> "--state-dir";
            case JDBC -> "--state-url";
            case DELTA -> "--state-store DELTA";
        };
    }

    /**
     * Connections to a JDBC URL through {@link DriverManager}, which finds the driver on the class path. The
     * password is masked in the tool's output; the URL is never printed (it may hold credentials too).
     */
    private static final class UrlDataSource implements DataSource {
        private final String url;
        private final Optional<String> user;
        private final Optional<String> password;

        UrlDataSource(String url, String user, Optional<String> password) {
            this.url = url;
            this.user = Optional.ofNullable(user);
            this.password = password;
            password.ifPresent(CliLogging::secret);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (user.isEmpty() && password.isEmpty()) {
                return DriverManager.getConnection(url);
            }
            return DriverManager.getConnection(url, user.orElse(null), password.orElse(null));
        }

        @Override
        public Connection getConnection(String username, String pass) throws SQLException {
            return DriverManager.getConnection(url, username, pass);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // DriverManager's log writer is global; a data source of the tool never sets it.
        }

        @Override
        public void setLoginTimeout(int seconds) {
            DriverManager.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() {
            return DriverManager.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException("no parent logger");
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("Not a wrapper of " + type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
