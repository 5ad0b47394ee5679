package io.github.genieenhancer.core.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.genieenhancer.core.DocumentFormatException;
import org.junit.jupiter.api.Test;

/** Malformed documents fail at parse time with the document, line, field path and what was expected. */
class SpaceConfigParseErrorTest {
    private static final String DOC = "space 01ef-test";

    @Test
    void malformedJsonNamesTheDocumentAndLine() {
        DocumentFormatException e = parseError("{\n  \"version\": 2,\n  \"data_sources\": {\n    \"tables\": [\n  }\n}");

        assertThat(e.document()).isEqualTo(DOC);
        assertThat(e.line()).contains(5);
        assertThat(e.getMessage()).startsWith(DOC + ":5: expected well-formed JSON for serialized_space");
    }

    @Test
    void aDocumentThatIsNotAnObjectIsRefused() {
        assertThat(parseError("[1, 2]").getMessage()).isEqualTo(DOC + ":1: expected a JSON object (the serialized_space)");
        assertThat(parseError("").getMessage()).isEqualTo(DOC + ":1: expected a JSON object (the serialized_space)");
    }

    @Test
    void duplicateKeysAndTrailingGarbageAreRefusedRatherThanDropped() {
        assertThat(parseError("{\"version\": 2,\n\"version\": 3}").getMessage())
                .startsWith(DOC + ":2: expected well-formed JSON").contains("Duplicate field 'version'");
        assertThat(parseError("{\"version\": 2} {}").getMessage()).contains("Trailing token");
    }

    @Test
    void aQuestionThatIsANumberNamesItsPathAndLine() {
        DocumentFormatException e = parseError("""
                {
                  "version": 2,
                  "instructions": {
                    "example_question_sqls": [
                      {
                        "id": "01f0a00000000000000000000000b002",
                        "question": 42,
                        "sql": ["SELECT 1"]
                      }
                    ]
                  }
                }""");

        assertThat(e.field()).contains("instructions.example_question_sqls[0].question");
        assertThat(e.line()).contains(7);
        assertThat(e.expected()).isEqualTo("an array of strings, got the number 42");
        assertThat(e.getMessage()).isEqualTo(DOC + ":7: field 'instructions.example_question_sqls[0].question': "
                + "expected an array of strings, got the number 42");
    }

    @Test
    void tablesThatAreAnObjectAreRefused() {
        DocumentFormatException e = parseError("{\"data_sources\": {\n\"tables\": {\"identifier\": \"a.b.c\"}}}");

        assertThat(e.getMessage()).isEqualTo(DOC + ":2: field 'data_sources.tables': expected an array of objects, "
                + "got an object");
    }

    @Test
    void aTableWithoutIdentifierPointsAtTheTable() {
        DocumentFormatException e = parseError("""
                {"data_sources": {"tables": [
                  {"identifier": "main.sales.orders"},
                  {"description": ["no identifier"]}
                ]}}""");

        assertThat(e.getMessage()).isEqualTo(DOC + ":3: field 'data_sources.tables[1].identifier': expected a "
                + "string, but the field is missing");
    }

    @Test
    void aJoinSpecWithoutLeftIsRefused() {
        DocumentFormatException e = parseError("""
                {"instructions": {"join_specs": [
                  {"id": "01f0a00000000000000000000000b005",
                   "right": {"identifier": "main.sales.customers"},
                   "sql": ["a = b", "--rt=FROM_RELATIONSHIP_TYPE_MANY_TO_ONE--"]}
                ]}}""");

        assertThat(e.getMessage()).isEqualTo(DOC + ":2: field 'instructions.join_specs[0].left': expected an object "
                + "with the table's identifier and alias, but the field is missing");
    }

    @Test
    void everyModelledFieldIsChecked() {
        assertError("{\"instructions\": {\"join_specs\": [{\"left\": {\"identifier\": \"a\"}, "
                + "\"right\": {\"identifier\": \"b\"}}]}}", "instructions.join_specs[0].sql",
                "an array of strings (the join condition, then the --rt= marker), but the field is missing");
        assertError("{\"data_sources\": {\"join_specs\": [{\"left\": \"orders\"}]}}",
                "data_sources.join_specs[0].left", "an object, got the string \"orders\"");
        assertError("{\"data_sources\": {\"tables\": [{\"identifier\": \"t\", \"column_configs\": "
                + "[{\"column_name\": \"c\", \"synonyms\": [\"a\", 7]}]}]}}",
                "data_sources.tables[0].column_configs[0].synonyms[1]", "a string, got the number 7");
        assertError("{\"data_sources\": {\"metric_views\": [{\"identifier\": \"t\", \"column_configs\": "
                + "[{\"column_name\": \"c\", \"exclude\": \"yes\"}]}]}}",
                "data_sources.metric_views[0].column_configs[0].exclude", "true or false, got the string \"yes\"");
        assertError("{\"instructions\": {\"sql_snippets\": {\"measures\": [{\"id\": 5, \"sql\": [\"SUM(x)\"]}]}}}",
                "instructions.sql_snippets.measures[0].id", "a string, got the number 5");
        assertError("{\"instructions\": {\"sql_snippets\": []}}", "instructions.sql_snippets",
                "an object, got an array");
        assertError("{\"benchmarks\": {\"questions\": [{\"question\": [\"q\"], \"answer\": [\"SELECT 1\"]}]}}",
                "benchmarks.questions[0].answer[0]", "an object, got the string \"SELECT 1\"");
        assertError("{\"config\": {\"sample_questions\": [{\"id\": \"x\"}]}}", "config.sample_questions[0].question",
                "an array of strings, but the field is missing");
        assertError("{\"instructions\": {\"example_question_sqls\": [{\"question\": [\"q\"], \"sql\": [\"s\"], "
                + "\"parameters\": [{\"name\": \"p\", \"default_value\": {\"values\": \"x\"}}]}]}}",
                "instructions.example_question_sqls[0].parameters[0].default_value.values",
                "an array of strings, got the string \"x\"");
        assertError("{\"instructions\": {\"text_instructions\": [{\"content\": true}]}}",
                "instructions.text_instructions[0].content", "an array of strings, got true");
    }

    @Test
    void unknownFieldsAreNeverChecked() {
        SpaceConfig space = SpaceConfig.parse("{\"version\": \"two\", \"x\": [1, {\"y\": null}], "
                + "\"instructions\": {\"x_future\": 5, \"join_specs\": []}, \"data_sources\": {\"x\": \"tables\"}}");

        assertThat(space.tables()).isEmpty();
        assertThat(space.toTree().get("version").asText()).isEqualTo("two");
    }

    private static void assertError(String json, String field, String expected) {
        DocumentFormatException e = parseError(json);
        assertThat(e.field()).contains(field);
        assertThat(e.expected()).isEqualTo(expected);
        assertThat(e.line()).contains(1);
    }

    private static DocumentFormatException parseError(String json) {
        DocumentFormatException e = catchThrowableOfType(DocumentFormatException.class,
                () -> SpaceConfig.parse(json, DOC));
        assertThat(e).as("parsing should fail: %s", json).isNotNull();
        return e;
    }
}
