package io.github.genieenhancer.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the deterministic Genie knows about one space configuration: its tables and columns (with the warehouse's
 * types), the phrases that name them (column names, synonyms, table names, known values), SQL snippets, join specs,
 * example question SQLs and the text-instruction rules it understands. Built once per configuration version.
 */
public final class SpaceModel {
    private static final Pattern QUOTED_VALUE = Pattern.compile("'([^']{2,40})'");
    private static final Pattern TODAY = Pattern.compile("(?i)(today|current date)[^0-9]{0,40}(\\d{4}-\\d{2}-\\d{2})"
            + "|(\\d{4}-\\d{2}-\\d{2})[^.\\n]{0,40}(as today|as the current date)");
    private static final Pattern CONDITIONAL = Pattern.compile(
            "(?i)^\\W*when (?:computing|calculating|counting|reporting|asked about) ([a-z][a-z ]*?),\\s*"
                    + "(only include|include only|exclude)\\s+(?:[a-z ]*?\\bwhere\\s+)?(.+?)\\.?\\s*$");
    private static final Pattern DEFINITION = Pattern.compile(
            "(?i)^\\W*\"([^\"]+)\"\\s+means\\s+(.+?)\\.?\\s*$");
    private static final Pattern TABLE_REF = Pattern.compile("`?([A-Za-z_][A-Za-z0-9_]*)`?\\s*\\.\\s*`?([A-Za-z_][A-Za-z0-9_]*)`?");

    /** A table of the space. */
    public record Table(String identifier, String name, List<Column> columns) {
        /** The column with this name. */
        public Optional<Column> column(String columnName) {
            return columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst();
        }

        // A table and its columns refer to each other: identity is the identifier alone.
        @Override
        public boolean equals(Object o) {
            return o instanceof Table t && t.identifier.equals(identifier);
        }

        @Override
        public int hashCode() {
            return identifier.hashCode();
        }

        @Override
        public String toString() {
            return identifier;
        }
    }

    /** A column with what the configuration says about it. */
    public record Column(Table table, String name, String type, List<String> synonyms, String description,
                         List<String> values, boolean configured) {
        /** {@code table.column}, as generated SQL refers to it. */
        public String ref() {
            return table.name() + "." + name;
        }

        /** Whether the column holds numbers that can be summed. */
        public boolean numeric() {
            return switch (type) {
                case "INT", "LONG", "SHORT", "BYTE", "DECIMAL", "DOUBLE", "FLOAT" -> true;
                default -> false;
            };
        }

        /** Whether the column holds a date or timestamp. */
        public boolean temporal() {
            return type.equals("DATE") || type.equals("TIMESTAMP");
        }

        /** Whether the column is a flag. */
        public boolean bool() {
            return type.equals("BOOLEAN");
        }

        /** Whether the column is a string. */
        public boolean string() {
            return type.equals("STRING");
        }

        @Override
        public String toString() {
            return ref();
        }
    }

    /** A SQL snippet (filter, measure or expression). */
    public record Snippet(String kind, String id, String displayName, String alias, String sql,
                          List<String> synonyms, List<String> tables) {
    }

    /** A join spec between two tables, its condition written on the tables' short names. */
    public record Join(String id, String left, String right, String condition) {
    }

    /** An example question SQL. */
    public record Example(String id, String question, String sql) {
    }

    /** A text-instruction rule: when {@code trigger} is asked about, add {@code condition}. */
    public record ConditionalFilter(String trigger, String condition, String line) {
    }

    /** What a phrase of a question can refer to. */
    public sealed interface Target permits TableTarget, ColumnTarget, ValueTarget, SnippetTarget, DefinitionTarget {
    }

    /** A table, named by its short name. */
    public record TableTarget(Table table) implements Target {
    }

    /** A column, named by its name or by a synonym. */
    public record ColumnTarget(Column column, Optional<String> synonym) implements Target {
    }

    /** A value of a string column, known from a description or entity matching. */
    public record ValueTarget(Column column, String value) implements Target {
    }

    /** A SQL snippet, named by display name, alias or synonym. */
    public record SnippetTarget(Snippet snippet) implements Target {
    }

    /** A filter defined by a text instruction ("X" means ...). */
    public record DefinitionTarget(String condition, String line) implements Target {
    }

