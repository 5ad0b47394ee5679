package io.github.genieenhancer.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.genieenhancer.testkit.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the local workspace: a JDK {@link HttpServer} on 127.0.0.1 whose worker pool handles requests
 * concurrently, a routing table of method and path patterns, bearer-token checks, fault injection before each
 * handler, and Databricks-shaped error bodies.
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK and
        // every response takes ~40 ms. The JDK reads this property once, when its server classes load.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private record Route(String method, Pattern path, Endpoint endpoint, boolean authenticated,
                         Function<Call, JsonNode> handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final FaultState faults;
    private final String token;
    private final HttpServer server;

    /**
     * Binds a server on 127.0.0.1 and a free port; {@link #start()} starts answering.
     *
     * @param token the bearer token every API request must carry
     */
    public HttpApi(FaultState faults, String token, ExecutorService workers) {
        this.faults = faults;
        this.token = token;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot bind the local workspace on 127.0.0.1: " + e.getMessage(), e);
        }
        server.setExecutor(workers);
        server.createContext("/", this::handle);
    }

    /**
     * Adds a route.
     *
     * @param pathRegex a regular expression of the whole path; its groups become the call's path parameters
     */
    public void route(String method, String pathRegex, Endpoint endpoint, Function<Call, JsonNode> handler) {
        routes.add(new Route(method, Pattern.compile(pathRegex), endpoint, true, handler));
    }

    /** Adds a route that needs no token and bypasses faults (the SDK's discovery probes). */
    public void openRoute(String method, String pathRegex, Function<Call, JsonNode> handler) {
        routes.add(new Route(method, Pattern.compile(pathRegex), null, false, handler));
    }

    /** Starts answering requests. */
    public void start() {
        server.start();
    }

    /** The base URL, {@code http://127.0.0.1:port}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status = 200;
            JsonNode body;
            Map<String, String> headers = Map.of();
            try {
                body = dispatch(exchange);
            } catch (ApiError e) {
                status = e.status();
                headers = e.headers();
                body = error(e.errorCode(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("LocalWorkspace failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
                status = 500;
                body = error("INTERNAL_ERROR", String.valueOf(e.getMessage()));
            }
            byte[] bytes = MAPPER.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private JsonNode dispatch(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        boolean pathKnown = false;
        for (Route route : routes) {
            Matcher m = route.path().matcher(path);
            if (!m.matches()) {
                continue;
            }
            pathKnown = true;
            if (!route.method().equals(method)) {
                continue;
            }
            if (route.authenticated()) {
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                if (auth == null || !auth.equals("Bearer " + token)) {
                    throw new ApiError(401, "UNAUTHENTICATED", "Invalid access token.");
                }
                faults.before(route.endpoint());
            }
            List<String> params = new ArrayList<>();
            for (int g = 1; g <= m.groupCount(); g++) {
                params.add(URLDecoder.decode(m.group(g), StandardCharsets.UTF_8));
            }
            return route.handler().apply(new Call(method, path, params, query(exchange), body(exchange)));
        }
        if (pathKnown) {
            throw new ApiError(405, "BAD_REQUEST", "Method " + method + " is not allowed on " + path + ".");
        }
        throw new ApiError(404, "ENDPOINT_NOT_FOUND", "No API found for '" + method + " " + path + "'.");
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                query.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0) {
                return Call.noBody();
            }
            try {
                return MAPPER.readTree(bytes);
            } catch (IOException e) {
                throw new ApiError(400, "MALFORMED_REQUEST", "Request body is not valid JSON: " + e.getMessage());
            }
        }
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("error_code", code).put("message", message);
        return n;
    }
}
