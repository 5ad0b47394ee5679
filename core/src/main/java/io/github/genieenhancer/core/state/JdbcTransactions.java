package io.github.genieenhancer.core.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Units of work of {@link JdbcStateStore}, each on its own connection in one transaction at READ COMMITTED, plus
 * the statement helpers they use. Every value is bound as a parameter; SQL text is built only from table names.
 */
final class JdbcTransactions {

    /** Work inside a transaction; throwing rolls it back. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Reads one column of a row. */
    @FunctionalInterface
    interface Column<T> {
        T read(ResultSet row) throws SQLException;
    }

    private final DataSource dataSource;

    JdbcTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code work} in a transaction and commits it, or rolls it back when {@code work} throws. READ COMMITTED
     * (where the database offers it) makes a write that waited for a row lock see the committed row instead of
     * failing with a serialisation error, which is what turns a lost race into a clean version check. The
     * connection's settings are put back before it is closed, so a pooled connection returns as it came.
     */
    <T> T run(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            boolean changeIsolation = isolation != Connection.TRANSACTION_READ_COMMITTED
                    && connection.getMetaData().supportsTransactionIsolationLevel(
                            Connection.TRANSACTION_READ_COMMITTED);
            if (changeIsolation) {
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
                if (changeIsolation) {
                    connection.setTransactionIsolation(isolation);
                }
            }
        }
    }

    /** Executes an INSERT, UPDATE or DDL statement and returns the number of rows it changed. */
    static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    /** The first column of every row of a query, in the query's order. */
    static <T> List<T> query(Connection connection, String sql, Column<T> column, Object... parameters)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            List<T> values = new ArrayList<>();
            while (rows.next()) {
                values.add(column.read(rows));
            }
            return values;
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }
}
