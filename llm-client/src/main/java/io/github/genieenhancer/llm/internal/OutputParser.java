package io.github.genieenhancer.llm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.llm.ResponseSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a model's answer into a value, in stages: clean (thinking tags, code fences) → extract the JSON block
 * (ignoring text around it) → parse → validate against the schema → map with Jackson. Any stage's failure is
 * reported as a list of readable errors, which the client sends back in a re-ask. A value is only produced when
 * every stage passed, so a half-filled record never escapes.
 *
 * @param <T> the target type
 */
public final class OutputParser<T> {
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    // JSON pointers internally (the anyOf bookkeeping below reads evaluation paths); messages use $.a[0].b.
    private static final SchemaValidatorsConfig POINTERS = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER).build();
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern THINKING = Pattern.compile("(?is)<(think|thinking|reasoning)>.*?</\\1>");
    private static final Pattern FENCE = Pattern.compile("(?s)```[A-Za-z0-9_-]*[ \\t]*\\R?(.*?)(?:```|\\z)");
    private static final Pattern BRANCH = Pattern.compile("/anyOf/(\\d+)");
    private static final Pattern DISCRIMINATOR = Pattern.compile("/anyOf/(\\d+)/properties/([^/]+)/(?:enum|const)$");
    private static final int MAX_ERRORS = 20;

    private final ResponseSchema schema;
    private final JsonSchema validator;
    private final ObjectMapper mapper;
    private final ObjectReader reader;
    private final String typeName;

    /** The outcome of parsing one answer: a value, or the reasons there is none. */
    public sealed interface Result<T> {
    }

    /**
     * The answer was valid.
     *
     * @param value the mapped value
     */
    public record Success<T>(T value) implements Result<T> {
    }

    /**
     * The answer was not valid.
     *
     * @param errors what was wrong, at most {@value MAX_ERRORS}, most useful first
     */
    public record Failure<T>(List<String> errors) implements Result<T> {
    }

    private OutputParser(ResponseSchema schema, JavaType type, ObjectMapper mapper) {
        this.schema = schema;
        this.validator = SCHEMAS.getSchema(schema.schema(), POINTERS);
        this.mapper = mapper;
        // Belt and braces: the schema already demands every property; a creator property that is still missing
        // (a naming mismatch) fails instead of becoming null.
        this.reader = mapper.readerFor(type).with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);
        this.typeName = type.getRawClass().getSimpleName();
    }

    /**
     * A parser for a schema and the type its value maps to.
     *
     * @param schema the schema the answer must follow
     * @param type   the type of the value (inside the wrapper, when the schema has one)
     * @param mapper the mapper that reads the value
     */
    public static <T> OutputParser<T> of(ResponseSchema schema, JavaType type, ObjectMapper mapper) {
        return new OutputParser<>(schema, type, mapper);
    }

    /** The schema answers are checked against. */
    public ResponseSchema schema() {
        return schema;
    }

    /**
     * Parses one answer. Each JSON block in it is tried in order and the first that passes every stage wins (a
     * model may quote a fragment before its answer). When none passes, the errors are those of the longest block,
     * the one most likely meant as the answer.
     */
    public Result<T> parse(String answer) {
        List<String> candidates = candidates(clean(answer), schema.wrapperProperty().filter("items"::equals)
                .isPresent());
        if (candidates.isEmpty()) {
            return new Failure<>(List.of("the answer contains no JSON object"));
        }
        Failure<T> reported = null;
        int reportedLength = -1;
        for (String candidate : candidates) {
            Result<T> result = parseCandidate(candidate);
            if (result instanceof Success<T>) {
                return result;
            }
            if (candidate.length() > reportedLength) {
                reported = (Failure<T>) result;
                reportedLength = candidate.length();
            }
        }
        return reported;
    }

    private Result<T> parseCandidate(String candidate) {
        JsonNode tree;
        try {
            tree = mapper.readTree(candidate);
        } catch (JsonProcessingException e) {
            return new Failure<>(List.of("the answer is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")")));
        }
        Optional<String> wrapper = schema.wrapperProperty();
        if (tree instanceof ArrayNode array && wrapper.filter("items"::equals).isPresent()) {
            // The model returned the bare list instead of {"items": [...]}: the intent is unambiguous.
            ObjectNode wrapped = mapper.createObjectNode();
            wrapped.set("items", array);
            tree = wrapped;
        }
        List<String> invalid = validate(tree);
        if (!invalid.isEmpty()) {
            return new Failure<>(invalid);
        }
        JsonNode value = wrapper.map(tree::get).orElse(tree);
        try {
            T mapped = reader.readValue(value);
            return mapped == null ? new Failure<>(List.of("the answer is null")) : new Success<>(mapped);
        } catch (IOException e) {
            String message = e instanceof JsonProcessingException jpe
                    ? GenieJson.formatError("the answer", typeName, jpe).getMessage()
                    : "the answer cannot be read: " + e.getMessage();
            return new Failure<>(List.of(message));
        }
    }

    /** Removes thinking blocks and, when the JSON sits in a code fence, everything outside the fence. */
    static String clean(String answer) {
        String text = THINKING.matcher(answer).replaceAll("");
        Matcher fence = FENCE.matcher(text);
        while (fence.find()) {
            String body = fence.group(1);
            if (body.indexOf('{') >= 0 || body.indexOf('[') >= 0) {
                return body;
            }
        }
        return text;
    }

    // Every balanced block starting at '{' (or '[' when a bare list is acceptable), outermost first. Text around
    // the JSON, and braces in a preamble ("here is {the} answer"), are skipped by trying the next candidate. An
    // unbalanced block (truncated output) runs to the end so the parser can say what is missing.
    private static List<String> candidates(String text, boolean arrayAllowed) {
        List<String> found = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '{' || c == '[' && arrayAllowed) {
                int end = matchingEnd(text, i);
                found.add(text.substring(i, end));
                i = end;
            } else {
                i++;
            }
        }
        return found;
    }

    private static int matchingEnd(String text, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return i + 1;
            }
        }
        return text.length();
    }

    // The validator reports every branch of an anyOf. For a sealed hierarchy that is one screenful of "must be
    // 'metadata_add'" per subtype; the branches whose discriminator does not match are dropped, and when none
    // matches, one line names the allowed values.
    private List<String> validate(JsonNode tree) {
        List<ValidationMessage> messages = new ArrayList<>(validator.validate(tree));
        if (messages.isEmpty()) {
            return List.of();
        }
        Set<String> mismatched = new HashSet<>();
        Map<String, Set<String>> branchesByAnyOf = new HashMap<>();
        Map<String, JsonNodePath> discriminatorLocation = new HashMap<>();
        Map<String, Set<String>> allowed = new HashMap<>();
        for (ValidationMessage m : messages) {
            String path = m.getEvaluationPath().toString();
            Matcher branch = BRANCH.matcher(path);
            while (branch.find()) {
                String anyOf = path.substring(0, branch.start());
                branchesByAnyOf.computeIfAbsent(anyOf, k -> new HashSet<>()).add(branch.group(1));
            }
            Matcher d = DISCRIMINATOR.matcher(path);
            if (d.find()) {
                String anyOf = path.substring(0, d.start());
                mismatched.add(anyOf + "/anyOf/" + d.group(1));
                discriminatorLocation.put(anyOf, m.getInstanceLocation());
                Set<String> values = allowed.computeIfAbsent(anyOf, k -> new LinkedHashSet<>());
                JsonNode keyword = m.getSchemaNode();
                if (keyword != null && keyword.isArray()) {
                    keyword.forEach(v -> values.add(v.asText()));
                } else if (keyword != null && keyword.isValueNode()) {
                    values.add(keyword.asText());
                }
            }
        }
        Set<String> errors = new LinkedHashSet<>();
        branchesByAnyOf.forEach((anyOf, branches) -> {
            if (!branches.isEmpty() && branches.stream().allMatch(b -> mismatched.contains(anyOf + "/anyOf/" + b))) {
                errors.add(location(discriminatorLocation.get(anyOf)) + ": must be one of " + allowed.get(anyOf));
            }
        });
        for (ValidationMessage m : messages) {
            String path = m.getEvaluationPath().toString();
            Matcher branch = BRANCH.matcher(path);
            boolean dropped = false;
            while (branch.find() && !dropped) {
                dropped = mismatched.contains(path.substring(0, branch.end()));
            }
            if (!dropped) {
                errors.add(location(m.getInstanceLocation()) + ": " + m.getError());
            }
        }
        return errors.stream().limit(MAX_ERRORS).toList();
    }

    // The place in the answer as a JSONPath, e.g. $.fixes[0].sql, the notation models and people read best.
    private static String location(JsonNodePath path) {
        StringBuilder location = new StringBuilder("$");
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index) {
                location.append('[').append(index).append(']');
            } else if (IDENTIFIER.matcher(element.toString()).matches()) {
                location.append('.').append(element);
            } else {
                location.append("['").append(element.toString().replace("'", "\\'")).append("']");
            }
        }
        return location.toString();
    }
}
