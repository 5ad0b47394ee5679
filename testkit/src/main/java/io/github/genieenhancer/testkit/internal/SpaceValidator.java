package io.github.genieenhancer.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The checks the Genie API applies to a {@code serialized_space} before accepting it (reference genie-api.md §2.3):
 * known top-level fields only, 32-hex ids, arrays sorted, ids unique, join specs with their {@code --rt=} marker, at
 * most one text instruction, one SQL answer per benchmark. A violation is a 400 {@code INVALID_PARAMETER_VALUE}
 * naming the path, as the API's own messages do.
 */
public final class SpaceValidator {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern IDENTIFIER = Pattern.compile("[^.\\s]+\\.[^.\\s]+\\.[^.\\s]+");
    private static final Pattern RELATIONSHIP =
            Pattern.compile("--rt=FROM_RELATIONSHIP_TYPE_(MANY_TO_ONE|ONE_TO_MANY|ONE_TO_ONE|MANY_TO_MANY)--");
    private static final Set<String> TOP_LEVEL = Set.of("version", "config", "data_sources", "instructions",
            "benchmarks");

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
        validate((ObjectNode) node);
        return (ObjectNode) node;
    }

    private static void validate(ObjectNode root) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!TOP_LEVEL.contains(field)) {
                throw ApiError.invalid("Failed to parse export proto: unknown field '" + field + "'");
            }
        }
        int version = root.path("version").asInt(-1);
        if (version != 1 && version != 2) {
            throw ApiError.invalid("serialized_space.version must be 1 or 2");
        }
        Set<String> instructionIds = new HashSet<>();
        Set<String> questionIds = new HashSet<>();
        sortedBy(root.path("config").path("sample_questions"), "config.sample_questions", n -> id(n, "config.sample_questions", questionIds));
        JsonNode sources = root.path("data_sources");
        for (String kind : List.of("tables", "metric_views")) {
            String path = "data_sources." + kind;
            sortedBy(sources.path(kind), path, n -> {
                String identifier = n.path("identifier").asText("");
                if (!IDENTIFIER.matcher(identifier).matches()) {
                    throw ApiError.invalid(path + ": identifier '" + identifier + "' must be catalog.schema.table");
                }
                sortedBy(n.path("column_configs"), path + "[" + identifier + "].column_configs",
                        c -> c.path("column_name").asText(""));
                return identifier;
            });
        }
        JsonNode instructions = root.path("instructions");
        JsonNode text = instructions.path("text_instructions");
        if (text.size() > 1) {
            throw ApiError.invalid("instructions.text_instructions: at most 1 text instruction is allowed, got "
                    + text.size());
        }
        for (String kind : List.of("text_instructions", "example_question_sqls", "sql_functions", "join_specs")) {
            String path = "instructions." + kind;
            sortedBy(instructions.path(kind), path, n -> id(n, path, instructionIds));
        }
        for (JsonNode join : instructions.path("join_specs")) {
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
        for (String kind : List.of("filters", "expressions", "measures")) {
            String path = "instructions.sql_snippets." + kind;
            JsonNode items = instructions.path("sql_snippets").path(kind);
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
        JsonNode benchmarks = root.path("benchmarks").path("questions");
        sortedBy(benchmarks, "benchmarks.questions", n -> id(n, "benchmarks.questions", questionIds));
        for (JsonNode q : benchmarks) {
            JsonNode answer = q.path("answer");
            if (answer.size() != 1 || !"SQL".equals(answer.path(0).path("format").asText())) {
                throw ApiError.invalid("benchmarks.questions: question " + q.path("id").asText()
                        + " needs exactly one answer with format SQL");
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
                throw ApiError.invalid(path + " must be sorted by " + (path.endsWith("column_configs")
                        ? "column_name" : path.startsWith("data_sources") ? "identifier" : "id")
                        + " ('" + previous + "' comes before '" + k + "')");
            }
            previous = k;
        }
    }

    /** The strings of a string-array field (or a single string). */
    static List<String> texts(JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (JsonNode n : node) {
            out.add(n.asText());
        }
        return out;
    }
}
