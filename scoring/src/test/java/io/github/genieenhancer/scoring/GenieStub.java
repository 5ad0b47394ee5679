package io.github.genieenhancer.scoring;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit.Stubbing;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.genie.BatchGenieClient;
import io.github.genieenhancer.genie.GenieClient;
import io.github.genieenhancer.genie.RetryPolicy;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.genie.SqlExecutor;
import java.time.Duration;
import java.util.List;

/**
 * A Databricks workspace on WireMock for the scorers: a Genie space, questions answered in each way Genie answers,
 * and the SQL warehouse running the expected SQL. The real SDK client talks to it.
 */
final class GenieStub {
    static final String SPACE = "01f0space";
    private static final String GENIE = "/api/2.0/genie/spaces/" + SPACE;
    private static final String STATEMENTS = "/api/2.0/sql/statements";

    private final Stubbing server;
    private final WorkspaceClient workspace;
    private int conversations;
    private Duration questionTimeout = Duration.ofMinutes(10);

    GenieStub(WireMockExtension server) {
        this(server, server.baseUrl());
    }

    /** A stub on any WireMock server, e.g. a {@code WireMockServer} started outside JUnit. */
    GenieStub(Stubbing server, String baseUrl) {
        this.server = server;
        server.stubFor(get("/.well-known/databricks-config").willReturn(notFound()));
        server.stubFor(get("/oidc/.well-known/oauth-authorization-server").willReturn(notFound()));
        this.workspace = new WorkspaceClient(new DatabricksConfig().setHost(baseUrl)
                .setToken("dapi-test-scoring"));
        space("{\"version\":2,\"instructions\":{\"text_instructions\":[]}}");
    }

    WorkspaceClient workspace() {
        return workspace;
    }

    /**
     * Genie answers at once and polls every millisecond; no rate limit worth waiting for; a transient failure is
     * asked up to three times, a millisecond apart.
     */
    GenieClient genie() {
        return GenieClient.builder(workspace).questionsPerMinute(600_000)
                .pollInterval(Duration.ofMillis(1), Duration.ofMillis(2))
                .retryPolicy(RetryPolicy.builder().maxAttempts(2).backoff(Duration.ofMillis(1), Duration.ofMillis(1))
                        .build())
                .reaskPolicy(RetryPolicy.builder().maxAttempts(3).backoff(Duration.ofMillis(1), Duration.ofMillis(1))
                        .build())
                .questionTimeout(questionTimeout)
                .build();
    }

    /** How long the clients made from now on wait for an answer. */
    void questionTimeout(Duration timeout) {
        this.questionTimeout = timeout;
    }

    BatchGenieClient batch(int concurrency) {
        return BatchGenieClient.builder(genie()).maxConcurrency(concurrency).build();
    }

    SqlExecutor sql() {
        return SqlExecutor.builder(workspace).warehouseId("wh1").pollInterval(Duration.ofMillis(1),
                Duration.ofMillis(2)).retryPolicy(RetryPolicy.builder().maxAttempts(1).build()).build();
    }

    SpaceApi spaces() {
        return SpaceApi.create(workspace);
    }

    /** The space's configuration, as GET space returns it. */
    void space(String serializedSpace) {
        ObjectNode body = GenieJson.mapper().createObjectNode().put("space_id", SPACE).put("title", "Sales")
                .put("serialized_space", serializedSpace).put("etag", "etag-1");
        server.stubFor(get(urlPathEqualTo(GENIE)).willReturn(okJson(body.toString())));
    }

    /** The warehouse answers this SQL with a result. */
    void expected(String sql, Result result) {
        server.stubFor(post(STATEMENTS).withRequestBody(matchingJsonPath("$.statement", equalTo(sql)))
                .willReturn(okJson(result.statement("st-" + Math.abs(sql.hashCode())))));
    }

