package io.github.genieenhancer.core.space;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rewrites a configuration the way the Genie API demands (reference: genie-api.md 2.3 and 2.5). Every step leaves
 * a conforming part untouched, so normalising a normal configuration changes nothing.
 */
final class SpaceNormalizer {
    /** Top-level metadata of the GET response that is not part of the export proto; a PATCH carrying it fails. */
    static final List<String> READ_ONLY = List.of("id", "title", "description", "creator", "creator_id",
            "updated_by", "updated_at", "created_at", "warehouse_id", "execute_as_user_id", "space_status");

    private static final Comparator<JsonNode> BY_ID = Comparator.comparing(n -> n.path("id").asText(""));

    private SpaceNormalizer() {
    }

    static ObjectNode normalize(ObjectNode source) {
        ObjectNode root = source.deepCopy();
        READ_ONLY.forEach(root::remove);
        moveMisplacedJoinSpecs(root);
        Section.JOIN_SPECS.items(root).forEach(SpaceNormalizer::repairJoinSql);
        Section.TEXT_INSTRUCTIONS.items(root).forEach(item -> {
            if (item.has("content")) {
                SpaceEditor.setText(item, "content", Optional.of(SpaceJson.text(item.get("content"))));
            }
        });
        assignIds(root);
        mergeTextInstructions(root);
        for (Section section : List.of(Section.TABLES, Section.METRIC_VIEWS)) {
            section.items(root).forEach(SpaceNormalizer::mergeDuplicateColumns);
        }
        sort(root);
        return root;
    }

    private static void moveMisplacedJoinSpecs(ObjectNode root) {
        JsonNode dataSources = root.path("data_sources");
        if (dataSources.has("join_specs")) {
            JsonNode misplaced = ((ObjectNode) dataSources).remove("join_specs");
            if (misplaced.isArray()) {
                Section.JOIN_SPECS.array(root).addAll((ArrayNode) misplaced);
            }
        }
    }

    private static void repairJoinSql(ObjectNode join) {
        List<String> sql = new ArrayList<>();
        join.path("sql").forEach(e -> sql.add(e.asText()));
        if (!JoinSql.isWellFormed(sql)) {
            JoinSql.repaired(sql).ifPresent(fixed -> join.set("sql", SpaceJson.strings(fixed)));
        }
    }

    /**
     * Makes every id valid and unique in its group. A valid id differing only by case or hyphens is kept in its
     * canonical form; the other items get new ids after every id of the document. Benchmarks are scanned before
     * sample questions so a clash renumbers the sample question, not the benchmark that eval runs refer to.
     */
    private static void assignIds(ObjectNode root) {
        List<Section> order = List.of(Section.TEXT_INSTRUCTIONS, Section.EXAMPLE_SQLS, Section.SQL_FUNCTIONS,
                Section.JOIN_SPECS, Section.FILTERS, Section.EXPRESSIONS, Section.MEASURES, Section.BENCHMARKS,
                Section.SAMPLE_QUESTIONS);
        for (Section section : order) {
            for (ObjectNode item : section.items(root)) {
                String id = section.keyOf(item);
                String canonical = id.toLowerCase(Locale.ROOT).replace("-", "");
                if (!Ids.isValid(id) && Ids.isValid(canonical)) {
                    item.put("id", canonical);
                }
            }
        }
        Ids ids = Ids.after(root);
        Map<Section.Group, Set<String>> seen = new HashMap<>();
        for (Section section : order) {
            Set<String> group = seen.computeIfAbsent(section.group(), g -> new HashSet<>());
            for (ObjectNode item : section.items(root)) {
                String id = section.keyOf(item);
                if (!Ids.isValid(id) || !group.add(id)) {
                    String fresh = ids.next();
                    group.add(fresh);
                    if (item.has("id")) {
                        item.put("id", fresh);
                    } else {
                        ObjectNode rest = item.deepCopy();
                        item.removeAll().put("id", fresh).setAll(rest);
                    }
                }
            }
        }
    }

    /** Merges several text instructions into the one with the smallest id, their texts in id order. */
    private static void mergeTextInstructions(ObjectNode root) {
        List<ObjectNode> texts = new ArrayList<>(Section.TEXT_INSTRUCTIONS.items(root));
        if (texts.size() < 2) {
            return;
        }
        texts.sort(BY_ID);
        String merged = SpaceJson.joinTexts(texts.stream().map(t -> SpaceJson.text(t.path("content"))).toList());
        ObjectNode kept = texts.get(0);
        SpaceEditor.setText(kept, "content", Optional.of(merged));
        Section.TEXT_INSTRUCTIONS.array(root).removeAll().add(kept);
    }

    /** Folds later configs of the same column into the first: fields it lacks are taken from the others. */
    private static void mergeDuplicateColumns(ObjectNode table) {
        JsonNode configs = table.path("column_configs");
        Map<String, ObjectNode> first = new HashMap<>();
        for (Iterator<JsonNode> it = configs.elements(); it.hasNext(); ) {
            ObjectNode config = (ObjectNode) it.next();
            ObjectNode kept = first.putIfAbsent(config.path("column_name").asText(""), config);
            if (kept != null) {
                config.properties().forEach(field -> {
                    if (!kept.has(field.getKey())) {
                        kept.set(field.getKey(), field.getValue());
                    }
                });
                it.remove();
            }
        }
    }

    private static void sort(ObjectNode root) {
        for (Section section : Section.values()) {
            Comparator<JsonNode> order = Comparator.comparing(section::keyOf);
            if (section == Section.SQL_FUNCTIONS) {
                order = order.thenComparing(n -> n.path("identifier").asText(""));
            }
            sortArray(root, section, order);
        }
        for (Section section : List.of(Section.TABLES, Section.METRIC_VIEWS)) {
            for (ObjectNode table : section.items(root)) {
                sortField(table, "column_configs", Comparator.comparing(n -> n.path("column_name").asText("")));
            }
        }
        Section.EXAMPLE_SQLS.items(root).forEach(SpaceNormalizer::sortParameters);
    }

    /**
     * A copy of an item with the arrays inside it in the order the API demands ({@code parameters} of an example
     * by name), so that comparing two copies ignores an order that carries no meaning.
     */
    static ObjectNode inApiOrder(Section section, ObjectNode item) {
        if (section != Section.EXAMPLE_SQLS) {
            return item;
        }
        ObjectNode copy = item.deepCopy();
        sortParameters(copy);
        return copy;
    }

    private static void sortParameters(ObjectNode example) {
        sortField(example, "parameters", Comparator.comparing(n -> n.path("name").asText("")));
    }

    private static void sortArray(ObjectNode root, Section section, Comparator<JsonNode> order) {
        JsonNode container = root;
        for (String name : section.containers()) {
            container = container.path(name);
        }
        if (container.isObject()) {
            sortField((ObjectNode) container, section.field(), order);
        }
    }

    /** Sorts an array field in place (stably), only when it is out of order. */
    private static void sortField(ObjectNode parent, String field, Comparator<JsonNode> order) {
        JsonNode array = parent.path(field);
        if (!array.isArray()) {
            return;
        }
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        List<JsonNode> sorted = new ArrayList<>(items);
        sorted.sort(order);
        if (!sorted.equals(items)) {
            ((ArrayNode) array).removeAll().addAll(sorted);
        }
    }
}
