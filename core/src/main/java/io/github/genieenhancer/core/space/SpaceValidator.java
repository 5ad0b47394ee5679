package io.github.genieenhancer.core.space;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks a configuration against every rule the Genie API enforces (reference: genie-api.md 2.3 and 2.5), and
 * separately gives advice about what the API accepts but probably reads differently than meant.
 */
final class SpaceValidator {
    static final int MAX_INSTRUCTIONS = 100;
    static final int MAX_SNIPPETS = 200;
    static final int MAX_BENCHMARK_QUESTIONS = 500;
    static final int MAX_STRING_LENGTH = 25_000;
    static final int MAX_ARRAY_SIZE = 10_000;

    private final ObjectNode root;
    private final List<SpaceViolation> violations = new ArrayList<>();

    private SpaceValidator(ObjectNode root) {
        this.root = root;
    }

    static List<SpaceViolation> validate(ObjectNode root) {
        SpaceValidator validator = new SpaceValidator(root);
        validator.checkAll();
        return List.copyOf(validator.violations);
    }

    /**
     * Advice that never blocks an update: text-instruction lines (all but the last) without a trailing {@code \n},
     * which the API joins to the next line without a separator.
     */
    static List<SpaceWarning> warnings(ObjectNode root) {
        List<SpaceWarning> warnings = new ArrayList<>();
        List<ObjectNode> texts = Section.TEXT_INSTRUCTIONS.items(root);
        for (int i = 0; i < texts.size(); i++) {
            JsonNode content = texts.get(i).path("content");
            for (int line = 0; line < content.size() - 1; line++) {
                String text = content.get(line).asText();
                if (!text.endsWith("\n")) {
                    warnings.add(new SpaceWarning(Section.TEXT_INSTRUCTIONS.path() + "[" + i + "].content[" + line
                            + "]", "does not end with \\n, so the API joins it to the next line without a separator: '"
                            + glued(text, content.get(line + 1).asText()) + "'"));
                }
            }
        }
        return List.copyOf(warnings);
    }

    /** The end of a line and the start of the next, as the API joins them. */
    private static String glued(String line, String next) {
        int keep = 40;
        String tail = line.length() > keep ? "..." + line.substring(line.length() - keep) : line;
        String head = next.lines().findFirst().orElse("");
        return tail + (head.length() > keep ? head.substring(0, keep) + "..." : head);
    }

    private void checkAll() {
        checkVersion();
        for (String field : SpaceNormalizer.READ_ONLY) {
            if (root.has(field)) {
                add(field, "read-only space metadata, not part of serialized_space; the API refuses it");
            }
        }
        if (root.path("data_sources").has("join_specs")) {
            add("data_sources.join_specs", "join specs belong in instructions.join_specs");
        }
        for (Section section : Section.values()) {
            if (section.hasIds()) {
                checkIdFormat(section);
            }
            checkSorted(section.path(), section.items(root), section == Section.SQL_FUNCTIONS
                    ? n -> section.keyOf(n) + "\u0000" + n.path("identifier").asText("") : section::keyOf,
                    section.key());
        }
        checkUnique(Section.Group.INSTRUCTIONS);
        checkUnique(Section.Group.QUESTIONS);
        checkTables();
        checkParameters();
        checkJoinSpecs();
        checkTextInstructions();
        checkSnippets();
        checkBenchmarks();
        checkBudgets();
        checkSizes(root, "");
    }

    private void checkVersion() {
        JsonNode version = root.get("version");
        if (version == null || !version.isIntegralNumber() || (version.asInt() != 1 && version.asInt() != 2)) {
            add("version", "must be 1 or 2; is " + (version == null ? "missing" : version.toString()));
        }
    }

    private void checkIdFormat(Section section) {
        List<ObjectNode> items = section.items(root);
        for (int i = 0; i < items.size(); i++) {
            JsonNode id = items.get(i).get("id");
            String at = section.path() + "[" + i + "]";
            if (id == null) {
                add(at, "missing id; every item needs 32 lowercase hex characters");
            } else if (!Ids.isValid(id.asText())) {
                add(at + ".id", "'" + id.asText() + "' is not 32 lowercase hex characters");
            }
        }
    }