    private final List<Table> tables = new ArrayList<>();
    private final List<Snippet> snippets = new ArrayList<>();
    private final List<Join> joins = new ArrayList<>();
    private final List<Example> examples = new ArrayList<>();
    private final List<ConditionalFilter> conditionalFilters = new ArrayList<>();
    private final Map<String, List<Target>> lexicon = new LinkedHashMap<>();
    private final Map<String, List<Target>> values = new LinkedHashMap<>();
    private LocalDate today;
    private String todayLine = "";

    /** Builds the model of a configuration. */
    public SpaceModel(JsonNode config, Warehouse warehouse) {
        readTables(config, warehouse);
        readInstructions(config.path("instructions"));
        buildLexicon();
    }

    private void readTables(JsonNode config, Warehouse warehouse) {
        for (JsonNode t : config.path("data_sources").path("tables")) {
            String identifier = t.path("identifier").asText();
            String[] parts = identifier.split("\\.");
            List<Column> columns = new ArrayList<>();
            Table table = new Table(identifier, parts[parts.length - 1].toLowerCase(Locale.ROOT), columns);
            Map<String, JsonNode> configs = new LinkedHashMap<>();
            for (JsonNode cc : t.path("column_configs")) {
                configs.put(cc.path("column_name").asText().toLowerCase(Locale.ROOT), cc);
            }
            for (Warehouse.Column wc : warehouse.tableColumns(identifier)) {
                String name = wc.name().toLowerCase(Locale.ROOT);
                JsonNode cc = configs.get(name);
                if (cc != null && cc.path("exclude").asBoolean(false)) {
                    continue;
                }
                List<String> synonyms = cc == null ? List.of() : SpaceValidator.texts(cc.path("synonyms"));
                String description = cc == null ? "" : String.join("", SpaceValidator.texts(cc.path("description")));
                List<String> values = new ArrayList<>();
                Matcher m = QUOTED_VALUE.matcher(description);
                while (m.find()) {
                    values.add(m.group(1));
                }
                if (values.isEmpty() && cc != null && cc.path("enable_entity_matching").asBoolean(false)
                        && wc.typeName().equals("STRING")) {
                    values.addAll(warehouse.distinctValues(identifier, name, 200));
                }
                columns.add(new Column(table, name, wc.typeName(), synonyms, description, List.copyOf(values),
                        cc != null));
            }
            tables.add(table);
        }
    }

    private void readInstructions(JsonNode instructions) {
        for (JsonNode e : instructions.path("example_question_sqls")) {
            String sql = String.join("", SpaceValidator.texts(e.path("sql")));
            for (JsonNode p : e.path("parameters")) {
                JsonNode values = p.path("default_value").path("values");
                if (values.size() > 0) {
                    String literal = "'" + values.path(0).asText().replace("'", "''") + "'";
                    sql = sql.replaceAll(":" + Pattern.quote(p.path("name").asText()) + "\\b",
                            Matcher.quoteReplacement(literal));
                }
            }
            for (String q : SpaceValidator.texts(e.path("question"))) {
                examples.add(new Example(e.path("id").asText(), q, sql));
            }
        }
        for (JsonNode j : instructions.path("join_specs")) {
            String left = shortName(j.path("left").path("identifier").asText());
            String right = shortName(j.path("right").path("identifier").asText());
            String condition = SpaceValidator.texts(j.path("sql")).get(0).replace("`", "");
            condition = realias(condition, j.path("left").path("alias").asText(left), left);
            condition = realias(condition, j.path("right").path("alias").asText(right), right);
            joins.add(new Join(j.path("id").asText(), left, right, condition));
        }
        JsonNode sqlSnippets = instructions.path("sql_snippets");
        for (String kind : List.of("measures", "filters", "expressions")) {
            for (JsonNode s : sqlSnippets.path(kind)) {
                String sql = String.join(" ", SpaceValidator.texts(s.path("sql"))).replace("`", "").strip();
                snippets.add(new Snippet(kind, s.path("id").asText(), s.path("display_name").asText(""),
                        s.path("alias").asText(""), sql, SpaceValidator.texts(s.path("synonyms")), tablesIn(sql)));
            }
        }
        for (JsonNode t : instructions.path("text_instructions")) {
            String content = String.join("", SpaceValidator.texts(t.path("content")));
            for (String line : content.split("\\R")) {
                Matcher today = TODAY.matcher(line);
                if (today.find()) {
                    this.today = LocalDate.parse(today.group(2) != null ? today.group(2) : today.group(3));
                    this.todayLine = line.strip();
                }
                Matcher c = CONDITIONAL.matcher(line);
                if (c.find()) {
                    String condition = c.group(3).strip();
                    if (c.group(2).equalsIgnoreCase("exclude")) {
                        condition = "NOT (" + condition + ")";
                    }
                    conditionalFilters.add(new ConditionalFilter(Text.key(c.group(1)), condition, line.strip()));
                }
                Matcher d = DEFINITION.matcher(line);
                if (d.find()) {
                    add(d.group(1), new DefinitionTarget(d.group(2).strip(), line.strip()));
                }
            }
        }
    }