    /** The warehouse fails this SQL. */
    void expectedFails(String sql, String message) {
        server.stubFor(post(STATEMENTS).withRequestBody(matchingJsonPath("$.statement", equalTo(sql)))
                .willReturn(okJson("{\"statement_id\":\"st-bad\",\"status\":{\"state\":\"FAILED\",\"error\":"
                        + "{\"error_code\":\"BAD_REQUEST\",\"message\":\"" + message + "\"}}}")));
    }

    /** Genie answers the question with SQL and this result. */
    void answersWithSql(String question, String sql, Result result) {
        answersWithSql(question, sql, result, 0, true);
    }

    /**
     * Genie answers with SQL and this result, every start call taking {@code latencyMillis} (or only the first one
     * when {@code firstOnly}).
     */
    void answersWithSql(String question, String sql, Result result, int latencyMillis, boolean firstOnly) {
        String message = start(question, latencyMillis, firstOnly);
        ObjectNode body = message(message, "COMPLETED");
        ObjectNode query = body.putArray("attachments").addObject().put("attachment_id", "a-" + message)
                .putObject("query");
        query.put("query", sql).put("statement_id", "st-g-" + message).putObject("query_result_metadata")
                .put("row_count", result.rows.size());
        server.stubFor(get(messagePath(message)).willReturn(okJson(body.toString())));
        server.stubFor(get(messagePath(message) + "/attachments/a-" + message + "/query-result")
                .willReturn(okJson("{\"statement_response\":" + result.statement("st-g-" + message) + "}")));
    }

    /** Genie answers with SQL whose execution failed on Genie's side. */
    void answersWithFailingSql(String question, String sql, String message) {
        String id = start(question, 0);
        ObjectNode body = message(id, "COMPLETED");
        body.putArray("attachments").addObject().put("attachment_id", "a-" + id).putObject("query")
                .put("query", sql).put("statement_id", "st-g-" + id);
        server.stubFor(get(messagePath(id)).willReturn(okJson(body.toString())));
        server.stubFor(get(messagePath(id) + "/attachments/a-" + id + "/query-result").willReturn(okJson(
                "{\"statement_response\":{\"statement_id\":\"st-g-" + id + "\",\"status\":{\"state\":\"FAILED\","
                        + "\"error\":{\"error_code\":\"BAD_REQUEST\",\"message\":\"" + message + "\"}}}}")));
    }

    /** Genie answers in text only: a clarifying question. */
    void answersWithText(String question, String text) {
        String message = start(question, 0);
        ObjectNode body = message(message, "COMPLETED");
        body.putArray("attachments").addObject().put("attachment_id", "t-" + message).putObject("text")
                .put("content", text).put("purpose", "FOLLOW_UP_QUESTION");
        server.stubFor(get(messagePath(message)).willReturn(okJson(body.toString())));
    }

    /** Genie's message stays in progress: it never answers. */
    void neverAnswers(String question) {
        String message = start(question, 0);
        server.stubFor(get(messagePath(message)).willReturn(okJson(message(message, "EXECUTING_QUERY").toString())));
    }

    /** Genie cancels the message. */
    void cancels(String question) {
        String message = start(question, 0);
        server.stubFor(get(messagePath(message)).willReturn(okJson(message(message, "CANCELLED").toString())));
    }

    /**
     * The first ask fails with a transient message error (e.g. a rate limit); asked again, Genie answers with SQL
     * and this result.
     */
    void failsOnceThenAnswers(String question, String errorType, String sql, Result result) {
        String failed = startWhen(question, STARTED, "asked", 0);
        ObjectNode failure = message(failed, "FAILED");
        failure.putObject("error").put("error", "Rate limit exceeded, try again later").put("type", errorType);
        server.stubFor(get(messagePath(failed)).willReturn(okJson(failure.toString())));
        String answered = startWhen(question, "asked", "asked", 0);
        ObjectNode body = message(answered, "COMPLETED");
        body.putArray("attachments").addObject().put("attachment_id", "a-" + answered).putObject("query")
                .put("query", sql).put("statement_id", "st-g-" + answered);
        server.stubFor(get(messagePath(answered)).willReturn(okJson(body.toString())));
        server.stubFor(get(messagePath(answered) + "/attachments/a-" + answered + "/query-result")
                .willReturn(okJson("{\"statement_response\":" + result.statement("st-g-" + answered) + "}")));
    }

