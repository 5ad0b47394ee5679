package io.github.genieenhancer.llm.internal;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.UserAgent;
import com.databricks.sdk.core.http.HttpClient;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.core.http.Response;
import io.github.genieenhancer.core.GenieApiException;
import io.github.genieenhancer.core.secret.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Posts to {@code POST /serving-endpoints/{name}/invocations} of a Databricks workspace.
 *
 * <p>Why not {@code servingEndpoints().query()}: its request type has no {@code response_format}, and its
 * response type expects {@code content} to be a string, while some models answer with a list of blocks. So the
 * body is built here and posted with the SDK's own pieces: the headers come from the workspace's auth chain
 * ({@link DatabricksConfig#authenticate()}, refreshed by the SDK for every call) and the bytes travel over the
 * HTTP client of {@code workspaceClient.apiClient()} (same proxy, TLS and connection pool settings).
 *
 * <p>Why the HTTP client and not {@code ApiClient.execute}: {@code execute} has its own retry loop (429, 501 and
 * 503, up to four attempts, with its own sleep). Stacked under this library's resilience4j {@code Retry} the
 * attempts would multiply (4 x 4) and bypass the rate limiter and the {@code Retry-After} cap. Posting below
 * that loop leaves exactly one retry layer.
 *
 * <p>Why {@code /invocations} and not {@code /serving-endpoints/chat/completions} with {@code model}: the
 * endpoint URL works for every chat endpoint type (pay-per-token, provisioned throughput, external models,
 * custom and agent endpoints), while the OpenAI-compatible path only serves some of them.
 */
public final class DatabricksTransport implements ChatTransport {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final DatabricksConfig config;
    private final HttpClient http;
    private final String endpoint;
    // The SDK's HTTP client has no per-request timeout, so the call runs on a worker and the caller waits at most
    // the timeout. Daemon threads of a cached pool: idle ones end after a minute, none keeps the JVM alive.
    private final ExecutorService calls = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "genie-enhancer-llm-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /**
     * Creates the transport.
     *
     * @param workspace a configured workspace client
     * @param endpoint  the serving endpoint's name
     */
    public DatabricksTransport(WorkspaceClient workspace, String endpoint) {
        this.config = workspace.config();
        this.http = workspace.apiClient().getHttpClient();
        this.endpoint = endpoint;
    }

    @Override
    public String post(String body, Duration timeout) {
        Future<String> call = calls.submit(() -> exchange(body));
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // The worker stays blocked until the SDK client's own socket timeout (httpTimeoutSeconds) fires.
            call.cancel(true);
            throw HttpFailure.noResponse(describe() + " did not answer within " + timeout, null);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new GenieApiException("Interrupted while calling " + describe(), 0, null, false, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw HttpFailure.noResponse(describe() + " could not be reached: " + cause, null).withoutSecret("");
        }
    }

    private String exchange(String body) throws IOException {
        Request request;
        Map<String, String> auth;
        try {
            auth = config.authenticate();
            request = new Request(Request.POST, config.getHost() + "/serving-endpoints/" + endpoint + "/invocations",
                    body)
                    .withHeaders(auth)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Accept", "application/json")
                    .withHeader("User-Agent", UserAgent.asString());
        } catch (DatabricksException e) {
            // The auth chain may quote a token endpoint's answer.
            throw new GenieApiException(Redaction.redact("Cannot authenticate to the workspace for " + describe()
                    + ": " + e.getMessage()), 0, "UNAUTHENTICATED", false, Redaction.safeCause(e, List.of()));
        }
        Response response = http.execute(request);
        String text;
        try (InputStream in = response.getBody()) {
            text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int status = response.getStatusCode();
        if (status / 100 == 2) {
            return text;
        }
        throw HttpErrors.fromResponse(describe(), status, text,
                Optional.ofNullable(response.getFirstHeader("Retry-After-Ms")),
                Optional.ofNullable(response.getFirstHeader("Retry-After"))).withoutSecret(credential(auth));
    }

    /** The token of the {@code Authorization} header the auth chain produced, without its scheme. */
    private static String credential(Map<String, String> headers) {
        return headers.entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("Authorization") && h.getValue() != null)
                .map(h -> h.getValue().strip())
                .map(value -> value.indexOf(' ') < 0 ? value : value.substring(value.indexOf(' ') + 1).strip())
                .findFirst().orElse("");
    }

    @Override
    public Optional<String> bodyModel() {
        return Optional.empty();
    }

    @Override
    public String name() {
        return endpoint;
    }

    @Override
    public String describe() {
        return "serving endpoint '" + endpoint + "'";
    }
}
