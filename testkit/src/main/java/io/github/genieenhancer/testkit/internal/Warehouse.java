package io.github.genieenhancer.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBConnection;

/**
 * The embedded SQL warehouse: an in-memory DuckDB database holding the sample dataset. Statements arrive in
 * Databricks SQL and are translated just enough for DuckDB (backtick identifiers, {@code current_date()}); results
 * come back with Databricks type names and every value rendered as the string the Statement Execution API's
 * {@code JSON_ARRAY} format would carry.
 */
public final class Warehouse implements AutoCloseable {
    private static final DateTimeFormatter TIMESTAMP_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
    /** String literals in the unrolled form: a loop per character would overflow the stack on long literals. */
    private static final Pattern STRING_OR_BACKTICK = Pattern.compile("'[^']*+(?:''[^']*+)*+'|`([^`]*)`");
    private static final Set<String> DML = Set.of("INSERT", "UPDATE", "DELETE", "MERGE");
    /** Delta-only clauses of CREATE TABLE that DuckDB does not know; string literals are matched to be skipped. */
    private static final Pattern DELTA_CLAUSE = Pattern.compile(
            "'[^']*+(?:''[^']*+)*+'|(?i:\\bUSING\\s+DELTA\\b|\\bTBLPROPERTIES\\s*\\((?:'[^']*+(?:''[^']*+)*+'|[^)'])*\\))");
    private static final Column AFFECTED_ROWS = new Column("num_affected_rows", "LONG", "BIGINT", 0, 0);
    private static final Pattern CURRENT_DATE_CALL = Pattern.compile("(?i)\\bcurrent_(date|timestamp)\\s*\\(\\s*\\)");

    private final DuckDBConnection root;
    private final Object writeLock = new Object();
    private final boolean writable;
    private final Map<String, List<Column>> columnCache = new ConcurrentHashMap<>();

    /** A column of a result or table, with its Databricks type. */
    public record Column(String name, String typeName, String typeText, int precision, int scale) {
    }

    /** A finished query: its columns and rows, every value a string or {@code null}. */
    public record Result(List<Column> columns, List<List<String>> rows, boolean truncated) {
    }

    /**
     * Opens an in-memory database loaded with the sample dataset.
     *
     * @param seed the dataset generator's seed
     */
    public Warehouse(long seed) {
        this(seed, false);
    }

    /**
     * Opens an in-memory database loaded with the sample dataset.
     *
     * @param seed     the dataset generator's seed
     * @param writable whether {@link #execute} also runs DDL and DML
     */
    public Warehouse(long seed, boolean writable) {
        this.writable = writable;
        try {
            root = DriverManager.getConnection("jdbc:duckdb:").unwrap(DuckDBConnection.class);
            SampleDataset.load(root, seed);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot start the embedded warehouse: " + e.getMessage(), e);
        }
    }

    /**
     * Runs a read-only statement.
     *
     * @param sql      Databricks SQL
     * @param rowLimit the most rows to return (further rows set {@code truncated}), or a negative value for all
     * @throws SqlFailure with a Databricks-style message when the statement is not read-only or fails
     */
    public Result query(String sql, long rowLimit) {
        return query(sql, rowLimit, SampleDataset.CATALOG, SampleDataset.SCHEMA);
    }

