package io.github.genieenhancer.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.service.serving.ChatMessage;
import com.databricks.sdk.service.serving.ChatMessageRole;
import com.databricks.sdk.service.serving.QueryEndpointInput;
import com.databricks.sdk.service.serving.QueryEndpointResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.fix.FixCategory;
import io.github.genieenhancer.core.space.RelationshipType;
import io.github.genieenhancer.core.space.SnippetKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScriptedLlmTest {
    static final ObjectMapper JSON = GenieJson.mapper();
    static LocalWorkspace ws;
    static WorkspaceClient client;

    @BeforeAll
    static void start() {
        ws = WorkspaceFixture.fast().start();
        client = ws.workspaceClient();
    }

    @AfterAll
    static void stop() {
        ws.close();
    }

    @AfterEach
    void rules() {
        ws.llmMode(LlmMode.RULES);
    }

    private static JsonNode chat(String schemaName, String system, String user) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("model", ws.servingEndpointName()).put("temperature", 0);
        body.putArray("messages").add(JSON.createObjectNode().put("role", "system").put("content", system))
                .add(JSON.createObjectNode().put("role", "user").put("content", user));
        if (!schemaName.isEmpty()) {
            ObjectNode format = body.putObject("response_format").put("type", "json_schema");
            format.putObject("json_schema").put("name", schemaName).put("strict", true).putObject("schema");
        }
        // The SDK instantiates the target type first, so read into a map (JsonNode has no public constructor).
        HashMap<?, ?> reply = client.apiClient().execute(new Request("POST", "/serving-endpoints/chat/completions",
                JSON.writeValueAsString(body)).withHeader("Content-Type", "application/json")
                .withHeader("Accept", "application/json"), HashMap.class);
        return JSON.valueToTree(reply);
    }

    private static String content(JsonNode completion) {
        return completion.path("choices").path(0).path("message").path("content").asText();
    }

    private static List<Fix> fixes(JsonNode completion) throws Exception {
        List<Fix> fixes = new ArrayList<>();
        for (JsonNode item : JSON.readTree(content(completion)).path("fixes")) {
            fixes.add(GenieJson.read(item.path("fix").toString(), Fix.class, "scripted LLM reply"));
        }
        return fixes;
    }

    private static String failures(String... benchmarkIds) {
        StringBuilder sb = new StringBuilder("Failing benchmarks of space " + ws.sampleSpaceId() + ":\n");
        for (String id : benchmarkIds) {
            Benchmark b = ws.sampleBenchmarks().byId(id).orElseThrow();
            sb.append("- Question: ").append(b.question()).append("\n  Expected SQL: ").append(b.expectedSql()
                    .replace('\n', ' ')).append("\n  Verdict: INCORRECT\n");
        }
        return sb.toString();
    }

    @Test
    void proposes_the_missing_join_for_a_failing_question_as_a_core_fix_record() throws Exception {
        JsonNode reply = chat("fixes_join_specs_add", "You propose Genie space fixes.", failures("b21"));

        assertThat(fixes(reply)).containsExactly(new Fix.JoinSpecAdd("retail.sales.orders", "retail.sales.customers",
                "orders.cust_id = customers.customer_id", RelationshipType.MANY_TO_ONE,
                "orders.cust_id refers to customers.customer_id."));
        JsonNode item = JSON.readTree(content(reply)).path("fixes").path(0);
        assertThat(item.path("fix").path("category").asText()).isEqualTo("join_specs_add");
        assertThat(item.path("questions").path(0).asText()).isEqualTo(ws.sampleBenchmarks().byId("b21").orElseThrow().question());
        assertThat(reply.path("object").asText()).isEqualTo("chat.completion");
        assertThat(reply.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = reply.path("usage");
        assertThat(usage.path("prompt_tokens").asLong()).isPositive();
        assertThat(usage.path("total_tokens").asLong())
                .isEqualTo(usage.path("prompt_tokens").asLong() + usage.path("completion_tokens").asLong());
    }

    @Test
    void proposes_deleting_the_misleading_items_the_current_answer_relied_on() throws Exception {
        JsonNode reply = chat("genie_fix_proposals", "Propose only join_specs_delete, sql_snippets_delete, "
                + "metadata_delete and sample_queries_delete fixes.", failures("b22", "b08", "b15", "b12"));

        assertThat(fixes(reply)).containsExactlyInAnyOrder(
                new Fix.JoinSpecDelete("retail.sales.customers", "retail.sales.stores"),
                new Fix.SqlSnippetDelete(SnippetKind.FILTER, "active customers"),
                new Fix.MetadataDelete("retail.sales.stores", Optional.of("store_type"), Optional.of("channel")),
                new Fix.SampleQueryDelete("What is the total revenue by region?"));
    }

    @Test
    void the_whole_sample_benchmark_yields_proposals_in_all_nine_categories() throws Exception {
        String[] ids = ws.sampleBenchmarks().benchmarks().stream().map(Benchmark::id).toArray(String[]::new);

        List<Fix> fixes = fixes(chat("fixes", "genie-enhancer fixes", failures(ids)));

        Set<FixCategory> categories = fixes.stream().map(Fix::category)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(FixCategory.class)));
        assertThat(categories).containsExactlyInAnyOrder(FixCategory.values());
        assertThat(fixes).contains(new Fix.InstructionFix(
                "When computing revenue, only include orders where orders.status = 'COMPLETED'.", false));
        assertThat(fixes).doesNotHaveDuplicates();
    }

    @Test
    void proposes_nothing_once_the_space_has_what_the_question_needs() throws Exception {
        String tuned = Sdk.createSpace(client, ws.warehouseId(), ws.referenceSpaceConfig().toJson());
        String prompt = failures("b21").replace(ws.sampleSpaceId(), tuned);

        assertThat(fixes(chat("fixes", "", prompt))).isEmpty();
    }

    @Test
    void an_analysis_request_names_the_categories_per_question() throws Exception {
        JsonNode reply = JSON.readTree(content(chat("failure_analysis", "", failures("b21", "b01"))));

        JsonNode analyses = reply.path("analyses");
        assertThat(analyses).hasSize(2);
        assertThat(analyses.path(0).path("categories").toString()).contains("join_specs_add", "join_specs_delete");
        assertThat(analyses.path(1).path("categories")).isEmpty();
    }

    @Test
    void the_invalid_output_modes_break_json_safety_and_schema_knowledge() throws Exception {
        ws.llmMode(LlmMode.INVALID_JSON);
        String broken = content(chat("fixes", "", failures("b21")));
        ws.llmMode(LlmMode.UNSAFE_SQL);
        List<Fix> unsafe = fixes(chat("fixes", "", failures("b21")));
        ws.llmMode(LlmMode.UNKNOWN_COLUMNS);
        List<Fix> unknown = fixes(chat("fixes", "", failures("b21")));

        assertThatThrownBy(() -> JSON.readTree(broken)).isInstanceOf(Exception.class);
        assertThat(unsafe.toString()).contains("DROP TABLE", "DELETE FROM");
        assertThat(unknown.toString()).contains("margin_usd", "order_total", "loyalty_accounts");
    }

    @Test
    void any_other_json_schema_request_gets_the_simplest_instance_of_its_schema() throws Exception {
        ObjectNode body = JSON.createObjectNode().put("model", ws.servingEndpointName());
        body.putArray("messages").addObject().put("role", "user").put("content", "Are you there?");
        body.putObject("response_format").put("type", "json_schema").putObject("json_schema")
                .put("name", "HealthCheck").put("strict", true).set("schema", JSON.readTree("""
                        {"type": "object", "additionalProperties": false,
                         "required": ["status", "note", "count", "ok", "tags", "detail", "choice"],
                         "properties": {
                           "status": {"type": "string", "enum": ["READY", "BUSY"]},
                           "note": {"type": ["string", "null"]},
                           "count": {"type": "integer"},
                           "ok": {"type": "boolean"},
                           "tags": {"type": "array", "items": {"type": "string"}},
                           "detail": {"$ref": "#/$defs/Detail"},
                           "choice": {"anyOf": [{"type": "object", "required": ["kind"],
                                                 "properties": {"kind": {"const": "first"}}},
                                                {"type": "string"}]}},
                         "$defs": {"Detail": {"type": "object", "required": ["name"],
                                              "properties": {"name": {"type": "string"}}}}}
                        """));

        HashMap<?, ?> reply = client.apiClient().execute(new Request("POST", "/serving-endpoints/chat/completions",
                JSON.writeValueAsString(body)).withHeader("Content-Type", "application/json")
                .withHeader("Accept", "application/json"), HashMap.class);

        assertThat(JSON.readTree(content(JSON.valueToTree(reply)))).isEqualTo(JSON.readTree("""
                {"status": "READY", "note": "", "count": 0, "ok": false, "tags": [], "detail": {"name": ""},
                 "choice": {"kind": "first"}}
                """));
    }

    @Test
    void the_native_invocations_path_answers_the_sdk_query_call() {
        QueryEndpointResponse r = client.servingEndpoints().query(new QueryEndpointInput()
                .setName(ws.servingEndpointName())
                .setMessages(List.of(new ChatMessage().setRole(ChatMessageRole.USER).setContent("Hello?"))));

        assertThat(r.getChoices()).singleElement()
                .satisfies(c -> assertThat(c.getMessage().getContent()).contains("scripted LLM"));
        assertThatThrownBy(() -> client.servingEndpoints().query(new QueryEndpointInput().setName("gpt-unknown")
                .setMessages(List.of(new ChatMessage().setRole(ChatMessageRole.USER).setContent("Hi")))))
                .isInstanceOf(NotFound.class);
    }
}