    private void checkSorted(String path, List<? extends JsonNode> items, Function<JsonNode, String> key,
                             String keyName) {
        for (int i = 1; i < items.size(); i++) {
            String previous = key.apply(items.get(i - 1));
            String current = key.apply(items.get(i));
            if (previous.compareTo(current) > 0) {
                add(path, "must be sorted by " + keyName + ": item " + i + " ('" + readable(current)
                        + "') comes after '" + readable(previous) + "'");
                return;
            }
        }
    }

    private static String readable(String key) {
        return key.replace("\u0000", "', '");
    }

    private void checkUnique(Section.Group group) {
        Map<String, String> firstUse = new HashMap<>();
        for (Section section : Section.values()) {
            if (section.group() != group) {
                continue;
            }
            List<ObjectNode> items = section.items(root);
            for (int i = 0; i < items.size(); i++) {
                String id = section.keyOf(items.get(i));
                String at = section.path() + "[" + i + "]";
                String other = id.isEmpty() ? null : firstUse.putIfAbsent(id, at);
                if (other != null) {
                    add(at + ".id", "id '" + id + "' is also used by " + other + "; "
                            + (group == Section.Group.INSTRUCTIONS ? "instruction ids must be unique across all "
                            + "instruction kinds" : "sample and benchmark question ids must be unique across both"));
                }
            }
        }
    }

    private void checkTables() {
        Map<String, String> identifiers = new HashMap<>();
        for (Section section : List.of(Section.TABLES, Section.METRIC_VIEWS)) {
            List<ObjectNode> tables = section.items(root);
            for (int i = 0; i < tables.size(); i++) {
                String at = section.path() + "[" + i + "]";
                String other = identifiers.putIfAbsent(section.keyOf(tables.get(i)), at);
                if (other != null) {
                    add(at + ".identifier", "'" + section.keyOf(tables.get(i)) + "' is also listed at " + other);
                }
                List<JsonNode> columns = new ArrayList<>();
                tables.get(i).path("column_configs").forEach(columns::add);
                checkSorted(at + ".column_configs", columns, n -> n.path("column_name").asText(""), "column_name");
                Map<String, Integer> names = new HashMap<>();
                for (int c = 0; c < columns.size(); c++) {
                    String name = columns.get(c).path("column_name").asText("");
                    Integer earlier = names.putIfAbsent(name, c);
                    if (earlier != null) {
                        add(at + ".column_configs[" + c + "].column_name", "column '" + name
                                + "' is configured twice (also at index " + earlier + ")");
                    }
                }
            }
        }
    }

    private void checkParameters() {
        List<ObjectNode> examples = Section.EXAMPLE_SQLS.items(root);
        for (int i = 0; i < examples.size(); i++) {
            List<JsonNode> parameters = new ArrayList<>();
            examples.get(i).path("parameters").forEach(parameters::add);
            checkSorted(Section.EXAMPLE_SQLS.path() + "[" + i + "].parameters", parameters,
                    n -> n.path("name").asText(""), "name");
        }
    }

    private void checkJoinSpecs() {
        List<ObjectNode> joins = Section.JOIN_SPECS.items(root);
        for (int i = 0; i < joins.size(); i++) {
            String at = Section.JOIN_SPECS.path() + "[" + i + "].sql";
            List<String> sql = new ArrayList<>();
            joins.get(i).path("sql").forEach(e -> sql.add(e.asText()));
            if (sql.size() != 2) {
                add(at, "must have exactly 2 elements, the condition and the --rt= marker; has " + sql.size());
            } else if (!JoinSql.isMarker(sql.get(1))) {
                add(at + "[1]", "must be a relationship marker such as "
                        + RelationshipType.MANY_TO_ONE.marker() + "; is '" + SpaceJson.abbreviate(sql.get(1)) + "'");
            }
            if (JoinSql.condition(sql).isEmpty()) {
                add(at + "[0]", "the join condition is empty");
            }
        }
    }

