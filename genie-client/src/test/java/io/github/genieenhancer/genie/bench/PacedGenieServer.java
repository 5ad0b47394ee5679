package io.github.genieenhancer.genie.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Genie stand-in on 127.0.0.1 whose answers complete on a given clock (a test's fake clock, or the system clock
 * for a benchmark) after a latency chosen per question, behind the real API's rolling-minute limit on
 * conversation starts (429 {@code RESOURCE_EXHAUSTED} with {@code Retry-After} in whole seconds). It knows when each
 * answer completed, so it measures the lag until a poll first saw it, and counts requests and 429s.
 */
public final class PacedGenieServer implements AutoCloseable {
    private static final Pattern START = Pattern.compile("/api/2.0/genie/spaces/([^/]+)/start-conversation");
    private static final Pattern MESSAGE = Pattern.compile(
            "/api/2.0/genie/spaces/([^/]+)/conversations/([^/]+)/messages/([^/]+)");
    private static final Pattern RESULT = Pattern.compile(
            "/api/2.0/genie/spaces/[^/]+/conversations/[^/]+/messages/[^/]+/attachments/[^/]+/query-result");
    private static final Pattern CONVERSATION = Pattern.compile("/api/2.0/genie/spaces/[^/]+/conversations/[^/]+");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final Clock clock;
    private final IntFunction<Duration> latency;
    private final int startsPerMinute;
    private final Map<String, Instant> completesAt = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final List<Duration> lags = new ArrayList<>();
    private final Deque<Instant> starts = new ArrayDeque<>();
    private final List<Instant> accepted = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger tooManyRequests = new AtomicInteger();

    /**
     * Starts the server.
     *
     * @param clock           when answers complete and the rate limit's minute
     * @param latency         the latency of the n-th question (0-based)
     * @param startsPerMinute starts allowed in any rolling minute; 0 for no limit
     */
    public PacedGenieServer(Clock clock, IntFunction<Duration> latency, int startsPerMinute) throws IOException {
        this.clock = clock;
        this.latency = latency;
        this.startsPerMinute = startsPerMinute;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The base URL to point a {@code DatabricksConfig} at. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** API requests received. */
    public int requests() {
        return requests.get();
    }

    /** Start requests answered 429. */
    public int tooManyRequests() {
        return tooManyRequests.get();
    }

    /** For each answer seen, the time from its completion until the first poll that saw it. */
    public synchronized List<Duration> lags() {
        return List.copyOf(lags);
    }

    /** The most starts accepted in any rolling minute. */
    public synchronized int mostStartsInAMinute() {
        int most = 0;
        for (Instant from : accepted) {
            most = Math.max(most, (int) accepted.stream()
                    .filter(t -> !t.isBefore(from) && t.isBefore(from.plusSeconds(60))).count());
        }
        return most;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (!path.startsWith("/api/")) {
                send(exchange, 404, "{}");
                return;
            }
            requests.incrementAndGet();
            Matcher m;
            if (method.equals("POST") && (m = START.matcher(path)).matches()) {
                start(exchange, m.group(1));
            } else if (method.equals("GET") && RESULT.matcher(path).matches()) {
                send(exchange, 200, RESULT_BODY);
            } else if (method.equals("GET") && (m = MESSAGE.matcher(path)).matches()) {
                send(exchange, 200, message(m.group(1), m.group(2), m.group(3)));
            } else if (method.equals("DELETE") && CONVERSATION.matcher(path).matches()) {
                send(exchange, 200, "{}");
            } else {
                send(exchange, 404, "{\"error_code\":\"NOT_FOUND\",\"message\":\"" + method + " " + path + "\"}");
            }
        }
    }

    private void start(HttpExchange exchange, String spaceId) throws IOException {
        Instant now = clock.instant();
        long retryAfter = admit(now);
        if (retryAfter > 0) {
            tooManyRequests.incrementAndGet();
            exchange.getResponseHeaders().set("Retry-After", Long.toString(retryAfter));
            send(exchange, 429, "{\"error_code\":\"RESOURCE_EXHAUSTED\",\"message\":\"Genie API rate limit exceeded: "
                    + "at most " + startsPerMinute + " questions per minute.\"}");
            return;
        }
        int n = ids.getAndIncrement();
        String id = Integer.toString(n);
        completesAt.put("m" + id, now.plus(latency.apply(n)));
        send(exchange, 200, """
                {"conversation_id":"c%1$s","message_id":"m%1$s",
                 "conversation":{"id":"c%1$s","space_id":"%2$s"},
                 "message":{"id":"m%1$s","message_id":"m%1$s","conversation_id":"c%1$s","space_id":"%2$s",
                            "status":"SUBMITTED"}}""".formatted(id, spaceId));
    }

    /** Admits a start (0) or tells the seconds until a slot frees. */
    private synchronized long admit(Instant now) {
        while (!starts.isEmpty() && !starts.peekFirst().isAfter(now.minusSeconds(60))) {
            starts.removeFirst();
        }
        if (startsPerMinute > 0 && starts.size() >= startsPerMinute) {
            Duration wait = Duration.between(now, starts.peekFirst().plusSeconds(60));
            return Math.max(1, (wait.toMillis() + 999) / 1000);
        }
        starts.addLast(now);
        accepted.add(now);
        return 0;
    }

    private String message(String spaceId, String conversationId, String messageId) {
        Instant completes = completesAt.get(messageId);
        Instant now = clock.instant();
        boolean done = completes != null && !now.isBefore(completes);
        String base = "\"id\":\"%1$s\",\"message_id\":\"%1$s\",\"conversation_id\":\"%2$s\",\"space_id\":\"%3$s\""
                .formatted(messageId, conversationId, spaceId);
        if (!done) {
            return "{" + base + ",\"status\":\"ASKING_AI\"}";
        }
        if (seen.add(messageId)) {
            synchronized (this) {
                lags.add(Duration.between(completes, now));
            }
        }
        return "{" + base + """
                ,"status":"COMPLETED","attachments":[{"attachment_id":"a1","query":{"id":"a1",
                  "query":"SELECT region, SUM(amount) FROM sales GROUP BY region","statement_id":"st1",
                  "query_result_metadata":{"row_count":2,"is_truncated":false}}}]}""";
    }

    private static final String RESULT_BODY = """
            {"statement_response":{"statement_id":"st1","status":{"state":"SUCCEEDED"},
             "manifest":{"format":"JSON_ARRAY","schema":{"column_count":2,"columns":[
                 {"name":"region","type_name":"STRING","type_text":"STRING","position":0},
                 {"name":"total","type_name":"DOUBLE","type_text":"DOUBLE","position":1}]},
               "total_row_count":2,"truncated":false},
             "result":{"chunk_index":0,"row_count":2,"data_array":[["EMEA","10.5"],["APJ","7.25"]]}}}""";

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
