package io.github.genieenhancer.enhancement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genieenhancer.core.fix.FixCategory;
import io.github.genieenhancer.testkit.LlmMode;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The local workspace's scripted LLM, asked with a request a {@link FakeLlm} received, in a chosen mode: so a test
 * can answer one call as the rules would and another as a broken model would, within one plan. The mode is the
 * workspace's, so calls are serialised.
 */
final class ScriptedAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalWorkspace workspace;
    private final HttpClient http = HttpClient.newHttpClient();

    ScriptedAnswers(LocalWorkspace workspace) {
        this.workspace = workspace;
    }

    /** The scripted LLM's answer (the message content) to the call, in the mode. */
    synchronized String answer(FakeLlm.Call call, LlmMode mode) {
        ObjectNode request = call.request().deepCopy();
        request.put("model", workspace.servingEndpointName());
        workspace.llmMode(mode);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(workspace.host() + "/serving-endpoints/chat/completions"))
                    .header("Authorization", "Bearer " + workspace.databricksConfig().getToken())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body()).path("choices").path(0).path("message").path("content").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            workspace.llmMode(LlmMode.RULES);
        }
    }

    /** A fixes answer with the proposals of the other answers that are of the category added. */
    static String withProposalsOf(String answer, FixCategory category, String... others) {
        try {
            ObjectNode merged = (ObjectNode) JSON.readTree(answer);
            ArrayNode fixes = (ArrayNode) merged.path("fixes");
            for (String other : others) {
                for (JsonNode proposal : JSON.readTree(other).path("fixes")) {
                    if (proposal.path("fix").path("category").asText().equals(category.wireName())) {
                        fixes.add(proposal);
                    }
                }
            }
            return merged.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixes answer with one more proposal, given as JSON. */
    static String withProposal(String answer, String proposal) {
        try {
            ObjectNode merged = (ObjectNode) JSON.readTree(answer);
            ((ArrayNode) merged.path("fixes")).add(JSON.readTree(proposal));
            return merged.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
