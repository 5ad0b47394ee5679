package io.github.genieenhancer.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
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

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.GenieApiException;
import io.github.genieenhancer.core.progress.TokenUsage;
import io.github.genieenhancer.llm.Fixtures.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Databricks transport, through a real {@link WorkspaceClient} pointed at WireMock. */
class DatabricksClientTest {
    private static final String PATH = "/serving-endpoints/databricks-claude-sonnet-4/invocations";
    private static final String VALID = "{\"correct\": false, \"reason\": \"a row is missing\"}";

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private WorkspaceClient workspace;

    @BeforeEach
    void workspace() {
        // The SDK probes these before its first call; a workspace without them answers 404.
        server.stubFor(get(urlPathMatching("/(\\.well-known|oidc)/.*")).willReturn(notFound()));
        workspace = new WorkspaceClient(new DatabricksConfig().setHost(server.baseUrl()).setToken("dapi-test"));
    }

    private LlmClient.Builder builder() {
        return LlmClient.databricks(workspace, "databricks-claude-sonnet-4").newBuilder().sleeper(sleeps::add);
    }

    private List<LoggedRequest> requests() {
        return WireMockSupport.requests(server, PATH);
    }

    @Test
    void should_post_the_exact_chat_body_to_the_invocations_path_with_sdk_auth() throws Exception {
        answerInOrder(server, PATH, ok(completion(VALID, "stop", 321, 17)));

        LlmResponse<Verdict> response = builder().build().chat()
                .system("You judge SQL results.")
                .user("Do these results match?")
                .temperature(0)
                .maxTokens(1000)
                .call(Verdict.class);

        LoggedRequest request = requests().get(0);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer dapi-test");
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeader("User-Agent")).contains("databricks-sdk-java");
        // No "model": the URL names the endpoint.
        assertThat(body(request)).isEqualTo(Fixtures.JSON.readTree("""
                {"messages": [{"role": "system", "content": "You judge SQL results."},
                              {"role": "user", "content": "Do these results match?"}],
                 "temperature": 0.0,
                 "max_tokens": 1000,
                 "response_format": {"type": "json_schema",
                   "json_schema": {"name": "Verdict",
                                   "schema": {"type": "object",
                                              "properties": {"correct": {"type": "boolean"},
                                                             "reason": {"type": "string"}},
                                              "required": ["correct", "reason"],
                                              "additionalProperties": false},
                                   "strict": true}}}"""));
        assertThat(response.value()).isEqualTo(new Verdict(false, "a row is missing"));
        assertThat(response.usage()).isEqualTo(new TokenUsage(321, 17));
    }

    @Test
    void should_never_reveal_the_workspace_credential() {
        // A token of no recognisable shape (an opaque OAuth token): the transport knows what it sent and masks that.
        String token = "opaque-serving-session-6d0b2f8e4a";
        WorkspaceClient oauth = new WorkspaceClient(new DatabricksConfig().setHost(server.baseUrl())
                .setToken(token));
        answerInOrder(server, PATH, error(403, "{\"error_code\": \"PERMISSION_DENIED\", \"message\": \"token "
                + token + " may not query this endpoint\"}"));
        LlmClient llm = LlmClient.databricks(oauth, "databricks-claude-sonnet-4").newBuilder().sleeper(sleeps::add)
                .build();

        GenieApiException e = catchThrowableOfType(GenieApiException.class,
                () -> llm.chat().user("q").call(Verdict.class));

        assertThat(e.getMessage()).contains("token *** may not query this endpoint").doesNotContain(token);
        assertThat(e.getCause()).isNull();
        assertThat(llm.toString()).doesNotContain(token);
    }

    @Test
    void should_mask_credentials_a_gateway_echoes_whatever_their_owner() {
        // A proxy in front of the endpoint quotes the headers it saw, including another client's token.
        answerInOrder(server, PATH, error(401, "{\"error_code\": \"UNAUTHENTICATED\", \"message\": \"rejected "
                + "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.b3RoZXI.c2ln and token dapi0123456789abcdef0123\"}"));

        GenieApiException e = catchThrowableOfType(GenieApiException.class,
                () -> builder().build().chat().user("q").call(Verdict.class));

        assertThat(e.getMessage()).contains("rejected Authorization: Bearer *** and token ***")
                .doesNotContain("eyJhbGciOiJIUzI1NiJ9").doesNotContain("dapi0123456789abcdef0123");
    }

    @Test
    void should_read_content_given_as_a_list_of_blocks() {
        answerInOrder(server, PATH, ok(blocksCompletion("The expected result has 3 rows {a, b, c}", VALID)));

        LlmResponse<Verdict> response = builder().build().chat().user("q").call(Verdict.class);

        assertThat(response.value()).isEqualTo(new Verdict(false, "a row is missing"));
        assertThat(response.model()).isEqualTo("databricks-gpt-oss-20b");
        assertThat(response.usage()).isEqualTo(new TokenUsage(30, 12));
    }

    @Test
    void should_retry_429_once_per_attempt_without_the_sdks_own_retries_underneath() {
        answerInOrder(server, PATH,
                error(429, "{\"error_code\": \"REQUEST_LIMIT_EXCEEDED\", \"message\": \"Exceeded QPS\"}")
                        .withHeader("Retry-After", "2"),
                error(503, "{\"error_code\": \"TEMPORARILY_UNAVAILABLE\", \"message\": \"busy\"}"),
                ok(completion(VALID)));

        LlmResponse<Verdict> response = builder().build().chat().user("q").call(Verdict.class);

        assertThat(response.value().correct()).isFalse();
        assertThat(requests()).hasSize(3);
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void should_make_exactly_the_configured_number_of_attempts() {
        // If the SDK's ApiClient retry loop were underneath, one attempt here would be up to four requests.
        answerInOrder(server, PATH,
                error(429, "{\"error_code\": \"REQUEST_LIMIT_EXCEEDED\", \"message\": \"Exceeded QPS\"}"),
                error(429, "{}"), error(429, "{}"), error(429, "{}"), ok(completion(VALID)));

        GenieApiException e = catchThrowableOfType(GenieApiException.class,
                () -> builder().maxAttempts(1).build().chat().user("q").call(Verdict.class));

        assertThat(e.statusCode()).isEqualTo(429);
        assertThat(e.errorCode()).contains("REQUEST_LIMIT_EXCEEDED");
        assertThat(e.isRetriable()).isTrue();
        assertThat(e.getMessage()).contains("serving endpoint 'databricks-claude-sonnet-4'").contains("Exceeded QPS");
        assertThat(requests()).hasSize(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void should_not_retry_an_unknown_endpoint() {
        answerInOrder(server, PATH, error(404, "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", "
                + "\"message\": \"Endpoint databricks-claude-sonnet-4 does not exist\"}"));

        GenieApiException e = catchThrowableOfType(GenieApiException.class,
                () -> builder().build().chat().user("q").call(Verdict.class));

        assertThat(e.statusCode()).isEqualTo(404);
        assertThat(e.errorCode()).contains("RESOURCE_DOES_NOT_EXIST");
        assertThat(e.isRetriable()).isFalse();
        assertThat(requests()).hasSize(1);
    }

    @Test
    void should_time_out_an_attempt() {
        answerInOrder(server, PATH, ok(completion(VALID)).withFixedDelay(3_000), ok(completion(VALID)));

        LlmResponse<Verdict> response = builder().timeout(Duration.ofMillis(300)).build().chat().user("q")
                .call(Verdict.class);

        assertThat(response.value().correct()).isFalse();
        assertThat(requests()).hasSize(2);
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void should_re_ask_through_the_same_transport() {
        answerInOrder(server, PATH, ok(completion("```json\n{\"correct\": false}\n```")), ok(completion(VALID)));

        LlmResponse<Verdict> response = builder().build().chat().user("q").call(Verdict.class);

        assertThat(response.attempts()).isEqualTo(2);
        JsonNode reask = body(requests().get(1));
        assertThat(reask.has("model")).isFalse();
        assertThat(reask.get("messages").get(2).get("content").asText())
                .contains("$: required property 'reason' not found");
    }

    @Test
    void should_name_the_endpoint_when_the_response_names_no_model() {
        answerInOrder(server, PATH, ok("{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": "
                + Fixtures.JSON.valueToTree(VALID) + "}, \"finish_reason\": \"stop\"}], "
                + "\"usage\": {\"prompt_tokens\": 4, \"completion_tokens\": 2}}"));

        assertThat(builder().build().chat().user("q").call(Verdict.class).model())
                .isEqualTo("databricks-claude-sonnet-4");
    }

    @Test
    void should_refuse_an_endpoint_name_that_is_not_one() {
        assertThatThrownBy(() -> LlmClient.databricks(workspace, "../api/2.0/secrets"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("Serving endpoint name");
    }
}
