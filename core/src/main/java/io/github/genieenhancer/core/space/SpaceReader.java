package io.github.genieenhancer.core.space;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genieenhancer.core.DocumentFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks the structure of every field the library models and builds the typed views in one pass, so a malformed
 * document fails at parse time with the field's path and line. Fields the library does not model are never looked
 * at.
 */
final class SpaceReader {
    private static final String STRINGS = "an array of strings";

    private final ObjectNode root;
    private final String document;
    private final String source;

    private SpaceReader(ObjectNode root, String document, String source) {
        this.root = root;
        this.document = document;
        this.source = source;
    }

    /** The typed views of a parsed document. */
    record Model(List<TableConfig> tables, List<TextInstruction> textInstructions,
                 List<ExampleQuestionSql> exampleSqls, List<SqlFunction> sqlFunctions, List<JoinSpec> joinSpecs,
                 List<SqlSnippet> snippets, List<SampleQuestion> sampleQuestions,
                 List<BenchmarkQuestion> benchmarkQuestions) {
    }

    /**
     * Reads the views of a document.
     *
     * @param source the JSON text the tree was parsed from, to name lines in errors; {@code null} when unknown
     * @throws DocumentFormatException when a modelled field is missing or has the wrong type
     */
    static Model read(ObjectNode root, String document, String source) {
        return new SpaceReader(root, document, source).model();
    }

    private Model model() {
        List<TableConfig> tables = new ArrayList<>(tables(Section.TABLES));
        tables.addAll(tables(Section.METRIC_VIEWS));
        List<TextInstruction> texts = new ArrayList<>();
        forEachItem(Section.TEXT_INSTRUCTIONS.containers(), Section.TEXT_INSTRUCTIONS.field(), (item, at) ->
                texts.add(new TextInstruction(id(item, at), text(item, "content", at).orElse(""))));
        List<ExampleQuestionSql> examples = new ArrayList<>();
        forEachItem(Section.EXAMPLE_SQLS.containers(), Section.EXAMPLE_SQLS.field(), (item, at) ->
                examples.add(exampleSql(item, at)));
        List<SqlFunction> functions = new ArrayList<>();
        forEachItem(Section.SQL_FUNCTIONS.containers(), Section.SQL_FUNCTIONS.field(), (item, at) ->
                functions.add(new SqlFunction(id(item, at), string(item, "identifier", at))));
        List<JoinSpec> joins = new ArrayList<>();
        forEachItem(Section.JOIN_SPECS.containers(), Section.JOIN_SPECS.field(), (item, at) ->
                joins.add(joinSpec(item, at)));
        // Misplaced join specs are checked too: normalized() moves them where the API wants them.
        forEachItem(List.of("data_sources"), "join_specs", this::joinSpec);
        List<SqlSnippet> snippets = new ArrayList<>();
        for (SnippetKind kind : SnippetKind.values()) {
            Section section = Section.of(kind);
            forEachItem(section.containers(), section.field(), (item, at) -> snippets.add(snippet(kind, item, at)));
        }
        List<SampleQuestion> samples = new ArrayList<>();
        forEachItem(Section.SAMPLE_QUESTIONS.containers(), Section.SAMPLE_QUESTIONS.field(), (item, at) ->
                samples.add(new SampleQuestion(id(item, at), requiredText(item, "question", at))));
        List<BenchmarkQuestion> benchmarks = new ArrayList<>();
        forEachItem(Section.BENCHMARKS.containers(), Section.BENCHMARKS.field(), (item, at) ->
                benchmarks.add(benchmark(item, at)));
        return new Model(List.copyOf(tables), List.copyOf(texts), List.copyOf(examples), List.copyOf(functions),
                List.copyOf(joins), List.copyOf(snippets), List.copyOf(samples), List.copyOf(benchmarks));
    }

    private List<TableConfig> tables(Section section) {
        List<TableConfig> tables = new ArrayList<>();
        forEachItem(section.containers(), section.field(), (item, at) -> {
            List<ColumnConfig> columns = new ArrayList<>();
            forEachItem(item, at, "column_configs", (column, columnAt) -> columns.add(new ColumnConfig(
                    string(column, "column_name", columnAt),
                    text(column, "description", columnAt),
                    strings(column, "synonyms", columnAt),
                    flag(column, "exclude", columnAt),
                    flag(column, "enable_entity_matching", columnAt),
                    flag(column, "enable_format_assistance", columnAt))));
            tables.add(new TableConfig(string(item, "identifier", at), section == Section.METRIC_VIEWS,
                    text(item, "description", at), columns));
        });
        return tables;
    }

    private ExampleQuestionSql exampleSql(ObjectNode item, String at) {
        List<SqlParameter> parameters = new ArrayList<>();
        forEachItem(item, at, "parameters", (parameter, parameterAt) -> {
            Optional<ObjectNode> defaults = object(parameter, "default_value", parameterAt);
            parameters.add(new SqlParameter(
                    string(parameter, "name", parameterAt),
                    optionalString(parameter, "type_hint", parameterAt),
                    text(parameter, "description", parameterAt),
                    defaults.map(d -> strings(d, "values", parameterAt + ".default_value")).orElse(List.of())));
        });
        return new ExampleQuestionSql(id(item, at), requiredText(item, "question", at), requiredText(item, "sql", at),
                text(item, "usage_guidance", at), parameters);
    }

    private JoinSpec joinSpec(ObjectNode item, String at) {
        String id = id(item, at);
        JoinSpec.Side left = side(item, "left", at);
        JoinSpec.Side right = side(item, "right", at);
        if (!item.hasNonNull("sql")) {
            throw missing(at + ".sql", at, STRINGS + " (the join condition, then the --rt= marker)");
        }
        List<String> sql = strings(item, "sql", at);
        return new JoinSpec(id, left, right, JoinSql.condition(sql), JoinSql.relationship(sql),
                text(item, "instruction", at), text(item, "comment", at));
    }

