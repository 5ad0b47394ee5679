package io.github.genieenhancer.genie;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import io.github.genieenhancer.core.GenieApiException;
import io.github.genieenhancer.core.GenieEnhancerException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WireMockTest
class GenieClientTest {
    private static final String SPACES = "/api/2.0/genie/spaces/s1";
    private static final String START = SPACES + "/start-conversation";
    private static final String MESSAGE = SPACES + "/conversations/c1/messages/m1";
    private static final String RESULT = MESSAGE + "/attachments/a1/query-result";
    private static final String EXECUTE = MESSAGE + "/attachments/a1/execute-query";
    private static final String SQL = "SELECT region, SUM(amount) AS total FROM sales GROUP BY region";
    private static final String OAUTH_TOKEN = "opaque-oauth-session-5c1e9a7b3d";

    private final FakeTime time = new FakeTime();
    private WorkspaceClient workspace;

    @BeforeEach
    void setUp(WireMockRuntimeInfo wm) {
        workspace = Stubs.workspace(wm);
    }

    private GenieClient.Builder client() {
        return GenieClient.builder(workspace).clock(time.clock()).sleeper(time)
                .retryPolicy(RetryPolicy.builder().backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build());
    }

    private static void startReturns(String status) {
        stubFor(post(START).willReturn(okJson(Stubs.startResponse("c1", "m1", status))));
    }