    private void buildLexicon() {
        for (Snippet s : snippets) {
            add(s.displayName(), new SnippetTarget(s));
            add(s.alias().replace('_', ' '), new SnippetTarget(s));
            s.synonyms().forEach(syn -> add(syn, new SnippetTarget(s)));
        }
        for (Table t : tables) {
            for (Column c : t.columns()) {
                for (String v : c.values()) {
                    values.computeIfAbsent(exact(v), k -> new ArrayList<>()).add(new ValueTarget(c, v));
                }
            }
        }
        for (Table t : tables) {
            for (Column c : t.columns()) {
                c.synonyms().forEach(syn -> add(syn, new ColumnTarget(c, Optional.of(syn))));
            }
        }
        for (Table t : tables) {
            add(t.name().replace('_', ' '), new TableTarget(t));
        }
        for (Table t : tables) {
            for (Column c : t.columns()) {
                String words = c.name().replace('_', ' ');
                add(words, new ColumnTarget(c, Optional.empty()));
                if (c.bool() && c.name().startsWith("is_")) {
                    add(words.substring(3), new ColumnTarget(c, Optional.empty()));
                }
            }
        }
    }

    private void add(String phrase, Target target) {
        String key = Text.key(phrase);
        if (!key.isBlank()) {
            lexicon.computeIfAbsent(key, k -> new ArrayList<>()).add(target);
        }
    }

    private static String realias(String condition, String alias, String name) {
        if (alias.isBlank() || alias.equalsIgnoreCase(name)) {
            return condition;
        }
        return condition.replaceAll("(?i)\\b" + Pattern.quote(alias) + "\\.", Matcher.quoteReplacement(name + "."));
    }

    private List<String> tablesIn(String sql) {
        List<String> names = new ArrayList<>();
        Matcher m = TABLE_REF.matcher(sql);
        while (m.find()) {
            String t = m.group(1).toLowerCase(Locale.ROOT);
            if (table(t).isPresent() && !names.contains(t)) {
                names.add(t);
            }
        }
        return names;
    }

    private static String shortName(String identifier) {
        String[] parts = identifier.split("\\.");
        return parts[parts.length - 1].toLowerCase(Locale.ROOT);
    }

    /** The tables, in configuration order. */
    public List<Table> tables() {
        return tables;
    }

    /** The table with this short name. */
    public Optional<Table> table(String name) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The join specs, in configuration order. */
    public List<Join> joins() {
        return joins;
    }

    /** The example question SQLs. */
    public List<Example> examples() {
        return examples;
    }

    /** The conditional filters from the text instructions. */
    public List<ConditionalFilter> conditionalFilters() {
        return conditionalFilters;
    }

    /** The date an instruction declares as today. */
    public Optional<LocalDate> today() {
        return Optional.ofNullable(today);
    }

    /** The instruction line that declared today. */
    public String todayLine() {
        return todayLine;
    }

    /** What a stemmed phrase can refer to, most specific first. */
    public List<Target> lookup(String key) {
        return lexicon.getOrDefault(key, List.of());
    }

    /** The values written exactly as these lower-case words (values match whole words, not stems). */
    public List<Target> lookupValue(String lowerCaseWords) {
        return values.getOrDefault(lowerCaseWords, List.of());
    }

    private static String exact(String value) {
        return String.join(" ", Text.tokens(value).stream().map(t -> t.original().toLowerCase(Locale.ROOT)).toList());
    }

    /** The tables referenced as {@code table.column} in a SQL fragment. */
    public List<String> tablesReferenced(String sql) {
        return tablesIn(sql);
    }
}
