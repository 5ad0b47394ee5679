package io.github.genieenhancer.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.fix.FixCategory;
import io.github.genieenhancer.llm.Fixtures.Address;
import io.github.genieenhancer.llm.Fixtures.FixProposal;
import io.github.genieenhancer.llm.Fixtures.Person;
import io.github.genieenhancer.llm.Fixtures.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ResponseSchemaTest {

    /** A recursive type. */
    record Node(String label, List<Node> children) {
    }

    /** Named like a record declared in JShell: {@code REPL.$JShell$12$Person}. */
    record $JShell$12$Person(String name) {
    }

    record SnakeCase(String firstName, int shoeSize) {
    }

    sealed interface Shape permits Circle, Square {
    }

    record Circle(double radius) implements Shape {
    }

    record Square(double side) implements Shape {
    }

    record Drawing(List<Shape> shapes) {
    }

    record Counts(java.util.Map<String, Integer> byRegion) {
    }

    @Test
    void should_describe_a_record_exactly() throws Exception {
        assertThat(ResponseSchema.of(Verdict.class).schema()).isEqualTo(Fixtures.JSON.readTree("""
                {"type": "object",
                 "properties": {"correct": {"type": "boolean"}, "reason": {"type": "string"}},
                 "required": ["correct", "reason"],
                 "additionalProperties": false}"""));
        assertThat(ResponseSchema.of(Verdict.class).name()).isEqualTo("Verdict");
        assertThat(ResponseSchema.of(Verdict.class).wrapperProperty()).isEmpty();
    }

    @Test
    void should_keep_record_component_order_and_require_every_property() throws Exception {
        JsonNode schema = ResponseSchema.of(Person.class).schema();

        assertThat(names(schema.get("properties"))).containsExactly("name", "age", "nickname", "addresses",
                "confidence");
        assertThat(schema.get("required")).isEqualTo(Fixtures.JSON.readTree(
                "[\"name\", \"age\", \"nickname\", \"addresses\", \"confidence\"]"));
        assertThat(schema.get("properties").get("addresses")).isEqualTo(Fixtures.JSON.readTree("""
                {"type": "array",
                 "items": {"type": "object",
                           "properties": {"city": {"type": "string"}, "street": {"type": ["string", "null"]}},
                           "required": ["city", "street"],
                           "additionalProperties": false}}"""));
    }

    @Test
    void should_make_optional_components_nullable_and_others_not() {
        JsonNode properties = ResponseSchema.of(Person.class).schema().get("properties");

        assertThat(properties.get("nickname").get("type").toString()).isEqualTo("[\"string\",\"null\"]");
        assertThat(properties.get("name").get("type").asText()).isEqualTo("string");
        assertThat(properties.get("age").get("type").asText()).isEqualTo("integer");
    }

    @Test
    void should_list_enum_values_by_their_jackson_names() {
        JsonNode properties = ResponseSchema.of(Person.class).schema().get("properties");
        assertThat(properties.get("confidence").get("enum").toString()).isEqualTo("[\"LOW\",\"MEDIUM\",\"HIGH\"]");

        // FixCategory's @JsonValue wire names, not the constant names.
        JsonNode category = ResponseSchema.of(FixCategory.class).schema().get("properties").get("value");
        assertThat(category.get("enum").get(0).asText()).isEqualTo("instruction_fix");
        assertThat(category.get("enum")).hasSize(9);
    }

    @Test
    void should_describe_the_sealed_fix_hierarchy_as_any_of_with_the_category_first() {
        JsonNode schema = ResponseSchema.of(FixProposal.class).schema();
        JsonNode variants = schema.get("properties").get("fixes").get("items").get("anyOf");

        assertThat(variants).hasSize(Fix.class.getPermittedSubclasses().length);
        List<String> categories = new ArrayList<>();
        for (JsonNode variant : variants) {
            assertThat(variant.get("type").asText()).isEqualTo("object");
            assertThat(variant.get("additionalProperties").asBoolean(true)).isFalse();
            assertThat(names(variant.get("properties")).get(0)).isEqualTo("category");
            assertThat(variant.get("required").get(0).asText()).isEqualTo("category");
            assertThat(variant.get("required")).hasSize(variant.get("properties").size());
            JsonNode category = variant.get("properties").get("category");
            assertThat(category.get("type").asText()).isEqualTo("string");
            assertThat(category.get("enum")).hasSize(1);
            categories.add(category.get("enum").get(0).asText());
        }
        assertThat(categories).containsExactlyElementsOf(
                Arrays.stream(FixCategory.values()).map(FixCategory::wireName).toList());

        JsonNode sampleQueryAdd = variants.get(8).get("properties");
        assertThat(names(sampleQueryAdd)).containsExactly("category", "question", "sql", "usageGuidance");
        JsonNode metadataDelete = variants.get(5).get("properties");
        assertThat(metadataDelete.get("column").get("type").toString()).isEqualTo("[\"string\",\"null\"]");
    }

    @Test
    void should_take_descriptions_from_jackson_annotations() {
        JsonNode schema = ResponseSchema.of(FixProposal.class).schema();

        assertThat(schema.get("description").asText()).isEqualTo("Fixes proposed for one category of failures");
        assertThat(schema.get("properties").get("rationale").get("description").asText())
                .isEqualTo("Why these fixes address the failures");
    }

    @Test
    void should_forbid_additional_properties_on_every_object() {
        forEachObjectSchema(ResponseSchema.of(FixProposal.class).schema(), object -> {
            assertThat(object.get("additionalProperties").asBoolean(true)).as(object.toString()).isFalse();
            assertThat(object.get("required")).as(object.toString()).hasSize(object.get("properties").size());
        });
    }

    @Test
    void should_refuse_a_sealed_type_jackson_cannot_read() {
        assertThatThrownBy(() -> ResponseSchema.of(Drawing.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(Shape.class.getName())
                .hasMessageContaining("@JsonTypeInfo")
                .hasMessageContaining("@JsonSubTypes");
    }

    @Test
    void should_refuse_a_map_a_strict_schema_cannot_express() {
        assertThatThrownBy(() -> ResponseSchema.of(Counts.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Map")
                .hasMessageContaining("List of records");
    }

    @Test
    void should_wrap_a_top_level_list_in_an_object() throws Exception {
        ResponseSchema schema = ResponseSchema.listOf(Address.class);

        assertThat(schema.name()).isEqualTo("AddressList");
        assertThat(schema.wrapperProperty()).contains("items");
        assertThat(schema.schema()).isEqualTo(Fixtures.JSON.readTree("""
                {"type": "object",
                 "properties": {"items": {"type": "array",
                   "items": {"type": "object",
                             "properties": {"city": {"type": "string"}, "street": {"type": ["string", "null"]}},
                             "required": ["city", "street"],
                             "additionalProperties": false}}},
                 "required": ["items"],
                 "additionalProperties": false}"""));
    }

    @Test
    void should_wrap_a_sealed_root_in_a_value_property() {
        ResponseSchema schema = ResponseSchema.of(Fix.class);

        assertThat(schema.wrapperProperty()).contains("value");
        assertThat(schema.schema().get("type").asText()).isEqualTo("object");
        assertThat(schema.schema().get("properties").get("value").get("anyOf")).hasSize(9);
        // Shared definitions stay at the root, where "#/$defs/..." references point.
        assertThat(schema.schema().get("$defs").has("SnippetKind")).isTrue();
    }

    @Test
    void should_keep_recursive_references_valid_after_wrapping() {
        assertThat(ResponseSchema.of(Node.class).schema().get("properties").get("children").get("items")
                .get("$ref").asText()).isEqualTo("#");

        JsonNode list = ResponseSchema.listOf(Node.class).schema();
        assertThat(list.get("properties").get("items").get("$ref").asText()).isEqualTo("#/$defs/NodeList");
        assertThat(list.get("$defs").get("NodeList").get("items").get("properties").get("children").get("$ref")
                .asText()).isEqualTo("#/$defs/NodeList");
    }

    @Test
    void should_sanitise_jshell_class_names() {
        assertThat(ResponseSchema.of($JShell$12$Person.class).name()).isEqualTo("Person");
        assertThat(ResponseSchema.listOf($JShell$12$Person.class).name()).isEqualTo("PersonList");
    }

    @Test
    void should_name_properties_with_the_mappers_naming_strategy() {
        JsonMapper snake = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

        assertThat(names(ResponseSchema.of(SnakeCase.class, snake).schema().get("properties")))
                .containsExactly("first_name", "shoe_size");
    }

    @Test
    void should_accept_a_hand_written_object_schema_and_refuse_other_roots() throws Exception {
        JsonNode raw = Fixtures.JSON.readTree("""
                {"type": "object", "properties": {"sql": {"type": "string"}}, "required": ["sql"],
                 "additionalProperties": false}""");

        ResponseSchema schema = ResponseSchema.of("sql_answer", raw);
        assertThat(schema.schema()).isEqualTo(raw);
        assertThat(schema.name()).isEqualTo("sql_answer");

        assertThatThrownBy(() -> ResponseSchema.of("list", Fixtures.JSON.readTree("{\"type\": \"array\"}")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("\"type\": \"object\"");
        assertThatThrownBy(() -> ResponseSchema.of("bad name!", raw))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("bad name!");
    }

    @Test
    void should_hand_out_copies_of_the_schema() {
        ResponseSchema schema = ResponseSchema.of(Verdict.class);
        ((com.fasterxml.jackson.databind.node.ObjectNode) schema.schema()).put("type", "array");

        assertThat(schema.schema().get("type").asText()).isEqualTo("object");
        assertThat(schema).isEqualTo(ResponseSchema.of(Verdict.class));
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void forEachObjectSchema(JsonNode node, Consumer<JsonNode> check) {
        if (node.isObject() && "object".equals(node.path("type").asText()) && node.has("properties")) {
            check.accept(node);
        }
        node.elements().forEachRemaining(child -> forEachObjectSchema(child, check));
    }
}
