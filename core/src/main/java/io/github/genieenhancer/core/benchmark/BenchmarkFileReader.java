package io.github.genieenhancer.core.benchmark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.genieenhancer.core.DocumentFormatException;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.space.BenchmarkQuestion;
import io.github.genieenhancer.core.space.SpaceConfig;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads benchmark files: YAML and JSON (a list of benchmarks, or an object with {@code name} and {@code benchmarks};
 * the original system's seed files are such lists), CSV with a header row, and a Genie space export whose
 * {@code benchmarks.questions} hold the benchmarks. Every error names the file, the line (and record) and the field.
 */
final class BenchmarkFileReader {
    private static final Set<String> SQL_FIELDS = Set.of("expected_sql", "expectedsql", "sql");
    private static final Set<String> KNOWN_FIELDS = Set.of("id", "question", "category", "tags", "expected_sql",
            "expectedsql", "sql");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final CsvMapper CSV = new CsvMapper();

    private final Path path;
    private final String document;
    private final String extension;
    private final List<Benchmark> benchmarks = new ArrayList<>();
    private final Map<String, Integer> indexOfId = new HashMap<>();
    private final Map<String, Integer> firstLineOfId = new HashMap<>();
    private String name;
    private boolean spaceExport;

    private BenchmarkFileReader(Path path) {
        this.path = path;
        this.document = path.toString();
        this.name = Optional.ofNullable(path.getFileName()).map(Path::toString).orElse(document);
        int dot = name.lastIndexOf('.');
        this.extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static BenchmarkSet read(Path path) {
        return new BenchmarkFileReader(path).read();
    }

    private BenchmarkSet read() {
        String text = text();
        switch (extension) {
            case "yaml", "yml" -> readTree(YAML.getFactory(), text);
            case "json" -> readTree(JSON.getFactory(), text);
            case "csv" -> readCsv(text);
            default -> throw new DocumentFormatException(document, null, null,
                    "a benchmark file ending in .yaml, .yml, .json or .csv", null);
        }
        if (benchmarks.isEmpty()) {
            throw new DocumentFormatException(document, null, null, "at least one benchmark", null);
        }
        return new BenchmarkSet(name, benchmarks);
    }

    private String text() {
        try {
            String text = Files.readString(path);
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new DocumentFormatException(document, null, null, "UTF-8 text", e);
        } catch (IOException e) {
            throw new GenieEnhancerException("Cannot read benchmark file " + document + ": " + e.getMessage(), e);
        }
    }

    /** The format's name for messages; the set's name can change while reading, the file's extension cannot. */
    private String format() {
        return extension.equals("yml") ? "YAML" : extension.toUpperCase(Locale.ROOT);
    }

    /** YAML or JSON: a list of benchmarks, {name, benchmarks: [...]}, or a space export's benchmarks.questions. */
    private void readTree(JsonFactory factory, String text) {
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                readRecords(parser);
            } else if (first == JsonToken.START_OBJECT) {
                readTopLevelObject(parser);
            } else {
                throw error(parser.currentTokenLocation(), null,
                        "a list of benchmarks or an object with a 'benchmarks' list", null);
            }
            requireEnd(parser);
            if (spaceExport) {
                readSpaceBenchmarks(text);
            }
        } catch (JsonProcessingException e) {
            throw error(e.getLocation(), null, "well-formed " + format() + " (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new GenieEnhancerException("Cannot read benchmark file " + document + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses anything after the first document: the parsers would stop there and silently drop a second YAML
     * document ({@code ---}) or a second JSON value.
     */
    private void requireEnd(JsonParser parser) throws IOException {
        // A YAML document ends where the next one's marker is; a JSON document where its last token is.
        Integer end = line(parser.currentTokenLocation());
        JsonToken next;
        try {
            next = parser.nextToken();
        } catch (JsonProcessingException e) {
            throw error(e.getLocation(), null, "nothing after the " + format() + " document ("
                    + e.getOriginalMessage() + ")", e);
        }
        if (next != null) {
            Integer line = extension.equals("json") ? line(parser.currentTokenLocation()) : end;
            throw new DocumentFormatException(document, line, null, "one " + format()
                    + " document, but a second one starts here", null);
        }
    }

    private void readTopLevelObject(JsonParser parser) throws IOException {
        boolean found = false;
        Map<String, Integer> seen = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            requireFirst(seen, field, parser, "");
            JsonToken value = parser.nextToken();
            if (field.equals("name") && value.isScalarValue()) {
                name = parser.getValueAsString();
            } else if (field.equals("benchmarks") && value == JsonToken.START_ARRAY) {
                readRecords(parser);
                found = true;
            } else if (field.equals("benchmarks") && value == JsonToken.START_OBJECT) {
                parser.skipChildren();
                spaceExport = true;
                found = true;
            } else {
                parser.skipChildren();
            }
        }
        if (!found) {
            throw error(parser.currentTokenLocation(), "benchmarks", "a 'benchmarks' list (or a space export's "
                    + "'benchmarks.questions')", null);
        }
    }

    private void readRecords(JsonParser parser) throws IOException {
        int record = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            record++;
            JsonLocation start = parser.currentTokenLocation();
            String prefix = "benchmarks[" + (record - 1) + "].";
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw error(start, "benchmarks[" + (record - 1) + "]", "an object per benchmark", null);
            }
            Map<String, Integer> lines = new HashMap<>();
            ObjectNode node = readObject(parser, prefix, lines);
            Lines where = new Lines(lines, line(start));
            add(fromRecord(node, where, prefix), where);
        }
    }

    /**
     * The object that starts at the parser's current token, with the line of each of its own keys. A key given
     * twice is an error: a tree would silently keep only the last value.
     */
    private ObjectNode readObject(JsonParser parser, String prefix, Map<String, Integer> lines) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            requireFirst(lines, key, parser, prefix);
            parser.nextToken();
            node.set(key, readValue(parser, prefix + key));
        }
        return node;
    }

    private JsonNode readValue(JsonParser parser, String path) throws IOException {
        if (parser.currentToken() == JsonToken.START_OBJECT) {
            return readObject(parser, path + ".", new HashMap<>());
        }
        if (parser.currentToken() == JsonToken.START_ARRAY) {
            ArrayNode array = JSON.createArrayNode();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                array.add(readValue(parser, path + "[" + array.size() + "]"));
            }
            return array;
        }
        return JSON.readTree(parser);
    }

    /** Remembers the line of a key at the parser's current token, refusing a key already seen in that object. */
    private void requireFirst(Map<String, Integer> seen, String key, JsonParser parser, String prefix) {
        Integer line = line(parser.currentTokenLocation());
        if (seen.containsKey(key)) {
            throw new DocumentFormatException(document, line, prefix + key, "each key once, but '" + key
                    + "' is already on line " + seen.get(key), null);
        }
        seen.put(key, line);
    }

    /** A Genie space export: its benchmarks.questions, read through {@link SpaceConfig}. */
    private void readSpaceBenchmarks(String text) {
        List<BenchmarkQuestion> questions = SpaceConfig.parse(text, document).benchmarkQuestions();
        Lines unknown = new Lines(Map.of(), null);
        for (int i = 0; i < questions.size(); i++) {
            BenchmarkQuestion question = questions.get(i);
            add(validated(new Fields(question.id(), question.question(), question.sql().orElse(null), "expected_sql",
                    Optional.empty(), Map.of()), unknown, "benchmarks.questions[" + i + "].", ""), unknown);
        }
    }

    private Benchmark fromRecord(ObjectNode node, Lines lines, String prefix) {
        String sql = null;
        String sqlKey = null;
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (SQL_FIELDS.contains(key.toLowerCase(Locale.ROOT))) {
                if (sqlKey != null) {
                    throw new DocumentFormatException(document, lines.of(key), prefix + key, "one SQL field, but '"
                            + sqlKey + "' is already on line " + lines.of(sqlKey), null);
                }
                if (!value.isTextual()) {
                    throw new DocumentFormatException(document, lines.of(key), prefix + key, "the SQL as a string",
                            null);
                }
                sql = value.asText();
                sqlKey = key;
            } else if (key.equals("tags")) {
                tags.putAll(tags(value, lines.of(key), prefix + key));
            } else if (!KNOWN_FIELDS.contains(key) && !value.isNull()) {
                tags.put(key, value.isValueNode() ? value.asText() : value.toString());
            }
        }
        Optional<String> category = Optional.ofNullable(text(node.path("category"))).filter(c -> !c.isBlank());
        return validated(new Fields(text(node.path("id")), text(node.path("question")), sql,
                sqlKey == null ? "expected_sql" : sqlKey, category, tags), lines, prefix, "");
    }

    private Map<String, String> tags(JsonNode value, Integer line, String field) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (value.isObject()) {
            value.properties().forEach(e -> tags.put(e.getKey(), e.getValue().isValueNode()
                    ? e.getValue().asText() : e.getValue().toString()));
        } else if (value.isArray()) {
            value.forEach(tag -> tags.put(tag.asText(), ""));
        } else if (value.isTextual()) {
            tags.putAll(csvTags(value.asText()));
        } else if (!value.isNull()) {
            throw new DocumentFormatException(document, line, field, "tags as a map, a list or 'a;b;key=value'",
                    null);
        }
        return tags;
    }

    /** CSV: a header row naming the fields, RFC 4180 quoting, SQL over several lines inside quotes. */
    private void readCsv(String text) {
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (CsvParser parser = (CsvParser) CSV.readerFor(Map.class).with(schema).createParser(text)) {
            int record = 0;
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                record++;
                if (record == 1) {
                    checkHeader(parser.getSchema());
                }
                Map<String, String> row = new LinkedHashMap<>();
                Map<String, Integer> lines = new HashMap<>();
                Integer start = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    // A record's START_OBJECT carries the previous record's line; its cells have their own.
                    Integer line = line(parser.currentTokenLocation());
                    start = start == null ? line : start;
                    String column = parser.currentName().strip().toLowerCase(Locale.ROOT);
                    parser.nextToken();
                    row.put(column, parser.getValueAsString());
                    lines.put(column, line);
                }
                Lines where = new Lines(lines, start);
                add(fromCsvRow(row, where, record), where);
            }
        } catch (JsonProcessingException e) {
            throw error(e.getLocation(), null, "well-formed CSV (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new GenieEnhancerException("Cannot read benchmark file " + document + ": " + e.getMessage(), e);
        }
    }

    /**
     * The header names the required columns, each column once (names are compared trimmed and ignoring case), and
     * one SQL column: a row is read into a map, where a second column of a name would overwrite the first.
     */
    private void checkHeader(CsvSchema schema) {
        List<String> columns = new ArrayList<>();
        schema.forEach(column -> columns.add(column.getName().toLowerCase(Locale.ROOT).strip()));
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            int first = columns.indexOf(column);
            if (first < i) {
                throw new DocumentFormatException(document, 1, column, "each column once, but '" + column
                        + "' is columns " + (first + 1) + " and " + (i + 1), null);
            }
            List<String> sqlBefore = columns.subList(0, i).stream().filter(SQL_FIELDS::contains).toList();
            if (SQL_FIELDS.contains(column) && !sqlBefore.isEmpty()) {
                throw new DocumentFormatException(document, 1, column, "one SQL column, but '" + sqlBefore.get(0)
                        + "' is column " + (columns.indexOf(sqlBefore.get(0)) + 1), null);
            }
        }
        for (String required : List.of("id", "question")) {
            if (!columns.contains(required)) {
                throw new DocumentFormatException(document, 1, required, "a header row with the columns id, "
                        + "question and expected_sql, got " + columns, null);
            }
        }
        if (columns.stream().noneMatch(SQL_FIELDS::contains)) {
            throw new DocumentFormatException(document, 1, "expected_sql", "a header row with the columns id, "
                    + "question and expected_sql, got " + columns, null);
        }
    }

    private Benchmark fromCsvRow(Map<String, String> row, Lines lines, int record) {
        String id = null;
        String question = null;
        String sql = null;
        String sqlKey = "expected_sql";
        String category = null;
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map.Entry<String, String> cell : row.entrySet()) {
            String key = cell.getKey();
            String value = cell.getValue();
            switch (key) {
                case "id" -> id = value;
                case "question" -> question = value;
                case "expected_sql", "expectedsql", "sql" -> {
                    sql = value;
                    sqlKey = key;
                }
                case "category" -> category = value;
                case "tags" -> tags.putAll(csvTags(value));
                default -> {
                    if (value != null && !value.isEmpty()) {
                        tags.put(key, value);
                    }
                }
            }
        }
        return validated(new Fields(id, question, sql, sqlKey, Optional.ofNullable(category)
                .filter(c -> !c.isBlank()), tags), lines, "", " in record " + record);
    }

    /** {@code "smoke; revenue; difficulty=hard"}: names, or name=value pairs, separated by semicolons. */
    private static Map<String, String> csvTags(String text) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (text == null) {
            return tags;
        }
        for (String part : text.split(";")) {
            String tag = part.strip();
            if (tag.isEmpty()) {
                continue;
            }
            int equals = tag.indexOf('=');
            if (equals < 0) {
                tags.put(tag, "");
            } else {
                tags.put(tag.substring(0, equals).strip(), tag.substring(equals + 1).strip());
            }
        }
        return tags;
    }

    /**
     * A benchmark from its fields, or an error naming the field and its line.
     *
     * @param prefix the fields' path prefix, e.g. {@code benchmarks[2].}
     * @param record where the benchmark is when the path does not say, e.g. {@code " in record 3"}
     */
    private Benchmark validated(Fields fields, Lines lines, String prefix, String record) {
        String id = fields.id();
        if (id == null || id.isBlank()) {
            throw new DocumentFormatException(document, lines.of("id"), prefix + "id", "a non-empty id" + record,
                    null);
        }
        if (fields.question() == null || fields.question().isBlank()) {
            throw new DocumentFormatException(document, lines.of("question"), prefix + "question",
                    "a non-empty question (benchmark '" + id + "'" + record + ")", null);
        }
        if (fields.sql() == null || fields.sql().isBlank()) {
            throw new DocumentFormatException(document, lines.of(fields.sqlKey()), prefix + fields.sqlKey(),
                    "the expected SQL (benchmark '" + id + "'" + record + ")", null);
        }
        return new Benchmark(id.strip(), fields.question().strip(), fields.sql().strip(),
                fields.category().map(String::strip), fields.tags());
    }

    private void add(Benchmark benchmark, Lines lines) {
        Integer line = lines.of("id");
        Integer index = indexOfId.putIfAbsent(benchmark.id(), benchmarks.size());
        if (index != null) {
            Integer firstLine = firstLineOfId.get(benchmark.id());
            throw new DocumentFormatException(document, line, "id", "unique ids, but '" + benchmark.id()
                    + "' is already the id of benchmark " + (index + 1)
                    + (firstLine == null ? "" : " on line " + firstLine), null);
        }
        if (line != null) {
            firstLineOfId.put(benchmark.id(), line);
        }
        benchmarks.add(benchmark);
    }

    private DocumentFormatException error(JsonLocation location, String field, String expected, Throwable cause) {
        return new DocumentFormatException(document, line(location), field, expected, cause);
    }

    private static Integer line(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? null : location.getLineNr();
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.isValueNode() ? node.asText() : null;
    }

    /** A benchmark's fields as read, before validation; {@code sqlKey} is the name its SQL was given under. */
    private record Fields(String id, String question, String sql, String sqlKey, Optional<String> category,
                          Map<String, String> tags) {
    }

    /** Where a benchmark's fields are: the line of each key, else the line its record starts on. */
    private record Lines(Map<String, Integer> ofKey, Integer start) {
        Integer of(String key) {
            Integer line = ofKey.get(key);
            return line != null ? line : start;
        }
    }
}
