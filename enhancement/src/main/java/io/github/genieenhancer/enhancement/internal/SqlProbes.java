package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.space.SnippetKind;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.space.TableConfig;
import io.github.genieenhancer.genie.ErrorGroup;
import io.github.genieenhancer.genie.ReadOnlySqlGuard;
import io.github.genieenhancer.genie.SqlCheck;
import io.github.genieenhancer.genie.SqlExecutionException;
import io.github.genieenhancer.genie.SqlExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the SQL of a fix: a query (an example's SQL, or one built around a snippet or join condition) must be a
 * single read-only statement ({@link ReadOnlySqlGuard}), and, when a warehouse is given, run there with
 * {@code LIMIT 0}, so it is checked against the real tables and columns without reading data. A column a metadata
 * fix names that the space does not configure is looked up the same way. One instance checks one plan and runs each
 * distinct query once.
 */
public final class SqlProbes {
    private static final Pattern TRAILING_SEMICOLONS = Pattern.compile("[;\\s]+$");
    private static final int MAX_MESSAGE = 300;

    private final FixChecks checks;
    private final Optional<SqlExecutor> warehouse;
    private final Map<String, Optional<String>> ran = new HashMap<>();

    /**
     * Checks against a configuration.
     *
     * @param warehouse runs the probes; without it SQL is only checked to be a read-only query
     */
    public SqlProbes(SpaceConfig space, Optional<SqlExecutor> warehouse) {
        this.checks = new FixChecks(space);
        this.warehouse = warehouse;
    }

    /**
     * The reason the fix's SQL cannot be used, or empty.
     *
     * @throws io.github.genieenhancer.core.GenieApiException when the warehouse cannot be reached: that is no fault
     *                                                        of the fix
     */
    public Optional<String> check(Fix fix) {
        if (fix instanceof Fix.SampleQueryAdd f) {
            return query("SELECT * FROM (" + TRAILING_SEMICOLONS.matcher(f.sql()).replaceAll("") + ") AS probe LIMIT 0",
                    f.sql());
        } else if (fix instanceof Fix.SqlSnippetAdd f) {
            String from = fromClause(FixChecks.qualifiers(f.sql()));
            String probe = f.kind() == SnippetKind.FILTER
                    ? "SELECT 1 FROM " + from + " WHERE " + f.sql() + " LIMIT 0"
                    : "SELECT " + f.sql() + " AS probe FROM " + from + " LIMIT 0";
            return query(probe, f.sql());
        } else if (fix instanceof Fix.JoinSpecAdd f) {
            return query("SELECT 1 FROM " + source(f.leftTable()) + " JOIN " + source(f.rightTable()) + " ON "
                    + f.condition() + " LIMIT 0", f.condition());
        } else if (fix instanceof Fix.MetadataAdd f && f.column().isPresent()
                && !checks.isConfiguredColumn(f.table(), f.column().get())) {
            return column(f.table(), f.column().get());
        }
        return Optional.empty();
    }

    private Optional<String> column(String table, String column) {
        if (warehouse.isEmpty()) {
            return Optional.of("column " + column + " of " + table + " is not configured in the space, and without a"
                    + " warehouse it cannot be checked to exist");
        }
        if (column.contains("`")) {
            return Optional.of("the column name '" + column + "' contains a backtick");
        }
        return run("SELECT `" + column.strip() + "` FROM " + Texts.tableKey(table) + " LIMIT 0")
                .map(failure -> "column " + column + " does not exist in " + table + " (" + failure + ")");
    }

    private Optional<String> query(String probe, String shown) {
        SqlCheck check = ReadOnlySqlGuard.check(probe);
        if (!check.readOnly()) {
            return Optional.of("the SQL '" + shorten(shown) + "' is not a single read-only query ("
                    + check.statementKind() + ": " + check.reason().orElse("refused") + ")");
        }
        return warehouse.isEmpty() ? Optional.empty()
                : run(probe).map(failure -> "the SQL fails on the warehouse: " + failure);
    }

    private Optional<String> run(String probe) {
        return ran.computeIfAbsent(probe, sql -> {
            try {
                warehouse.orElseThrow().execute(sql);
                return Optional.empty();
            } catch (SqlExecutionException e) {
                if (e.group() == ErrorGroup.INFRASTRUCTURE) {
                    throw e;
                }
                return Optional.of(shorten(e.getMessage()));
            }
        });
    }

    /** The tables a fragment's qualifiers name, each aliased by its short name, cross-joined. */
    private String fromClause(Iterable<String> qualifiers) {
        List<String> sources = new ArrayList<>();
        for (String q : qualifiers) {
            checks.tableByShortName(q).map(TableConfig::identifier).map(SqlProbes::source).ifPresent(sources::add);
        }
        return String.join(" CROSS JOIN ", sources);
    }

    private static String source(String identifier) {
        return Texts.tableKey(identifier) + " AS " + Texts.shortName(identifier);
    }

    private static String shorten(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "...";
    }
}
