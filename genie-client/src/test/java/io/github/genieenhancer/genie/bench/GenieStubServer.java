package io.github.genieenhancer.genie.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Genie stand-in on 127.0.0.1 for the benchmark: every question takes a fixed latency to complete, then has a
 * query attachment with a small result. It counts requests and the peak rate of conversation-starting POSTs.
 */
final class GenieStubServer implements AutoCloseable {
    private static final Pattern START = Pattern.compile("/api/2.0/genie/spaces/([^/]+)/start-conversation");
    private static final Pattern MESSAGE = Pattern.compile(
            "/api/2.0/genie/spaces/([^/]+)/conversations/([^/]+)/messages/([^/]+)");
    private static final Pattern RESULT = Pattern.compile(
            "/api/2.0/genie/spaces/[^/]+/conversations/[^/]+/messages/[^/]+/attachments/[^/]+/query-result");
    private static final Pattern CONVERSATION = Pattern.compile("/api/2.0/genie/spaces/[^/]+/conversations/[^/]+");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(32);
    private final long latencyNanos;
    private final Map<String, Long> createdAt = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger apiRequests = new AtomicInteger();
    private final Deque<Long> recentStarts = new ArrayDeque<>();
    private int peakStartsPerSecond;

    GenieStubServer(Duration latency) throws IOException {
        this.latencyNanos = latency.toNanos();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int apiRequests() {
        return apiRequests.get();
    }

    synchronized int peakStartsPerSecond() {
        return peakStartsPerSecond;
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
            apiRequests.incrementAndGet();
            Matcher m;
            if (method.equals("POST") && (m = START.matcher(path)).matches()) {
                send(exchange, 200, start(m.group(1)));
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

    private String start(String spaceId) {
        long now = System.nanoTime();
        recordStart(now);
        String id = Integer.toString(ids.incrementAndGet());
        createdAt.put("m" + id, now);
        return """
                {"conversation_id":"c%1$s","message_id":"m%1$s",
                 "conversation":{"id":"c%1$s","space_id":"%2$s"},
                 "message":{"id":"m%1$s","message_id":"m%1$s","conversation_id":"c%1$s","space_id":"%2$s",
                            "status":"SUBMITTED"}}""".formatted(id, spaceId);
    }

    private synchronized void recordStart(long now) {
        recentStarts.addLast(now);
        while (recentStarts.peekFirst() <= now - 1_000_000_000L) {
            recentStarts.removeFirst();
        }
        peakStartsPerSecond = Math.max(peakStartsPerSecond, recentStarts.size());
    }

    private String message(String spaceId, String conversationId, String messageId) {
        Long created = createdAt.get(messageId);
        boolean done = created != null && System.nanoTime() - created >= latencyNanos;
        String base = "\"id\":\"%1$s\",\"message_id\":\"%1$s\",\"conversation_id\":\"%2$s\",\"space_id\":\"%3$s\""
                .formatted(messageId, conversationId, spaceId);
        if (!done) {
            return "{" + base + ",\"status\":\"ASKING_AI\"}";
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
