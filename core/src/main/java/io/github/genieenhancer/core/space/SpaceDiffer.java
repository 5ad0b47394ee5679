package io.github.genieenhancer.core.space;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares two configurations item by item: keyed sections by id (tables by identifier, columns by
 * {@code table.column}), everything else key by key. An order the API demands carries no meaning, so it is not a
 * change: neither the order of the keyed items nor that of an example's parameters.
 */
final class SpaceDiffer {
    /**
     * The fields of each container that the keyed comparison covers; the rest are compared as whole values. In a
     * fixed order so the diff is too.
     */
    private static final Map<List<String>, Set<String>> MODELLED = new LinkedHashMap<>();

    static {
        MODELLED.put(List.of(), Set.of("config", "data_sources", "instructions", "benchmarks"));
        MODELLED.put(List.of("config"), Set.of("sample_questions"));
        MODELLED.put(List.of("data_sources"), Set.of("tables", "metric_views"));
        MODELLED.put(List.of("instructions"), Set.of("text_instructions", "example_question_sqls", "sql_functions",
                "join_specs", "sql_snippets"));
        MODELLED.put(List.of("instructions", "sql_snippets"), Set.of("filters", "expressions", "measures"));
        MODELLED.put(List.of("benchmarks"), Set.of("questions"));
    }

    private final List<SpaceDiff.Change> changes = new ArrayList<>();

    private SpaceDiffer() {
    }

    static SpaceDiff diff(ObjectNode before, ObjectNode after) {
        SpaceDiffer differ = new SpaceDiffer();
        differ.compareOtherFields(before, after);
        for (Section section : Section.values()) {
            differ.compareSection(section, before, after);
        }
        return new SpaceDiff(differ.changes);
    }

    private void compareSection(Section section, ObjectNode before, ObjectNode after) {
        Map<String, ObjectNode> old = byKey(section, before);
        Map<String, ObjectNode> now = byKey(section, after);
        boolean tables = section == Section.TABLES || section == Section.METRIC_VIEWS;
        for (Map.Entry<String, ObjectNode> entry : old.entrySet()) {
            ObjectNode other = now.get(entry.getKey());
            if (other == null) {
                add(section.path(), entry.getKey(), SpaceDiff.Kind.REMOVED, label(section, entry.getValue()));
            } else if (tables) {
                compareTable(section, entry.getKey(), entry.getValue(), other);
            } else {
                ObjectNode a = SpaceNormalizer.inApiOrder(section, entry.getValue());
                ObjectNode b = SpaceNormalizer.inApiOrder(section, other);
                if (!a.equals(b)) {
                    add(section.path(), entry.getKey(), SpaceDiff.Kind.CHANGED,
                            label(section, other) + changedFields(a, b, Set.of()));
                }
            }
        }
        for (Map.Entry<String, ObjectNode> entry : now.entrySet()) {
            if (!old.containsKey(entry.getKey())) {
                add(section.path(), entry.getKey(), SpaceDiff.Kind.ADDED, label(section, entry.getValue()));
            }
        }
    }

    private void compareTable(Section section, String identifier, ObjectNode before, ObjectNode after) {
        String changed = changedFields(before, after, Set.of("column_configs"));
        if (!changed.isEmpty()) {
            add(section.path(), identifier, SpaceDiff.Kind.CHANGED, identifier + changed);
        }
        Map<String, JsonNode> old = columns(before);
        Map<String, JsonNode> now = columns(after);
        String columnSection = section.path() + ".column_configs";
        for (Map.Entry<String, JsonNode> entry : old.entrySet()) {
            JsonNode other = now.get(entry.getKey());
            String key = identifier + "." + entry.getKey();
            if (other == null) {
                add(columnSection, key, SpaceDiff.Kind.REMOVED, entry.getKey());
            } else if (!other.equals(entry.getValue())) {
                add(columnSection, key, SpaceDiff.Kind.CHANGED,
                        entry.getKey() + changedFields(entry.getValue(), other, Set.of()));
            }
        }
        for (String column : now.keySet()) {
            if (!old.containsKey(column)) {
                add(columnSection, identifier + "." + column, SpaceDiff.Kind.ADDED, column);
            }
        }
    }