    private JoinSpec.Side side(ObjectNode item, String field, String at) {
        ObjectNode side = object(item, field, at).orElseThrow(() -> missing(at + "." + field, at,
                "an object with the table's identifier and alias"));
        String sideAt = at + "." + field;
        return new JoinSpec.Side(string(side, "identifier", sideAt), optionalString(side, "alias", sideAt));
    }

    private SqlSnippet snippet(SnippetKind kind, ObjectNode item, String at) {
        return new SqlSnippet(id(item, at), kind, optionalString(item, "alias", at),
                optionalString(item, "display_name", at), requiredText(item, "sql", at), strings(item, "synonyms", at),
                text(item, "instruction", at), text(item, "comment", at));
    }

    private BenchmarkQuestion benchmark(ObjectNode item, String at) {
        List<Optional<String>> sqls = new ArrayList<>();
        forEachItem(item, at, "answer", (answer, answerAt) -> {
            String format = optionalString(answer, "format", answerAt).orElse("");
            Optional<String> content = text(answer, "content", answerAt);
            sqls.add(format.equalsIgnoreCase("SQL") ? content : Optional.empty());
        });
        Optional<String> sql = sqls.stream().flatMap(Optional::stream).findFirst();
        return new BenchmarkQuestion(id(item, at), requiredText(item, "question", at), sql);
    }

    // ---- generic structure checks --------------------------------------------------------------------------

    private interface ItemReader {
        void read(ObjectNode item, String path);
    }

    /** Visits the objects of the array {@code containers...field}, checking every level's type. */
    private void forEachItem(List<String> containers, String field, ItemReader reader) {
        ObjectNode node = root;
        String at = "";
        for (String name : containers) {
            Optional<ObjectNode> child = object(node, name, at);
            if (child.isEmpty()) {
                return;
            }
            node = child.get();
            at = join(at, name);
        }
        forEachItem(node, at, field, reader);
    }

    private void forEachItem(ObjectNode parent, String parentPath, String field, ItemReader reader) {
        JsonNode array = parent.get(field);
        String at = join(parentPath, field);
        if (array == null || array.isNull()) {
            return;
        }
        if (!array.isArray()) {
            throw wrongType(at, "an array of objects", array);
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            String itemAt = at + "[" + i + "]";
            if (!item.isObject()) {
                throw wrongType(itemAt, "an object", item);
            }
            reader.read((ObjectNode) item, itemAt);
        }
    }

    private Optional<ObjectNode> object(ObjectNode parent, String field, String parentPath) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw wrongType(join(parentPath, field), "an object", node);
        }
        return Optional.of((ObjectNode) node);
    }

    /** An id is optional here: normalized() assigns missing ones and validate() reports them. */
    private String id(ObjectNode item, String at) {
        return optionalString(item, "id", at).orElse("");
    }

    private String string(ObjectNode item, String field, String at) {
        return optionalString(item, field, at).orElseThrow(() -> missing(at + "." + field, at, "a string"));
    }

    private Optional<String> optionalString(ObjectNode item, String field, String at) {
        JsonNode node = item.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw wrongType(at + "." + field, "a string", node);
        }
        return Optional.of(node.asText());
    }

    private String requiredText(ObjectNode item, String field, String at) {
        return text(item, field, at).orElseThrow(() -> missing(at + "." + field, at, STRINGS));
    }

    /** A multi-line field: a {@code string[]} whose elements join into one text. */
    private Optional<String> text(ObjectNode item, String field, String at) {
        return item.hasNonNull(field) ? Optional.of(String.join("", strings(item, field, at))) : Optional.empty();
    }

    private List<String> strings(ObjectNode item, String field, String at) {
        JsonNode node = item.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        String path = at + "." + field;
        if (!node.isArray()) {
            throw wrongType(path, STRINGS, node);
        }
        List<String> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            if (!element.isTextual()) {
                throw wrongType(path + "[" + i + "]", "a string", element);
            }
            values.add(element.asText());
        }
        return values;
    }

    private boolean flag(ObjectNode item, String field, String at) {
        JsonNode node = item.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw wrongType(at + "." + field, "true or false", node);
        }
        return node.booleanValue();
    }

    // ---- errors ----------------------------------------------------------------------------------------------

    private DocumentFormatException wrongType(String path, String expected, JsonNode actual) {
        return error(path, path, expected + ", got " + describe(actual));
    }

    private DocumentFormatException missing(String path, String itemPath, String expected) {
        return error(path, itemPath, expected + ", but the field is missing");
    }

    private DocumentFormatException error(String path, String linePath, String expected) {
        Integer line = SpaceJson.lineOf(source, pointer(linePath)).orElse(null);
        return new DocumentFormatException(document, line, path, expected, null);
    }

    private static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "the string \"" + SpaceJson.abbreviate(node.asText()) + "\"";
        }
        if (node.isNumber()) {
            return "the number " + node.asText();
        }
        if (node.isBoolean()) {
            return node.asText();
        }
        return node.isArray() ? "an array" : "an object";
    }

    private static String join(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }

    /** {@code a.b[2].c} as the JSON pointer {@code /a/b/2/c}. */
    static JsonPointer pointer(String path) {
        StringBuilder sb = new StringBuilder();
        for (String segment : path.replace("[", ".").replace("]", "").split("\\.")) {
            if (!segment.isEmpty()) {
                sb.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
            }
        }
        return JsonPointer.compile(sb.toString());
    }
}
