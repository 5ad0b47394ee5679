package io.github.genieenhancer.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The checks the Genie API applies to a {@code serialized_space} before accepting it on create and update
 * (reference genie-api.md §2.3): known top-level fields only and no {@code data_sources.join_specs}, version 1 or 2,
 * 32-hex ids, arrays sorted (example parameters by name too), ids unique in their group, tables and columns
 * configured once, join specs with their {@code --rt=} marker, at most one text instruction, snippet SQL and
 * aliases, at most one SQL answer per benchmark, and the budgets: 100 instructions, 200 knowledge-store snippets,
 * 500 benchmark questions, strings of at most 25,000 characters, arrays of at most 10,000 items. A violation is a 400
 * {@code INVALID_PARAMETER_VALUE} naming the path, as the API's own messages do; the first one found is reported.
 *
 * <p>Deliberately independent of core's {@code SpaceConfig.validate()}, so that a mistake there is caught here.
 */
public final class SpaceValidator {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern IDENTIFIER = Pattern.compile("[^.\\s]+\\.[^.\\s]+\\.[^.\\s]+");
    private static final Pattern RELATIONSHIP =
            Pattern.compile("--rt=FROM_RELATIONSHIP_TYPE_(MANY_TO_ONE|ONE_TO_MANY|ONE_TO_ONE|MANY_TO_MANY)--");
    private static final Set<String> TOP_LEVEL = Set.of("version", "config", "data_sources", "instructions",
            "benchmarks");
    private static final Set<String> DATA_SOURCES = Set.of("tables", "metric_views");
    private static final int MAX_INSTRUCTIONS = 100;
    private static final int MAX_SNIPPETS = 200;
    private static final int MAX_BENCHMARKS = 500;
    private static final int MAX_STRING = 25_000;
    private static final int MAX_ARRAY = 10_000;

    private SpaceValidator() {
    }

