package io.github.genieenhancer.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The order in which the Genie API exports a {@code serialized_space}, which is not the order it accepts.
 *
 * <p>Inferred from a real export (test-data {@code genie-space-export-v2.json}): tables, column configs, the text
 * instruction, example SQLs, join specs and measures come in the order the API demands on input (by identifier,
 * column name or id); but the benchmark questions come newest first (ids descending), and an example's parameters
 * in the order its SQL first names them ({@code :param2} before {@code :day_plus}), not by name. Arrays the export
 * does not show (sample questions, SQL functions, filters, expressions, metric views) are assumed to be exported in
 * the order the API demands, like the ones it shows.
 */
public final class ExportOrder {
    /** A parameter marker; {@code ::} casts ({@code x::decimal(38,2)}) are not markers. */
    private static final Pattern MARKER = Pattern.compile("(?<![:\\w]):([A-Za-z_]\\w*)");
    private static final Comparator<JsonNode> BY_ID = Comparator.comparing(n -> n.path("id").asText(""));

    private ExportOrder() {
    }

    /** A copy of a configuration stored in the order the API accepts, in the order a GET exports it. */
    public static ObjectNode exported(ObjectNode accepted) {
        ObjectNode copy = accepted.deepCopy();
        sort(copy.path("benchmarks").path("questions"), BY_ID.reversed());
        for (JsonNode example : copy.path("instructions").path("example_question_sqls")) {
            Map<String, Integer> firstUse = firstUse(String.join("", SpaceValidator.texts(example.path("sql"))));
            sort(example.path("parameters"), Comparator.comparing(
                    p -> firstUse.getOrDefault(p.path("name").asText(""), Integer.MAX_VALUE)));
        }
        return copy;
    }

    /**
     * A copy of an exported configuration in the order the API accepts: benchmark questions by id, parameters by
     * name. Everything else an export already has in that order.
     */
    public static ObjectNode accepted(ObjectNode exported) {
        ObjectNode copy = exported.deepCopy();
        sort(copy.path("benchmarks").path("questions"), BY_ID);
        for (JsonNode example : copy.path("instructions").path("example_question_sqls")) {
            sort(example.path("parameters"), Comparator.comparing(p -> p.path("name").asText("")));
        }
        return copy;
    }

    private static Map<String, Integer> firstUse(String sql) {
        Map<String, Integer> positions = new HashMap<>();
        Matcher m = MARKER.matcher(sql);
        while (m.find()) {
            positions.putIfAbsent(m.group(1), m.start());
        }
        return positions;
    }

    /** Sorts an array in place, stably. */
    private static void sort(JsonNode array, Comparator<JsonNode> order) {
        if (!array.isArray()) {
            return;
        }
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        items.sort(order);
        ((ArrayNode) array).removeAll().addAll(items);
    }
}
