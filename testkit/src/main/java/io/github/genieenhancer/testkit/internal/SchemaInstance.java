package io.github.genieenhancer.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The simplest JSON value a schema allows, as a model following a strict structured-output schema would answer
 * when nothing else is asked of it: every required property, an enum's first value, the first alternative of
 * {@code anyOf}/{@code oneOf}, the first non-null type, empty strings and arrays, zero and false. It covers the
 * keywords strict structured output uses ({@code type}, {@code properties}, {@code required}, {@code enum},
 * {@code const}, {@code anyOf}, {@code oneOf}, {@code items}, {@code $ref} into {@code $defs}).
 */
final class SchemaInstance {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 32;

    private SchemaInstance() {
    }

    /** The simplest instance of a schema (the root holds any {@code $defs} its references point into). */
    static JsonNode simplest(JsonNode root) {
        return instance(root, root, 0);
    }

    private static JsonNode instance(JsonNode schema, JsonNode root, int depth) {
        if (depth > MAX_DEPTH) {
            return NODES.nullNode();
        }
        if (schema.has("$ref")) {
            return instance(resolve(schema.get("$ref").asText(), root), root, depth + 1);
        }
        if (schema.has("const")) {
            return schema.get("const").deepCopy();
        }
        if (schema.path("enum").isArray() && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get(0).deepCopy();
        }
        for (String alternatives : new String[] {"anyOf", "oneOf"}) {
            if (schema.path(alternatives).isArray() && !schema.get(alternatives).isEmpty()) {
                return instance(schema.get(alternatives).get(0), root, depth + 1);
            }
        }
        return switch (type(schema)) {
            case "object" -> object(schema, root, depth);
            case "array" -> NODES.arrayNode();
            case "string" -> NODES.textNode("");
            case "integer", "number" -> NODES.numberNode(0);
            case "boolean" -> NODES.booleanNode(false);
            default -> NODES.nullNode();
        };
    }

    private static ObjectNode object(JsonNode schema, JsonNode root, int depth) {
        ObjectNode out = NODES.objectNode();
        JsonNode properties = schema.path("properties");
        for (JsonNode name : schema.path("required")) {
            out.set(name.asText(), instance(properties.path(name.asText()), root, depth + 1));
        }
        return out;
    }

    /** The first type that is not {@code null}; a schema without a type is read as an object when it has properties. */
    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isTextual()) {
            return type.asText();
        }
        for (JsonNode t : type) {
            if (!t.asText().equals("null")) {
                return t.asText();
            }
        }
        return type.isArray() ? "null" : schema.has("properties") ? "object" : "null";
    }

    /** A local reference such as {@code #/$defs/Fix}; anything else resolves to an empty schema. */
    private static JsonNode resolve(String ref, JsonNode root) {
        return ref.startsWith("#") ? root.at(ref.substring(1)) : NODES.objectNode();
    }
}