    @Test
    void asksInANewConversationAndReturnsSqlTextAndGeniesResult() {
        startReturns("SUBMITTED");
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.completedWithQuery("m1", SQL))));
        stubFor(get(RESULT).willReturn(okJson(Stubs.queryResult("st-genie"))));

        GenieAnswer answer = client().build().ask("s1", "Total sales by region?");

        assertThat(answer.status()).isEqualTo(AnswerStatus.COMPLETED);
        assertThat(answer.sql()).contains(SQL);
        assertThat(answer.text()).contains("Here are the total sales per region.");
        assertThat(answer.description()).contains("Total sales per region");
        assertThat(answer.conversationId()).contains("c1");
        assertThat(answer.messageId()).contains("m1");
        assertThat(answer.attachmentId()).contains("a1");
        assertThat(answer.statementId()).contains("st-genie");
        assertThat(answer.error()).isEmpty();
        assertThat(answer.isTextOnly()).isFalse();
        QueryResult result = answer.result().orElseThrow();
        assertThat(result.columns()).containsExactly(
                ResultColumn.of("region", "STRING", "STRING"),
                new ResultColumn("total", "DECIMAL", "DECIMAL(10,2)", OptionalInt.of(10), OptionalInt.of(2)));
        assertThat(result.rows()).containsExactly(List.of("EMEA", "10.50"), java.util.Arrays.asList("APJ", null));
        assertThat(result.totalRowCount()).isEqualTo(2);
        assertThat(result.truncated()).isFalse();
        assertThat(answer.httpCalls()).isEqualTo(3);
        assertThat(answer.timings().queued()).isZero();
        assertThat(answer.timings().generated()).isEqualTo(Duration.ofSeconds(1));
        assertThat(answer.timings().total()).isEqualTo(Duration.ofSeconds(1));

        verify(postRequestedFor(urlEqualTo(START))
                .withHeader("Authorization", equalTo("Bearer " + Stubs.TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"content\":\"Total sales by region?\"}")));
        verify(1, getRequestedFor(urlEqualTo(MESSAGE)));
        verify(1, getRequestedFor(urlEqualTo(RESULT)));
    }

    @Test
    void pollsWithGrowingIntervalsAndTreatsUnknownStatusesAsRunning() {
        startReturns("SUBMITTED");
        String[] statuses = {"FETCHING_METADATA", "IN_PROGRESS", "ASKING_AI", "SOMETHING_NEW", "EXECUTING_QUERY"};
        String state = STARTED;
        for (int i = 0; i < statuses.length; i++) {
            stubFor(get(MESSAGE).inScenario("poll").whenScenarioStateIs(state)
                    .willReturn(okJson(Stubs.message("m1", statuses[i]))).willSetStateTo("s" + i));
            state = "s" + i;
        }
        stubFor(get(MESSAGE).inScenario("poll").whenScenarioStateIs(state)
                .willReturn(okJson(Stubs.completedWithQuery("m1", SQL))));
        stubFor(get(RESULT).willReturn(okJson(Stubs.queryResult("st-genie"))));

        GenieAnswer answer = client().pollInterval(Duration.ofSeconds(1), Duration.ofSeconds(3)).build()
                .ask("s1", "q");

        assertThat(answer.status()).isEqualTo(AnswerStatus.COMPLETED);
        verify(6, getRequestedFor(urlEqualTo(MESSAGE)));
        assertThat(time.nonZeroSleeps()).containsExactly(Duration.ofMillis(1000), Duration.ofMillis(1500),
                Duration.ofMillis(2250), Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3));
        // EXECUTING_QUERY was first seen after 1 + 1.5 + 2.25 + 3 + 3 seconds.
        assertThat(answer.timings().generated()).isEqualTo(Duration.ofMillis(10_750));
        assertThat(answer.httpCalls()).isEqualTo(8);
    }

    @Test
    void failedMessageKeepsGeniesErrorTypeAndGroup() {
        startReturns("SUBMITTED");
        stubFor(get(MESSAGE).willReturn(okJson(
                Stubs.failed("m1", "WAREHOUSE_NOT_FOUND_EXCEPTION", "Warehouse abc does not exist"))));

        GenieAnswer answer = client().build().ask("s1", "q");

        assertThat(answer.status()).isEqualTo(AnswerStatus.FAILED);
        assertThat(answer.error()).contains(GenieError.of(ErrorGroup.INFRASTRUCTURE,
                "WAREHOUSE_NOT_FOUND_EXCEPTION", "Warehouse abc does not exist"));
        assertThat(answer.result()).isEmpty();
        verify(0, getRequestedFor(urlPathMatching(".*/query-result")));
    }

    @Test
    void failedMessageWithATypeTheSdkDoesNotKnowIsTolerated() {
        startReturns("SUBMITTED");
        stubFor(get(MESSAGE).willReturn(okJson(
                Stubs.failed("m1", "DELEGATION_NOT_FOUND_EXCEPTION", "no delegation"))));

        GenieAnswer answer = client().build().ask("s1", "q");

        assertThat(answer.status()).isEqualTo(AnswerStatus.FAILED);
        assertThat(answer.error().orElseThrow().type()).isEqualTo("UNKNOWN");
        assertThat(answer.error().orElseThrow().group()).isEqualTo(ErrorGroup.CONFIGURATION);
        assertThat(answer.error().orElseThrow().message()).isEqualTo("no delegation");
    }

    @Test
    void cancelledIsTerminal() {
        startReturns("SUBMITTED");
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.message("m1", "CANCELLED"))));

        GenieAnswer answer = client().build().ask("s1", "q");

        assertThat(answer.status()).isEqualTo(AnswerStatus.CANCELLED);
        assertThat(answer.error().orElseThrow().type()).isEqualTo("CANCELLED");
        // A cancellation counts against the space, like a failure it influences; it is not asked again.
        assertThat(answer.error().orElseThrow().group()).isEqualTo(ErrorGroup.CONFIGURATION);
        assertThat(answer.earlierErrors()).isEmpty();
        verify(1, getRequestedFor(urlEqualTo(MESSAGE)));
        verify(1, postRequestedFor(urlEqualTo(START)));
    }

    @Test
    void messageThatStaysInProgressTimesOutAtTheDeadline() {
        startReturns("SUBMITTED");
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.message("m1", "IN_PROGRESS"))));

        GenieAnswer answer = client().pollInterval(Duration.ofSeconds(1), Duration.ofSeconds(10))
                .questionTimeout(Duration.ofSeconds(30)).build().ask("s1", "q");

        assertThat(answer.status()).isEqualTo(AnswerStatus.TIMED_OUT);
        assertThat(answer.error().orElseThrow().type()).isEqualTo("TIMED_OUT");
        assertThat(answer.error().orElseThrow().message()).contains("PT30S");
        // A timeout counts against the space (scoring: ERROR, TIMEOUT); it is not asked again.
        assertThat(answer.error().orElseThrow().group()).isEqualTo(ErrorGroup.CONFIGURATION);
        verify(1, postRequestedFor(urlEqualTo(START)));
        assertThat(answer.timings().total()).isEqualTo(Duration.ofSeconds(30));
        // 1 + 1.5 + 2.25 + 3.375 + 5.0625 + 7.59375 + 9.21875 (cut to the deadline) = 30 s: 7 polls.
        verify(7, getRequestedFor(urlEqualTo(MESSAGE)));
    }

    @Test
    void expiredQueryResultIsReExecuted() {
        startReturns("SUBMITTED");
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.completedWithQuery("m1", SQL)
                .replace("\"COMPLETED\"", "\"QUERY_RESULT_EXPIRED\""))));
        stubFor(post(EXECUTE).willReturn(okJson(Stubs.queryResult("st-rerun"))));

        GenieAnswer answer = client().build().ask("s1", "q");

        assertThat(answer.status()).isEqualTo(AnswerStatus.COMPLETED);
        assertThat(answer.result().orElseThrow().rowCount()).isEqualTo(2);
        assertThat(answer.statementId()).contains("st-rerun");
        verify(1, postRequestedFor(urlEqualTo(EXECUTE)));
        verify(0, getRequestedFor(urlEqualTo(RESULT)));
    }

    @Test
    void resultThatExpiresBetweenThePollAndTheFetchIsReExecuted() {
        startReturns("SUBMITTED");
        stubFor(get(MESSAGE).inScenario("expiry").whenScenarioStateIs(STARTED)
                .willReturn(okJson(Stubs.completedWithQuery("m1", SQL))).willSetStateTo("expired"));
        stubFor(get(MESSAGE).inScenario("expiry").whenScenarioStateIs("expired")
                .willReturn(okJson(Stubs.completedWithQuery("m1", SQL)
                        .replace("\"COMPLETED\"", "\"QUERY_RESULT_EXPIRED\""))));
        stubFor(get(RESULT).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error_code\":\"INVALID_STATE\",\"message\":\"The query result has expired.\"}")));
        stubFor(post(EXECUTE).willReturn(okJson(Stubs.queryResult("st-rerun"))));

        GenieAnswer answer = client().build().ask("s1", "q");

        assertThat(answer.status()).isEqualTo(AnswerStatus.COMPLETED);
        assertThat(answer.error()).isEmpty();
        assertThat(answer.statementId()).contains("st-rerun");
        assertThat(answer.result().orElseThrow().rowCount()).isEqualTo(2);
        verify(2, getRequestedFor(urlEqualTo(MESSAGE)));
        verify(1, postRequestedFor(urlEqualTo(EXECUTE)));
    }

    @Test
    void queryWhoseResultStaysExpiredIsNotBlamedOnTheSql() {
        startReturns("SUBMITTED");
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.completedWithQuery("m1", SQL))));
        String closed = "{\"statement_response\":{\"statement_id\":\"st\",\"status\":{\"state\":\"CLOSED\"}}}";
        stubFor(get(RESULT).willReturn(okJson(closed)));
        stubFor(post(EXECUTE).willReturn(okJson(closed)));

        GenieAnswer answer = client().build().ask("s1", "q");

        assertThat(answer.result()).isEmpty();
        assertThat(answer.error()).hasValueSatisfying(e -> {
            assertThat(e.type()).isEqualTo("CLOSED");
            assertThat(e.group()).isEqualTo(ErrorGroup.RETRYABLE);
        });
    }

    @Test
    void reExecutedResultStillRunningIsPolledUntilItSucceeds() {
        startReturns("SUBMITTED");
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.completedWithQuery("m1", SQL)
                .replace("\"COMPLETED\"", "\"QUERY_RESULT_EXPIRED\""))));
        stubFor(post(EXECUTE).willReturn(okJson(
                "{\"statement_response\":{\"statement_id\":\"st-rerun\",\"status\":{\"state\":\"RUNNING\"}}}")));
        stubFor(get(RESULT).willReturn(okJson(Stubs.queryResult("st-rerun"))));

        GenieAnswer answer = client().build().ask("s1", "q");

        assertThat(answer.result().orElseThrow().rows()).hasSize(2);
        verify(1, getRequestedFor(urlEqualTo(RESULT)));
    }

    @Test
    void failedGenieQueryKeepsTheSqlAndReportsTheStatementError() {
        startReturns("SUBMITTED");
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.completedWithQuery("m1", SQL))));
        stubFor(get(RESULT).willReturn(okJson("""
                {"statement_response":{"statement_id":"st-genie","status":{"state":"FAILED",
                  "error":{"error_code":"BAD_REQUEST","message":"[UNRESOLVED_COLUMN] amount"}}}}""")));

        GenieAnswer answer = client().build().ask("s1", "q");

        assertThat(answer.status()).isEqualTo(AnswerStatus.COMPLETED);
        assertThat(answer.sql()).contains(SQL);
        assertThat(answer.result()).isEmpty();
        assertThat(answer.error()).contains(
                GenieError.of(ErrorGroup.CONFIGURATION, "BAD_REQUEST", "[UNRESOLVED_COLUMN] amount"));
    }

    @Test
    void textOnlyAnswerIsAnAnswerWithoutSql() {
        startReturns("SUBMITTED");
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.completedTextOnly("m1"))));

        GenieAnswer answer = client().build().ask("s1", "Show me the numbers");

        assertThat(answer.status()).isEqualTo(AnswerStatus.COMPLETED);
        assertThat(answer.isTextOnly()).isTrue();
        assertThat(answer.sql()).isEmpty();
        assertThat(answer.text()).contains("Which region do you mean?");
        assertThat(answer.error()).isEmpty();
        verify(0, getRequestedFor(urlPathMatching(".*/query-result")));
    }

    @Test
    void rateLimited429HonoursRetryAfterAndTakesANewPermit() {
        stubFor(post(START).inScenario("429").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error_code\":\"RESOURCE_EXHAUSTED\",\"message\":\"Too many requests\"}"))
                .willSetStateTo("ok"));
        stubFor(post(START).inScenario("429").whenScenarioStateIs("ok")
                .willReturn(okJson(Stubs.startResponse("c1", "m1", "COMPLETED"))));
        stubFor(get(RESULT).willReturn(okJson(Stubs.queryResult("st-genie"))));

        GenieAnswer answer = client().fetchResults(false).questionsPerMinute(60).build().ask("s1", "q");

        assertThat(answer.status()).isEqualTo(AnswerStatus.COMPLETED);
        verify(2, postRequestedFor(urlEqualTo(START)));
        // The server's 7 s, then the second attempt's permit: 1 s after the first one, already passed.
        assertThat(time.nonZeroSleeps()).containsExactly(Duration.ofSeconds(7));
        assertThat(answer.httpCalls()).isEqualTo(2);
        assertThat(answer.timings().queued()).isZero();
    }

    @Test
    void serviceUnavailableThenSuccessIsRetried() {
        startReturns("SUBMITTED");
        stubFor(get(MESSAGE).inScenario("503").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withBody("{\"error_code\":\"TEMPORARILY_UNAVAILABLE\","
                        + "\"message\":\"busy\"}"))
                .willSetStateTo("ok"));
        stubFor(get(MESSAGE).inScenario("503").whenScenarioStateIs("ok")
                .willReturn(okJson(Stubs.completedTextOnly("m1"))));

        GenieAnswer answer = client().build().ask("s1", "q");

        assertThat(answer.status()).isEqualTo(AnswerStatus.COMPLETED);
        verify(2, getRequestedFor(urlEqualTo(MESSAGE)));
        assertThat(answer.httpCalls()).isEqualTo(3);
    }

    @Test
    void connectionResetIsRetried() {
        stubFor(post(START).inScenario("reset").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
        stubFor(post(START).inScenario("reset").whenScenarioStateIs("ok")
                .willReturn(okJson(Stubs.startResponse("c1", "m1", "SUBMITTED"))));
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.completedTextOnly("m1"))));

        GenieAnswer answer = client().build().ask("s1", "q");

        assertThat(answer.status()).isEqualTo(AnswerStatus.COMPLETED);
        verify(2, postRequestedFor(urlEqualTo(START)));
    }

    @Test
    void theSdksOwnRetriesAreOffSoAttemptsDoNotMultiply() {
        stubFor(post(START).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")
                .withBody("{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"busy\"}")));

        assertThatThrownBy(() -> client().retryPolicy(RetryPolicy.none()).reaskPolicy(RetryPolicy.none()).build()
                .ask("s1", "q"))
                .isInstanceOfSatisfying(GenieApiException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
        // The SDK alone would have sent this POST 4 times.
        verify(1, postRequestedFor(urlEqualTo(START)));
    }

    @Test
    void serverRequestedWaitsAreCappedByThePolicy() {
        stubFor(post(START).inScenario("429").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")).willSetStateTo("ok"));
        stubFor(post(START).inScenario("429").whenScenarioStateIs("ok")
                .willReturn(okJson(Stubs.startResponse("c1", "m1", "COMPLETED"))));

        client().fetchResults(false).questionsPerMinute(1_000_000)
                .retryPolicy(RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(20)).build()).build()
                .ask("s1", "q");

        assertThat(time.sleeps()).contains(Duration.ofSeconds(20));
    }

    @Test
    void socketTimeoutIsRetried(WireMockRuntimeInfo wm) {
        WorkspaceClient impatient = new WorkspaceClient(new com.databricks.sdk.core.DatabricksConfig()
                .setHost(wm.getHttpBaseUrl()).setToken(Stubs.TOKEN).setHttpTimeoutSeconds(1));
        startReturns("SUBMITTED");
        stubFor(get(MESSAGE).inScenario("slow").whenScenarioStateIs(STARTED)
                .willReturn(okJson(Stubs.message("m1", "ASKING_AI")).withFixedDelay(1500)).willSetStateTo("ok"));
        stubFor(get(MESSAGE).inScenario("slow").whenScenarioStateIs("ok")
                .willReturn(okJson(Stubs.completedTextOnly("m1"))));

        GenieAnswer answer = GenieClient.builder(impatient).clock(time.clock()).sleeper(time)
                .retryPolicy(RetryPolicy.builder().backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build())
                .build().ask("s1", "q");

        assertThat(answer.status()).isEqualTo(AnswerStatus.COMPLETED);
        verify(2, getRequestedFor(urlEqualTo(MESSAGE)));
    }

    @Test
    void clientErrorsAreNotRetriedAndNeverShowTheToken() {
        stubFor(post(START).willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                .withBody("{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"Space s1 not found\"}")));

        assertThatThrownBy(() -> client().build().ask("s1", "q"))
                .isInstanceOfSatisfying(GenieApiException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.errorCode()).contains("RESOURCE_DOES_NOT_EXIST");
                    assertThat(e.isRetriable()).isFalse();
                    assertThat(e.getMessage()).contains("Space s1 not found").doesNotContain(Stubs.TOKEN);
                });
        verify(1, postRequestedFor(urlEqualTo(START)));
    }

    @Test
    void aCredentialTheServerEchoesAppearsInNoExceptionTextNorCause(WireMockRuntimeInfo wm) {
        // A token of no recognisable shape (an opaque OAuth token): only knowing what was sent can mask it.
        String token = "opaque-secret-session-8f2d4b6a0c";
        WorkspaceClient oauth = new WorkspaceClient(new DatabricksConfig().setHost(wm.getHttpBaseUrl())
                .setToken(token));
        stubFor(post(START).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"token " + token
                        + " may not use space s1\"}")));
        stubFor(post(START).withRequestBody(equalToJson("{\"content\":\"q2\"}", true, true))
                .willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"busy, token " + Stubs.TOKEN
                        + "\"}")));
        GenieClient genie = GenieClient.builder(oauth).clock(time.clock()).sleeper(time).build();

        Throwable refused = catchThrowable(() -> genie.ask("s1", "q"));
        Throwable afterRetries = catchThrowable(() -> client().retryPolicy(RetryPolicy.builder().maxAttempts(2)
                .build()).build().ask("s1", "q2"));

        assertThat(refused).isInstanceOf(GenieApiException.class).hasMessageContaining("may not use space s1");
        assertThat(stackTrace(refused)).doesNotContain(token);
        assertThat(afterRetries).isInstanceOf(GenieApiException.class);
        assertThat(stackTrace(afterRetries)).doesNotContain(Stubs.TOKEN);
    }

    @Test
    void aFailedMessageNeverCarriesTheCredentialGenieEchoes(WireMockRuntimeInfo wm) {
        startReturns("SUBMITTED");
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.failed("m1", "SQL_EXECUTION_EXCEPTION", "query run as "
                + OAUTH_TOKEN + " failed; Authorization: Bearer dapi0123456789abcdef"))));

        GenieAnswer answer = oauthClient(wm).ask("s1", "q");

        assertThat(answer.error().orElseThrow().message())
                .isEqualTo("query run as *** failed; Authorization: Bearer ***");
    }

    @Test
    void aCancelledMessageItsTextAndItsQueryDescriptionNeverCarryTheCredential(WireMockRuntimeInfo wm) {
        startReturns("SUBMITTED");
        stubFor(get(MESSAGE).willReturn(okJson("""
                {"id":"m1","message_id":"m1","conversation_id":"c1","space_id":"s1","content":"q",
                 "status":"CANCELLED","error":{"error":"cancelled for %1$s"},
                 "attachments":[
                   {"attachment_id":"a1","query":{"id":"a1","description":"Sales seen by %1$s","query":"SELECT 1"}},
                   {"attachment_id":"a2","text":{"id":"a2","content":"Asked with %1$s."}}]}"""
                .formatted(OAUTH_TOKEN))));

        GenieAnswer answer = oauthClient(wm).ask("s1", "q");

        assertThat(answer.error().orElseThrow().message()).isEqualTo("cancelled for ***");
        assertThat(answer.text()).contains("Asked with ***.");
        assertThat(answer.description()).contains("Sales seen by ***");
    }

    @Test
    void aFailedResultNeverCarriesTheCredentialTheWarehouseEchoes(WireMockRuntimeInfo wm) {
        startReturns("SUBMITTED");
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.completedWithQuery("m1", SQL))));
        stubFor(get(RESULT).willReturn(okJson("""
                {"statement_response":{"statement_id":"st-genie","status":{"state":"FAILED",
                  "error":{"error_code":"PERMISSION_DENIED","message":"%s may not read sales"}}}}"""
                .formatted(OAUTH_TOKEN))));

        GenieAnswer answer = oauthClient(wm).ask("s1", "q");

        assertThat(answer.error().orElseThrow().message()).isEqualTo("*** may not read sales");
    }

    /** A client whose credential has no recognisable shape, like an opaque OAuth token. */
    private GenieClient oauthClient(WireMockRuntimeInfo wm) {
        WorkspaceClient oauth = new WorkspaceClient(new DatabricksConfig().setHost(wm.getHttpBaseUrl())
                .setToken(OAUTH_TOKEN));
        return GenieClient.builder(oauth).clock(time.clock()).sleeper(time).build();
    }

    /** Everything a log line with the exception would show: messages and causes. */
    private static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    @Test
    void serverErrorsGiveUpAfterTheConfiguredAttempts() {
        stubFor(post(START).willReturn(aResponse().withStatus(500).withBody("{\"error_code\":\"INTERNAL_ERROR\","
                + "\"message\":\"boom\"}")));

        assertThatThrownBy(() -> client().retryPolicy(RetryPolicy.builder().maxAttempts(3)
                        .backoff(Duration.ofMillis(100), Duration.ofMillis(400)).jitter(0).build())
                .reaskPolicy(RetryPolicy.none()).build()
                .ask("s1", "q"))
                .isInstanceOfSatisfying(GenieApiException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.isRetriable()).isTrue();
                    assertThat(e.getMessage()).contains("after 3 attempts");
                });
        verify(3, postRequestedFor(urlEqualTo(START)));
        // Each retry waits its backoff and then, like every conversation-starting attempt, for a permit (12 s apart).
        assertThat(time.nonZeroSleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(11_900),
                Duration.ofMillis(200), Duration.ofMillis(11_800));
    }

    @Test
    void aRateLimitedAnswerIsAskedAgainInANewConversationAfterABackoffAndARateLimitPermit() {
        stubFor(post(START).inScenario("asks").whenScenarioStateIs(STARTED)
                .willReturn(okJson(Stubs.startResponse("c1", "m1", "SUBMITTED"))).willSetStateTo("second"));
        stubFor(post(START).inScenario("asks").whenScenarioStateIs("second")
                .willReturn(okJson(Stubs.startResponse("c2", "m2", "SUBMITTED"))));
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.failed("m1", "RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION",
                "Rate limit exceeded for the workspace"))));
        stubFor(get(SPACES + "/conversations/c2/messages/m2").willReturn(okJson(Stubs.completedTextOnly("m2"))));

        GenieAnswer answer = client().questionsPerMinute(2).reaskPolicy(RetryPolicy.builder().maxAttempts(3)
                .backoff(Duration.ofSeconds(15), Duration.ofSeconds(60)).jitter(0).build()).build().ask("s1", "q");

        assertThat(answer.status()).isEqualTo(AnswerStatus.COMPLETED);
        assertThat(answer.conversationId()).contains("c2");
        assertThat(answer.earlierErrors()).singleElement().satisfies(e -> {
            assertThat(e.group()).isEqualTo(ErrorGroup.RETRYABLE);
            assertThat(e.type()).isEqualTo("RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION");
        });
        verify(2, postRequestedFor(urlEqualTo(START)));
        // A poll (1 s), the re-ask's backoff (15 s), the rest of the permit 30 s after the first start (14 s), a poll.
        assertThat(time.nonZeroSleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(15),
                Duration.ofSeconds(14), Duration.ofSeconds(1));
        assertThat(answer.httpCalls()).isEqualTo(4);
        assertThat(answer.timings().total()).isEqualTo(Duration.ofSeconds(31));
    }

    @Test
    void anAnswerStillFailingTransientlyAfterTheAsksKeepsEveryEarlierError() {
        startReturns("SUBMITTED");
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.failed("m1", "RATE_LIMIT_EXCEEDED_SPECIFIED_WAIT_EXCEPTION",
                "Try again later"))));

        GenieAnswer answer = client().reaskPolicy(RetryPolicy.builder().maxAttempts(3)
                .backoff(Duration.ofSeconds(10), Duration.ofSeconds(60)).jitter(0).build()).build().ask("s1", "q");

        assertThat(answer.status()).isEqualTo(AnswerStatus.FAILED);
        assertThat(answer.error().orElseThrow().type()).isEqualTo("RATE_LIMIT_EXCEEDED_SPECIFIED_WAIT_EXCEPTION");
        assertThat(answer.earlierErrors()).hasSize(2).extracting(GenieError::type)
                .containsOnly("RATE_LIMIT_EXCEEDED_SPECIFIED_WAIT_EXCEPTION");
        verify(3, postRequestedFor(urlEqualTo(START)));
        assertThat(time.nonZeroSleeps()).contains(Duration.ofSeconds(10), Duration.ofSeconds(20));
    }

    @Test
    void aRequestStillFailingWith503AfterItsRetriesIsAskedAgainButAPermissionErrorIsNot() {
        stubFor(post(START).willReturn(aResponse().withStatus(503).withBody("{\"error_code\":"
                + "\"TEMPORARILY_UNAVAILABLE\",\"message\":\"busy\"}")));
        GenieClient genie = client().retryPolicy(RetryPolicy.builder().maxAttempts(2)
                        .backoff(Duration.ofMillis(100), Duration.ofMillis(100)).build())
                .reaskPolicy(RetryPolicy.builder().maxAttempts(2).backoff(Duration.ofSeconds(5), Duration.ofSeconds(5))
                        .build()).build();

        assertThatThrownBy(() -> genie.ask("s1", "q")).isInstanceOfSatisfying(GenieApiException.class,
                e -> assertThat(e.statusCode()).isEqualTo(503));
        verify(4, postRequestedFor(urlEqualTo(START)));

        stubFor(post(START).willReturn(aResponse().withStatus(403).withBody("{\"error_code\":"
                + "\"PERMISSION_DENIED\",\"message\":\"no access to the space\"}")));
        assertThatThrownBy(() -> genie.ask("s1", "q")).isInstanceOfSatisfying(GenieApiException.class,
                e -> assertThat(e.statusCode()).isEqualTo(403));
        verify(5, postRequestedFor(urlEqualTo(START)));
    }

    @Test
    void deletesTheConversationWhenConfigured() {
        startReturns("SUBMITTED");
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.completedTextOnly("m1"))));
        stubFor(delete(SPACES + "/conversations/c1").willReturn(okJson("{}")));

        GenieAnswer answer = client().deleteConversations(true).build().ask("s1", "q");

        verify(deleteRequestedFor(urlEqualTo(SPACES + "/conversations/c1")));
        assertThat(answer.httpCalls()).isEqualTo(3);
    }

    @Test
    void failedDeletionDoesNotFailTheAnswer() {
        startReturns("SUBMITTED");
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.completedTextOnly("m1"))));
        stubFor(delete(SPACES + "/conversations/c1").willReturn(aResponse().withStatus(403)
                .withBody("{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"no\"}")));

        GenieAnswer answer = client().deleteConversations(true).build().ask("s1", "q");

        assertThat(answer.status()).isEqualTo(AnswerStatus.COMPLETED);
    }

    @Test
    void countsConversationsOverEveryPageOfTheList() {
        String list = SPACES + "/conversations";
        stubFor(get(urlPathEqualTo(list)).withQueryParam("page_token", absent()).willReturn(okJson(
                conversations(100, "p2"))));
        stubFor(get(urlPathEqualTo(list)).withQueryParam("page_token", equalTo("p2")).willReturn(okJson(
                conversations(100, "p3"))));
        stubFor(get(urlPathEqualTo(list)).withQueryParam("page_token", equalTo("p3")).willReturn(okJson(
                conversations(37, null))));

        long count = client().build().countConversations("s1", true);

        assertThat(count).isEqualTo(237);
        verify(3, getRequestedFor(urlPathEqualTo(list)).withQueryParam("page_size", equalTo("100"))
                .withQueryParam("include_all", equalTo("true")));
    }

    @Test
    void countingEveryUsersConversationsWithoutPermissionFailsWithTheStatus() {
        stubFor(get(urlPathEqualTo(SPACES + "/conversations")).willReturn(aResponse().withStatus(403)
                .withBody("{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"CAN MANAGE required\"}")));

        Throwable thrown = catchThrowable(() -> client().build().countConversations("s1", true));

        assertThat(thrown).isInstanceOfSatisfying(GenieApiException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.errorCode()).contains("PERMISSION_DENIED");
        });
        verify(1, getRequestedFor(urlPathEqualTo(SPACES + "/conversations")));
    }

    private static String conversations(int count, String nextPageToken) {
        StringBuilder json = new StringBuilder("{\"conversations\":[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append("{\"conversation_id\":\"c").append(i)
                    .append("\",\"title\":\"q\",\"created_timestamp\":1}");
        }
        json.append(']');
        if (nextPageToken != null) {
            json.append(",\"next_page_token\":\"").append(nextPageToken).append('"');
        }
        return json.append('}').toString();
    }

    @Test
    void conversationStartsAreSpacedByTheRateLimit() {
        stubFor(post(START).willReturn(okJson(Stubs.startResponse("c1", "m1", "SUBMITTED"))));
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.completedTextOnly("m1"))));
        GenieClient genie = client().questionsPerMinute(5).adaptivePolling(false).build();

        GenieAnswer first = genie.ask("s1", "q1");
        GenieAnswer second = genie.ask("s1", "q2");
        GenieAnswer third = genie.ask("s1", "q3");

        assertThat(first.timings().queued()).isZero();
        // 12 s between starts at 5 per minute; each answer took 1 s of polling.
        assertThat(second.timings().queued()).isEqualTo(Duration.ofSeconds(11));
        assertThat(third.timings().queued()).isEqualTo(Duration.ofSeconds(11));
    }

    @Test
    void interruptedAskStopsAndKeepsTheInterruptFlag() {
        startReturns("SUBMITTED");
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.message("m1", "ASKING_AI"))));
        GenieClient genie = GenieClient.builder(workspace).sleeper(d -> {
            throw new InterruptedException();
        }).build();

        assertThatThrownBy(() -> genie.ask("s1", "q")).isInstanceOf(GenieEnhancerException.class)
                .hasMessageContaining("Interrupted");
        assertThat(Thread.interrupted()).isTrue();
    }
}
