package io.github.genieenhancer.llm;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.genieenhancer.llm.Fixtures.blocksCompletion;
import static io.github.genieenhancer.llm.Fixtures.completion;
import static io.github.genieenhancer.llm.WireMockSupport.answerInOrder;
import static io.github.genieenhancer.llm.WireMockSupport.body;
import static io.github.genieenhancer.llm.WireMockSupport.error;
import static io.github.genieenhancer.llm.WireMockSupport.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.GenieApiException;
import io.github.genieenhancer.core.LlmOutputException;
import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.progress.ProgressEvent;
import io.github.genieenhancer.core.progress.TokenUsage;
import io.github.genieenhancer.core.prompt.PromptRepository;
import io.github.genieenhancer.core.space.SnippetKind;
import io.github.genieenhancer.llm.Fixtures.Address;
import io.github.genieenhancer.llm.Fixtures.Confidence;
import io.github.genieenhancer.llm.Fixtures.FixProposal;
import io.github.genieenhancer.llm.Fixtures.Person;
import io.github.genieenhancer.llm.Fixtures.Verdict;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OpenAiCompatibleClientTest {
    private static final String PATH = "/v1/chat/completions";
    private static final String KEY = "sk-test-0123456789abcdef";
    private static final String VALID = "{\"correct\": true, \"reason\": \"same rows\"}";

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

    private LlmClient.Builder builder() {
        return LlmClient.openAiCompatible(server.baseUrl() + "/v1", KEY, "gpt-test").newBuilder()
                .sleeper(sleeps::add)
                .progressListener(events::add);
    }

    private LlmClient client() {
        return builder().build();
    }

    private List<LoggedRequest> requests() {
        return WireMockSupport.requests(server, PATH);
    }

    private static List<String> roles(JsonNode body) {
        List<String> roles = new ArrayList<>();
        body.get("messages").forEach(m -> roles.add(m.get("role").asText()));
        return roles;
    }

    @Test
    void should_send_the_exact_chat_body_with_the_generated_schema() throws Exception {
        answerInOrder(server, PATH, ok(completion(VALID)));

        LlmResponse<Verdict> response = builder().maxTokens(256).build().chat()
                .system("You judge SQL results.")
                .user("Do these results match?")
                .temperature(0.3)
                .call(Verdict.class);

        LoggedRequest request = requests().get(0);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        JsonNode body = body(request);
        assertThat(body).isEqualTo(Fixtures.JSON.readTree("""
                {"model": "gpt-test",
                 "messages": [{"role": "system", "content": "You judge SQL results."},
                              {"role": "user", "content": "Do these results match?"}],
                 "temperature": 0.3,
                 "max_tokens": 256,
                 "response_format": {"type": "json_schema",
                   "json_schema": {"name": "Verdict",
                                   "schema": {"type": "object",
                                              "properties": {"correct": {"type": "boolean"},
                                                             "reason": {"type": "string"}},
                                              "required": ["correct", "reason"],
                                              "additionalProperties": false},
                                   "strict": true}}}"""));
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("model", "messages", "temperature", "max_tokens", "response_format");

        assertThat(response.value()).isEqualTo(new Verdict(true, "same rows"));
        assertThat(response.usage()).isEqualTo(new TokenUsage(10, 5));
        assertThat(response.attempts()).isEqualTo(1);
        assertThat(response.rawText()).isEqualTo(VALID);
        assertThat(response.model()).isEqualTo("test-model");
    }

    @Test
    void should_use_the_client_temperature_and_omit_max_tokens_by_default() {
        answerInOrder(server, PATH, ok(completion(VALID)));

        builder().temperature(0.7).build().chat().user("q").call(Verdict.class);

        JsonNode body = body(requests().get(0));
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.7);
        assertThat(body.has("max_tokens")).isFalse();
    }

    @Test
    void should_read_json_inside_a_code_fence_with_text_around_it() {
        answerInOrder(server, PATH, ok(completion("Sure! Here is the verdict:\n```json\n" + VALID
                + "\n```\nLet me know if you need more.")));

        assertThat(client().chat().user("q").call(Verdict.class).value()).isEqualTo(new Verdict(true, "same rows"));
    }

    @Test
    void should_skip_thinking_blocks_and_braces_in_a_preamble() {
        answerInOrder(server, PATH, ok(completion("<think>maybe {\"correct\": false}?</think>"
                + "The answer for {the} question is " + VALID + " as requested.")));

        LlmResponse<Verdict> response = client().chat().user("q").call(Verdict.class);

        assertThat(response.value()).isEqualTo(new Verdict(true, "same rows"));
        assertThat(response.attempts()).isEqualTo(1);
    }

    @Test
    void should_use_the_json_block_that_is_valid_and_report_the_longest_when_none_is() {
        answerInOrder(server, PATH,
                ok(completion("At first I had {\"correct\": false}, on reflection: " + VALID)),
                ok(completion("Format {\"x\": 1}; answer {\"correct\": \"maybe\", \"reason\": \"unclear\"}")),
                ok(completion(VALID)));
        LlmClient llm = client();

        assertThat(llm.chat().user("q").call(Verdict.class).attempts()).isEqualTo(1);
        assertThat(llm.chat().user("q").call(Verdict.class).attempts()).isEqualTo(2);
        assertThat(body(requests().get(2)).get("messages").get(2).get("content").asText())
                .contains("$.correct: string found, boolean expected").doesNotContain("$.x");
    }

    @Test
    void should_re_ask_with_the_parse_error_after_truncated_json() {
        String truncated = "{\"correct\": true, \"reason\": \"the rows are the sa";
        answerInOrder(server, PATH, ok(completion(truncated)), ok(completion(VALID, "stop", 40, 8)));

        LlmResponse<Verdict> response = client().chat().system("Judge.").user("Same?").call(Verdict.class);

        assertThat(response.value()).isEqualTo(new Verdict(true, "same rows"));
        assertThat(response.attempts()).isEqualTo(2);
        assertThat(response.usage()).isEqualTo(new TokenUsage(50, 13));
        JsonNode reask = body(requests().get(1));
        assertThat(roles(reask)).containsExactly("system", "user", "assistant", "user");
        assertThat(reask.get("messages").get(2).get("content").asText()).isEqualTo(truncated);
        String feedback = reask.get("messages").get(3).get("content").asText();
        assertThat(feedback).startsWith("Your previous answer could not be used:")
                .contains("the answer is not valid JSON")
                .contains("\"Verdict\"");
        assertThat(reask.get("response_format")).isEqualTo(body(requests().get(0)).get("response_format"));
    }

    @Test
    void should_re_ask_when_a_field_has_the_wrong_type() {
        answerInOrder(server, PATH, ok(completion("{\"correct\": \"yes\", \"reason\": \"same rows\"}")),
                ok(completion(VALID)));

        LlmResponse<Verdict> response = client().chat().user("q").call(Verdict.class);

        assertThat(response.value().correct()).isTrue();
        String feedback = body(requests().get(1)).get("messages").get(2).get("content").asText();
        assertThat(feedback).contains("$.correct: string found, boolean expected");
    }

    @Test
    void should_fail_with_the_raw_text_and_every_error_when_the_answer_never_becomes_valid() {
        String prose = "I am sorry, I can only answer in prose.";
        answerInOrder(server, PATH, ok(completion(prose)), ok(completion("{\"correct\": 1}")),
                ok(completion(prose + " Really.")));
        LlmClient llm = client();

        LlmOutputException e = catchThrowableOfType(LlmOutputException.class,
                () -> llm.chat().user("q").call(Verdict.class));

        assertThat(e).isNotInstanceOfAny(TruncatedOutputException.class, RefusalException.class);
        assertThat(e.rawOutput()).isEqualTo(prose + " Really.");
        assertThat(e.errors()).hasSize(3);
        assertThat(e.errors().get(0)).isEqualTo("attempt 1: the answer contains no JSON object");
        assertThat(e.errors().get(1)).startsWith("attempt 2: ")
                .contains("$.correct: integer found, boolean expected")
                .contains("required property 'reason' not found");
        assertThat(e.getMessage()).contains("did not match the schema 'Verdict' after 3 attempts");
        assertThat(requests()).hasSize(3);
        assertThat(llm.usage()).isEqualTo(new TokenUsage(30, 15));
    }

    @Test
    void should_never_return_a_half_filled_record() {
        // Schema-valid, but the record's constructor refuses a blank name: that is a failed attempt too.
        String blankName = "{\"name\": \" \", \"age\": 3, \"nickname\": null, \"addresses\": [], \"confidence\": \"LOW\"}";
        String valid = "{\"name\": \"Ada\", \"age\": 36, \"nickname\": null, "
                + "\"addresses\": [{\"city\": \"London\", \"street\": \"St James's Square\"}], \"confidence\": \"HIGH\"}";
        answerInOrder(server, PATH, ok(completion(blankName)), ok(completion(valid)));

        LlmResponse<Person> response = client().chat().user("q").call(Person.class);

        assertThat(response.value()).isEqualTo(new Person("Ada", 36, Optional.empty(),
                List.of(new Address("London", Optional.of("St James's Square"))), Confidence.HIGH));
        assertThat(body(requests().get(1)).get("messages").get(2).get("content").asText())
                .contains("name must not be blank");
    }

    @Test
    void should_fail_at_once_when_re_asks_are_disabled() {
        answerInOrder(server, PATH, ok(completion("nope")));

        assertThatThrownBy(() -> builder().maxReasks(0).build().chat().user("q").call(Verdict.class))
                .isInstanceOf(LlmOutputException.class)
                .hasMessageContaining("after 1 attempt");
        assertThat(requests()).hasSize(1);
    }

    @Test
    void should_map_the_sealed_fix_hierarchy() {
        String answer = """
                {"rationale": "Revenue questions lack a measure and an example.",
                 "fixes": [
                   {"category": "sql_snippets_add", "kind": "measure", "displayName": "Revenue", "alias": "revenue",
                    "sql": "SUM(orders.amount)", "synonyms": ["sales"], "instruction": ""},
                   {"category": "metadata_delete", "table": "main.shop.orders", "column": "amt", "synonym": null}],
                 "confidence": "MEDIUM"}""";
        answerInOrder(server, PATH, ok(completion(answer)));

        FixProposal proposal = client().chat().user("q").call(FixProposal.class).value();

        assertThat(proposal.fixes()).containsExactly(
                new Fix.SqlSnippetAdd(SnippetKind.MEASURE, "Revenue", "revenue", "SUM(orders.amount)",
                        List.of("sales"), ""),
                new Fix.MetadataDelete("main.shop.orders", Optional.of("amt"), Optional.empty()));
        assertThat(proposal.confidence()).isEqualTo(Confidence.MEDIUM);
    }

    @Test
    void should_name_only_the_matching_variant_when_a_fix_is_invalid() {
        String wrong = """
                {"rationale": "r", "fixes": [{"category": "sample_queries_add", "question": "q", "sql": 5,
                  "usageGuidance": ""}], "confidence": "LOW"}""";
        String unknown = """
                {"rationale": "r", "fixes": [{"category": "rename_table", "question": "q"}], "confidence": "LOW"}""";
        answerInOrder(server, PATH, ok(completion(wrong)), ok(completion(unknown)), ok(completion(
                "{\"rationale\": \"r\", \"fixes\": [], \"confidence\": \"LOW\"}")));

        client().chat().user("q").call(FixProposal.class);

        String first = body(requests().get(1)).get("messages").get(2).get("content").asText();
        assertThat(first).contains("$.fixes[0].sql: integer found, string expected")
                .doesNotContain("metadata_add").doesNotContain("leftTable");
        String second = body(requests().get(2)).get("messages").get(2).get("content").asText();
        assertThat(second).contains("$.fixes[0].category: must be one of [instruction_fix, join_specs_delete, "
                + "join_specs_add, sql_snippets_delete, sql_snippets_add, metadata_delete, metadata_add, "
                + "sample_queries_delete, sample_queries_add]");
    }

    @Test
    void should_retry_a_429_after_the_wait_the_server_asks_for() {
        answerInOrder(server, PATH,
                error(429, "{\"error\": {\"message\": \"Rate limit reached\", \"code\": \"rate_limit_exceeded\"}}")
                        .withHeader("Retry-After", "7"),
                ok(completion(VALID)));

        LlmResponse<Verdict> response = client().chat().user("q").call(Verdict.class);

        assertThat(response.value()).isEqualTo(new Verdict(true, "same rows"));
        assertThat(response.attempts()).isEqualTo(1);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
        assertThat(requests()).hasSize(2);
    }

    @Test
    void should_honour_retry_after_as_an_http_date_and_in_milliseconds_and_cap_it() {
        String inThirtySeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        answerInOrder(server, PATH,
                error(429, "{}").withHeader("Retry-After", inThirtySeconds),
                error(503, "{}").withHeader("Retry-After-Ms", "250").withHeader("Retry-After", "9"),
                error(429, "{}").withHeader("Retry-After", "3600"),
                ok(completion(VALID)));

        builder().maxRetryAfter(Duration.ofSeconds(40)).build().chat().user("q").call(Verdict.class);

        assertThat(sleeps).hasSize(3);
        assertThat(sleeps.get(0)).isBetween(Duration.ofSeconds(27), Duration.ofSeconds(31));
        assertThat(sleeps.get(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(sleeps.get(2)).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void should_back_off_exponentially_with_jitter_on_server_errors() {
        answerInOrder(server, PATH, error(500, "{}"), error(502, "<html>Bad gateway</html>"), ok(completion(VALID)));

        builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(30)).build().chat().user("q").call(Verdict.class);

        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
        assertThat(sleeps.get(1)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));
    }

    @Test
    void should_give_up_after_the_configured_attempts() {
        answerInOrder(server, PATH, error(500, "{\"error\": {\"message\": \"overloaded\"}}"),
                error(500, "{}"), error(500, "{}"),
                error(500, "{\"error\": {\"message\": \"still overloaded\", \"type\": \"server_error\"}}"));

        GenieApiException e = catchThrowableOfType(GenieApiException.class,
                () -> client().chat().user("q").call(Verdict.class));

        assertThat(e.statusCode()).isEqualTo(500);
        assertThat(e.isRetriable()).isTrue();
        assertThat(e.errorCode()).contains("server_error");
        assertThat(e.getMessage()).contains("still overloaded").contains("after 4 attempts");
        assertThat(requests()).hasSize(4);
        assertThat(sleeps).hasSize(3);
    }

    @Test
    void should_not_retry_a_request_the_server_calls_invalid() {
        answerInOrder(server, PATH, error(400, "{\"error\": {\"message\": \"temperature too high\", "
                + "\"type\": \"invalid_request_error\"}}"));

        GenieApiException e = catchThrowableOfType(GenieApiException.class,
                () -> client().chat().user("q").call(Verdict.class));

        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.isRetriable()).isFalse();
        assertThat(e.errorCode()).contains("invalid_request_error");
        assertThat(requests()).hasSize(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void should_never_reveal_the_api_key() {
        answerInOrder(server, PATH, error(401, "{\"error\": {\"message\": \"Incorrect API key provided: " + KEY
                + "\", \"code\": \"invalid_api_key\"}}"));
        LlmClient llm = client();

        GenieApiException e = catchThrowableOfType(GenieApiException.class,
                () -> llm.chat().user("q").call(Verdict.class));

        assertThat(e.getMessage()).contains("Incorrect API key provided: ***").doesNotContain(KEY);
        assertThat(llm.toString()).contains("gpt-test").doesNotContain(KEY);
        assertThat(llm.newBuilder().build().toString()).doesNotContain(KEY);
        assertThat(llm.newBuilder().toString()).doesNotContain(KEY);
        assertThat(e.getCause()).isNull();
    }

    @Test
    void should_time_out_an_attempt_and_retry_it() {
        answerInOrder(server, PATH, ok(completion(VALID)).withFixedDelay(3_000), ok(completion(VALID)));

        LlmResponse<Verdict> response = builder().timeout(Duration.ofMillis(300)).build().chat().user("q")
                .call(Verdict.class);

        assertThat(response.value().correct()).isTrue();
        assertThat(requests()).hasSize(2);
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void should_report_a_timeout_that_persists() {
        answerInOrder(server, PATH, ok(completion(VALID)).withFixedDelay(3_000),
                ok(completion(VALID)).withFixedDelay(3_000));

        GenieApiException e = catchThrowableOfType(GenieApiException.class, () -> builder()
                .timeout(Duration.ofMillis(200)).maxAttempts(2).build().chat().user("q").call(Verdict.class));

        assertThat(e.statusCode()).isZero();
        assertThat(e.isRetriable()).isTrue();
        assertThat(e.getMessage()).contains("did not answer within PT0.2S").contains("after 2 attempts");
    }

    @Test
    void should_count_tokens_per_call_and_for_the_client() {
        answerInOrder(server, PATH, ok(completion(VALID, "stop", 100, 20)), ok(completion("{}", "stop", 5, 1)),
                ok(completion(VALID, "stop", 120, 22)), ok(completion(VALID, "stop", 7, 3)));
        LlmClient llm = client();

        LlmResponse<Verdict> first = llm.chat().user("q1").call(Verdict.class);
        LlmResponse<Verdict> second = llm.chat().user("q2").call(Verdict.class);
        llm.chat().user("q3").call(Verdict.class);

        assertThat(first.usage()).isEqualTo(new TokenUsage(100, 20));
        assertThat(second.usage()).isEqualTo(new TokenUsage(125, 23));
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(llm.usage()).isEqualTo(new TokenUsage(232, 46));
        assertThat(llm.usage().totalTokens()).isEqualTo(278);
        assertThat(llm.newBuilder().build().usage()).isEqualTo(TokenUsage.ZERO);
    }

    @Test
    void should_estimate_tokens_when_the_endpoint_reports_none() {
        answerInOrder(server, PATH, ok("{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": "
                + Fixtures.JSON.valueToTree(VALID) + "}, \"finish_reason\": \"stop\"}]}"));

        LlmResponse<Verdict> response = builder().tokenEstimator(String::length).build().chat()
                .system("abc").user("defgh").call(Verdict.class);

        // Each message costs its characters plus 4 for the chat format; the answer its characters.
        assertThat(response.usage()).isEqualTo(new TokenUsage(3 + 4 + 5 + 4, VALID.length()));
        assertThat(response.model()).isEqualTo("gpt-test");
    }

    @Test
    void should_read_content_given_as_a_list_of_blocks() {
        answerInOrder(server, PATH, ok(blocksCompletion("Comparing the rows {first}", VALID)));

        LlmResponse<Verdict> response = client().chat().user("q").call(Verdict.class);

        assertThat(response.value()).isEqualTo(new Verdict(true, "same rows"));
        assertThat(response.rawText()).isEqualTo(VALID);
        assertThat(response.usage()).isEqualTo(new TokenUsage(30, 12));
    }

    @Test
    void should_report_truncation_without_re_asking() {
        String partial = "{\"correct\": true, \"reason\": \"The first row";
        answerInOrder(server, PATH, ok(completion(partial, "length", 10, 64)));

        TruncatedOutputException e = catchThrowableOfType(TruncatedOutputException.class,
                () -> builder().maxTokens(64).build().chat().user("q").call(Verdict.class));

        assertThat(e.rawOutput()).isEqualTo(partial);
        assertThat(e.getMessage()).contains("output token limit (max_tokens 64)");
        assertThat(requests()).hasSize(1);
    }

    @Test
    void should_accept_a_valid_answer_that_ended_at_the_token_limit() {
        answerInOrder(server, PATH, ok(completion(VALID, "length", 10, 12)));

        assertThat(builder().maxTokens(12).build().chat().user("q").call(Verdict.class).value().correct()).isTrue();
    }

    @Test
    void should_report_a_refusal_without_re_asking() {
        answerInOrder(server, PATH, ok("{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": null, "
                + "\"refusal\": \"I can't help with that.\"}, \"finish_reason\": \"stop\"}], "
                + "\"usage\": {\"prompt_tokens\": 9, \"completion_tokens\": 6}}"));
        LlmClient llm = client();

        RefusalException e = catchThrowableOfType(RefusalException.class,
                () -> llm.chat().user("q").call(Verdict.class));

        assertThat(e.refusal()).isEqualTo("I can't help with that.");
        assertThat(e.rawOutput()).isEmpty();
        assertThat(requests()).hasSize(1);
        assertThat(llm.usage()).isEqualTo(new TokenUsage(9, 6));
    }

    @Test
    void should_put_the_schema_into_the_system_message_in_prompt_mode() {
        answerInOrder(server, PATH, ok(completion(VALID)), ok(completion(VALID)));
        LlmClient llm = builder().structuredOutput(StructuredOutputMode.PROMPT).build();

        llm.chat().system("You judge SQL results.").user("q").call(Verdict.class);
        llm.chat().user("q").call(Verdict.class);

        JsonNode withSystem = body(requests().get(0));
        assertThat(withSystem.has("response_format")).isFalse();
        assertThat(roles(withSystem)).containsExactly("system", "user");
        String system = withSystem.get("messages").get(0).get("content").asText();
        assertThat(system).startsWith("You judge SQL results.\n\nAnswer with only one JSON object that follows "
                + "the JSON schema \"Verdict\" below.")
                .endsWith(ResponseSchema.of(Verdict.class).schema().toString());
        JsonNode withoutSystem = body(requests().get(1));
        assertThat(roles(withoutSystem)).containsExactly("system", "user");
        assertThat(withoutSystem.get("messages").get(0).get("content").asText())
                .startsWith("Answer with only one JSON object");
    }

    @Test
    void should_fall_back_to_the_prompt_when_the_endpoint_rejects_response_format() {
        answerInOrder(server, PATH,
                error(400, "{\"error\": {\"message\": \"Invalid parameter: 'response_format' of type "
                        + "'json_schema' is not supported with this model.\", \"type\": \"invalid_request_error\"}}"),
                ok(completion(VALID)), ok(completion(VALID)));
        LlmClient llm = client();

        LlmResponse<Verdict> first = llm.chat().user("q").call(Verdict.class);
        llm.chat().user("again").call(Verdict.class);

        assertThat(first.value().correct()).isTrue();
        assertThat(first.attempts()).isEqualTo(1);
        List<LoggedRequest> sent = requests();
        assertThat(sent).hasSize(3);
        assertThat(body(sent.get(0)).has("response_format")).isTrue();
        assertThat(body(sent.get(1)).has("response_format")).isFalse();
        assertThat(body(sent.get(1)).get("messages").get(0).get("content").asText()).contains("\"Verdict\"");
        assertThat(body(sent.get(2)).has("response_format")).isFalse();
    }

    @Test
    void should_not_fall_back_in_native_mode() {
        answerInOrder(server, PATH, error(400, "{\"error\": {\"message\": \"response_format is not supported\"}}"));

        assertThatThrownBy(() -> builder().structuredOutput(StructuredOutputMode.NATIVE).build().chat().user("q")
                .call(Verdict.class)).isInstanceOf(GenieApiException.class).hasMessageContaining("HTTP 400");
        assertThat(requests()).hasSize(1);
    }

    @Test
    void should_return_a_list_whether_wrapped_or_bare() {
        String address = "{\"city\": \"Paris\", \"street\": null}";
        answerInOrder(server, PATH, ok(completion("{\"items\": [" + address + "]}")),
                ok(completion("```json\n[" + address + ", " + address + "]\n```")));
        LlmClient llm = client();

        assertThat(llm.chat().user("q").callList(Address.class).value())
                .containsExactly(new Address("Paris", Optional.empty()));
        assertThat(llm.chat().user("q").callList(Address.class).value()).hasSize(2);
        assertThat(body(requests().get(0)).at("/response_format/json_schema/name").asText()).isEqualTo("AddressList");
    }

    @Test
    void should_validate_against_a_hand_written_schema() throws Exception {
        JsonNode schema = Fixtures.JSON.readTree("""
                {"type": "object", "properties": {"sql": {"type": "string"}}, "required": ["sql"],
                 "additionalProperties": false}""");
        answerInOrder(server, PATH, ok(completion("{\"query\": \"SELECT 1\"}")),
                ok(completion("{\"sql\": \"SELECT 1\"}")));

        LlmResponse<JsonNode> response = client().chat().user("q").call(ResponseSchema.of("sql_answer", schema));

        assertThat(response.value().get("sql").asText()).isEqualTo("SELECT 1");
        assertThat(response.attempts()).isEqualTo(2);
        assertThat(body(requests().get(0)).at("/response_format/json_schema/schema")).isEqualTo(schema);
    }

    @Test
    void should_render_templates_from_the_prompt_repository_and_report_the_call() {
        answerInOrder(server, PATH, ok(completion("not json")), ok(completion(VALID)));
        PromptRepository prompts = PromptRepository.of(Map.of(
                "judge_system", "You compare results of {{engine}}.",
                "analyze_failure", "Question: {{question}}\nExpected: {{expected}}"));
        LlmClient llm = builder().promptRepository(prompts).build();

        LlmResponse<Verdict> response = llm.chat()
                .systemPrompt("judge_system", Map.of("engine", "Genie"))
                .prompt("analyze_failure", Map.of("question", "Revenue in 2024?", "expected", "SELECT 1"))
                .call(Verdict.class);

        JsonNode first = body(requests().get(0));
        assertThat(first.get("messages").get(0).get("content").asText()).isEqualTo("You compare results of Genie.");
        assertThat(first.get("messages").get(1).get("content").asText())
                .isEqualTo("Question: Revenue in 2024?\nExpected: SELECT 1");
        // The client's own re-ask template still comes from the jar when the repository lacks it.
        assertThat(body(requests().get(1)).get("messages").get(3).get("content").asText())
                .startsWith("Your previous answer could not be used:");
        assertThat(events).hasSize(1);
        ProgressEvent.LlmCalled called = (ProgressEvent.LlmCalled) events.get(0);
        assertThat(called.purpose()).isEqualTo("judge_system");
        assertThat(called.usage()).isEqualTo(response.usage()).isEqualTo(new TokenUsage(20, 10));
    }

    @Test
    void should_let_the_repository_override_the_clients_own_templates() {
        answerInOrder(server, PATH, ok(completion("nope")), ok(completion(VALID)));
        LlmClient llm = builder().promptRepository(PromptRepository.of(Map.of(
                "llm_reask", "Fix these: {{#errors}}[{{.}}]{{/errors}} for {{schemaName}}"))).build();

        llm.chat().user("q").call(Verdict.class);

        assertThat(body(requests().get(1)).get("messages").get(2).get("content").asText())
                .isEqualTo("Fix these: [the answer contains no JSON object] for Verdict");
    }

    @Test
    void should_fail_clearly_on_a_missing_template_or_variable() {
        LlmClient llm = client();

        assertThatThrownBy(() -> llm.chat().prompt("no_such_template", Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("no_such_template");
        assertThatThrownBy(() -> llm.chat().prompt("llm_reask", Map.of("errors", List.of("x"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("schemaName");
        assertThatThrownBy(() -> llm.chat().call(Verdict.class))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("at least one message");
        assertThat(requests()).isEmpty();
    }

    @Test
    void should_report_failed_calls_and_survive_a_throwing_listener() {
        answerInOrder(server, PATH, ok(completion("no")), ok(completion(VALID)));
        List<ProgressEvent> seen = new CopyOnWriteArrayList<>();
        LlmClient llm = builder().maxReasks(0).progressListener(event -> {
            seen.add(event);
            throw new IllegalStateException("listener bug");
        }).build();

        assertThatThrownBy(() -> llm.chat().purpose("judge").user("q").call(Verdict.class))
                .isInstanceOf(LlmOutputException.class);
        assertThat(llm.chat().user("q").call(Verdict.class).value().correct()).isTrue();

        assertThat(seen).hasSize(2);
        assertThat(((ProgressEvent.LlmCalled) seen.get(0)).purpose()).isEqualTo("judge");
        assertThat(((ProgressEvent.LlmCalled) seen.get(0)).usage()).isEqualTo(new TokenUsage(10, 5));
        assertThat(((ProgressEvent.LlmCalled) seen.get(1)).purpose()).isEqualTo("chat");
    }

    @Test
    void should_take_a_rate_limit_permit_for_every_attempt() {
        answerInOrder(server, PATH, error(500, "{}"), ok(completion(VALID)), ok(completion(VALID)));
        LlmClient llm = builder().rateLimit(2, Duration.ofHours(1)).rateLimitWait(Duration.ofMillis(50)).build();

        assertThat(llm.chat().user("q").call(Verdict.class).value().correct()).isTrue();
        GenieApiException e = catchThrowableOfType(GenieApiException.class,
                () -> llm.chat().user("q").call(Verdict.class));

        assertThat(e.errorCode()).contains("RATE_LIMITED");
        assertThat(e.isRetriable()).isTrue();
        assertThat(requests()).hasSize(2);
    }

    @Test
    void should_pause_every_caller_after_a_429_when_rate_limited() {
        answerInOrder(server, PATH, error(429, "{}").withHeader("Retry-After", "1"), ok(completion(VALID)));
        LlmClient llm = builder().rateLimit(10, Duration.ofHours(1)).rateLimitWait(Duration.ofMillis(50)).build();

        GenieApiException e = catchThrowableOfType(GenieApiException.class,
                () -> llm.chat().user("q").call(Verdict.class));

        // The 429 drained the period's permits: the retry waits for the next period, which is beyond the wait.
        assertThat(e.errorCode()).contains("RATE_LIMITED");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
        assertThat(requests()).hasSize(1);
    }

    @Test
    void should_reject_invalid_settings_with_the_setting_named() {
        assertThatThrownBy(() -> LlmClient.openAiCompatible("ftp://example.com", KEY, "m"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("http or https");
        assertThatThrownBy(() -> LlmClient.openAiCompatible(server.baseUrl(), KEY, " "))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("model");
        LlmClient.Builder builder = client().newBuilder();
        assertThatThrownBy(() -> builder.temperature(2.5)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> builder.maxTokens(0)).hasMessageContaining("maxTokens");
        assertThatThrownBy(() -> builder.maxReasks(-1)).hasMessageContaining("maxReasks");
        assertThatThrownBy(() -> builder.maxAttempts(0)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> builder.timeout(Duration.ZERO)).hasMessageContaining("timeout");
        assertThatThrownBy(() -> builder.backoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .hasMessageContaining("backoff");
        assertThatThrownBy(() -> builder.rateLimit(0, Duration.ofMinutes(1))).hasMessageContaining("rate limit");
        assertThatThrownBy(() -> client().chat().temperature(-1)).isInstanceOf(ConfigurationException.class);
    }
}
