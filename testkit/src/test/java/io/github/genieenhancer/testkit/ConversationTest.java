package io.github.genieenhancer.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.service.dashboards.GenieAttachment;
import com.databricks.sdk.service.dashboards.GenieCreateConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieListConversationsRequest;
import com.databricks.sdk.service.dashboards.GenieListConversationsResponse;
import com.databricks.sdk.service.dashboards.GenieMessage;
import com.databricks.sdk.service.dashboards.GenieStartConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieStartConversationResponse;
import com.databricks.sdk.service.dashboards.MessageStatus;
import com.databricks.sdk.service.dashboards.TextAttachmentPurpose;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConversationTest {
    static LocalWorkspace ws;
    static WorkspaceClient client;

    @BeforeAll
    static void start() {
        ws = LocalWorkspace.builder().genieLatency(Duration.ofMillis(200), Duration.ZERO)
                .statementLatency(Duration.ofMillis(200)).start();
        client = ws.workspaceClient();
    }

    @AfterAll
    static void stop() {
        ws.close();
    }

    @Test
    void a_question_walks_the_status_lifecycle_to_completed_with_sql_and_a_result() {
        GenieStartConversationResponse start = client.genie().startConversation(new GenieStartConversationMessageRequest()
                .setSpaceId(ws.sampleSpaceId()).setContent("How many stores of each store type are there?")).getResponse();
        Set<MessageStatus> seen = new LinkedHashSet<>();
        seen.add(start.getMessage().getStatus());
        GenieMessage m;
        do {
            m = client.genie().getMessage(ws.sampleSpaceId(), start.getConversationId(), start.getMessageId());
            seen.add(m.getStatus());
        } while (m.getStatus() != MessageStatus.COMPLETED);

        assertThat(start.getMessage().getStatus()).isEqualTo(MessageStatus.SUBMITTED);
        assertThat(seen).containsSubsequence(MessageStatus.SUBMITTED, MessageStatus.ASKING_AI, MessageStatus.COMPLETED);
        assertThat(seen).contains(MessageStatus.EXECUTING_QUERY);
        GenieAttachment query = Sdk.queryAttachment(m).orElseThrow();
        assertThat(query.getQuery().getQuery()).contains("retail.sales.stores").containsIgnoringCase("GROUP BY");
        int storeTypes = Sdk.run(client, ws.warehouseId(), "SELECT DISTINCT store_type FROM retail.sales.stores").size();
        assertThat(query.getQuery().getQueryResultMetadata().getRowCount()).isEqualTo((long) storeTypes);
        StatementResponse result = client.genie().getMessageAttachmentQueryResult(ws.sampleSpaceId(),
                m.getConversationId(), m.getMessageId(), query.getAttachmentId()).getStatementResponse();
        assertThat(result.getStatus().getState()).isEqualTo(StatementState.SUCCEEDED);
        assertThat(result.getResult().getDataArray()).hasSize(storeTypes);
        StatementResponse byId = client.statementExecution().getStatement(query.getQuery().getStatementId());
        assertThat(byId.getResult().getDataArray()).isEqualTo(result.getResult().getDataArray());
    }

    @Test
    void a_question_the_space_cannot_relate_gets_a_clarifying_text_reply() {
        GenieMessage m = Sdk.askAndWait(client, ws.sampleSpaceId(), "How many returns were there for Electronics products?");

        assertThat(m.getStatus()).isEqualTo(MessageStatus.COMPLETED);
        assertThat(Sdk.queryAttachment(m)).isEmpty();
        assertThat(m.getAttachments()).singleElement().satisfies(a -> {
            assertThat(a.getText().getContent()).contains("Which column links them?");
            assertThat(a.getText().getPurpose()).isEqualTo(TextAttachmentPurpose.FOLLOW_UP_QUESTION);
        });
    }

    @Test
    void follow_up_messages_and_conversation_listing_work() {
        GenieMessage first = Sdk.askAndWait(client, ws.sampleSpaceId(), "How many customers are there?");
        GenieMessage second = client.genie().createMessage(new GenieCreateConversationMessageRequest()
                .setSpaceId(ws.sampleSpaceId()).setConversationId(first.getConversationId())
                .setContent("How many products are discontinued?")).getResponse();
        GenieMessage done = Sdk.poll(client, ws.sampleSpaceId(), first.getConversationId(), second.getMessageId());

        assertThat(done.getStatus()).isEqualTo(MessageStatus.COMPLETED);
        assertThat(Sdk.queryAttachment(done).orElseThrow().getQuery().getQuery()).contains("is_discontinued");
        assertThat(client.genie().listConversations(new GenieListConversationsRequest().setSpaceId(ws.sampleSpaceId()))
                .getConversations()).anySatisfy(c -> assertThat(c.getConversationId()).isEqualTo(first.getConversationId()));
        client.genie().deleteConversation(ws.sampleSpaceId(), first.getConversationId());
        assertThatThrownBy(() -> client.genie().getMessage(ws.sampleSpaceId(), first.getConversationId(),
                first.getMessageId())).isInstanceOf(NotFound.class);
    }

    @Test
    void conversations_are_listed_newest_first_in_pages_of_at_most_100_following_next_page_token() {
        String id = Sdk.createSpace(client, ws.warehouseId(), ws.sampleSpaceConfig().toJson());
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            started.add(client.genie().startConversation(new GenieStartConversationMessageRequest().setSpaceId(id)
                    .setContent("How many customers are there? " + i)).getResponse().getConversationId());
        }

        GenieListConversationsResponse first = client.genie().listConversations(id);
        List<String> listed = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            GenieListConversationsResponse page = client.genie().listConversations(new GenieListConversationsRequest()
                    .setSpaceId(id).setPageSize(10L).setPageToken(token).setIncludeAll(true));
            page.getConversations().forEach(c -> listed.add(c.getConversationId()));
            token = page.getNextPageToken();
            pages++;
        } while (token != null);

        assertThat(first.getConversations()).hasSize(20);
        assertThat(first.getNextPageToken()).isNotBlank();
        assertThat(pages).isEqualTo(3);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(started).doesNotHaveDuplicates();
        assertThat(listed.get(0)).isEqualTo(started.get(started.size() - 1));
        assertThatThrownBy(() -> client.genie().listConversations(new GenieListConversationsRequest().setSpaceId(id)
                .setPageSize(101L))).isInstanceOfSatisfying(DatabricksError.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("page_size must be between 1 and 100");
                });
        assertThatThrownBy(() -> client.genie().listConversations(new GenieListConversationsRequest().setSpaceId(id)
                .setPageToken("not-a-token"))).isInstanceOfSatisfying(DatabricksError.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(400));
    }

    @Test
    void conversations_left_behind_by_others_are_listed_and_can_be_deleted() {
        String id = Sdk.createSpace(client, ws.warehouseId(), ws.sampleSpaceConfig().toJson());

        ws.faults().conversationsLeftBehind(id, 150);

        GenieListConversationsResponse first = client.genie().listConversations(new GenieListConversationsRequest()
                .setSpaceId(id).setPageSize(100L));
        GenieListConversationsResponse second = client.genie().listConversations(new GenieListConversationsRequest()
                .setSpaceId(id).setPageSize(100L).setPageToken(first.getNextPageToken()));
        assertThat(first.getConversations()).hasSize(100);
        assertThat(second.getConversations()).hasSize(50);
        assertThat(second.getNextPageToken()).isNull();
        client.genie().deleteConversation(id, second.getConversations().iterator().next().getConversationId());
        assertThat(client.genie().listConversations(new GenieListConversationsRequest().setSpaceId(id)
                .setPageSize(100L).setPageToken(first.getNextPageToken())).getConversations()).hasSize(49);
        assertThatThrownBy(() -> ws.faults().conversationsLeftBehind("01f0000000000000000000000000dead", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
    }

    @Test
    void sql_that_fails_on_the_warehouse_ends_the_message_failed() {
        String id = Sdk.createSpace(client, ws.warehouseId(), ws.sampleSpaceConfig().toJson());
        ws.faults().editSpaceUnderneath(id, config -> {
            config.withObject("instructions").withObject("sql_snippets").putArray("measures").addObject()
                    .put("id", "01f0a1b2c3d4e5f60000000000000050").put("alias", "broken")
                    .put("display_name", "revenue").putArray("sql").add("SUM(order_items.no_such_column)");
            return config;
        });

        GenieMessage m = Sdk.askAndWait(client, id, "What is the revenue by channel?");

        assertThat(m.getStatus()).isEqualTo(MessageStatus.FAILED);
        assertThat(m.getError().getType()).hasToString("SQL_EXECUTION_EXCEPTION");
        assertThat(m.getError().getError()).contains("no_such_column");
    }
}
