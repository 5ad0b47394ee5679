package io.github.genieenhancer.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.llm.internal.SchemaFactory;
import java.util.Objects;
import java.util.Optional;

/**
 * The JSON schema an answer must follow, named, as sent in {@code response_format} (or written into the prompt).
 *
 * <p>Derived from a Java type by victools' generator with its Jackson module: records (components in declaration
 * order), enums (their Jackson names), lists, nested types, {@code Optional} components (nullable), and sealed
 * hierarchies annotated with {@code @JsonTypeInfo}/{@code @JsonSubTypes} (an {@code anyOf} of the subtypes, each
 * with its type property first). Descriptions come from Jackson's {@code @JsonPropertyDescription} and
 * {@code @JsonClassDescription}. Every property is required and every object has
 * {@code additionalProperties: false}, as strict structured output demands. A root that is not an object (a list,
 * a sealed interface) is wrapped in one: {@code {"items": [...]}} or {@code {"value": ...}}; the client unwraps it.
 *
 * <pre>{@code
 * ResponseSchema schema = ResponseSchema.of(FixProposal.class);
 * System.out.println(schema);   // the schema, pretty-printed
 * }</pre>
 */
public final class ResponseSchema {
    private final String name;
    private final ObjectNode schema;
    private final String wrapperProperty;

    private ResponseSchema(String name, ObjectNode schema, String wrapperProperty) {
        this.name = name;
        this.schema = schema;
        this.wrapperProperty = wrapperProperty;
    }

    /** The schema of a type as the library's default mapper ({@link GenieJson#newMapper()}) reads it. */
    public static ResponseSchema of(Class<?> type) {
        return of(type, GenieJson.mapper());
    }

    /**
     * The schema of a type as the given mapper reads it (its naming strategy applies).
     *
     * @param type   a record, enum, sealed interface or simple type
     * @param mapper the mapper that will read the answer
     */
    public static ResponseSchema of(Class<?> type, ObjectMapper mapper) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mapper, "mapper");
        String name = SchemaFactory.schemaName(type, "");
        ObjectNode generated = SchemaFactory.generate(type, mapper);
        return SchemaFactory.isObject(generated) ? new ResponseSchema(name, generated, null)
                : new ResponseSchema(name, SchemaFactory.wrap(generated, "value", name), "value");
    }

    /** The schema of a list of the element type, wrapped as {@code {"items": [...]}}, with the default mapper. */
    public static ResponseSchema listOf(Class<?> element) {
        return listOf(element, GenieJson.mapper());
    }

    /** The schema of a list of the element type, wrapped as {@code {"items": [...]}}. */
    public static ResponseSchema listOf(Class<?> element, ObjectMapper mapper) {
        Objects.requireNonNull(element, "element");
        Objects.requireNonNull(mapper, "mapper");
        String name = SchemaFactory.schemaName(element, "List");
        return new ResponseSchema(name, SchemaFactory.wrap(SchemaFactory.generateList(element, mapper), "items",
                name), "items");
    }

    /**
     * A hand-written schema, the escape hatch for shapes no Java type describes. Its root must be an object.
     *
     * @param name   the schema's name, letters, digits, {@code _} and {@code -}, at most 64 characters
     * @param schema the JSON schema (copied)
     * @throws ConfigurationException when the name or the root is not acceptable
     */
    public static ResponseSchema of(String name, JsonNode schema) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schema, "schema");
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new ConfigurationException("Schema name '" + name
                    + "' must be 1 to 64 letters, digits, '_' or '-'");
        }
        SchemaFactory.requireObjectRoot(name, schema);
        return new ResponseSchema(name, (ObjectNode) schema.deepCopy(), null);
    }

    /** The name sent with the schema, derived from the type's simple name. */
    public String name() {
        return name;
    }

    /** The schema (a copy; changing it changes nothing here). */
    public JsonNode schema() {
        return schema.deepCopy();
    }

    /**
     * The property holding the actual value when the type's own schema is not an object: {@code items} for a list,
     * {@code value} for other roots; empty when the schema is the type's own.
     */
    public Optional<String> wrapperProperty() {
        return Optional.ofNullable(wrapperProperty);
    }

    /** The schema, pretty-printed. */
    @Override
    public String toString() {
        return schema.toPrettyString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseSchema other && name.equals(other.name) && schema.equals(other.schema)
                && Objects.equals(wrapperProperty, other.wrapperProperty);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, schema, wrapperProperty);
    }
}
