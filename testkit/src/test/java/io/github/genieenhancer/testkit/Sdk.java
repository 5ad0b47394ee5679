package io.github.genieenhancer.testkit;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.dashboards.EvaluationStatusType;
import com.databricks.sdk.service.dashboards.GenieAttachment;
import com.databricks.sdk.service.dashboards.GenieCreateSpaceRequest;
import com.databricks.sdk.service.dashboards.GenieEvalRunResponse;
import com.databricks.sdk.service.dashboards.GenieGetMessageQueryResultResponse;
import com.databricks.sdk.service.dashboards.GenieMessage;
import com.databricks.sdk.service.dashboards.GenieStartConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieStartConversationResponse;
import com.databricks.sdk.service.dashboards.MessageStatus;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.ResultData;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import io.github.genieenhancer.core.benchmark.Benchmark;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Test helpers that drive a LocalWorkspace through the real SDK only. */
final class Sdk {
    private static final Set<MessageStatus> DONE = Set.of(MessageStatus.COMPLETED, MessageStatus.FAILED,
            MessageStatus.CANCELLED, MessageStatus.QUERY_RESULT_EXPIRED);
    private static final Set<EvaluationStatusType> RUN_ENDED = Set.of(EvaluationStatusType.DONE,
            EvaluationStatusType.EVALUATION_FAILED, EvaluationStatusType.EVALUATION_CANCELLED,
            EvaluationStatusType.EVALUATION_TIMEOUT);

    private Sdk() {
    }

    /** Genie's reply: the final message, its SQL (if any) and the result rows. */
    record Reply(GenieMessage message, Optional<String> sql, List<List<String>> rows) {
    }

    /** Starts a conversation and polls it (every 2 ms) to a conclusive status. */
    static GenieMessage askAndWait(WorkspaceClient client, String spaceId, String question) {
        GenieStartConversationResponse start = client.genie().startConversation(
                new GenieStartConversationMessageRequest().setSpaceId(spaceId).setContent(question)).getResponse();
        return poll(client, spaceId, start.getConversationId(), start.getMessageId());
    }

    static GenieMessage poll(WorkspaceClient client, String spaceId, String conversationId, String messageId) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            GenieMessage m = client.genie().getMessage(spaceId, conversationId, messageId);
            if (DONE.contains(m.getStatus()) || System.nanoTime() > deadline) {
                return m;
            }
            sleep(2);
        }
    }

    /** Polls an eval run (every 10 ms) until it ends, whichever way, or 20 s have passed. */
    static GenieEvalRunResponse awaitEvalRun(WorkspaceClient client, String spaceId, GenieEvalRunResponse started) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        GenieEvalRunResponse run = started;
        while (!RUN_ENDED.contains(run.getEvalRunStatus()) && System.nanoTime() < deadline) {
            sleep(10);
            run = client.genie().genieGetEvalRun(spaceId, run.getEvalRunId());
        }
        return run;
    }

    static Reply ask(WorkspaceClient client, String spaceId, String question) {
        GenieMessage m = askAndWait(client, spaceId, question);
        Optional<GenieAttachment> query = queryAttachment(m);
        if (m.getStatus() != MessageStatus.COMPLETED || query.isEmpty()) {
            return new Reply(m, query.map(a -> a.getQuery().getQuery()), List.of());
        }
        GenieGetMessageQueryResultResponse result = client.genie().getMessageAttachmentQueryResult(
                spaceId, m.getConversationId(), m.getMessageId(), query.get().getAttachmentId());
        return new Reply(m, Optional.of(query.get().getQuery().getQuery()), rows(client, result.getStatementResponse()));
    }

    static Optional<GenieAttachment> queryAttachment(GenieMessage m) {
        if (m.getAttachments() == null) {
            return Optional.empty();
        }
        return m.getAttachments().stream().filter(a -> a.getQuery() != null).findFirst();
    }

    /** Runs SQL on the warehouse synchronously and reads every chunk. */
    static List<List<String>> run(WorkspaceClient client, String warehouseId, String sql) {
        StatementResponse r = client.statementExecution().executeStatement(new ExecuteStatementRequest()
                .setWarehouseId(warehouseId).setStatement(sql).setWaitTimeout("30s"));
        if (r.getStatus().getState() != StatementState.SUCCEEDED) {
            throw new AssertionError("statement " + r.getStatus().getState() + ": "
                    + (r.getStatus().getError() == null ? "" : r.getStatus().getError().getMessage()) + "\n" + sql);
        }
        return rows(client, r);
    }

    static List<List<String>> rows(WorkspaceClient client, StatementResponse r) {
        List<List<String>> rows = new ArrayList<>();
        ResultData chunk = r.getResult();
        while (chunk != null) {
            if (chunk.getDataArray() != null) {
                for (Collection<String> row : chunk.getDataArray()) {
                    rows.add(new ArrayList<>(row));
                }
            }
            chunk = chunk.getNextChunkIndex() == null ? null
                    : client.statementExecution().getStatementResultChunkN(r.getStatementId(), chunk.getNextChunkIndex());
        }
        return rows;
    }

    /** Naive result comparison: same column count, same rows as a multiset, numbers to 4 significant digits. */
    static boolean sameResult(List<List<String>> expected, List<List<String>> actual) {
        if (expected.isEmpty() || actual.isEmpty() || expected.get(0).size() != actual.get(0).size()) {
            return false;
        }
        Map<List<String>, Integer> bag = new HashMap<>();
        expected.forEach(r -> bag.merge(normalise(r), 1, Integer::sum));
        for (List<String> row : actual) {
            if (bag.merge(normalise(row), -1, Integer::sum) < 0) {
                return false;
            }
        }
        return bag.values().stream().allMatch(n -> n == 0);
    }

    private static List<String> normalise(List<String> row) {
        List<String> out = new ArrayList<>();
        for (String v : row) {
            out.add(v != null && v.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")
                    ? new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString() : v);
        }
        return out;
    }

    /** Whether Genie answers a benchmark correctly in a space. */
    static boolean correct(WorkspaceClient client, String warehouseId, String spaceId, Benchmark b) {
        Reply reply = ask(client, spaceId, b.question());
        return !reply.rows().isEmpty() && sameResult(run(client, warehouseId, b.expectedSql()), reply.rows());
    }

    /** Creates a space with a configuration and returns its id. */
    static String createSpace(WorkspaceClient client, String warehouseId, String serializedSpace) {
        return client.genie().createSpace(new GenieCreateSpaceRequest().setWarehouseId(warehouseId)
                .setTitle("test space").setSerializedSpace(serializedSpace)).getSpaceId();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