    /** Genie's message ends FAILED with this error type. */
    void fails(String question, String errorType, String error) {
        String message = start(question, 0);
        ObjectNode body = message(message, "FAILED");
        body.putObject("error").put("error", error).put("type", errorType);
        server.stubFor(get(messagePath(message)).willReturn(okJson(body.toString())));
    }

    /** How many times Genie was asked this question. */
    int timesAsked(String question) {
        return server.findAll(postRequestedFor(urlEqualTo(GENIE + "/start-conversation"))
                .withRequestBody(matchingJsonPath("$.content", equalTo(question)))).size();
    }

    /** How many statements the warehouse ran with this SQL. */
    int timesRun(String sql) {
        return server.findAll(postRequestedFor(urlEqualTo(STATEMENTS))
                .withRequestBody(matchingJsonPath("$.statement", equalTo(sql)))).size();
    }

    private String start(String question, int delayMillis) {
        return start(question, delayMillis, true);
    }

    private String start(String question, int delayMillis, boolean firstOnly) {
        String message = startWhen(question, STARTED, "asked", delayMillis);
        server.stubFor(post(GENIE + "/start-conversation").inScenario(question).whenScenarioStateIs("asked")
                .withRequestBody(matchingJsonPath("$.content", equalTo(question)))
                .willReturn(okJson(startBody(message)).withFixedDelay(firstOnly ? 0 : delayMillis)));
        return message;
    }

    /** Asking the question in the scenario state starts a new conversation and moves to the next state. */
    private String startWhen(String question, String state, String next, int delayMillis) {
        conversations++;
        String message = "m" + conversations;
        server.stubFor(post(GENIE + "/start-conversation").inScenario(question).whenScenarioStateIs(state)
                .withRequestBody(matchingJsonPath("$.content", equalTo(question)))
                .willReturn(okJson(startBody(message)).withFixedDelay(delayMillis)).willSetStateTo(next));
        return message;
    }

    private static String startBody(String message) {
        ObjectNode body = GenieJson.mapper().createObjectNode().put("conversation_id", "c" + message.substring(1))
                .put("message_id", message);
        body.set("message", message(message, "SUBMITTED"));
        return body.toString();
    }

    private static ObjectNode message(String message, String status) {
        String conversation = "c" + message.substring(1);
        return GenieJson.mapper().createObjectNode().put("id", message).put("message_id", message)
                .put("conversation_id", conversation).put("space_id", SPACE).put("status", status);
    }

    private static String messagePath(String message) {
        return GENIE + "/conversations/c" + message.substring(1) + "/messages/" + message;
    }

    /** A result: columns as "name:TYPE" and rows of cells ("NULL" for SQL NULL). */
    record Result(List<String> columns, List<List<String>> rows) {
        static Result of(String columns, String... rows) {
            return new Result(List.of(columns.split(",\\s*")), Tables.rows(rows));
        }

        String statement(String statementId) {
            ObjectNode body = GenieJson.mapper().createObjectNode().put("statement_id", statementId);
            body.putObject("status").put("state", "SUCCEEDED");
            ObjectNode manifest = body.putObject("manifest").put("format", "JSON_ARRAY")
                    .put("total_row_count", rows.size()).put("truncated", false);
            ArrayNode columnNodes = manifest.putObject("schema").put("column_count", columns.size())
                    .putArray("columns");
            for (int i = 0; i < columns.size(); i++) {
                String[] parts = columns.get(i).split(":");
                columnNodes.addObject().put("name", parts[0]).put("type_name", parts[1])
                        .put("type_text", parts[1]).put("position", i);
            }
            ArrayNode data = body.putObject("result").put("chunk_index", 0).put("row_count", rows.size())
                    .putArray("data_array");
            for (List<String> row : rows) {
                ArrayNode cells = data.addArray();
                row.forEach(cells::add);
            }
            return body.toString();
        }
    }
}
