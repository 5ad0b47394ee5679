package io.github.genieenhancer.enhancement;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.genieenhancer.core.fix.FixCategory;
import io.github.genieenhancer.llm.LlmClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An OpenAI-compatible chat endpoint on WireMock whose answers a test scripts with a function of the request.
 * Records every request so tests can check what the prompts carried.
 */
final class FakeLlm implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final WireMockServer server;
    private volatile Function<Call, String> script = call -> "{}";

    /**
     * One chat request.
     *
     * @param schemaName the response_format schema name, empty when none was sent
     * @param system     the system messages, joined
     * @param user       the user messages, joined
     * @param request    the request body as sent
     */
    record Call(String schemaName, String system, String user, JsonNode request) {
        /** The category a fix call asks for: the wire name in its system prompt. */
        Optional<FixCategory> category() {
            for (FixCategory c : FixCategory.values()) {
                if (system.contains("Kind of change: " + c.wireName())) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }

        boolean isAnalysis() {
            return schemaName.equals("FailureAnalysis");
        }

        boolean isFixes() {
            return schemaName.equals("FixProposals");
        }
    }

    FakeLlm() {
        server = new WireMockServer(options().dynamicPort().extensions(new Answerer()));
        server.start();
        server.stubFor(WireMock.post(WireMock.urlPathEqualTo("/v1/chat/completions"))
                .willReturn(WireMock.aResponse().withStatus(200)));
    }

    /** Answers every later call with the text the function returns for it. */
    void answer(Function<Call, String> script) {
        this.script = script;
    }

    /** A client for this endpoint that re-asks once and never sleeps. */
    LlmClient client() {
        return LlmClient.openAiCompatible(server.baseUrl() + "/v1", "", "test-model").newBuilder()
                .maxReasks(1).maxAttempts(1).sleeper(d -> { }).build();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Answerer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent event) {
            JsonNode request;
            try {
                request = JSON.readTree(event.getRequest().getBodyAsString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            StringBuilder system = new StringBuilder();
            StringBuilder user = new StringBuilder();
            for (JsonNode m : request.path("messages")) {
                (m.path("role").asText().equals("system") ? system : user).append(m.path("content").asText())
                        .append('\n');
            }
            Call call = new Call(request.path("response_format").path("json_schema").path("name").asText(""),
                    system.toString(), user.toString(), request);
            calls.add(call);
            ObjectNode body = JSON.createObjectNode();
            body.put("id", "chatcmpl-" + calls.size()).put("object", "chat.completion").put("model", "test-model");
            ObjectNode choice = body.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", script.apply(call));
            choice.put("finish_reason", "stop");
            body.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 20).put("total_tokens", 120);
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(body.toString()).build();
        }

        @Override
        public String getName() {
            return "fake-llm";
        }
    }
}
