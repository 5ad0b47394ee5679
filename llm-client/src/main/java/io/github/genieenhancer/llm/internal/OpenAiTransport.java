package io.github.genieenhancer.llm.internal;

import io.github.genieenhancer.core.GenieApiException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Posts to {@code {baseUrl}/chat/completions} of any OpenAI-compatible server with the JDK's HTTP client and a
 * bearer API key. The key is only ever put in the {@code Authorization} header: it is masked in every message.
 */
public final class OpenAiTransport implements ChatTransport {
    private final HttpClient http;
    private final URI uri;
    private final String apiKey;
    private final String model;

    /**
     * Creates the transport.
     *
     * @param baseUrl        the API root, e.g. {@code https://api.openai.com/v1}
     * @param apiKey         the bearer key; empty for servers without authentication
     * @param model          the model name sent in each request
     * @param connectTimeout how long to wait for a connection
     */
    public OpenAiTransport(URI baseUrl, String apiKey, String model, Duration connectTimeout) {
        String base = baseUrl.toString();
        this.uri = URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
        this.apiKey = apiKey;
        this.model = model;
        // HTTP/1.1: an LLM call is one long request, so HTTP/2 multiplexing buys nothing, and 1.1 avoids the h2c
        // upgrade dance with plain-HTTP servers (local model servers, test servers).
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }

    @Override
    public String post(String body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (!apiKey.isEmpty()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw HttpFailure.noResponse(describe() + " did not answer within " + timeout, null);
        } catch (IOException e) {
            throw HttpFailure.noResponse(describe() + " could not be reached: " + e, null).withoutSecret(apiKey);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenieApiException("Interrupted while calling " + describe(), 0, null, false, e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response.body();
        }
        throw HttpErrors.fromResponse(describe(), status, response.body(),
                response.headers().firstValue("Retry-After-Ms"), response.headers().firstValue("Retry-After"))
                .withoutSecret(apiKey);
    }

    @Override
    public Optional<String> bodyModel() {
        return Optional.of(model);
    }

    @Override
    public String name() {
        return model;
    }

    @Override
    public String describe() {
        return "OpenAI-compatible endpoint " + uri + " (model '" + model + "')";
    }
}
