package io.github.genieenhancer.llm.internal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.PropertyNamingStrategy;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import io.github.genieenhancer.core.ConfigurationException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Generates the JSON schema of a Java type for structured output, with victools' generator and its Jackson module
 * (so property names, enum values, descriptions and subtypes are the ones Jackson reads).
 *
 * <p>The schema follows the rules of strict structured output (OpenAI's and Databricks'): every property
 * required, {@code additionalProperties: false} on every object, {@code Optional} components as nullable types,
 * record components in declaration order, type discriminators of sealed hierarchies first and as one-value
 * {@code enum}s, and a root that is always an object (other roots are wrapped in one property).
 */
public final class SchemaFactory {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SchemaFactory() {
    }

    /**
     * The schema of a type, before any wrapping.
     *
     * @param mapper the mapper that will read the answer; its naming strategy names the properties
     */
    public static ObjectNode generate(Type type, ObjectMapper mapper) {
        ObjectNode schema = generator(mapper).generateSchema(type);
        schema.remove("$schema");
        normalise(schema);
        return schema;
    }

    /** The schema of a list of the element type, before wrapping. */
    public static ObjectNode generateList(Type element, ObjectMapper mapper) {
        ObjectNode schema = generator(mapper).generateSchema(List.class, element);
        schema.remove("$schema");
        normalise(schema);
        return schema;
    }

    /** Whether a schema may be the root of a strict schema as it is: a plain object. */
    public static boolean isObject(JsonNode schema) {
        return "object".equals(schema.path("type").asText()) && schema.has("properties");
    }

    /**
     * Wraps a schema as the only property of an object, keeping {@code $defs} at the root so references still
     * resolve. A reference to the old root ({@code "#"}, from a recursive type) is moved into {@code $defs}.
     *
     * @param schema   the schema to wrap
     * @param property the property name, e.g. {@code items}
     * @param name     the name under which a recursive root is stored in {@code $defs}
     */
    public static ObjectNode wrap(ObjectNode schema, String property, String name) {
        ObjectNode inner = schema.deepCopy();
        JsonNode removed = inner.remove("$defs");
        ObjectNode defs = removed instanceof ObjectNode d ? d : NODES.objectNode();
        JsonNode value = inner;
        if (refersToRoot(inner) || refersToRoot(defs)) {
            String key = name;
            while (defs.has(key)) {
                key = key + "_";
            }
            String pointer = "#/$defs/" + key;
            rewriteRootRefs(inner, pointer);
            rewriteRootRefs(defs, pointer);
            defs.set(key, inner);
            value = NODES.objectNode().put("$ref", pointer);
        }
        ObjectNode wrapper = NODES.objectNode();
        if (!defs.isEmpty()) {
            wrapper.set("$defs", defs);
        }
        wrapper.put("type", "object");
        wrapper.putObject("properties").set(property, value);
        wrapper.putArray("required").add(property);
        wrapper.put("additionalProperties", false);
        return wrapper;
    }