    /** Parses and validates a {@code serialized_space} string. */
    public static ObjectNode parseAndValidate(String serializedSpace) {
        JsonNode node;
        try {
            node = MAPPER.readTree(serializedSpace);
        } catch (JsonProcessingException e) {
            throw ApiError.invalid("Failed to parse export proto: serialized_space is not valid JSON ("
                    + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw ApiError.invalid("Failed to parse export proto: serialized_space must be a JSON object");
        }
        return validate((ObjectNode) node);
    }

    /**
     * Validates a parsed {@code serialized_space}.
     *
     * @return the configuration
     * @throws ApiError 400 {@code INVALID_PARAMETER_VALUE} naming the first rule it breaks
     */
    public static ObjectNode validate(ObjectNode root) {
        knownFields(root, TOP_LEVEL, "");
        knownFields(root.path("data_sources"), DATA_SOURCES, "data_sources.");
        JsonNode version = root.path("version");
        if (!version.isIntegralNumber() || (version.asInt() != 1 && version.asInt() != 2)) {
            throw ApiError.invalid("serialized_space.version must be 1 or 2");
        }
        sizes(root, "serialized_space");
        Set<String> instructionIds = new HashSet<>();
        Set<String> questionIds = new HashSet<>();
        sortedBy(root.path("config").path("sample_questions"), "config.sample_questions",
                n -> id(n, "config.sample_questions", questionIds));
        tables(root.path("data_sources"));
        JsonNode instructions = root.path("instructions");
        JsonNode text = instructions.path("text_instructions");
        if (text.size() > 1) {
            throw ApiError.invalid("instructions.text_instructions: at most 1 text instruction is allowed, got "
                    + text.size());
        }
        for (String kind : List.of("text_instructions", "example_question_sqls", "join_specs")) {
            String path = "instructions." + kind;
            sortedBy(instructions.path(kind), path, n -> id(n, path, instructionIds));
        }
        sortedBy(instructions.path("sql_functions"), "instructions.sql_functions",
                n -> id(n, "instructions.sql_functions", instructionIds) + "\u0000"
                        + n.path("identifier").asText(""));
        for (JsonNode example : instructions.path("example_question_sqls")) {
            sortedBy(example.path("parameters"), "instructions.example_question_sqls[" + example.path("id").asText()
                    + "].parameters", p -> p.path("name").asText(""));
        }
        joinSpecs(instructions.path("join_specs"));
        snippets(instructions.path("sql_snippets"), instructionIds);
        benchmarks(root.path("benchmarks").path("questions"), questionIds);
        budgets(root);
        return root;
    }

    private static void knownFields(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                throw ApiError.invalid("Failed to parse export proto: unknown field '" + field + "'"
                        + (prefix.isEmpty() ? "" : " in " + prefix.substring(0, prefix.length() - 1)));
            }
        }
    }

    private static void tables(JsonNode sources) {
        Set<String> identifiers = new HashSet<>();
        for (String kind : List.of("tables", "metric_views")) {
            String path = "data_sources." + kind;
            sortedBy(sources.path(kind), path, n -> {
                String identifier = n.path("identifier").asText("");
                if (!IDENTIFIER.matcher(identifier).matches()) {
                    throw ApiError.invalid(path + ": identifier '" + identifier + "' must be catalog.schema.table");
                }
                if (!identifiers.add(identifier)) {
                    throw ApiError.invalid(path + ": table " + identifier + " is listed twice");
                }
                String columns = path + "[" + identifier + "].column_configs";
                Set<String> names = new HashSet<>();
                sortedBy(n.path("column_configs"), columns, c -> {
                    String name = c.path("column_name").asText("");
                    if (!names.add(name)) {
                        throw ApiError.invalid(columns + ": column '" + name + "' is configured twice");
                    }
                    return name;
                });
                return identifier;
            });
        }
    }

    private static void joinSpecs(JsonNode joins) {
        for (JsonNode join : joins) {
            JsonNode sql = join.path("sql");
            if (join.path("left").path("identifier").asText("").isEmpty()
                    || join.path("right").path("identifier").asText("").isEmpty()) {
                throw ApiError.invalid("Failed to parse export proto: join spec " + join.path("id").asText()
                        + " needs left and right");
            }
            if (sql.size() != 2 || !RELATIONSHIP.matcher(sql.path(1).asText()).matches()) {
                throw ApiError.invalid("Failed to parse export proto: " + sql.path(0).asText()
                        + " (of class java.lang.String): join spec " + join.path("id").asText()
                        + " needs [condition, --rt=FROM_RELATIONSHIP_TYPE_...--]");
            }
        }
    }

    private static void snippets(JsonNode sqlSnippets, Set<String> instructionIds) {
        for (String kind : List.of("filters", "expressions", "measures")) {
            String path = "instructions.sql_snippets." + kind;
            JsonNode items = sqlSnippets.path(kind);
            sortedBy(items, path, n -> id(n, path, instructionIds));
            for (JsonNode n : items) {
                if (String.join("", texts(n.path("sql"))).isBlank()) {
                    throw ApiError.invalid(path + ": snippet " + n.path("id").asText() + " has empty sql");
                }
                if (!kind.equals("filters") && n.path("alias").asText("").isBlank()) {
                    throw ApiError.invalid(path + ": snippet " + n.path("id").asText() + " needs an alias");
                }
            }
        }
    }

    /** A question without an answer is kept for manual review; one answer must be SQL. */
    private static void benchmarks(JsonNode questions, Set<String> questionIds) {
        sortedBy(questions, "benchmarks.questions", n -> id(n, "benchmarks.questions", questionIds));
        for (JsonNode q : questions) {
            JsonNode answer = q.path("answer");
            if (answer.size() > 1 || (answer.size() == 1 && (!"SQL".equals(answer.path(0).path("format").asText())
                    || String.join("", texts(answer.path(0).path("content"))).isBlank()))) {
                throw ApiError.invalid("benchmarks.questions: question " + q.path("id").asText()
                        + " may have one answer, with format SQL and its SQL");
            }
        }
    }

    /**
     * The documented count limits: instructions (the text block once, each example SQL and SQL function once),
     * knowledge-store snippets (described tables and metric views, join specs, filters, measures, expressions) and
     * benchmark questions.
     */
    private static void budgets(JsonNode root) {
        JsonNode instructions = root.path("instructions");
        int count = (instructions.path("text_instructions").isEmpty() ? 0 : 1)
                + instructions.path("example_question_sqls").size() + instructions.path("sql_functions").size();
        if (count > MAX_INSTRUCTIONS) {
            throw ApiError.invalid("instructions: " + count + " instructions, the limit is " + MAX_INSTRUCTIONS);
        }
        int snippets = instructions.path("join_specs").size();
        for (String kind : List.of("filters", "expressions", "measures")) {
            snippets += instructions.path("sql_snippets").path(kind).size();
        }
        for (String kind : List.of("tables", "metric_views")) {
            for (JsonNode table : root.path("data_sources").path(kind)) {
                snippets += String.join("", texts(table.path("description"))).isBlank() ? 0 : 1;
            }
        }
        if (snippets > MAX_SNIPPETS) {
            throw ApiError.invalid("instructions.sql_snippets: " + snippets + " knowledge-store snippets, the limit is "
                    + MAX_SNIPPETS);
        }
        int benchmarks = root.path("benchmarks").path("questions").size();
        if (benchmarks > MAX_BENCHMARKS) {
            throw ApiError.invalid("benchmarks.questions: " + benchmarks + " benchmark questions, the limit is "
                    + MAX_BENCHMARKS);
        }
    }

    private static void sizes(JsonNode node, String path) {
        if (node.isTextual() && node.asText().length() > MAX_STRING) {
            throw ApiError.invalid(path + ": string of " + node.asText().length() + " characters, the limit is "
                    + MAX_STRING);
        }
        if (node.isArray() && node.size() > MAX_ARRAY) {
            throw ApiError.invalid(path + ": array of " + node.size() + " items, the limit is " + MAX_ARRAY);
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                sizes(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                sizes(field.getValue(), path + "." + field.getKey());
            }
        }
    }

    private static String id(JsonNode item, String path, Set<String> seen) {
        String id = item.path("id").asText("");
        if (!ID.matcher(id).matches()) {
            throw ApiError.invalid(path + ": id '" + id + "' must be 32 lowercase hexadecimal characters");
        }
        if (!seen.add(id)) {
            throw ApiError.invalid(path + ": duplicate id " + id);
        }
        return id;
    }

    private static void sortedBy(JsonNode array, String path, Function<JsonNode, String> key) {
        if (array.isMissingNode() || array.isNull()) {
            return;
        }
        if (!array.isArray()) {
            throw ApiError.invalid(path + " must be an array");
        }
        String previous = null;
        for (JsonNode item : array) {
            String k = key.apply(item);
            if (previous != null && previous.compareTo(k) > 0) {
                throw ApiError.invalid(path + " must be sorted by " + sortKey(path) + " ('"
                        + previous.replace("\u0000", "', '") + "' comes before '" + k.replace("\u0000", "', '")
                        + "')");
            }
            previous = k;
        }
    }

    private static String sortKey(String path) {
        if (path.endsWith("column_configs")) {
            return "column_name";
        }
        if (path.endsWith("parameters")) {
            return "name";
        }
        if (path.endsWith("sql_functions")) {
            return "(id, identifier)";
        }
        return path.startsWith("data_sources") ? "identifier" : "id";
    }

    /** The strings of a string-array field (or a single string). */
    static List<String> texts(JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            out.add(n.asText());
        }
        return out;
    }
}
