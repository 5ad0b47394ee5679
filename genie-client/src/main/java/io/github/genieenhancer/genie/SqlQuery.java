package io.github.genieenhancer.genie;

import io.github.genieenhancer.core.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A SQL statement to run with {@link SqlExecutor}, with its parameters and an optional row limit.
 *
 * <pre>{@code
 * SqlQuery.of("SELECT * FROM sales WHERE region = :region").withParameter("region", "EMEA").withRowLimit(5000)
 * }</pre>
 *
 * @param sql        the statement
 * @param parameters values for its {@code :name} markers
 * @param rowLimit   the most rows to return; the result is then marked truncated when there were more
 */
public record SqlQuery(String sql, List<SqlParameter> parameters, OptionalLong rowLimit) {

    /** Validates and copies the components. */
    public SqlQuery {
        Objects.requireNonNull(sql, "sql");
        parameters = List.copyOf(parameters);
        Objects.requireNonNull(rowLimit, "rowLimit");
        if (rowLimit.isPresent() && rowLimit.getAsLong() < 0) {
            throw new ConfigurationException("SqlQuery row limit must not be negative, got " + rowLimit.getAsLong());
        }
    }

    /** A statement without parameters or row limit. */
    public static SqlQuery of(String sql) {
        return new SqlQuery(sql, List.of(), OptionalLong.empty());
    }

    /** This query with one more string parameter. */
    public SqlQuery withParameter(String name, String value) {
        return withParameter(SqlParameter.of(name, value));
    }

    /** This query with one more parameter. */
    public SqlQuery withParameter(SqlParameter parameter) {
        List<SqlParameter> all = new ArrayList<>(parameters);
        all.add(Objects.requireNonNull(parameter, "parameter"));
        return new SqlQuery(sql, all, rowLimit);
    }

    /** This query returning at most {@code limit} rows (0 checks that the query runs without reading rows). */
    public SqlQuery withRowLimit(long limit) {
        return new SqlQuery(sql, parameters, OptionalLong.of(limit));
    }
}
