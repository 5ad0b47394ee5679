package io.github.genieenhancer.genie;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.dashboards.GenieAttachment;
import com.databricks.sdk.service.dashboards.GenieExecuteMessageAttachmentQueryRequest;
import com.databricks.sdk.service.dashboards.GenieListConversationsRequest;
import com.databricks.sdk.service.dashboards.GenieListConversationsResponse;
import com.databricks.sdk.service.dashboards.GenieMessage;
import com.databricks.sdk.service.dashboards.GenieQueryAttachment;
import com.databricks.sdk.service.dashboards.GenieStartConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieStartConversationResponse;
import com.databricks.sdk.service.dashboards.MessageError;
import com.databricks.sdk.service.dashboards.MessageStatus;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import com.databricks.sdk.service.sql.StatementStatus;
import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.GenieApiException;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.Sleeper;
import io.github.genieenhancer.genie.internal.CallCounter;
import io.github.genieenhancer.genie.internal.AnswerLatency;
import io.github.genieenhancer.genie.internal.DatabricksCalls;
import io.github.genieenhancer.genie.internal.Polling;
import io.github.genieenhancer.genie.internal.StatementErrors;
import io.github.genieenhancer.genie.internal.StatementResults;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a Genie space questions through the Conversation API, each in a new conversation, and waits for the answer
 * with its own poll loop (the SDK's waiter polls CANCELLED and QUERY_RESULT_EXPIRED messages until its 20-minute
 * timeout). Immutable and thread-safe; one instance serves many threads.
 *
 * <pre>{@code
 * GenieClient genie = GenieClient.create(new WorkspaceClient());
 * GenieAnswer answer = genie.ask("01ef...", "What were total sales last month?");
 * answer.sql().ifPresent(System.out::println);
 * }</pre>
 *
 * <p>Conversation-starting POSTs go through a {@link GenieRateLimiter} (default 5 per minute in any rolling minute,
 * the documented per-workspace limit); polling GETs do not count. A 429 on a start slows the limiter's pace (the
 * server's {@code Retry-After} honoured) and the start waits its turn again, without using up a retry or a re-ask.
 * Once some answers have come back, polls are scheduled around the answer latency learned from them (see
 * {@link Builder#adaptivePolling}). Every other failed call is retried by the {@link RetryPolicy}.
 * A question whose answer failed transiently (a {@link ErrorGroup#RETRYABLE} message error such as
 * {@code RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION}, or a request that still failed with 429, 5xx or an I/O error after
 * the retries) is asked again in a new conversation, after a backoff and through the same rate limiter, up to the
 * {@linkplain Builder#reaskPolicy re-ask policy}'s attempts; the answer lists the earlier failures.
 */
public final class GenieClient {
    private static final Logger LOG = LoggerFactory.getLogger(GenieClient.class);
    private static final Set<MessageStatus> DONE = EnumSet.of(MessageStatus.COMPLETED, MessageStatus.FAILED,
            MessageStatus.CANCELLED, MessageStatus.QUERY_RESULT_EXPIRED);
    private static final RetryPolicy DEFAULT_REASKS = RetryPolicy.builder().maxAttempts(4)
            .backoff(Duration.ofSeconds(15), Duration.ofSeconds(60)).build();
    private static final Set<MessageStatus> PAST_GENERATION = EnumSet.of(MessageStatus.EXECUTING_QUERY,
            MessageStatus.COMPLETED, MessageStatus.FAILED, MessageStatus.CANCELLED,
            MessageStatus.QUERY_RESULT_EXPIRED);

    /** The API's largest page of conversations. */
    private static final int CONVERSATIONS_PAGE = 100;

    private final DatabricksCalls calls;
    private final GenieRateLimiter rateLimiter;
    private final AnswerLatency answerLatency;
    private final RetryPolicy reaskPolicy;
    private final Duration maxRetryAfter;
    private final IntervalFunction reaskBackoff;
    private final Duration initialPollInterval;
    private final Duration maxPollInterval;
    private final Duration questionTimeout;
    private final boolean deleteConversations;
    private final boolean fetchResults;
    private final Clock clock;
    private final Sleeper sleeper;

    private GenieClient(Builder b) {
        this.calls = DatabricksCalls.create(b.workspace, b.retryPolicy, b.sleeper);
        this.rateLimiter = b.rateLimiter != null ? b.rateLimiter
                : GenieRateLimiter.perMinute(b.questionsPerMinute, b.clock);
        this.answerLatency = b.adaptivePolling ? AnswerLatency.learning() : AnswerLatency.off();
        this.reaskPolicy = b.reaskPolicy;
        this.maxRetryAfter = b.retryPolicy.maxRetryAfter();
        this.reaskBackoff = DatabricksCalls.backoff(b.reaskPolicy);
        this.initialPollInterval = b.initialPollInterval;
        this.maxPollInterval = b.maxPollInterval;
        this.questionTimeout = b.questionTimeout;
        this.deleteConversations = b.deleteConversations;
        this.fetchResults = b.fetchResults;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
    }

    /** A client with the default settings. */
    public static GenieClient create(WorkspaceClient workspace) {
        return builder(workspace).build();
    }

    /** A builder for a client that calls Databricks through the given workspace client (and its auth). */
    public static Builder builder(WorkspaceClient workspace) {
        return new Builder(workspace);
    }

    /**
     * Asks one question in a new conversation and waits for Genie's answer; a transient failure is asked again (see
     * {@link Builder#reaskPolicy}).
     *
     * @return the answer: COMPLETED (with SQL, or text only), FAILED (with Genie's error), CANCELLED or TIMED_OUT
     * @throws GenieApiException      when an API call failed even after retries and asks again (the space does not
     *                                exist, no permission, the service kept failing)
     * @throws GenieEnhancerException when the calling thread was interrupted; its interrupt flag stays set
     */
    public GenieAnswer ask(String spaceId, String question) {
        Outcome outcome = answer(spaceId, question, clock.instant());
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
        return outcome.answer();
    }

    /**
     * Deletes a conversation, e.g. one kept by a client built without {@link Builder#deleteConversations}.
     * A space holds at most 10,000 conversations.
     *
     * @throws GenieApiException when the call failed even after retries
     */
    public void deleteConversation(String spaceId, String conversationId) {
        calls.callUnchecked("delete Genie conversation " + conversationId, new CallCounter(), () -> {
            calls.genie().deleteConversation(spaceId, conversationId);
            return null;
        });
    }

    /**
     * Counts a space's conversations, following every page of the list ({@value #CONVERSATIONS_PAGE} per page, the
     * most the API gives). A space holds at most 10,000 conversations; every question asked starts one.
     *
     * @param allUsers every user's conversations ({@code include_all}, which needs CAN MANAGE on the space), else
     *                 only those of the caller
     * @throws GenieApiException when a call failed even after retries, e.g. 403 for {@code allUsers} without CAN
     *                           MANAGE, or 404 for a space that does not exist
     */
    public long countConversations(String spaceId, boolean allUsers) {
        Objects.requireNonNull(spaceId, "spaceId");
        CallCounter http = new CallCounter();
        long count = 0;
        String pageToken = null;
        do {
            GenieListConversationsRequest page = new GenieListConversationsRequest().setSpaceId(spaceId)
                    .setPageSize((long) CONVERSATIONS_PAGE).setPageToken(pageToken).setIncludeAll(allUsers);
            GenieListConversationsResponse listed = calls.callUnchecked("list conversations of Genie space "
                    + spaceId, http, () -> calls.genie().listConversations(page));
            count += listed.getConversations() == null ? 0 : listed.getConversations().size();
            pageToken = listed.getNextPageToken() == null || listed.getNextPageToken().isEmpty() ? null
                    : listed.getNextPageToken();
        } while (pageToken != null);
        return count;
    }

    /**
     * Asks without throwing: request failures and interrupts become answers, the exception kept beside them. A
     * transient failure is asked again, in a new conversation, until the re-ask policy's attempts are used up.
     */
    Outcome answer(String spaceId, String question, Instant submitted) {
        CallCounter http = new CallCounter();
        Outcome outcome = answerOnce(spaceId, question, submitted, http, List.of(), Duration.ZERO);
        for (Optional<Duration> wait = reaskWait(outcome.answer()); wait.isPresent();
             wait = reaskWait(outcome.answer())) {
            outcome = answerOnce(spaceId, question, submitted, http, withError(outcome.answer()), wait.get());
        }
        return outcome;
    }

    /**
     * Asks once, without asking again: request failures and interrupts become answers.
     *
     * @param http          counts the requests of every ask of the question
     * @param earlierErrors the transient failures of the question's earlier asks
     * @param waitFirst     the backoff to wait before this ask
     */
    Outcome answerOnce(String spaceId, String question, Instant submitted, CallCounter http,
                       List<GenieError> earlierErrors, Duration waitFirst) {
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(question, "question");
        return new QuestionRun(spaceId, question, submitted, http, earlierErrors, waitFirst).run();
    }

    /**
     * How long to wait before asking a question again after this answer: present when the answer failed
     * transiently (a retryable message error, or a request that kept failing with 429, 5xx or an I/O error) and the
     * re-ask policy has attempts left. Never for a timeout or a cancellation, which count against the space.
     */
    Optional<Duration> reaskWait(GenieAnswer answer) {
        boolean transientFailure = (answer.status() == AnswerStatus.FAILED
                || answer.status() == AnswerStatus.REQUEST_FAILED)
                && answer.error().filter(e -> e.group() == ErrorGroup.RETRYABLE).isPresent();
        int asked = answer.earlierErrors().size() + 1;
        if (!transientFailure || asked >= reaskPolicy.maxAttempts()) {
            return Optional.empty();
        }
        long millis = Math.min(reaskBackoff.apply(asked), reaskPolicy.maxBackoff().toMillis());
        LOG.info("Genie space {} failed transiently on a question ({}); asking it again in {} ms (ask {} of {})",
                answer.spaceId(), answer.error().orElseThrow().type(), millis, asked + 1, reaskPolicy.maxAttempts());
        return Optional.of(Duration.ofMillis(millis));
    }

    /** The earlier errors of an answer asked again: its own, plus its error. */
    static List<GenieError> withError(GenieAnswer answer) {
        List<GenieError> errors = new ArrayList<>(answer.earlierErrors());
        answer.error().ifPresent(errors::add);
        return errors;
    }

    Clock clock() {
        return clock;
    }

    /** Text that may hold server text, redacted as {@link #ask} redacts what it returns. */
    String redact(String text) {
        return calls.redact(text);
    }

    /** The throwable when no message of its chain holds a credential, else {@code null}: safe to log with. */
    Throwable safeCause(Throwable thrown) {
        return calls.safeCause(thrown);
    }

    /** An answer, and for REQUEST_FAILED and ABORTED answers the exception {@link #ask} throws. */
    record Outcome(GenieAnswer answer, GenieEnhancerException failure) {
    }

    /** The limiter pacing this client's conversation starts. */
    GenieRateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** Waits until the limiter grants a start; a 429 reported while waiting voids the grant, so it asks again. */
    private void awaitPermit() throws InterruptedException {
        while (true) {
            GenieRateLimiter.Reservation reservation = rateLimiter.reserve();
            sleeper.sleep(reservation.delay());
            if (rateLimiter.stillValid(reservation)) {
                return;
            }
        }
    }

    /** The state of one ask of a question while it is asked. */
    private final class QuestionRun {
        private final String spaceId;
        private final String question;
        private final Instant submitted;
        private final CallCounter http;
        private final List<GenieError> earlierErrors;
        private final Duration waitFirst;

        private Instant sentAt;
        private Instant lastSentAt;
        private Instant generatedAt;
        private Instant readyAt;
        private String conversationId;
        private String messageId;
        private AnswerStatus status;
        private GenieError error;
        private String sql;
        private String description;
        private String attachmentId;
        private String statementId;
        private final List<String> texts = new ArrayList<>();
        private QueryResult result;
        private boolean resultTruncatedByGenie;

        /**
         * @param http          counts the requests of every ask of the question
         * @param earlierErrors the transient failures of the earlier asks
         * @param waitFirst     the backoff before this ask
         */
        QuestionRun(String spaceId, String question, Instant submitted, CallCounter http,
                    List<GenieError> earlierErrors, Duration waitFirst) {
            this.spaceId = spaceId;
            this.question = question;
            this.submitted = submitted;
            this.http = http;
            this.earlierErrors = List.copyOf(earlierErrors);
            this.waitFirst = waitFirst;
        }

        Outcome run() {
            GenieEnhancerException failure = null;
            try {
                askAndWait();
            } catch (GenieApiException e) {
                failure = e;
                status = AnswerStatus.REQUEST_FAILED;
                OptionalInt httpStatus = e.statusCode() > 0 ? OptionalInt.of(e.statusCode()) : OptionalInt.empty();
                String type = e.errorCode().orElse(e.statusCode() > 0 ? "HTTP_" + e.statusCode() : "IO_ERROR");
                error = new GenieError(e.isRetriable() ? ErrorGroup.RETRYABLE : ErrorGroup.INFRASTRUCTURE, type,
                        e.getMessage(), httpStatus);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = AnswerStatus.ABORTED;
                error = GenieError.of(ErrorGroup.RETRYABLE, "ABORTED", "Stopped by the caller before Genie finished");
                failure = new GenieEnhancerException("Interrupted while asking Genie space " + spaceId, e);
            }
            if (readyAt == null) {
                readyAt = clock.instant();
            }
            if (deleteConversations && conversationId != null && status != AnswerStatus.ABORTED) {
                deleteQuietly();
            }
            return new Outcome(toAnswer(), failure);
        }

        private void askAndWait() throws InterruptedException {
            if (waitFirst.compareTo(Duration.ZERO) > 0) {
                sleeper.sleep(waitFirst);
            }
            Instant pacedUntil = clock.instant().plus(questionTimeout);
            GenieStartConversationResponse start = calls.call("start a conversation in Genie space " + spaceId, http,
                    () -> {
                        awaitPermit();
                        lastSentAt = clock.instant();
                        if (sentAt == null) {
                            sentAt = lastSentAt;
                        }
                        return calls.genie().startConversation(new GenieStartConversationMessageRequest()
                                .setSpaceId(spaceId).setContent(question)).getResponse();
                    },
                    retryAfter -> {
                        // The limiter never exceeds its rate, so the budget was spent by someone else: slow down.
                        rateLimiter.rateLimited(retryAfter.filter(wait -> wait.compareTo(maxRetryAfter) < 0)
                                .orElse(retryAfter.isPresent() ? maxRetryAfter : Duration.ZERO));
                        return clock.instant().isBefore(pacedUntil);
                    });
            rateLimiter.started();
            conversationId = start.getConversationId();
            messageId = start.getMessageId() != null ? start.getMessageId()
                    : start.getMessage() == null ? null : start.getMessage().getMessageId();
            if (conversationId == null || messageId == null) {
                throw new GenieApiException("Genie space " + spaceId
                        + " answered start-conversation without a conversation_id or message_id", 200, null, false,
                        null);
            }
            Instant deadline = sentAt.plus(questionTimeout);
            GenieMessage message = pollUntilDone(start.getMessage(), deadline);
            if (message == null) {
                return;
            }
            readAttachments(message);
            MessageStatus finalStatus = message.getStatus();
            if (finalStatus == MessageStatus.FAILED) {
                status = AnswerStatus.FAILED;
                error = messageError(message.getError());
            } else if (finalStatus == MessageStatus.CANCELLED) {
                status = AnswerStatus.CANCELLED;
                MessageError cause = message.getError();
                error = GenieError.of(ErrorGroup.CONFIGURATION, "CANCELLED", cause != null && cause.getError() != null
                        ? cause.getError() : "Genie reported the message as CANCELLED");
            } else {
                status = AnswerStatus.COMPLETED;
                if (fetchResults && attachmentId != null) {
                    fetchResult(finalStatus == MessageStatus.QUERY_RESULT_EXPIRED, deadline);
                }
            }
            readyAt = clock.instant();
        }

        /** The finished message, or {@code null} when the deadline passed first (status is then TIMED_OUT). */
        private GenieMessage pollUntilDone(GenieMessage initial, Instant deadline) throws InterruptedException {
            GenieMessage message = initial;
            Polling polling = answerLatency.polling(initialPollInterval, maxPollInterval, clock, sleeper, deadline);
            noteProgress(message);
            while (message == null || !DONE.contains(message.getStatus())) {
                if (!polling.awaitNext()) {
                    status = AnswerStatus.TIMED_OUT;
                    readyAt = clock.instant();
                    String last = message == null || message.getStatus() == null ? "an unknown status"
                            : message.getStatus().name();
                    error = GenieError.of(ErrorGroup.CONFIGURATION, "TIMED_OUT", "Genie did not finish within "
                            + questionTimeout + "; last status was " + last);
                    if (message != null) {
                        readAttachments(message);
                    }
                    return null;
                }
                message = calls.call("poll Genie message " + messageId, http,
                        () -> calls.genie().getMessage(spaceId, conversationId, messageId));
                noteProgress(message);
            }
            if (message.getStatus() == MessageStatus.COMPLETED) {
                // Failures can come back much sooner than answers; only answers teach the schedule.
                answerLatency.record(Duration.between(lastSentAt, clock.instant()), polling);
            }
            return message;
        }

        private void noteProgress(GenieMessage message) {
            if (generatedAt == null && message != null && PAST_GENERATION.contains(message.getStatus())) {
                generatedAt = clock.instant();
            }
        }

        private void readAttachments(GenieMessage message) {
            texts.clear();
            if (message.getAttachments() == null) {
                return;
            }
            for (GenieAttachment attachment : message.getAttachments()) {
                GenieQueryAttachment query = attachment.getQuery();
                if (query != null && sql == null) {
                    sql = blankToNull(query.getQuery());
                    description = blankToNull(query.getDescription());
                    statementId = query.getStatementId();
                    attachmentId = attachment.getAttachmentId() != null ? attachment.getAttachmentId() : query.getId();
                    resultTruncatedByGenie = query.getQueryResultMetadata() != null
                            && Boolean.TRUE.equals(query.getQueryResultMetadata().getIsTruncated());
                }
                if (attachment.getText() != null && attachment.getText().getContent() != null
                        && !attachment.getText().getContent().isBlank()) {
                    texts.add(attachment.getText().getContent());
                }
            }
        }

        private void fetchResult(boolean expired, Instant deadline) throws InterruptedException {
            StatementResponse response = expired ? reexecute() : fetchAttachmentResult();
            if (!expired && state(response) == StatementState.CLOSED) {
                // The result expired between completion and our fetch: re-run it like QUERY_RESULT_EXPIRED.
                response = reexecute();
            }
            Polling polling = new Polling(initialPollInterval, maxPollInterval, clock, sleeper, deadline);
            while (state(response) == StatementState.PENDING || state(response) == StatementState.RUNNING) {
                if (!polling.awaitNext()) {
                    error = GenieError.of(ErrorGroup.CONFIGURATION, "TIMED_OUT",
                            "Genie's query result was not ready within " + questionTimeout);
                    return;
                }
                response = fetchAttachmentResult();
            }
            if (state(response) == StatementState.SUCCEEDED) {
                result = StatementResults.firstChunkResult(response, resultTruncatedByGenie);
                if (response.getStatementId() != null) {
                    statementId = response.getStatementId();
                }
                return;
            }
            error = statementError(response);
        }

        /**
         * The attachment's result. A result that expired after the poll saw the message COMPLETED is refused as
         * INVALID_STATE; when the message now says QUERY_RESULT_EXPIRED, that is reported as a CLOSED statement,
         * which the caller re-executes, rather than as a failed request.
         */
        private StatementResponse fetchAttachmentResult() throws InterruptedException {
            try {
                return calls.call("fetch the result of Genie message " + messageId, http,
                        () -> calls.genie().getMessageAttachmentQueryResult(spaceId, conversationId, messageId,
                                attachmentId).getStatementResponse());
            } catch (GenieApiException e) {
                if (e.statusCode() == 400 && e.errorCode().filter("INVALID_STATE"::equals).isPresent()
                        && messageStatus() == MessageStatus.QUERY_RESULT_EXPIRED) {
                    return new StatementResponse().setStatus(new StatementStatus().setState(StatementState.CLOSED));
                }
                throw e;
            }
        }

        private MessageStatus messageStatus() throws InterruptedException {
            GenieMessage message = calls.call("poll Genie message " + messageId, http,
                    () -> calls.genie().getMessage(spaceId, conversationId, messageId));
            return message == null ? null : message.getStatus();
        }

        private StatementResponse reexecute() throws InterruptedException {
            return calls.call("re-execute the expired query of Genie message " + messageId, http,
                    () -> calls.genie().executeMessageAttachmentQuery(new GenieExecuteMessageAttachmentQueryRequest()
                            .setSpaceId(spaceId).setConversationId(conversationId).setMessageId(messageId)
                            .setAttachmentId(attachmentId)).getStatementResponse());
        }

        private void deleteQuietly() {
            try {
                calls.call("delete Genie conversation " + conversationId, http, () -> {
                    calls.genie().deleteConversation(spaceId, conversationId);
                    return null;
                });
            } catch (GenieApiException e) {
                LOG.warn("Could not delete Genie conversation {} in space {}: {}", conversationId, spaceId,
                        e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * The answer. Text the server wrote (Genie's and the warehouse's error messages, Genie's prose and query
         * description) is redacted here, where it enters the answer; Genie's SQL and result are kept as they are.
         */
        private GenieAnswer toAnswer() {
            Instant sent = sentAt != null ? sentAt : readyAt;
            Instant generated = generatedAt != null ? generatedAt : readyAt;
            GenieTimings timings = new GenieTimings(Duration.between(submitted, sent),
                    sentAt == null ? Duration.ZERO : Duration.between(sent, generated),
                    Duration.between(submitted, readyAt));
            Optional<GenieError> redactedError = Optional.ofNullable(error).map(e -> new GenieError(e.group(),
                    e.type(), calls.redact(e.message()), e.httpStatus()));
            return new GenieAnswer(spaceId, question, status, Optional.ofNullable(conversationId),
                    Optional.ofNullable(messageId), Optional.ofNullable(sql),
                    texts.isEmpty() ? Optional.empty() : Optional.of(calls.redact(String.join("\n\n", texts))),
                    Optional.ofNullable(description).map(calls::redact), Optional.ofNullable(attachmentId),
                    Optional.ofNullable(statementId), Optional.ofNullable(result), redactedError,
                    timings, http.count(), earlierErrors);
        }
    }

    private static StatementState state(StatementResponse response) {
        return response == null || response.getStatus() == null ? null : response.getStatus().getState();
    }

    private static GenieError messageError(MessageError messageError) {
        String type = messageError == null || messageError.getType() == null ? "UNKNOWN"
                : messageError.getType().name();
        String message = messageError == null || messageError.getError() == null
                ? "Genie reported FAILED without an error message" : messageError.getError();
        return GenieError.of(ErrorGroup.of(type), type, message);
    }

    private static GenieError statementError(StatementResponse response) {
        if (response == null || response.getStatus() == null) {
            return GenieError.of(ErrorGroup.INFRASTRUCTURE, "NO_RESULT", "Genie returned no query result");
        }
        StatementErrors.Failure failure = StatementErrors.of(response);
        return GenieError.of(failure.group(), failure.errorCode().orElse(failure.state()),
                failure.message().orElse("Genie's query ended in state " + failure.state()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Builds a {@link GenieClient}. */
    public static final class Builder {
        private final WorkspaceClient workspace;
        private double questionsPerMinute = 5;
        private GenieRateLimiter rateLimiter;
        private boolean adaptivePolling = true;
        private Duration initialPollInterval = Duration.ofSeconds(1);
        private Duration maxPollInterval = Duration.ofSeconds(10);
        private Duration questionTimeout = Duration.ofMinutes(10);
        private boolean deleteConversations;
        private boolean fetchResults = true;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private RetryPolicy reaskPolicy = DEFAULT_REASKS;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();

        private Builder(WorkspaceClient workspace) {
            this.workspace = Objects.requireNonNull(workspace, "workspace");
        }

        /**
         * Conversation-starting POSTs allowed per minute, spread evenly (default 5, the documented per-workspace
         * limit of the Genie API; ask your account team for more). Ignored when {@link #rateLimiter} is set.
         */
        public Builder questionsPerMinute(double questionsPerMinute) {
            if (!(questionsPerMinute > 0) || Double.isInfinite(questionsPerMinute)) {
                throw new ConfigurationException(
                        "GenieClient.questionsPerMinute must be a positive number, got " + questionsPerMinute);
            }
            this.questionsPerMinute = questionsPerMinute;
            return this;
        }

        /**
         * A rate limiter to share, e.g. between several clients of one workspace, since the limit is per
         * workspace (default: one of the client's own at {@link #questionsPerMinute}). Each conversation-starting
         * attempt takes one start.
         */
        public Builder rateLimiter(GenieRateLimiter rateLimiter) {
            this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
            return this;
        }

        /**
         * Poll intervals: the first wait after sending a question, growing by 1.5× per poll up to the maximum
         * (defaults 1 s and 10 s; Databricks suggests polling every 1–5 s and backing off to at most a minute).
         */
        public Builder pollInterval(Duration initial, Duration max) {
            Polling.requireRange("GenieClient", "poll interval", initial, max);
            this.initialPollInterval = initial;
            this.maxPollInterval = max;
            return this;
        }

        /**
         * Whether polls follow the answer latency learned from the questions this client has already seen answered
         * (default true): the first poll just after the earliest recent completion, then even steps (half the
         * spread of the last 32 answers' latencies, between 500 ms and 1 s) through a step past the latest, then
         * the {@link #pollInterval} growth. Until an answer has been seen, and when off, polls follow
         * {@link #pollInterval} alone. One client learns from every space it asks, so share a client between
         * spaces of similar latency.
         */
        public Builder adaptivePolling(boolean adaptivePolling) {
            this.adaptivePolling = adaptivePolling;
            return this;
        }

        /**
         * How long one question may take from sending it until its answer and result are ready (default
         * 10 minutes, as Databricks recommends); after it the answer is TIMED_OUT.
         */
        public Builder questionTimeout(Duration questionTimeout) {
            Polling.requirePositive("GenieClient", "question timeout", questionTimeout);
            this.questionTimeout = questionTimeout;
            return this;
        }

        /**
         * Whether to delete each conversation once its answer is read (default false). A space holds at most
         * 10,000 conversations, so turn this on for repeated benchmark runs; the deletion is one more HTTP call
         * per question and its failure is only logged.
         */
        public Builder deleteConversations(boolean deleteConversations) {
            this.deleteConversations = deleteConversations;
            return this;
        }

        /** Whether to fetch Genie's own result of its query (default true): one more HTTP call per question. */
        public Builder fetchResults(boolean fetchResults) {
            this.fetchResults = fetchResults;
            return this;
        }

        /** Retries of failed calls (default {@link RetryPolicy#defaults()}). */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /**
         * How a question whose answer failed transiently is asked again: a {@link ErrorGroup#RETRYABLE} message
         * error (a rate limit such as {@code RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION}, a network or LLM hiccup of
         * Genie's), or a request that still failed with 429, 5xx or an I/O error after the {@link #retryPolicy}'s
         * retries. Each ask is a new conversation whose POST takes a permit of the rate limiter, after a wait from
         * the policy's backoff; {@code maxAttempts} counts every ask. Default: 4 asks, waits of 15 s doubling to at
         * most 60 s with ±50 % jitter, so a per-minute rate limit has passed; {@link RetryPolicy#none()} asks once.
         * Timeouts and cancellations are never asked again: they count against the space.
         */
        public Builder reaskPolicy(RetryPolicy reaskPolicy) {
            this.reaskPolicy = Objects.requireNonNull(reaskPolicy, "reaskPolicy");
            return this;
        }

        /** The clock for deadlines, timings and the client's own rate limiter (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How to wait between polls, retries and rate-limit permits (default {@link Sleeper#system()}). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** The client. */
        public GenieClient build() {
            return new GenieClient(this);
        }
    }
}
