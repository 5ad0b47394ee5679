package io.github.genieenhancer.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Creates the tables an exported space's data sources name, from their column configs, and fills them with
 * generated rows, so that any exported space can be hosted: Genie answers on it and its SQL runs.
 *
 * <p>An export carries column names, not types, so the type is read from the name (the first rule that matches,
 * on the lower-cased name): {@code is_*}, {@code has_*} BOOLEAN; {@code date}, {@code *_date} DATE; {@code *_time},
 * {@code *_timestamp}, {@code *_at} TIMESTAMP; {@code id}, {@code *_id} BIGINT; a name with a money word between
 * underscores ({@code revenue, amount, price, cost, usd, spend, income, margin, refund}) DECIMAL(18,2); a name
 * ending in a count word ({@code count, cnt, qty, quantity, user, users, mins, minutes, seconds, hours, sold,
 * returns, used, size, total}) BIGINT; anything else STRING. Every table gets {@value #ROWS} rows from a
 * {@link Random} seeded with the workspace's seed and the table's identifier, so the same seed gives the same rows.
 * Values are drawn from one domain per column name, whatever the table, so that columns of the same name join:
 * strings are {@code <column>_1} to {@code <column>_12}, ids 1 to 50, dates and timestamps fall in 2025, money
 * 0.00 to 999.99, counts 0 to 1,000. A table that already exists (the sample dataset's, or one named twice) is left
 * as it is; a table without column configs, and an identifier or column name that is not plain letters, digits and
 * underscores, is skipped.
 */
final class GeneratedTables {
    /** Rows generated per table. */
    static final int ROWS = 200;
    private static final int STRING_VALUES = 12;
    private static final int ID_VALUES = 50;
    private static final LocalDate FIRST_DAY = LocalDate.of(2025, 1, 1);
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern MONEY = Pattern.compile(
            "(^|_)(revenue|amount|price|cost|usd|spend|income|margin|refund)(_|$)");
    private static final Pattern COUNT = Pattern.compile(
            "(^|_)(count|cnt|qty|quantity|users?|mins|minutes|seconds|hours|sold|returns|used|size|total)$");

    private enum Type {
        BOOLEAN("BOOLEAN"), DATE("DATE"), TIMESTAMP("TIMESTAMP"), ID("BIGINT"), MONEY("DECIMAL(18,2)"),
        COUNT("BIGINT"), STRING("VARCHAR");

        private final String sql;

        Type(String sql) {
            this.sql = sql;
        }
    }

    private GeneratedTables() {
    }

    /** Creates and fills every table and metric view of the configuration that does not exist yet. */
    static void create(DuckDBConnection connection, JsonNode config, long seed) throws SQLException {
        for (String kind : List.of("tables", "metric_views")) {
            for (JsonNode table : config.path("data_sources").path(kind)) {
                String[] parts = table.path("identifier").asText("").split("\\.");
                Set<String> columns = new LinkedHashSet<>();
                table.path("column_configs").forEach(c -> columns.add(c.path("column_name").asText("")));
                columns.removeIf(c -> !NAME.matcher(c).matches());
                if (parts.length == 3 && List.of(parts).stream().allMatch(p -> NAME.matcher(p).matches())
                        && !columns.isEmpty() && !exists(connection, parts)) {
                    create(connection, parts, List.copyOf(columns), new Random(seed ^ String.join(".", parts)
                            .toLowerCase(Locale.ROOT).hashCode()));
                }
            }
        }
    }

    private static boolean exists(Connection connection, String[] parts) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT 1 FROM information_schema.tables WHERE "
                + "lower(table_catalog) = ? AND lower(table_schema) = ? AND lower(table_name) = ?")) {
            for (int i = 0; i < 3; i++) {
                s.setString(i + 1, parts[i].toLowerCase(Locale.ROOT));
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void create(DuckDBConnection connection, String[] parts, List<String> columns, Random random)
            throws SQLException {
        String catalog = parts[0];
        String schema = parts[1];
        List<Type> types = columns.stream().map(GeneratedTables::typeOf).toList();
        try (Statement s = connection.createStatement()) {
            s.execute("ATTACH IF NOT EXISTS ':memory:' AS " + catalog);
            s.execute("CREATE SCHEMA IF NOT EXISTS " + catalog + "." + schema);
            List<String> definitions = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                definitions.add("\"" + columns.get(i) + "\" " + types.get(i).sql);
            }
            s.execute("CREATE TABLE " + String.join(".", parts) + " (" + String.join(", ", definitions) + ")");
        }
        try (DuckDBAppender a = connection.createAppender(catalog, schema, parts[2])) {
            for (int row = 0; row < ROWS; row++) {
                a.beginRow();
                for (int i = 0; i < columns.size(); i++) {
                    append(a, types.get(i), columns.get(i), random);
                }
                a.endRow();
            }
        }
    }

    private static Type typeOf(String column) {
        String name = column.toLowerCase(Locale.ROOT);
        if (name.startsWith("is_") || name.startsWith("has_")) {
            return Type.BOOLEAN;
        }
        if (name.equals("date") || name.endsWith("_date")) {
            return Type.DATE;
        }
        if (name.endsWith("_time") || name.endsWith("_timestamp") || name.endsWith("_at")) {
            return Type.TIMESTAMP;
        }
        if (name.equals("id") || name.endsWith("_id")) {
            return Type.ID;
        }
        if (MONEY.matcher(name).find()) {
            return Type.MONEY;
        }
        return COUNT.matcher(name).find() ? Type.COUNT : Type.STRING;
    }

    private static void append(DuckDBAppender a, Type type, String column, Random random) throws SQLException {
        switch (type) {
            case BOOLEAN -> a.append(random.nextBoolean());
            case DATE -> a.append(FIRST_DAY.plusDays(random.nextInt(365)));
            case TIMESTAMP -> a.append(FIRST_DAY.plusDays(random.nextInt(365)).atStartOfDay()
                    .plusSeconds(random.nextInt(86_400)));
            case ID -> a.append((long) (1 + random.nextInt(ID_VALUES)));
            case MONEY -> a.append(BigDecimal.valueOf(random.nextInt(100_000), 2));
            case COUNT -> a.append((long) random.nextInt(1_001));
            case STRING -> a.append(column.toLowerCase(Locale.ROOT) + "_" + (1 + random.nextInt(STRING_VALUES)));
        }
    }
}
