package io.github.genieenhancer.core.benchmark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private final List<Benchmark> benchmarks = new ArrayList<>();
    private final Map<String, Integer> indexOfId = new HashMap<>();
    private final Map<String, Integer> firstLineOfId = new HashMap<>();
    private String name;
    private boolean spaceExport;

    private BenchmarkFileReader(Path path) {
        this.path = path;
        this.document = path.toString();
        this.name = Optional.ofNullable(path.getFileName()).map(Path::toString).orElse(document);
    }

    static BenchmarkSet read(Path path) {
        return new BenchmarkFileReader(path).read();
    }

    private BenchmarkSet read() {
        String text = text();
        String extension = extension();
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

    private String extension() {
        String file = name.toLowerCase(Locale.ROOT);
        int dot = file.lastIndexOf('.');
        return dot < 0 ? "" : file.substring(dot + 1);
    }

    /** YAML or JSON: a list of benchmarks, {name, benchmarks: [...]}, or a space export's benchmarks.questions. */
    private void readTree(JsonFactory factory, String text) {
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                readRecords(parser);
            } else if (first == JsonToken.START_OBJECT) {
                readTopLevelObject(parser);
                if (spaceExport) {
                    readSpaceBenchmarks(text);
                }
            } else {
                throw error(parser.currentTokenLocation(), null,
                        "a list of benchmarks or an object with a 'benchmarks' list", null);
            }
        } catch (JsonProcessingException e) {
            throw error(e.getLocation(), null, "well-formed " + extension().toUpperCase(Locale.ROOT) + " ("
                    + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new GenieEnhancerException("Cannot read benchmark file " + document + ": " + e.getMessage(), e);
        }
    }

    private void readTopLevelObject(JsonParser parser) throws IOException {
        boolean found = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
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
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw error(start, "benchmarks[" + (record - 1) + "]", "an object per benchmark", null);
            }
            JsonNode node = JSON.readTree(parser);
            add(fromRecord((ObjectNode) node, line(start), "benchmarks[" + (record - 1) + "]."), line(start));
        }
    }

    /** A Genie space export: its benchmarks.questions, read through {@link SpaceConfig}. */
    private void readSpaceBenchmarks(String text) {
        List<BenchmarkQuestion> questions = SpaceConfig.parse(text, document).benchmarkQuestions();
        for (int i = 0; i < questions.size(); i++) {
            BenchmarkQuestion question = questions.get(i);
            add(validated(question.id(), question.question(), question.sql().orElse(null), Optional.empty(),
                    Map.of(), null, "benchmarks.questions[" + i + "].", ""), null);
        }
    }

    private Benchmark fromRecord(ObjectNode node, Integer line, String prefix) {
        String id = text(node.path("id"));
        String question = text(node.path("question"));
        String sql = null;
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (SQL_FIELDS.contains(key.toLowerCase(Locale.ROOT))) {
                if (!value.isTextual()) {
                    throw new DocumentFormatException(document, line, prefix + key, "the SQL as a string", null);
                }
                sql = value.asText();
            } else if (key.equals("tags")) {
                tags.putAll(tags(value, line, prefix + key));
            } else if (!KNOWN_FIELDS.contains(key) && !value.isNull()) {
                tags.put(key, value.isValueNode() ? value.asText() : value.toString());
            }
        }
        Optional<String> category = Optional.ofNullable(text(node.path("category"))).filter(c -> !c.isBlank());
        return validated(id, question, sql, category, tags, line, prefix, "");
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
                JsonLocation start = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    // A record's START_OBJECT carries the previous record's line; its first cell has its own.
                    start = start == null ? parser.currentTokenLocation() : start;
                    String field = parser.currentName();
                    parser.nextToken();
                    row.put(field, parser.getValueAsString());
                }
                add(fromCsvRow(row, line(start), record), line(start));
            }
        } catch (JsonProcessingException e) {
            throw error(e.getLocation(), null, "well-formed CSV (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new GenieEnhancerException("Cannot read benchmark file " + document + ": " + e.getMessage(), e);
        }
    }

    private void checkHeader(CsvSchema schema) {
        List<String> columns = new ArrayList<>();
        schema.forEach(column -> columns.add(column.getName().toLowerCase(Locale.ROOT).strip()));
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

    private Benchmark fromCsvRow(Map<String, String> row, Integer line, int record) {
        String id = null;
        String question = null;
        String sql = null;
        String category = null;
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map.Entry<String, String> cell : row.entrySet()) {
            String key = cell.getKey().strip();
            String value = cell.getValue();
            switch (key.toLowerCase(Locale.ROOT)) {
                case "id" -> id = value;
                case "question" -> question = value;
                case "expected_sql", "expectedsql", "sql" -> sql = value;
                case "category" -> category = value;
                case "tags" -> tags.putAll(csvTags(value));
                default -> {
                    if (value != null && !value.isEmpty()) {
                        tags.put(key, value);
                    }
                }
            }
        }
        return validated(id, question, sql, Optional.ofNullable(category).filter(c -> !c.isBlank()), tags, line,
                "", " in record " + record);
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
     * A benchmark from its fields, or an error naming the field.
     *
     * @param prefix the fields' path prefix, e.g. {@code benchmarks[2].}
     * @param record where the benchmark is when the path does not say, e.g. {@code " in record 3"}
     */
    private Benchmark validated(String id, String question, String sql, Optional<String> category,
                                Map<String, String> tags, Integer line, String prefix, String record) {
        if (id == null || id.isBlank()) {
            throw new DocumentFormatException(document, line, prefix + "id", "a non-empty id" + record, null);
        }
        if (question == null || question.isBlank()) {
            throw new DocumentFormatException(document, line, prefix + "question",
                    "a non-empty question (benchmark '" + id + "'" + record + ")", null);
        }
        if (sql == null || sql.isBlank()) {
            throw new DocumentFormatException(document, line, prefix + "expected_sql",
                    "the expected SQL (benchmark '" + id + "'" + record + ")", null);
        }
        return new Benchmark(id.strip(), question.strip(), sql.strip(), category.map(String::strip), tags);
    }

    private void add(Benchmark benchmark, Integer line) {
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
}
