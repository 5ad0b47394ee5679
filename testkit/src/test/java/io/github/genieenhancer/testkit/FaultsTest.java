package io.github.genieenhancer.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.InternalError;
import com.databricks.sdk.core.error.platform.InvalidState;
import com.databricks.sdk.core.error.platform.ResourceExhausted;
import com.databricks.sdk.core.error.platform.TemporarilyUnavailable;
import com.databricks.sdk.core.error.platform.TooManyRequests;
import com.databricks.sdk.service.dashboards.GenieExecuteMessageAttachmentQueryRequest;
import com.databricks.sdk.service.dashboards.GenieGetSpaceRequest;
import com.databricks.sdk.service.dashboards.GenieMessage;
import com.databricks.sdk.service.dashboards.GenieStartConversationMessageRequest;
import com.databricks.sdk.service.dashboards.MessageStatus;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FaultsTest {
    static final ManualClock CLOCK = new ManualClock();
    static LocalWorkspace ws;
    static WorkspaceClient client;
    static WorkspaceClient noRetries;

    @BeforeAll
    static void start() {
        ws = WorkspaceFixture.fast().clock(CLOCK).start();
        client = ws.workspaceClient();
        noRetries = new WorkspaceClient(ws.databricksConfig().setDisableRetries(true));
    }

    @AfterAll
    static void stop() {
        ws.close();
    }

    @AfterEach
    void reset() {
        ws.faults().reset();
    }

    private static GenieStartConversationMessageRequest question(String text) {
        return new GenieStartConversationMessageRequest().setSpaceId(ws.sampleSpaceId()).setContent(text);
    }

    @Test
    void latency_delays_every_request() {
        ws.faults().latency(Duration.ofMillis(400), Duration.ofMillis(20));
        long start = System.nanoTime();
        client.genie().getSpace(new GenieGetSpaceRequest().setSpaceId(ws.sampleSpaceId()));
        long slow = (System.nanoTime() - start) / 1_000_000;
        ws.faults().reset();
        start = System.nanoTime();
        client.genie().getSpace(new GenieGetSpaceRequest().setSpaceId(ws.sampleSpaceId()));
        long fast = (System.nanoTime() - start) / 1_000_000;

        assertThat(slow).isGreaterThanOrEqualTo(400);
        assertThat(fast).isLessThan(400);
    }

    @Test
    void too_many_requests_carry_retry_after_which_the_sdk_honours() {
        long before = ws.requestCount(Endpoint.START_CONVERSATION);
        ws.faults().tooManyRequests(Endpoint.START_CONVERSATION, 2, Duration.ZERO);
        long start = System.nanoTime();

        String conversation = client.genie().startConversation(question("How many customers are there?"))
                .getResponse().getConversationId();

        assertThat(conversation).isNotBlank();
        assertThat(ws.requestCount(Endpoint.START_CONVERSATION) - before).isEqualTo(3);
        // Without Retry-After the SDK would back off at least one second before its first retry.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void too_many_requests_surface_as_429_when_the_client_does_not_retry() {
        ws.faults().tooManyRequests(Endpoint.ANY, 1, Duration.ofSeconds(7));

        assertThatThrownBy(() -> noRetries.genie().getSpace(new GenieGetSpaceRequest().setSpaceId(ws.sampleSpaceId())))
                .isInstanceOfSatisfying(TooManyRequests.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(429);
                    assertThat(e.getErrorCode()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
                });
        assertThat(noRetries.genie().getSpace(new GenieGetSpaceRequest().setSpaceId(ws.sampleSpaceId()))
                .getSpaceId()).isEqualTo(ws.sampleSpaceId());
    }

    @Test
    void a_burst_of_server_errors_fails_that_many_requests_then_recovers() {
        GenieMessage m = Sdk.askAndWait(client, ws.sampleSpaceId(), "How many customers are there?");
        ws.faults().serverErrors(Endpoint.GET_MESSAGE, 2, 500).serverErrors(Endpoint.STATEMENTS, 1, 503);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> client.genie().getMessage(ws.sampleSpaceId(), m.getConversationId(),
                    m.getMessageId())).isInstanceOfSatisfying(InternalError.class,
                    e -> assertThat(e.getStatusCode()).isEqualTo(500));
        }
        assertThat(client.genie().getMessage(ws.sampleSpaceId(), m.getConversationId(), m.getMessageId())
                .getStatus()).isEqualTo(MessageStatus.COMPLETED);
        assertThatThrownBy(() -> noRetries.statementExecution().getStatement("any"))
                .isInstanceOf(TemporarilyUnavailable.class);
    }

    @Test
    void injected_message_failures_end_messages_failed() {
        ws.faults().failMessages(1, "REPLY_PROCESS_TIMEOUT_EXCEPTION");

        GenieMessage failed = Sdk.askAndWait(client, ws.sampleSpaceId(), "How many customers are there?");
        GenieMessage next = Sdk.askAndWait(client, ws.sampleSpaceId(), "How many customers are there?");

        assertThat(failed.getStatus()).isEqualTo(MessageStatus.FAILED);
        assertThat(failed.getError().getType()).hasToString("REPLY_PROCESS_TIMEOUT_EXCEPTION");
        assertThat(next.getStatus()).isEqualTo(MessageStatus.COMPLETED);
    }

    @Test
    void injected_errors_carry_the_text_given() {
        ws.faults().failMessages(1, "SQL_EXECUTION_EXCEPTION", "echoing token t0k3n")
                .serverErrors(Endpoint.STATEMENTS, 1, 500, "gateway saw token t0k3n");

        GenieMessage failed = Sdk.askAndWait(client, ws.sampleSpaceId(), "How many customers are there?");

        assertThat(failed.getError().getError()).isEqualTo("echoing token t0k3n");
        assertThatThrownBy(() -> noRetries.statementExecution().getStatement("any"))
                .isInstanceOf(InternalError.class).hasMessageContaining("gateway saw token t0k3n");
    }

    @Test
    void expired_results_are_refused_until_the_query_is_executed_again() {
        GenieMessage m = Sdk.askAndWait(client, ws.sampleSpaceId(), "How many products are discontinued?");
        String attachment = Sdk.queryAttachment(m).orElseThrow().getAttachmentId();
        String statementId = Sdk.queryAttachment(m).orElseThrow().getQuery().getStatementId();

        ws.faults().expireResults();

        assertThat(client.genie().getMessage(ws.sampleSpaceId(), m.getConversationId(), m.getMessageId()).getStatus())
                .isEqualTo(MessageStatus.QUERY_RESULT_EXPIRED);
        assertThatThrownBy(() -> client.genie().getMessageAttachmentQueryResult(ws.sampleSpaceId(),
                m.getConversationId(), m.getMessageId(), attachment)).isInstanceOf(InvalidState.class);
        assertThat(client.statementExecution().getStatement(statementId).getStatus().getState())
                .isEqualTo(StatementState.CLOSED);
        StatementResponse rerun = client.genie().executeMessageAttachmentQuery(
                new GenieExecuteMessageAttachmentQueryRequest().setSpaceId(ws.sampleSpaceId())
                        .setConversationId(m.getConversationId()).setMessageId(m.getMessageId())
                        .setAttachmentId(attachment)).getStatementResponse();
        assertThat(rerun.getStatus().getState()).isEqualTo(StatementState.SUCCEEDED);
        assertThat(rerun.getResult().getDataArray()).hasSize(1);
        assertThat(client.genie().getMessage(ws.sampleSpaceId(), m.getConversationId(), m.getMessageId()).getStatus())
                .isEqualTo(MessageStatus.COMPLETED);
    }

    @Test
    void start_conversation_is_rate_limited_per_minute_of_the_workspace_clock() {
        ws.faults().rateLimitStartConversation(2);
        noRetries.genie().startConversation(question("How many customers are there?"));
        var second = noRetries.genie().startConversation(question("How many customers are there?")).getResponse();

        assertThatThrownBy(() -> noRetries.genie().startConversation(question("How many customers are there?")))
                .isInstanceOfSatisfying(ResourceExhausted.class, e -> assertThat(e.getStatusCode()).isEqualTo(429));
        // Polling is not rate limited.
        assertThat(Sdk.poll(noRetries, ws.sampleSpaceId(), second.getConversationId(), second.getMessageId())
                .getStatus()).isEqualTo(MessageStatus.COMPLETED);
    }

    @Test
    void starts_others_spent_are_refused_and_every_429_is_counted_per_endpoint() {
        ws.faults().rateLimitStartConversation(3);
        long before = ws.tooManyRequests(Endpoint.START_CONVERSATION);
        long beforeAll = ws.tooManyRequests(Endpoint.ANY);
        ws.faults().othersStartConversations(2);
        noRetries.genie().startConversation(question("How many customers are there?"));

        assertThatThrownBy(() -> noRetries.genie().startConversation(question("How many customers are there?")))
                .isInstanceOfSatisfying(ResourceExhausted.class, e -> assertThat(e.getStatusCode()).isEqualTo(429));
        assertThat(ws.tooManyRequests(Endpoint.START_CONVERSATION)).isEqualTo(before + 1);
        assertThat(ws.tooManyRequests(Endpoint.ANY)).isEqualTo(beforeAll + 1);
        assertThat(ws.tooManyRequests(Endpoint.GET_MESSAGE)).isZero();
    }

    @Test
    void the_rate_limit_frees_a_slot_a_minute_later() {
        ws.faults().rateLimitStartConversation(1);
        noRetries.genie().startConversation(question("How many customers are there?"));
        assertThatThrownBy(() -> noRetries.genie().startConversation(question("How many customers are there?")))
                .isInstanceOf(DatabricksError.class);

        CLOCK.advance(Duration.ofSeconds(61));

        assertThat(noRetries.genie().startConversation(question("How many customers are there?")).getResponse()
                .getMessageId()).isNotBlank();
    }

    /** A clock tests move by hand. */
    static final class ManualClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-01-15T09:00:00Z"));

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