    /**
     * Runs a read-only statement with a default catalog and schema for one- and two-part table names.
     *
     * @see #query(String, long)
     */
    public Result query(String sql, long rowLimit, String catalog, String schema) {
        String translated = translate(sql);
        StatementWords words = requireOneStatement(translated);
        if (!words.isReadOnlyQuery()) {
            throw new SqlFailure("BAD_REQUEST", "42000",
                    "[NOT_SUPPORTED] The SQL warehouse of LocalWorkspace only runs read-only queries (SELECT/WITH).");
        }
        try (Connection c = root.duplicate(); Statement s = c.createStatement()) {
            if (!catalog.matches("\\w+") || !schema.matches("\\w+")) {
                throw new SqlFailure("BAD_REQUEST", "42000", "[INVALID_IDENTIFIER] catalog or schema name");
            }
            s.execute("USE " + catalog + "." + schema);
            try (ResultSet rs = s.executeQuery(translated)) {
                List<Column> columns = columns(rs.getMetaData());
                List<List<String>> rows = new ArrayList<>();
                boolean truncated = false;
                while (rs.next()) {
                    if (rowLimit >= 0 && rows.size() >= rowLimit) {
                        truncated = true;
                        break;
                    }
                    List<String> row = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        row.add(render(rs.getObject(i)));
                    }
                    rows.add(Collections.unmodifiableList(row));
                }
                return new Result(columns, rows, truncated);
            }
        } catch (SQLException e) {
            throw new SqlFailure("BAD_REQUEST", "42000", cleanMessage(e));
        }
    }

    /**
     * Runs a statement of the Statement Execution API: a read-only query as {@link #query(String, long, String,
     * String)} does and, when the warehouse is writable, DDL (no result) and DML (one {@code num_affected_rows}
     * row) too.
     *
     * @throws SqlFailure with a Databricks-style message when the statement is not allowed or fails
     */
    public Result execute(String sql, long rowLimit, String catalog, String schema) {
        StatementWords words = requireOneStatement(translate(sql));
        if (!writable || words.isReadOnlyQuery()) {
            return query(sql, rowLimit, catalog, schema);
        }
        if (!catalog.matches("\\w+") || !schema.matches("\\w+")) {
            throw new SqlFailure("BAD_REQUEST", "42000", "[INVALID_IDENTIFIER] catalog or schema name");
        }
        // Writes take turns, as Delta's Serializable isolation makes conflicting commits do: DuckDB's optimistic
        // MVCC once let two concurrent compare-and-set UPDATEs both report one affected row.
        synchronized (writeLock) {
            return write(sql, words.firstWord(), catalog, schema);
        }
    }

    /**
     * The words of a statement, or a failure when the text holds more than one: the Statement Execution API runs one
     * statement per request, and DuckDB would run every statement of the text.
     */
    private static StatementWords requireOneStatement(String translated) {
        StatementWords words = StatementWords.of(translated);
        if (words.statementCount() > 1) {
            throw new SqlFailure("BAD_REQUEST", "42000", "[PARSE_SYNTAX_ERROR] The SQL warehouse of LocalWorkspace "
                    + "runs one statement per request, got " + words.statementCount() + ".");
        }
        return words;
    }

    private Result write(String sql, String keyword, String catalog, String schema) {
        try (Connection c = root.duplicate(); Statement s = c.createStatement()) {
            s.execute("USE " + catalog + "." + schema);
            s.execute(translate(keyword.equals("CREATE") ? withoutDeltaClauses(sql) : sql));
            columnCache.clear();
            if (!DML.contains(keyword)) {
                return new Result(List.of(), List.of(), false);
            }
            return new Result(List.of(AFFECTED_ROWS), List.of(List.of(Long.toString(Math.max(0, s.getUpdateCount())))),
                    false);
        } catch (SQLException e) {
            throw new SqlFailure("BAD_REQUEST", "42000", cleanMessage(e));
        }
    }

    private static String withoutDeltaClauses(String sql) {
        Matcher m = DELTA_CLAUSE.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group().startsWith("'") ? m.group() : ""));
        }
        return m.appendTail(out).toString();
    }

    /**
     * Creates the tables and metric views a space configuration names that do not exist yet, from their column
     * configs, with generated rows (see {@link GeneratedTables}).
     *
     * @param seed the seed of the rows' generator
     */
    public void createTables(JsonNode config, long seed) {
        synchronized (writeLock) {
            try {
                GeneratedTables.create(root, config, seed);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot create the tables of the space: " + e.getMessage(), e);
            }
            columnCache.clear();
        }
    }

    /** The columns of a table named {@code catalog.schema.table}, in table order; empty when there is no such table. */
    public List<Column> tableColumns(String identifier) {
        String key = identifier.toLowerCase(Locale.ROOT);
        List<Column> cached = columnCache.get(key);
        if (cached != null) {
            return cached;
        }
        String[] parts = key.split("\\.");
        if (parts.length != 3) {
            return List.of();
        }
        try (Connection c = root.duplicate(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + parts[0] + "." + parts[1] + "." + parts[2] + " LIMIT 0")) {
            List<Column> columns = columns(rs.getMetaData());
            columnCache.put(key, columns);
            return columns;
        } catch (SQLException e) {
            return List.of();
        }
    }

    /** The distinct non-null values of a string column, at most {@code max}; empty when there are more. */
    public List<String> distinctValues(String identifier, String column, int max) {
        String[] parts = identifier.toLowerCase(Locale.ROOT).split("\\.");
        if (parts.length != 3 || !column.matches("\\w+")) {
            return List.of();
        }
        String sql = "SELECT DISTINCT \"" + column + "\" FROM " + String.join(".", parts) + " WHERE \"" + column
                + "\" IS NOT NULL ORDER BY 1 LIMIT " + (max + 1);
        try (Connection c = root.duplicate(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            Set<String> values = new LinkedHashSet<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values.size() > max ? List.of() : List.copyOf(values);
        } catch (SQLException e) {
            return List.of();
        }
    }

    /** Whether a table named {@code catalog.schema.table} exists. */
    public boolean tableExists(String identifier) {
        return !tableColumns(identifier).isEmpty();
    }

    @Override
    public void close() {
        try {
            root.close();
        } catch (SQLException e) {
            // closing an in-memory database cannot lose anything
        }
    }

    /** Databricks SQL to DuckDB SQL: backtick identifiers become double-quoted ones, {@code current_date()} loses its parentheses. */
    static String translate(String sql) {
        Matcher m = STRING_OR_BACKTICK.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(1) == null ? m.group() : "\"" + m.group(1).replace("\"", "\"\"") + "\"";
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return CURRENT_DATE_CALL.matcher(out.toString()).replaceAll("current_$1");
    }

    private static List<Column> columns(ResultSetMetaData md) throws SQLException {
        List<Column> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(column(md.getColumnLabel(i), md.getColumnTypeName(i), md.getPrecision(i), md.getScale(i)));
        }
        return List.copyOf(columns);
    }

    private static Column column(String name, String duckType, int precision, int scale) {
        String t = duckType.toUpperCase(Locale.ROOT);
        if (t.startsWith("DECIMAL")) {
            return new Column(name, "DECIMAL", "DECIMAL(" + precision + "," + scale + ")", precision, scale);
        }
        String type = switch (t) {
            case "INTEGER", "INT", "INT4" -> "INT";
            case "BIGINT", "INT8", "HUGEINT", "UBIGINT", "UINTEGER" -> "LONG";
            case "SMALLINT", "INT2", "USMALLINT" -> "SHORT";
            case "TINYINT", "INT1", "UTINYINT" -> "BYTE";
            case "DOUBLE", "FLOAT8" -> "DOUBLE";
            case "FLOAT", "REAL", "FLOAT4" -> "FLOAT";
            case "BOOLEAN", "BOOL" -> "BOOLEAN";
            case "DATE" -> "DATE";
            case "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> "TIMESTAMP";
            case "INTERVAL" -> "INTERVAL";
            case "BLOB" -> "BINARY";
            default -> "STRING";
        };
        String text = switch (type) {
            case "LONG" -> "BIGINT";
            case "SHORT" -> "SMALLINT";
            case "BYTE" -> "TINYINT";
            default -> type;
        };
        return new Column(name, type, text, 0, 0);
    }

    private static String render(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Timestamp ts) {
            return ts.toLocalDateTime().atOffset(ZoneOffset.UTC).format(TIMESTAMP_FORMAT);
        }
        if (value instanceof LocalDateTime ldt) {
            return ldt.atOffset(ZoneOffset.UTC).format(TIMESTAMP_FORMAT);
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.withOffsetSameInstant(ZoneOffset.UTC).format(TIMESTAMP_FORMAT);
        }
        return value.toString();
    }

    private static String cleanMessage(SQLException e) {
        String message = Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
        return message.replace("\n", " ").strip();
    }

    /** A statement failed, with the Databricks error code and SQL state to report. */
    public static final class SqlFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        /** The Databricks {@code ServiceErrorCode}. */
        private final String errorCode;
        /** The SQL state. */
        private final String sqlState;

        /** Creates a failure. */
        public SqlFailure(String errorCode, String sqlState, String message) {
            super(message);
            this.errorCode = errorCode;
            this.sqlState = sqlState;
        }

        /** The Databricks {@code ServiceErrorCode}. */
        public String errorCode() {
            return errorCode;
        }

        /** The SQL state. */
        public String sqlState() {
            return sqlState;
        }
    }
}