    private void checkTextInstructions() {
        List<ObjectNode> texts = Section.TEXT_INSTRUCTIONS.items(root);
        if (texts.size() > 1) {
            add(Section.TEXT_INSTRUCTIONS.path(), "at most 1 text instruction is allowed; has " + texts.size());
        }
    }

    private void checkSnippets() {
        for (Section section : Section.snippets()) {
            List<ObjectNode> snippets = section.items(root);
            for (int i = 0; i < snippets.size(); i++) {
                String at = section.path() + "[" + i + "]";
                if (SpaceJson.text(snippets.get(i).path("sql")).isBlank()) {
                    add(at + ".sql", "the SQL must not be empty");
                }
                if (section != Section.FILTERS && snippets.get(i).path("alias").asText("").isBlank()) {
                    add(at + ".alias", "measures and expressions need an alias");
                }
            }
        }
    }

    private void checkBenchmarks() {
        List<ObjectNode> questions = Section.BENCHMARKS.items(root);
        if (questions.size() > MAX_BENCHMARK_QUESTIONS) {
            add(Section.BENCHMARKS.path(), questions.size() + " benchmark questions, the limit is "
                    + MAX_BENCHMARK_QUESTIONS);
        }
        for (int i = 0; i < questions.size(); i++) {
            String at = Section.BENCHMARKS.path() + "[" + i + "].answer";
            JsonNode answers = questions.get(i).path("answer");
            if (answers.size() > 1) {
                add(at, "a benchmark question has at most one answer; has " + answers.size());
            }
            for (int a = 0; a < answers.size(); a++) {
                JsonNode answer = answers.get(a);
                if (!answer.path("format").asText("").equals("SQL")) {
                    add(at + "[" + a + "].format", "must be \"SQL\"");
                }
                if (SpaceJson.text(answer.path("content")).isBlank()) {
                    add(at + "[" + a + "].content", "the SQL answer is empty");
                }
            }
        }
    }

    /**
     * The two documented budgets: instructions (the text block counts once, each example SQL and SQL function
     * once) and knowledge-store snippets (described tables, join specs, filters, measures, expressions).
     */
    private void checkBudgets() {
        int text = Section.TEXT_INSTRUCTIONS.items(root).isEmpty() ? 0 : 1;
        int examples = Section.EXAMPLE_SQLS.items(root).size();
        int functions = Section.SQL_FUNCTIONS.items(root).size();
        int instructions = text + examples + functions;
        if (instructions > MAX_INSTRUCTIONS) {
            add("instructions", instructions + " instructions, the limit is " + MAX_INSTRUCTIONS + " (" + text
                    + " text block + " + examples + " example SQLs + " + functions + " SQL functions)");
        }
        long described = 0;
        for (Section section : List.of(Section.TABLES, Section.METRIC_VIEWS)) {
            described += section.items(root).stream()
                    .filter(t -> !SpaceJson.text(t.path("description")).isBlank()).count();
        }
        int joins = Section.JOIN_SPECS.items(root).size();
        int snippets = Section.snippets().stream().mapToInt(s -> s.items(root).size()).sum();
        long total = described + joins + snippets;
        if (total > MAX_SNIPPETS) {
            add("instructions.sql_snippets", total + " knowledge-store snippets, the limit is " + MAX_SNIPPETS
                    + " (" + described + " table descriptions + " + joins + " join specs + " + snippets
                    + " filters, measures and expressions)");
        }
    }

    private void checkSizes(JsonNode node, String at) {
        if (node.isTextual() && node.asText().length() > MAX_STRING_LENGTH) {
            add(at, "string of " + node.asText().length() + " characters, the limit is " + MAX_STRING_LENGTH);
        } else if (node.isArray()) {
            if (node.size() > MAX_ARRAY_SIZE) {
                add(at, "array of " + node.size() + " items, the limit is " + MAX_ARRAY_SIZE);
            }
            for (int i = 0; i < node.size(); i++) {
                checkSizes(node.get(i), at + "[" + i + "]");
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                checkSizes(field.getValue(), at.isEmpty() ? field.getKey() : at + "." + field.getKey());
            }
        }
    }

    private void add(String path, String message) {
        violations.add(new SpaceViolation(path, message));
    }
}