    private static SchemaGenerator generator(ObjectMapper mapper) {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(mapper, SchemaVersion.DRAFT_2020_12,
                OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE,
                        JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY,
                        JacksonOption.RESPECT_JSONPROPERTY_ORDER))
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT);
        // victools sorts properties alphabetically by default; a record's order is the order the model should
        // think in (evidence before verdict), so keep the declaration order.
        config.forTypesInGeneral().withPropertySorter((a, b) -> 0);
        // Strict structured output demands every property; optionality is expressed as a nullable type.
        config.forFields().withRequiredCheck(field -> true);
        // Consulted for every type in the tree: the place to refuse what a strict schema cannot express.
        config.forTypesInGeneral().withSubtypeResolver((declared, context) -> {
            requireExpressible(declared.getErasedType());
            return null;
        });
        config.forFields().withNullableCheck(field ->
                field.getType() != null && field.getType().getErasedType() == Optional.class ? Boolean.TRUE : null);
        PropertyNamingStrategy naming = mapper.getPropertyNamingStrategy();
        if (naming instanceof PropertyNamingStrategies.NamingBase base) {
            // A mapper-wide naming strategy (not visible to victools' Jackson module, which reads annotations).
            config.forFields().withPropertyNameOverrideResolver(field ->
                    field.getAnnotationConsideringFieldAndGetter(com.fasterxml.jackson.annotation.JsonProperty.class)
                            == null ? base.translate(field.getDeclaredName()) : null);
        }
        return new SchemaGenerator(config.build());
    }

    // Post-processing over every subschema: constants as one-value enums (the most widely supported keyword) and
    // such discriminators moved to the front of their object, so the model decides the kind first. The walk
    // follows schema keywords only, so a property that happens to be named "properties" is left alone.
    private static void normalise(JsonNode node) {
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        JsonNode constant = schema.remove("const");
        if (constant != null) {
            if (!schema.has("type") && constant.isTextual()) {
                schema.put("type", "string");
            }
            schema.set("enum", NODES.arrayNode().add(constant));
        }
        for (String keyword : List.of("properties", "$defs", "definitions")) {
            schema.path(keyword).forEach(SchemaFactory::normalise);
        }
        for (String keyword : List.of("anyOf", "oneOf", "allOf", "prefixItems")) {
            schema.path(keyword).forEach(SchemaFactory::normalise);
        }
        for (String keyword : List.of("items", "additionalProperties", "not")) {
            normalise(schema.get(keyword));
        }
        if (schema.get("properties") instanceof ObjectNode properties) {
            discriminatorsFirst(properties);
            requireAll(schema, properties);
        }
    }

    private static void discriminatorsFirst(ObjectNode properties) {
        Map<String, JsonNode> ordered = new LinkedHashMap<>();
        properties.fields().forEachRemaining(e -> {
            if (e.getValue().path("enum").size() == 1) {
                ordered.put(e.getKey(), e.getValue());
            }
        });
        properties.fields().forEachRemaining(e -> ordered.putIfAbsent(e.getKey(), e.getValue()));
        properties.removeAll();
        ordered.forEach(properties::set);
    }

    // The Jackson module's subtype handling adds the type property after the required list was built; list the
    // required names in property order so the schema reads top to bottom.
    private static void requireAll(ObjectNode object, ObjectNode properties) {
        if (object.path("additionalProperties").asBoolean(true)) {
            return;
        }
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        ArrayNode required = object.putArray("required");
        names.forEach(required::add);
    }

    private static boolean refersToRoot(JsonNode node) {
        if (node instanceof ObjectNode object && "#".equals(object.path("$ref").asText(null))) {
            return true;
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            if (refersToRoot(it.next())) {
                return true;
            }
        }
        return false;
    }

    private static void rewriteRootRefs(JsonNode node, String pointer) {
        if (node instanceof ObjectNode object && "#".equals(object.path("$ref").asText(null))) {
            object.put("$ref", pointer);
        }
        node.elements().forEachRemaining(child -> rewriteRootRefs(child, pointer));
    }

    /**
     * A schema name as strict structured output accepts it ({@code ^[a-zA-Z0-9_-]{1,64}$}) from a class's simple
     * name. JShell's classes are nested in synthetic ones ({@code REPL.$JShell$12$Person}); only the last part
     * counts.
     */
    public static String schemaName(Class<?> type, String suffix) {
        String simple = type.getSimpleName();
        simple = simple.substring(simple.lastIndexOf('$') + 1).replaceAll("[^A-Za-z0-9_-]", "_");
        String name = (simple.isEmpty() ? "Response" : simple) + suffix;
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    // Refused before any request is sent, with what to do instead:
    // - a Map: strict output needs additionalProperties false, which would only allow an empty object;
    // - a sealed hierarchy without Jackson type information: Jackson cannot read it and the schema has no variants.
    private static void requireExpressible(Class<?> type) {
        if (Map.class.isAssignableFrom(type)) {
            throw new ConfigurationException("A Map (" + type.getName() + ") cannot be expressed in a strict JSON "
                    + "schema, which forbids properties not named in advance; use a List of records with a key field");
        }
        if (type.isSealed() && (type.getAnnotation(JsonTypeInfo.class) == null
                || type.getAnnotation(JsonSubTypes.class) == null)) {
            throw new ConfigurationException("Sealed type " + type.getName() + " needs @JsonTypeInfo(use = "
                    + "JsonTypeInfo.Id.NAME, property = \"...\") and @JsonSubTypes naming its permitted subtypes, so "
                    + "that the schema can list the variants and Jackson can read them");
        }
    }

    /** Checks that a raw schema can serve as the root of strict structured output. */
    public static void requireObjectRoot(String name, JsonNode schema) {
        if (!isObject(schema)) {
            throw new ConfigurationException("The schema '" + name + "' must have \"type\": \"object\" and "
                    + "\"properties\" at its root; wrap other values in an object");
        }
    }
}