    /** Fields outside the keyed sections: top-level keys such as {@code version}, and unknown container keys. */
    private void compareOtherFields(ObjectNode before, ObjectNode after) {
        for (Map.Entry<List<String>, Set<String>> container : MODELLED.entrySet()) {
            JsonNode old = at(before, container.getKey());
            JsonNode now = at(after, container.getKey());
            Set<String> names = new LinkedHashSet<>();
            old.fieldNames().forEachRemaining(names::add);
            now.fieldNames().forEachRemaining(names::add);
            names.removeAll(container.getValue());
            String section = String.join(".", container.getKey());
            for (String name : names) {
                JsonNode a = old.get(name);
                JsonNode b = now.get(name);
                if (a == null) {
                    add(section, name, SpaceDiff.Kind.ADDED, value(b));
                } else if (b == null) {
                    add(section, name, SpaceDiff.Kind.REMOVED, value(a));
                } else if (!a.equals(b)) {
                    add(section, name, SpaceDiff.Kind.CHANGED, value(a) + " -> " + value(b));
                }
            }
        }
    }

    private static JsonNode at(JsonNode root, List<String> path) {
        JsonNode node = root;
        for (String name : path) {
            node = node.path(name);
        }
        return node.isObject() ? node : MissingNode.getInstance();
    }

    private static String value(JsonNode node) {
        return SpaceJson.abbreviate(node.isValueNode() ? node.asText() : node.toString());
    }

    /** Items by key; an item without a key is named by its position, and a repeated key by its occurrence. */
    private static Map<String, ObjectNode> byKey(Section section, JsonNode root) {
        Map<String, ObjectNode> items = new LinkedHashMap<>();
        List<ObjectNode> list = section.items(root);
        for (int i = 0; i < list.size(); i++) {
            String key = section.keyOf(list.get(i));
            if (key.isEmpty() || items.containsKey(key)) {
                key = key + "[" + i + "]";
            }
            items.put(key, list.get(i));
        }
        return items;
    }

    private static Map<String, JsonNode> columns(JsonNode table) {
        Map<String, JsonNode> columns = new LinkedHashMap<>();
        table.path("column_configs").forEach(c -> columns.putIfAbsent(c.path("column_name").asText(""), c));
        return columns;
    }

    private static String label(Section section, JsonNode item) {
        String label = switch (section) {
            case TABLES, METRIC_VIEWS, SQL_FUNCTIONS -> item.path("identifier").asText("");
            case TEXT_INSTRUCTIONS -> SpaceJson.text(item.path("content"));
            case JOIN_SPECS -> item.path("left").path("identifier").asText("") + " JOIN "
                    + item.path("right").path("identifier").asText("");
            case FILTERS, EXPRESSIONS, MEASURES -> item.path("display_name").asText(item.path("alias").asText(
                    SpaceJson.text(item.path("sql"))));
            case SAMPLE_QUESTIONS, EXAMPLE_SQLS, BENCHMARKS -> SpaceJson.text(item.path("question"));
        };
        return SpaceJson.abbreviate(label);
    }

    /** {@code " (changed: a, b)"} naming the fields that differ, or empty when none outside {@code ignored} do. */
    private static String changedFields(JsonNode before, JsonNode after, Set<String> ignored) {
        Set<String> names = new LinkedHashSet<>();
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(names::add);
        List<String> changed = new ArrayList<>();
        for (Iterator<String> it = names.iterator(); it.hasNext(); ) {
            String name = it.next();
            if (!ignored.contains(name) && !before.path(name).equals(after.path(name))) {
                changed.add(name);
            }
        }
        return changed.isEmpty() ? "" : " (changed: " + String.join(", ", changed) + ")";
    }

    private void add(String section, String key, SpaceDiff.Kind kind, String summary) {
        changes.add(new SpaceDiff.Change(section, key, kind, summary));
    }
}
