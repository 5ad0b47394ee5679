package io.github.genieenhancer.core.space;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

/**
 * The edits behind {@link SpaceConfig}'s {@code with...} methods. Each works on a private copy of the tree and sets
 * only the fields it models, so unknown fields of the edited item, and every other item, stay as they were.
 */
final class SpaceEditor {
    private SpaceEditor() {
    }

    // ---- items keyed by id -------------------------------------------------------------------------------------

    /**
     * Writes an item: over the item with {@code id} when the section has one (its unknown fields stay), otherwise
     * as a new last item whose id is {@code id} when that is valid and unused, else a new id.
     */
    static void put(ObjectNode root, Section section, String id, Consumer<ObjectNode> writer) {
        for (ObjectNode item : section.items(root)) {
            if (!id.isEmpty() && section.keyOf(item).equals(id)) {
                writer.accept(item);
                return;
            }
        }
        String newId = Ids.isValid(id) && !Ids.used(root).contains(id) ? id : Ids.after(root).next();
        ObjectNode item = Ids.newItem(newId);
        writer.accept(item);
        section.array(root).add(item);
    }

    /** Removes the items of a section whose position matches. */
    static void removeItems(ObjectNode root, Section section, IntPredicate atPosition) {
        JsonNode array = root;
        for (String name : section.containers()) {
            array = array.path(name);
        }
        array = array.path(section.field());
        for (int i = array.size() - 1; i >= 0; i--) {
            if (atPosition.test(i)) {
                ((ArrayNode) array).remove(i);
            }
        }
    }

    static void writeExample(ObjectNode item, ExampleQuestionSql example) {
        setText(item, "question", Optional.of(example.question()));
        setText(item, "sql", Optional.of(example.sql()));
        writeParameters(item, example.parameters());
        setText(item, "usage_guidance", example.usageGuidance());
    }

    private static void writeParameters(ObjectNode item, List<SqlParameter> parameters) {
        if (parameters.isEmpty()) {
            item.remove("parameters");
            return;
        }
        Map<String, ObjectNode> existing = new HashMap<>();
        item.path("parameters").forEach(p -> existing.putIfAbsent(p.path("name").asText(), (ObjectNode) p));
        ArrayNode written = SpaceJson.NODES.arrayNode();
        for (SqlParameter parameter : parameters) {
            ObjectNode node = existing.containsKey(parameter.name())
                    ? existing.remove(parameter.name()) : SpaceJson.NODES.objectNode().put("name", parameter.name());
            setString(node, "type_hint", parameter.typeHint());
            setText(node, "description", parameter.description());
            if (parameter.defaultValues().isEmpty()) {
                node.remove("default_value");
            } else {
                setStrings(SpaceJson.object(node, "default_value"), "values", parameter.defaultValues());
            }
            written.add(node);
        }
        if (!written.equals(item.get("parameters"))) {
            item.set("parameters", written);
        }
    }

    static void writeJoin(ObjectNode item, JoinSpec join) {
        writeSide(item, "left", join.left());
        writeSide(item, "right", join.right());
        List<String> current = new ArrayList<>();
        item.path("sql").forEach(e -> current.add(e.asText()));
        boolean same = JoinSql.condition(current).equals(join.condition().strip())
                && JoinSql.relationship(current).equals(join.relationship());
        if (!same || current.isEmpty()) {
            item.set("sql", SpaceJson.strings(join.relationship()
                    .map(r -> JoinSql.of(join.condition(), r))
                    .orElse(List.of(join.condition().strip()))));
        }
        setText(item, "comment", join.comment());
        setText(item, "instruction", join.instruction());
    }

    private static void writeSide(ObjectNode item, String field, JoinSpec.Side side) {
        ObjectNode node = SpaceJson.object(item, field);
        node.put("identifier", side.identifier());
        setString(node, "alias", side.alias());
    }

    static void writeSnippet(ObjectNode item, SqlSnippet snippet) {
        setString(item, "alias", snippet.alias());
        setText(item, "sql", Optional.of(snippet.sql()));
        setString(item, "display_name", snippet.displayName());
        setStrings(item, "synonyms", snippet.synonyms());
        setText(item, "instruction", snippet.instruction());
        setText(item, "comment", snippet.comment());
    }

    static void writeBenchmark(ObjectNode item, BenchmarkQuestion question) {
        setText(item, "question", Optional.of(question.question()));
        if (question.sql().isEmpty()) {
            item.remove("answer");
            return;
        }
        JsonNode answers = item.path("answer");
        ObjectNode answer = answers.size() > 0 && answers.get(0).isObject()
                ? (ObjectNode) answers.get(0) : item.putArray("answer").addObject();
        answer.put("format", "SQL");
        setText(answer, "content", question.sql());
    }

    /** Replaces the benchmark questions, keeping the unknown fields of questions whose id is given again. */
    static void replaceBenchmarks(ObjectNode root, List<BenchmarkQuestion> questions) {
        Map<String, ObjectNode> existing = new LinkedHashMap<>();
        Section.BENCHMARKS.items(root).forEach(q -> existing.putIfAbsent(Section.BENCHMARKS.keyOf(q), q));
        Set<String> taken = Ids.used(root);
        Ids ids = Ids.after(root);
        Set<String> written = new HashSet<>();
        ArrayNode array = SpaceJson.NODES.arrayNode();
        for (BenchmarkQuestion question : questions) {
            ObjectNode item;
            if (!question.id().isEmpty() && existing.containsKey(question.id()) && written.add(question.id())) {
                item = existing.get(question.id());
            } else {
                boolean keepId = Ids.isValid(question.id()) && !taken.contains(question.id())
                        && written.add(question.id());
                item = Ids.newItem(keepId ? question.id() : ids.next());
            }
            writeBenchmark(item, question);
            array.add(item);
        }
        Section.BENCHMARKS.array(root).removeAll().addAll(array);
    }

