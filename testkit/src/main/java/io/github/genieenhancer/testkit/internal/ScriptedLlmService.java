package io.github.genieenhancer.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.fix.FixCategory;
import io.github.genieenhancer.core.space.RelationshipType;
import io.github.genieenhancer.core.space.SnippetKind;
import io.github.genieenhancer.testkit.LlmMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scripted LLM behind the workspace's serving endpoint: a rule-based stand-in, never a model.
 *
 * <h2>Request protocol (the one place to adjust when the enhancement prompts change)</h2>
 * <ul>
 *   <li><b>Kind.</b> {@code response_format.json_schema.name} decides: a name containing "analy", "diagnos" or
 *       "classif" asks for an <i>analysis</i>; a name containing "fix", "plan" or a category wire name asks for
 *       <i>fixes</i>. Without a schema name the system prompt may carry the marker {@code genie-enhancer:analysis}
 *       or {@code genie-enhancer:fixes}. Anything else gets a short prose reply.</li>
 *   <li><b>Categories.</b> The {@link FixCategory} wire names found in the schema name, else in the system prompt,
 *       restrict the fixes; none found means all nine.</li>
 *   <li><b>Failure context.</b> The failing questions are the sample benchmark questions quoted anywhere in the
 *       messages, plus lines {@code Question: ...} and JSON fields {@code "question": "..."}. The space is the one
 *       whose id appears in the messages, else the sample space.</li>
 *   <li><b>Proposals.</b> For each failing question the local Genie answers it twice: with the space's current
 *       configuration and with the reference ("tuned") configuration. Items the reference answer relied on that the
 *       space lacks become <i>add</i> fixes; items the current answer relied on that the reference configuration
 *       does not have become <i>delete</i> fixes.</li>
 *   <li><b>Reply.</b> Fixes: {@code {"fixes": [{"fix": <core Fix JSON with its "category" wire name>,
 *       "rationale": "...", "questions": ["..."]}]}}. Analysis: {@code {"analyses": [{"question": "...",
 *       "categories": ["join_specs_add", ...], "rationale": "..."}]}}. Both wrapped in an OpenAI chat completion
 *       with token usage (about four characters per token).</li>
 *   <li><b>Other schemas.</b> A JSON-schema request of any other kind (a health check's, say) gets the schema's
 *       simplest valid instance ({@link SchemaInstance}); a request without a schema gets a short prose reply.</li>
 * </ul>
 */
public final class ScriptedLlmService {
    private static final ObjectMapper MAPPER = GenieJson.mapper();
    private static final Pattern QUESTION_LINE = Pattern.compile("(?im)^\\s*(?:[-*]\\s*)?question\\s*[:=]\\s*(.+?)\\s*$");
    private static final Pattern QUESTION_FIELD = Pattern.compile("\"question\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)+)\"");

    private final String endpointName;
    private final SpaceStore spaces;
    private final GenieService genie;
    private final Supplier<String> sampleSpaceId;
    private final SpaceModel tunedModel;
    private final JsonNode tuned;
    private final List<String> knownQuestions;
    private final Clock clock;
    private final AtomicLong ids = new AtomicLong(1);
    private volatile LlmMode mode = LlmMode.RULES;

    /** What the caller asked for. */
    enum Kind { ANALYSIS, FIXES, TEXT }

    /**
     * Creates the service.
     *
     * @param tuned          the reference configuration whose items the proposals come from
     * @param knownQuestions questions recognised in prompts even without a {@code Question:} label
     */
    public ScriptedLlmService(String endpointName, SpaceStore spaces, GenieService genie, Warehouse warehouse,
                              Supplier<String> sampleSpaceId, JsonNode tuned, List<String> knownQuestions, Clock clock) {
        this.endpointName = endpointName;
        this.spaces = spaces;
        this.genie = genie;
        this.sampleSpaceId = sampleSpaceId;
        this.tuned = tuned;
        this.tunedModel = new SpaceModel(tuned, warehouse);
        this.knownQuestions = List.copyOf(knownQuestions);
        this.clock = clock;
    }

    /** Sets how the LLM answers from now on. */
    public void mode(LlmMode mode) {
        this.mode = mode;
    }

    /** The current mode. */
    public LlmMode mode() {
        return mode;
    }

    /** The serving endpoint's name. */
    public String endpointName() {
        return endpointName;
    }

    /**
     * Answers a chat-completion request.
     *
     * @param name the endpoint (or model) name the request addressed
     */
    public ObjectNode complete(String name, JsonNode request) {
        if (!endpointName.equals(name)) {
            throw ApiError.notFound("Serving endpoint '" + name + "' does not exist. This workspace serves '"
                    + endpointName + "'.");
        }
        JsonNode messages = request.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw ApiError.invalid("messages must be a non-empty array");
        }
        StringBuilder system = new StringBuilder();
        StringBuilder all = new StringBuilder();
        for (JsonNode m : messages) {
            String content = content(m.path("content"));
            if (m.path("role").asText().equals("system")) {
                system.append(content).append('\n');
            }
            all.append(content).append('\n');
        }
        String schemaName = request.path("response_format").path("json_schema").path("name").asText("")
                .toLowerCase(Locale.ROOT);
        Kind kind = kind(schemaName, system.toString().toLowerCase(Locale.ROOT));
        Set<FixCategory> categories = categories(schemaName, system.toString().toLowerCase(Locale.ROOT));
        JsonNode schema = request.path("response_format").path("json_schema").path("schema");
        String reply = switch (kind) {
            case TEXT -> schema.isObject() ? write(SchemaInstance.simplest(schema))
                    : "This is LocalWorkspace's scripted LLM, a rule-based stand-in. It answers requests for fix "
                    + "proposals or failure analyses (see docs/testkit.md) and nothing else.";
            case ANALYSIS, FIXES -> reply(kind, categories, all.toString());
        };
        return completion(all.length(), reply);
    }

    static Kind kind(String schemaName, String system) {
        if (schemaName.contains("analy") || schemaName.contains("diagnos") || schemaName.contains("classif")) {
            return Kind.ANALYSIS;
        }
        if (schemaName.contains("fix") || schemaName.contains("plan") || !wireNamesIn(schemaName).isEmpty()) {
            return Kind.FIXES;
        }
        if (schemaName.isEmpty() && system.contains("genie-enhancer:analysis")) {
            return Kind.ANALYSIS;
        }
        if (schemaName.isEmpty() && system.contains("genie-enhancer:fixes")) {
            return Kind.FIXES;
        }
        return Kind.TEXT;
    }

    static Set<FixCategory> categories(String schemaName, String system) {
        Set<FixCategory> found = wireNamesIn(schemaName);
        if (found.isEmpty()) {
            found = wireNamesIn(system);
        }
        return found.isEmpty() ? EnumSet.allOf(FixCategory.class) : found;
    }

    private static Set<FixCategory> wireNamesIn(String text) {
        Set<FixCategory> found = EnumSet.noneOf(FixCategory.class);
        for (FixCategory c : FixCategory.values()) {
            if (text.contains(c.wireName())) {
                found.add(c);
            }
        }
        return found;
    }

    private String reply(Kind kind, Set<FixCategory> categories, String prompt) {
        List<String> questions = failingQuestions(prompt);
        JsonNode current = currentConfig(prompt);
        SpaceModel currentModel = genie.modelOf(current);
        Map<Fix, Proposal> proposals = new LinkedHashMap<>();
        Map<String, Set<FixCategory>> perQuestion = new LinkedHashMap<>();
        for (String q : questions) {
            Set<FixCategory> found = EnumSet.noneOf(FixCategory.class);
            for (String key : GenieEngine.answer(q, tunedModel).used()) {
                additionFor(key, current).ifPresent(fix -> record(proposals, found, fix, q));
            }
            for (String key : GenieEngine.answer(q, currentModel).used()) {
                deletionFor(key, current).ifPresent(fix -> record(proposals, found, fix, q));
            }
            perQuestion.put(q, found);
        }
        ObjectNode out = MAPPER.createObjectNode();
        if (kind == Kind.ANALYSIS) {
            ArrayNode analyses = out.putArray("analyses");
            perQuestion.forEach((q, cats) -> {
                ObjectNode a = analyses.addObject().put("question", q);
                ArrayNode c = a.putArray("categories");
                cats.forEach(cat -> c.add(cat.wireName()));
                a.put("rationale", cats.isEmpty() ? "The configuration already has what this question needs."
                        : "The answer depends on configuration the space lacks or gets wrong.");
            });
            return write(out);
        }
        List<Proposal> selected = proposals.values().stream()
                .filter(p -> categories.contains(p.fix.category())).toList();
        ArrayNode fixes = out.putArray("fixes");
        for (Proposal p : switch (mode) {
            case RULES, INVALID_JSON -> selected;
            case UNSAFE_SQL -> unsafe(questions);
            case UNKNOWN_COLUMNS -> unknownColumns(questions);
        }) {
            ObjectNode item = fixes.addObject();
            item.set("fix", fixJson(p.fix));
            item.put("rationale", p.rationale);
            ArrayNode qs = item.putArray("questions");
            p.questions.forEach(qs::add);
        }
        String json = write(out);
        if (mode == LlmMode.INVALID_JSON) {
            return "Sure! Here are the fixes:\n```json\n" + json.substring(0, Math.max(1, json.length() * 2 / 3));
        }
        return json;
    }

    private record Proposal(Fix fix, String rationale, Set<String> questions) {
    }

    private static void record(Map<Fix, Proposal> proposals, Set<FixCategory> found, Fix fix, String question) {
        found.add(fix.category());
        proposals.computeIfAbsent(fix, f -> new Proposal(f, rationale(f), new LinkedHashSet<>())).questions.add(question);
    }

    private static String rationale(Fix fix) {
        return switch (fix.category()) {
            case INSTRUCTION_FIX -> "Genie needs this business rule to answer correctly.";
            case JOIN_SPECS_ADD -> "Genie cannot relate these tables without a join spec.";
            case JOIN_SPECS_DELETE -> "This join spec relates the tables on the wrong columns.";
            case SQL_SNIPPETS_ADD -> "The metric or filter the question uses is not defined in the space.";
            case SQL_SNIPPETS_DELETE -> "This snippet defines the term differently from the expected answer.";
            case METADATA_ADD -> "Genie picks the wrong column or value without this description or synonym.";
            case METADATA_DELETE -> "This synonym points Genie at the wrong column.";
            case SAMPLE_QUERIES_ADD -> "The question needs SQL Genie does not compose on its own.";
            case SAMPLE_QUERIES_DELETE -> "This example question SQL answers a similar question wrongly.";
        };
    }

    /** The failing questions, in the order the prompt mentions them. */
    private List<String> failingQuestions(String prompt) {
        java.util.TreeMap<Integer, String> found = new java.util.TreeMap<>();
        String normalised = prompt.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        for (String q : knownQuestions) {
            int at = normalised.indexOf(q.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT));
            if (at >= 0) {
                found.putIfAbsent(at, q);
            }
        }
        Set<String> known = new LinkedHashSet<>(found.values());
        List<String> labelled = new ArrayList<>();
        Matcher line = QUESTION_LINE.matcher(prompt);
        while (line.find()) {
            labelled.add(line.group(1).replaceAll("^\"|\"$", ""));
        }
        Matcher field = QUESTION_FIELD.matcher(prompt);
        while (field.find()) {
            labelled.add(field.group(1).replace("\\\"", "\""));
        }
        for (String q : labelled) {
            if (known.add(q)) {
                int at = normalised.indexOf(q.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT));
                found.put(at >= 0 ? at : normalised.length() + found.size(), q);
            }
        }
        return List.copyOf(found.values());
    }

    private JsonNode currentConfig(String prompt) {
        for (SpaceStore.Space s : spaces.list()) {
            if (prompt.contains(s.spaceId())) {
                return s.config();
            }
        }
        return spaces.peek(sampleSpaceId.get()).map(s -> (JsonNode) s.config()).orElse(tuned);
    }

    // ---- mapping from the Genie's "used" keys to core Fix records

    private Optional<Fix> additionFor(String key, JsonNode current) {
        String[] k = key.split(":", 2);
        JsonNode ins = tuned.path("instructions");
        JsonNode cur = current.path("instructions");
        switch (k[0]) {
            case "example" -> {
                JsonNode e = byId(ins.path("example_question_sqls"), k[1]);
                String question = first(e.path("question"));
                boolean present = stream(cur.path("example_question_sqls"))
                        .anyMatch(x -> Text.key(first(x.path("question"))).equals(Text.key(question)));
                return present ? Optional.empty() : Optional.of(new Fix.SampleQueryAdd(question,
                        String.join("", SpaceValidator.texts(e.path("sql"))), first(e.path("usage_guidance"))));
            }
            case "join" -> {
                JsonNode j = byId(ins.path("join_specs"), k[1]);
                String left = j.path("left").path("identifier").asText();
                String right = j.path("right").path("identifier").asText();
                if (hasJoin(cur, left, right)) {
                    return Optional.empty();
                }
                List<String> sql = SpaceValidator.texts(j.path("sql"));
                return Optional.of(new Fix.JoinSpecAdd(left, right, sql.get(0).replace("`", ""),
                        RelationshipType.parse(sql.get(1)), first(j.path("instruction"))));
            }
            case "snippet" -> {
                for (SnippetKind kind : SnippetKind.values()) {
                    JsonNode s = byId(ins.path("sql_snippets").path(kind.section()), k[1]);
                    if (s.isMissingNode()) {
                        continue;
                    }
                    String sql = String.join(" ", SpaceValidator.texts(s.path("sql")));
                    boolean present = stream(cur.path("sql_snippets").path(kind.section()))
                            .anyMatch(x -> String.join(" ", SpaceValidator.texts(x.path("sql"))).equals(sql));
                    return present ? Optional.empty() : Optional.of(new Fix.SqlSnippetAdd(kind,
                            s.path("display_name").asText(), s.path("alias").asText(""), sql,
                            SpaceValidator.texts(s.path("synonyms")), first(s.path("instruction"))));
                }
                return Optional.empty();
            }
            case "column", "synonym" -> {
                String[] parts = k[1].split(":");
                JsonNode wanted = columnConfig(tuned, parts[0], parts[1]);
                JsonNode have = columnConfig(current, parts[0], parts[1]);
                String description = String.join("", SpaceValidator.texts(wanted.path("description")));
                List<String> synonyms = new ArrayList<>(SpaceValidator.texts(wanted.path("synonyms")));
                synonyms.removeAll(SpaceValidator.texts(have.path("synonyms")));
                boolean needsDescription = !description.isEmpty()
                        && !description.equals(String.join("", SpaceValidator.texts(have.path("description"))));
                if (!needsDescription && synonyms.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new Fix.MetadataAdd(parts[0], Optional.of(parts[1]),
                        needsDescription ? Optional.of(description) : Optional.empty(), synonyms));
            }
            case "instruction" -> {
                String currentText = stream(cur.path("text_instructions"))
                        .map(t -> String.join("", SpaceValidator.texts(t.path("content")))).reduce("", String::concat);
                return currentText.contains(k[1]) ? Optional.empty() : Optional.of(new Fix.InstructionFix(k[1], false));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private Optional<Fix> deletionFor(String key, JsonNode current) {
        String[] k = key.split(":", 2);
        JsonNode ins = tuned.path("instructions");
        JsonNode cur = current.path("instructions");
        switch (k[0]) {
            case "example" -> {
                JsonNode e = byId(cur.path("example_question_sqls"), k[1]);
                String question = first(e.path("question"));
                boolean inReference = stream(ins.path("example_question_sqls"))
                        .anyMatch(x -> first(x.path("question")).equals(question));
                return inReference || question.isEmpty() ? Optional.empty() : Optional.of(new Fix.SampleQueryDelete(question));
            }
            case "join" -> {
                JsonNode j = byId(cur.path("join_specs"), k[1]);
                String left = j.path("left").path("identifier").asText();
                String right = j.path("right").path("identifier").asText();
                return hasJoin(ins, left, right) || left.isEmpty() ? Optional.empty()
                        : Optional.of(new Fix.JoinSpecDelete(left, right));
            }
            case "snippet" -> {
                for (SnippetKind kind : SnippetKind.values()) {
                    JsonNode s = byId(cur.path("sql_snippets").path(kind.section()), k[1]);
                    if (s.isMissingNode()) {
                        continue;
                    }
                    String sql = String.join(" ", SpaceValidator.texts(s.path("sql")));
                    boolean inReference = stream(ins.path("sql_snippets").path(kind.section()))
                            .anyMatch(x -> String.join(" ", SpaceValidator.texts(x.path("sql"))).equals(sql));
                    String name = s.path("display_name").asText(s.path("alias").asText());
                    return inReference ? Optional.empty() : Optional.of(new Fix.SqlSnippetDelete(kind, name));
                }
                return Optional.empty();
            }
            case "synonym" -> {
                String[] parts = k[1].split(":", 3);
                boolean inReference = SpaceValidator.texts(columnConfig(tuned, parts[0], parts[1]).path("synonyms"))
                        .contains(parts[2]);
                return inReference ? Optional.empty()
                        : Optional.of(new Fix.MetadataDelete(parts[0], Optional.of(parts[1]), Optional.of(parts[2])));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static boolean hasJoin(JsonNode instructions, String a, String b) {
        return stream(instructions.path("join_specs")).anyMatch(j -> {
            String l = j.path("left").path("identifier").asText();
            String r = j.path("right").path("identifier").asText();
            return (l.equals(a) && r.equals(b)) || (l.equals(b) && r.equals(a));
        });
    }

    private static JsonNode columnConfig(JsonNode config, String table, String column) {
        for (JsonNode t : config.path("data_sources").path("tables")) {
            if (t.path("identifier").asText().equalsIgnoreCase(table)) {
                for (JsonNode c : t.path("column_configs")) {
                    if (c.path("column_name").asText().equalsIgnoreCase(column)) {
                        return c;
                    }
                }
            }
        }
        return MAPPER.missingNode();
    }

    private static JsonNode byId(JsonNode array, String id) {
        return stream(array).filter(n -> n.path("id").asText().equals(id)).findFirst().orElse(MAPPER.missingNode());
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    private static String first(JsonNode texts) {
        return String.join("", SpaceValidator.texts(texts)).strip();
    }

    // ---- invalid output modes

    private static List<Proposal> unsafe(List<String> questions) {
        Set<String> qs = new LinkedHashSet<>(questions);
        return List.of(
                new Proposal(new Fix.SqlSnippetAdd(SnippetKind.FILTER, "recent orders", "",
                        "orders.order_date > DATE '2024-01-01'; DROP TABLE retail.sales.orders", List.of(), ""),
                        "Restrict to recent orders.", qs),
                new Proposal(new Fix.SampleQueryAdd("Remove cancelled orders",
                        "DELETE FROM retail.sales.orders WHERE status = 'CANCELLED'", ""), "Clean the data first.", qs));
    }

    private static List<Proposal> unknownColumns(List<String> questions) {
        Set<String> qs = new LinkedHashSet<>(questions);
        return List.of(
                new Proposal(new Fix.SqlSnippetAdd(SnippetKind.MEASURE, "Gross margin", "gross_margin",
                        "SUM(order_items.margin_usd)", List.of("margin"), ""), "Define margin.", qs),
                new Proposal(new Fix.MetadataAdd("retail.sales.orders", Optional.of("order_total"),
                        Optional.of("Total value of the order."), List.of("order value")), "Describe the total.", qs),
                new Proposal(new Fix.JoinSpecAdd("retail.sales.orders", "retail.sales.loyalty_accounts",
                        "orders.cust_id = loyalty_accounts.customer_id", RelationshipType.MANY_TO_ONE, ""),
                        "Relate orders to loyalty accounts.", qs));
    }

    // ---- chat completion envelope

    private ObjectNode completion(int promptChars, String content) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", "chatcmpl-local-" + ids.getAndIncrement()).put("object", "chat.completion")
                .put("created", clock.millis() / 1000).put("model", endpointName);
        ObjectNode choice = n.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", "stop");
        long prompt = Math.max(1, promptChars / 4);
        long completion = Math.max(1, content.length() / 4);
        n.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        return n;
    }

    private static String content(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode block : content) {
            sb.append(block.path("text").asText("")).append('\n');
        }
        return sb.toString();
    }

    private static JsonNode fixJson(Fix fix) {
        try {
            return MAPPER.readTree(MAPPER.writerFor(Fix.class).writeValueAsString(fix));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + fix, e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
