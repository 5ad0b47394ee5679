package io.github.genieenhancer.genie;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;

/** A real SDK workspace client pointed at WireMock, and JSON shaped like the reference's responses. */
final class Stubs {
    static final String TOKEN = "dapi-test-0123456789abcdef";

    private Stubs() {
    }

    /** Answers the SDK's configuration probes so they stay out of request assertions. */
    static WorkspaceClient workspace(WireMockRuntimeInfo wm) {
        stubFor(get("/.well-known/databricks-config").willReturn(notFound()));
        stubFor(get("/oidc/.well-known/oauth-authorization-server").willReturn(notFound()));
        return new WorkspaceClient(new DatabricksConfig().setHost(wm.getHttpBaseUrl()).setToken(TOKEN));
    }

    static String startResponse(String conversationId, String messageId, String status) {
        return """
                {"conversation_id":"%1$s","message_id":"%2$s",
                 "conversation":{"id":"%1$s","conversation_id":"%1$s","space_id":"s1","title":"q"},
                 "message":{"id":"%2$s","message_id":"%2$s","conversation_id":"%1$s","space_id":"s1",
                            "content":"q","status":"%3$s"}}""".formatted(conversationId, messageId, status);
    }

    static String message(String messageId, String status) {
        return """
                {"id":"%1$s","message_id":"%1$s","conversation_id":"c1","space_id":"s1","content":"q",
                 "status":"%2$s"}""".formatted(messageId, status);
    }

    static String completedWithQuery(String messageId, String sql) {
        return """
                {"id":"%1$s","message_id":"%1$s","conversation_id":"c1","space_id":"s1","content":"q",
                 "status":"COMPLETED",
                 "attachments":[
                   {"attachment_id":"a1","query":{"id":"a1","title":"Sales by region","description":"Total sales per region",
                     "query":"%2$s","statement_id":"st-genie","query_result_metadata":{"row_count":2,"is_truncated":false}}},
                   {"attachment_id":"a2","text":{"id":"a2","content":"Here are the total sales per region."}}]}"""
                .formatted(messageId, sql);
    }

    static String completedTextOnly(String messageId) {
        return """
                {"id":"%1$s","message_id":"%1$s","conversation_id":"c1","space_id":"s1","content":"q",
                 "status":"COMPLETED",
                 "attachments":[{"attachment_id":"a9","text":{"id":"a9","content":"Which region do you mean?",
                                 "purpose":"FOLLOW_UP_QUESTION"}}]}""".formatted(messageId);
    }

    static String failed(String messageId, String type, String error) {
        return """
                {"id":"%1$s","message_id":"%1$s","conversation_id":"c1","space_id":"s1","content":"q",
                 "status":"FAILED","error":{"error":"%3$s","type":"%2$s"}}""".formatted(messageId, type, error);
    }

    /** A two-row statement response: a string and a DECIMAL(10,2) column, one NULL cell. */
    static String statementResponse(String statementId) {
        return """
                {"statement_id":"%s","status":{"state":"SUCCEEDED"},
                 "manifest":{"format":"JSON_ARRAY","schema":{"column_count":2,"columns":[
                     {"name":"region","type_name":"STRING","type_text":"STRING","position":0},
                     {"name":"total","type_name":"DECIMAL","type_text":"DECIMAL(10,2)","type_precision":10,
                      "type_scale":2,"position":1}]},
                   "total_chunk_count":1,"total_row_count":2,"truncated":false},
                 "result":{"chunk_index":0,"row_offset":0,"row_count":2,
                   "data_array":[["EMEA","10.50"],["APJ",null]]}}""".formatted(statementId);
    }

    static String queryResult(String statementId) {
        return "{\"statement_response\":" + statementResponse(statementId) + "}";
    }
}