    // ---- text instructions -------------------------------------------------------------------------------------

    /** Makes {@code text} the one text instruction, keeping the first item's id and unknown fields. */
    static void setInstructionText(ObjectNode root, String text) {
        if (text.isBlank()) {
            removeItems(root, Section.TEXT_INSTRUCTIONS, i -> true);
            return;
        }
        ArrayNode array = Section.TEXT_INSTRUCTIONS.array(root);
        if (array.isEmpty()) {
            array.add(Ids.newItem(Ids.after(root).next()));
        }
        while (array.size() > 1) {
            array.remove(array.size() - 1);
        }
        setText((ObjectNode) array.get(0), "content", Optional.of(text));
    }

    /** Adds {@code text} on a new line at the end of the last text instruction. */
    static void appendInstructionText(ObjectNode root, String text) {
        ArrayNode array = Section.TEXT_INSTRUCTIONS.array(root);
        if (array.isEmpty()) {
            setInstructionText(root, text);
            return;
        }
        ObjectNode last = (ObjectNode) array.get(array.size() - 1);
        String current = SpaceJson.text(last.path("content"));
        String separator = current.isEmpty() || current.endsWith("\n") ? "" : "\n";
        setText(last, "content", Optional.of(current + separator + text));
    }

    // ---- tables and columns ------------------------------------------------------------------------------------

    /**
     * The table or metric view with this identifier, ignoring case and backticks.
     *
     * @throws IllegalArgumentException naming the space's tables when there is none
     */
    static ObjectNode table(ObjectNode root, String identifier) {
        List<String> known = new ArrayList<>();
        for (Section section : List.of(Section.TABLES, Section.METRIC_VIEWS)) {
            for (ObjectNode table : section.items(root)) {
                String name = section.keyOf(table);
                if (JoinSpec.sameTable(name, identifier)) {
                    return table;
                }
                known.add(name);
            }
        }
        throw new IllegalArgumentException("No table or metric view '" + identifier + "' in the space; it has: "
                + (known.isEmpty() ? "none" : String.join(", ", known)));
    }

    /**
     * The column's config, ignoring case; when absent and {@code create} is set, a new one inserted in
     * {@code column_name} order, otherwise empty.
     */
    static Optional<ObjectNode> column(ObjectNode table, String column, boolean create) {
        for (JsonNode config : table.path("column_configs")) {
            if (config.path("column_name").asText("").equalsIgnoreCase(column.strip())) {
                return Optional.of((ObjectNode) config);
            }
        }
        if (!create) {
            return Optional.empty();
        }
        ArrayNode configs = SpaceJson.array(table, "column_configs");
        int at = 0;
        while (at < configs.size() && configs.get(at).path("column_name").asText("").compareTo(column) < 0) {
            at++;
        }
        ObjectNode config = SpaceJson.NODES.objectNode().put("column_name", column.strip());
        configs.insert(at, config);
        return Optional.of(config);
    }

    static void addSynonyms(ObjectNode column, Collection<String> synonyms) {
        List<String> merged = new ArrayList<>();
        column.path("synonyms").forEach(s -> merged.add(s.asText()));
        Set<String> seen = merged.stream().map(SpaceEditor::key).collect(Collectors.toCollection(HashSet::new));
        for (String synonym : synonyms) {
            if (!synonym.isBlank() && seen.add(key(synonym))) {
                merged.add(synonym.strip());
            }
        }
        setStrings(column, "synonyms", merged);
    }

    static void removeSynonyms(ObjectNode column, Collection<String> synonyms) {
        Set<String> unwanted = synonyms.stream().map(SpaceEditor::key).collect(Collectors.toSet());
        List<String> kept = new ArrayList<>();
        column.path("synonyms").forEach(s -> {
            if (!unwanted.contains(key(s.asText()))) {
                kept.add(s.asText());
            }
        });
        setStrings(column, "synonyms", kept);
    }

    /** Text compared the way users mean it: case, surrounding and repeated spaces ignored. */
    static boolean sameText(String a, String b) {
        return key(a).equals(key(b));
    }

    private static String key(String text) {
        return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    // ---- fields ------------------------------------------------------------------------------------------------

    /** Sets a multi-line field as lines, or removes it; leaves it untouched when its text is already this. */
    static void setText(ObjectNode item, String field, Optional<String> text) {
        if (text.isEmpty()) {
            item.remove(field);
        } else if (!item.has(field) || !SpaceJson.text(item.get(field)).equals(text.get())) {
            item.set(field, SpaceJson.lines(text.get()));
        }
    }

    private static void setString(ObjectNode item, String field, Optional<String> value) {
        if (value.isEmpty()) {
            item.remove(field);
        } else {
            item.put(field, value.get());
        }
    }

    private static void setStrings(ObjectNode item, String field, List<String> values) {
        if (values.isEmpty()) {
            item.remove(field);
        } else {
            ArrayNode array = SpaceJson.strings(values);
            if (!array.equals(item.get(field))) {
                item.set(field, array);
            }
        }
    }
}
