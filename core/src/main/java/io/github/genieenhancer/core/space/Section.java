package io.github.genieenhancer.core.space;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The arrays of {@code serialized_space} that the API keys and sorts, with their JSON path, sort key and the group
 * within which their ids must be unique. One table drives parsing, normalising, validating and diffing alike.
 */
enum Section {
    TABLES(Group.NONE, "identifier", "data_sources", "tables"),
    METRIC_VIEWS(Group.NONE, "identifier", "data_sources", "metric_views"),
    SAMPLE_QUESTIONS(Group.QUESTIONS, "id", "config", "sample_questions"),
    TEXT_INSTRUCTIONS(Group.INSTRUCTIONS, "id", "instructions", "text_instructions"),
    EXAMPLE_SQLS(Group.INSTRUCTIONS, "id", "instructions", "example_question_sqls"),
    SQL_FUNCTIONS(Group.INSTRUCTIONS, "id", "instructions", "sql_functions"),
    JOIN_SPECS(Group.INSTRUCTIONS, "id", "instructions", "join_specs"),
    FILTERS(Group.INSTRUCTIONS, "id", "instructions", "sql_snippets", "filters"),
    EXPRESSIONS(Group.INSTRUCTIONS, "id", "instructions", "sql_snippets", "expressions"),
    MEASURES(Group.INSTRUCTIONS, "id", "instructions", "sql_snippets", "measures"),
    BENCHMARKS(Group.QUESTIONS, "id", "benchmarks", "questions");

    /** Collections whose ids must be unique across each other. */
    enum Group {
        /** Not keyed by id. */
        NONE,
        /** Every kind of instruction: text, example SQL, function, join spec, snippet. */
        INSTRUCTIONS,
        /** Sample questions and benchmark questions. */
        QUESTIONS
    }

    private final Group group;
    private final String key;
    private final List<String> path;

    Section(Group group, String key, String... path) {
        this.group = group;
        this.key = key;
        this.path = List.of(path);
    }

    Group group() {
        return group;
    }

    /** The field items are keyed and sorted by: {@code id} or {@code identifier}. */
    String key() {
        return key;
    }

    /** The dotted JSON path, e.g. {@code instructions.sql_snippets.filters}. */
    String path() {
        return String.join(".", path);
    }

    /** The names of the objects that contain the array, outermost first, e.g. {@code [instructions, sql_snippets]}. */
    List<String> containers() {
        return path.subList(0, path.size() - 1);
    }

    /** The array's own field name. */
    String field() {
        return path.get(path.size() - 1);
    }

    boolean hasIds() {
        return group != Group.NONE;
    }

    static Section of(SnippetKind kind) {
        return switch (kind) {
            case FILTER -> FILTERS;
            case MEASURE -> MEASURES;
            case EXPRESSION -> EXPRESSIONS;
        };
    }

    static List<Section> snippets() {
        return List.of(FILTERS, EXPRESSIONS, MEASURES);
    }

    /** The items of the array, or none when it or a container is absent. Parsing guarantees they are objects. */
    List<ObjectNode> items(JsonNode root) {
        JsonNode node = root;
        for (String name : path) {
            node = node.path(name);
        }
        List<ObjectNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(item -> items.add((ObjectNode) item));
        }
        return items;
    }

    /** The array for editing, creating it and its containers when absent. */
    ArrayNode array(ObjectNode root) {
        ObjectNode container = root;
        for (String name : containers()) {
            container = SpaceJson.object(container, name);
        }
        return SpaceJson.array(container, field());
    }

    /** The id (or identifier) of an item, or empty when missing. */
    String keyOf(JsonNode item) {
        return item.path(key).asText("");
    }
}
