package io.github.genieenhancer.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.UncheckedIOException;
import java.util.List;

/** Scripted endpoint answers and captured requests. */
final class WireMockSupport {
    private WireMockSupport() {
    }

    /** A 200 answer with a chat-completions body. */
    static ResponseDefinitionBuilder ok(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** An error answer with a JSON body. */
    static ResponseDefinitionBuilder error(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /**
     * Makes the endpoint give these answers in this order, one per request; a request beyond them gets 404, so an
     * unexpected extra request shows.
     */
    static void answerInOrder(WireMockExtension server, String path, ResponseDefinitionBuilder... answers) {
        for (int i = 0; i < answers.length; i++) {
            server.stubFor(post(urlEqualTo(path))
                    .inScenario("answers")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "answer " + i)
                    .willSetStateTo("answer " + (i + 1))
                    .willReturn(answers[i]));
        }
    }

    /** The POSTs the endpoint received, oldest first. */
    static List<LoggedRequest> requests(WireMockExtension server, String path) {
        return server.findAll(postRequestedFor(urlEqualTo(path)));
    }

    /** A request's body as a JSON tree. */
    static JsonNode body(LoggedRequest request) {
        try {
            return Fixtures.JSON.readTree(request.getBodyAsString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
