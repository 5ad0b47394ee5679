package io.github.genieenhancer.genie;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Genie's answer to one question, asked in a conversation of its own.
 *
 * <p>A {@link AnswerStatus#COMPLETED} answer without SQL is a text-only answer (Genie asked a clarifying question
 * or answered in prose): {@link #isTextOnly()}. It is an answer, not an error.
 *
 * @param spaceId        the Genie space asked
 * @param question       the question as sent
 * @param status         how asking ended
 * @param conversationId the conversation created for the question, once the start call succeeded
 * @param messageId      the message holding the answer, once the start call succeeded
 * @param sql            the SQL Genie generated
 * @param text           Genie's prose: the text attachment(s), e.g. an explanation or a clarifying question
 * @param description    Genie's description of the generated query
 * @param attachmentId   the query attachment's id, for the result endpoints
 * @param statementId    the Statement Execution API id of the query Genie ran
 * @param result         Genie's own result of its query (at most 5,000 rows), when fetched and available
 * @param error          why the answer is not a normal completed one; may also be present on a COMPLETED answer
 *                       whose SQL was generated but whose result could not be fetched
 * @param timings        where the time went, from when the question was handed to the client until this answer,
 *                       every ask included
 * @param httpCalls      HTTP requests this question made, retries, asks again and conversation deletion included
 * @param earlierErrors  the transient failures of earlier asks of this question (a rate limit, a server error),
 *                       oldest first: each made the client ask again in a new conversation; empty when the first
 *                       ask gave this answer
 */
public record GenieAnswer(
        String spaceId,
        String question,
        AnswerStatus status,
        Optional<String> conversationId,
        Optional<String> messageId,
        Optional<String> sql,
        Optional<String> text,
        Optional<String> description,
        Optional<String> attachmentId,
        Optional<String> statementId,
        Optional<QueryResult> result,
        Optional<GenieError> error,
        GenieTimings timings,
        int httpCalls,
        List<GenieError> earlierErrors) {

    /** Validates the components. */
    public GenieAnswer {
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(attachmentId, "attachmentId");
        Objects.requireNonNull(statementId, "statementId");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(timings, "timings");
        earlierErrors = List.copyOf(earlierErrors);
    }

    /** Whether Genie generated SQL. */
    public boolean hasSql() {
        return sql.isPresent();
    }

    /** Whether Genie completed with prose only: a clarifying question or a text answer, no SQL. */
    public boolean isTextOnly() {
        return status == AnswerStatus.COMPLETED && sql.isEmpty();
    }
}
