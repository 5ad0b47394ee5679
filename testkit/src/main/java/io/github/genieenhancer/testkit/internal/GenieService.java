package io.github.genieenhancer.testkit.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Genie conversations and messages. A new message is answered at once by the {@link GenieEngine} from the space's
 * configuration as it is at that moment; its status then walks SUBMITTED → FETCHING_METADATA → FILTERING_CONTEXT →
 * ASKING_AI over the configured think time, then EXECUTING_QUERY while its statement runs on the warehouse, and ends
 * COMPLETED (or FAILED when the SQL fails or a failure was injected).
 */
public final class GenieService {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The Genie API returns at most this many rows per query result. */
    public static final int MAX_RESULT_ROWS = 5_000;
    /** The numeric id of the one user of the workspace. */
    public static final long USER_ID = 4_206_660_001L;
    /** The most conversations one page of the list may hold ({@code page_size <= 100}). */
    public static final int MAX_CONVERSATIONS_PAGE = 100;

    private final SpaceStore spaces;
    private final StatementService statements;
    private final Warehouse warehouse;
    private final FaultState faults;
    private final Clock clock;
    private final Duration thinkTime;
    private final Duration thinkJitter;
    private final Map<String, Conversation> conversations = new ConcurrentHashMap<>();
    private final Map<String, SpaceModel> models = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1);

    private final class Conversation {
        final String id;
        final String spaceId;
        final String title;
        final long createdMillis;
        final List<Message> messages = new ArrayList<>();

        Conversation(String id, String spaceId, String title, long createdMillis) {
            this.id = id;
            this.spaceId = spaceId;
            this.title = title;
            this.createdMillis = createdMillis;
        }
    }

    private final class Message {
        final String id;
        final Conversation conversation;
        final String content;
        final long createdMillis;
        final long createdNanos = System.nanoTime();
        final long thinkNanos;
        final GenieEngine.Answer answer;
        final String attachmentId;
        final FaultState.MessageFailure failure;
        volatile StatementService.Execution statement;
        volatile boolean expired;

        Message(String id, Conversation conversation, String content, long createdMillis, long thinkNanos,
                GenieEngine.Answer answer, FaultState.MessageFailure failure) {
            this.id = id;
            this.conversation = conversation;
            this.content = content;
            this.createdMillis = createdMillis;
            this.thinkNanos = thinkNanos;
            this.answer = answer;
            this.attachmentId = newId();
            this.failure = failure;
        }

        String status() {
            long elapsed = System.nanoTime() - createdNanos;
            if (elapsed < thinkNanos) {
                double f = (double) elapsed / thinkNanos;
                return f < 0.1 ? "SUBMITTED" : f < 0.25 ? "FETCHING_METADATA" : f < 0.4 ? "FILTERING_CONTEXT" : "ASKING_AI";
            }
            if (failure.isPresent()) {
                return "FAILED";
            }
            if (statement == null) {
                return "COMPLETED";
            }
            if (expired) {
                return "QUERY_RESULT_EXPIRED";
            }
            return switch (statement.state()) {
                case PENDING -> "PENDING_WAREHOUSE";
                case RUNNING -> "EXECUTING_QUERY";
                case SUCCEEDED, CLOSED -> "COMPLETED";
                case CANCELED -> "CANCELLED";
                case FAILED -> "FAILED";
            };
        }
    }

    /**
     * Creates the service.
     *
     * @param thinkTime   how long Genie takes before its SQL starts to run
     * @param thinkJitter a random extra of up to this much per message
     */
    public GenieService(SpaceStore spaces, StatementService statements, Warehouse warehouse, FaultState faults,
                        Clock clock, Duration thinkTime, Duration thinkJitter) {
        this.spaces = spaces;
        this.statements = statements;
        this.warehouse = warehouse;
        this.faults = faults;
        this.clock = clock;
        this.thinkTime = thinkTime;
        this.thinkJitter = thinkJitter;
    }

    /** The model of a space's current configuration (cached per version). */
    public SpaceModel model(String spaceId) {
        SpaceStore.Space space = spaces.peek(spaceId).orElseThrow(
                () -> ApiError.notFound("Genie space " + spaceId + " does not exist."));
        return models.computeIfAbsent(spaceId + "@" + space.version(), k -> new SpaceModel(space.config(), warehouse));
    }

    /** A model of any configuration (not cached), e.g. one quoted in a prompt. */
    public SpaceModel modelOf(com.fasterxml.jackson.databind.JsonNode config) {
        return new SpaceModel(config, warehouse);
    }

    /** {@code POST .../start-conversation}. */
    public ObjectNode startConversation(String spaceId, String content) {
        model(spaceId);
        Conversation c = new Conversation(newId(), spaceId, content, clock.millis());
        conversations.put(c.id, c);
        Message m = newMessage(c, content);
        ObjectNode n = MAPPER.createObjectNode();
        n.put("conversation_id", c.id).put("message_id", m.id);
        n.set("conversation", conversationJson(c));
        n.set("message", submittedJson(m));
        return n;
    }

    /** {@code POST .../conversations/{id}/messages}. */
    public ObjectNode createMessage(String spaceId, String conversationId, String content) {
        return submittedJson(newMessage(conversation(spaceId, conversationId), content));
    }

    /** {@code GET .../messages/{id}}. */
    public ObjectNode getMessage(String spaceId, String conversationId, String messageId) {
        return messageJson(message(spaceId, conversationId, messageId));
    }

    /** {@code GET .../attachments/{id}/query-result} (and the deprecated variants). */
    public ObjectNode queryResult(String spaceId, String conversationId, String messageId, String attachmentId) {
        Message m = message(spaceId, conversationId, messageId);
        requireQueryAttachment(m, attachmentId);
        String status = m.status();
        if (status.equals("QUERY_RESULT_EXPIRED")) {
            throw new ApiError(400, "INVALID_STATE", "The query result of message " + messageId
                    + " has expired. Re-run it with execute-query.");
        }
        if (!status.equals("EXECUTING_QUERY") && !status.equals("COMPLETED") && !status.equals("FAILED")) {
            throw new ApiError(400, "INVALID_STATE", "Message " + messageId + " has no query result yet (status "
                    + status + ").");
        }
        ObjectNode n = MAPPER.createObjectNode();
        n.set("statement_response", statements.response(m.statement, MAX_RESULT_ROWS));
        return n;
    }

    /** {@code POST .../attachments/{id}/execute-query}: runs the attachment's SQL again and waits for it. */
    public ObjectNode executeQuery(String spaceId, String conversationId, String messageId, String attachmentId) {
        Message m = message(spaceId, conversationId, messageId);
        requireQueryAttachment(m, attachmentId);
        StatementService.Execution e = statements.submit(m.statement.sql(), -1, SampleDataset.CATALOG,
                SampleDataset.SCHEMA, Duration.ZERO);
        e.await(Duration.ofSeconds(50));
        m.statement = e;
        m.expired = false;
        ObjectNode n = MAPPER.createObjectNode();
        n.set("statement_response", statements.response(e, MAX_RESULT_ROWS));
        return n;
    }

    /**
     * {@code GET .../conversations}: one page of the space's conversations, newest first (ties by id), and the
     * token of the next page when there is one. The workspace has one user, so {@code include_all} changes nothing.
     *
     * @param pageSize  conversations per page, 1 to 100 as the API allows
     * @param pageToken the {@code next_page_token} of the page before, empty for the first page
     */
    public ObjectNode listConversations(String spaceId, int pageSize, String pageToken) {
        spaces.peek(spaceId).orElseThrow(() -> ApiError.notFound("Genie space " + spaceId + " does not exist."));
        if (pageSize < 1 || pageSize > MAX_CONVERSATIONS_PAGE) {
            throw ApiError.invalid("page_size must be between 1 and " + MAX_CONVERSATIONS_PAGE + ", got " + pageSize);
        }
        int offset = pageToken.isEmpty() ? 0 : offset(pageToken);
        List<Conversation> all = conversations.values().stream().filter(c -> c.spaceId.equals(spaceId))
                // Ids grow with every conversation started, so they order those started in the same millisecond.
                .sorted(Comparator.comparingLong((Conversation c) -> c.createdMillis)
                        .thenComparing(c -> c.id).reversed())
                .toList();
        ObjectNode n = MAPPER.createObjectNode();
        ArrayNode list = n.putArray("conversations");
        all.stream().skip(offset).limit(pageSize).forEach(c -> list.addObject().put("conversation_id", c.id)
                .put("title", c.title).put("created_timestamp", c.createdMillis));
        if (offset + pageSize < all.size()) {
            n.put("next_page_token", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("offset:" + (offset + pageSize)).getBytes(StandardCharsets.UTF_8)));
        }
        return n;
    }

    private static int offset(String pageToken) {
        try {
            String token = new String(Base64.getUrlDecoder().decode(pageToken), StandardCharsets.UTF_8);
            if (token.startsWith("offset:")) {
                return Integer.parseInt(token.substring("offset:".length()));
            }
        } catch (IllegalArgumentException e) {
            // Falls through to the API's answer to a token it did not issue.
        }
        throw ApiError.invalid("Invalid page_token: " + pageToken);
    }

    /** Adds conversations with no message left to read, as other users' old questions leave them in a space. */
    public void addIdleConversations(String spaceId, int count) {
        if (spaces.peek(spaceId).isEmpty()) {
            throw new IllegalArgumentException("Genie space " + spaceId + " does not exist");
        }
        for (int i = 0; i < count; i++) {
            Conversation c = new Conversation(newId(), spaceId, "An earlier question", clock.millis());
            conversations.put(c.id, c);
        }
    }

    /** {@code DELETE .../conversations/{id}}. */
    public void deleteConversation(String spaceId, String conversationId) {
        conversation(spaceId, conversationId);
        conversations.remove(conversationId);
    }

    /** Marks every completed query result as expired, as happens to results a while after they were produced. */
    public void expireResults() {
        for (Conversation c : conversations.values()) {
            synchronized (c) {
                for (Message m : c.messages) {
                    if (m.statement != null && m.status().equals("COMPLETED")) {
                        m.expired = true;
                        m.statement.expire();
                    }
                }
            }
        }
    }

    private Message newMessage(Conversation c, String content) {
        if (content == null || content.isBlank()) {
            throw ApiError.invalid("content must not be empty");
        }
        GenieEngine.Answer answer = GenieEngine.answer(content, model(c.spaceId));
        long jitter = thinkJitter.isZero() ? 0 : ThreadLocalRandom.current().nextLong(thinkJitter.toNanos() + 1);
        long think = thinkTime.toNanos() + jitter;
        Message m = new Message(newId(), c, content, clock.millis(), think, answer, faults.takeMessageFailure());
        if (answer.sql().isPresent() && !m.failure.isPresent()) {
            m.statement = statements.submit(answer.sql().get(), -1, SampleDataset.CATALOG, SampleDataset.SCHEMA,
                    Duration.ofNanos(think));
        }
        synchronized (c) {
            c.messages.add(m);
        }
        return m;
    }

    /** The message as the POST that created it returns it: just SUBMITTED, however busy the machine is. */
    private ObjectNode submittedJson(Message m) {
        ObjectNode n = messageJson(m);
        n.put("status", "SUBMITTED").put("last_updated_timestamp", m.createdMillis);
        n.remove(List.of("attachments", "error", "query_result"));
        return n;
    }

    private ObjectNode messageJson(Message m) {
        String status = m.status();
        long now = clock.millis();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", m.id).put("message_id", m.id).put("space_id", m.conversation.spaceId)
                .put("conversation_id", m.conversation.id).put("user_id", USER_ID)
                .put("created_timestamp", m.createdMillis).put("last_updated_timestamp", Math.max(now, m.createdMillis))
                .put("status", status).put("content", m.content);
        boolean answered = !List.of("SUBMITTED", "FETCHING_METADATA", "FILTERING_CONTEXT", "ASKING_AI").contains(status);
        if (status.equals("FAILED")) {
            String type = m.failure.isPresent() ? m.failure.type() : "SQL_EXECUTION_EXCEPTION";
            String error = m.failure.isPresent() ? m.failure.text()
                    : m.statement.failure().map(RuntimeException::getMessage).orElse("query failed");
            n.putObject("error").put("error", error).put("type", type);
            if (m.failure.isPresent()) {
                return n;
            }
        }
        if (!answered) {
            return n;
        }
        ArrayNode attachments = n.putArray("attachments");
        if (m.statement != null) {
            ObjectNode query = attachments.addObject().put("attachment_id", m.attachmentId).putObject("query");
            query.put("id", m.attachmentId).put("title", title(m.content))
                    .put("description", m.answer.text()).put("query", m.answer.sql().orElseThrow())
                    .put("statement_id", m.statement.id()).put("last_updated_timestamp", now);
            ArrayNode thoughts = query.putArray("thoughts");
            for (String t : m.answer.thoughts()) {
                thoughts.addObject().put("thought_type", t.startsWith("Instruction applied")
                        ? "THOUGHT_TYPE_INSTRUCTIONS" : "THOUGHT_TYPE_STEPS").put("content", t);
            }
            Optional<Warehouse.Result> result = m.statement.result();
            if (status.equals("COMPLETED") && result.isPresent()) {
                int rows = result.get().rows().size();
                query.putObject("query_result_metadata").put("row_count", Math.min(rows, MAX_RESULT_ROWS))
                        .put("is_truncated", rows > MAX_RESULT_ROWS);
                n.putObject("query_result").put("statement_id", m.statement.id())
                        .put("row_count", Math.min(rows, MAX_RESULT_ROWS)).put("is_truncated", rows > MAX_RESULT_ROWS);
            }
        } else {
            ObjectNode text = attachments.addObject().put("attachment_id", m.attachmentId).putObject("text");
            text.put("id", m.attachmentId).put("content", m.answer.text()).put("purpose", "FOLLOW_UP_QUESTION");
        }
        return n;
    }

    private ObjectNode conversationJson(Conversation c) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", c.id).put("conversation_id", c.id).put("space_id", c.spaceId).put("user_id", USER_ID)
                .put("title", c.title).put("created_timestamp", c.createdMillis)
                .put("last_updated_timestamp", c.createdMillis);
        return n;
    }

    private static String title(String question) {
        String t = question.strip();
        return t.length() > 60 ? t.substring(0, 57) + "..." : t;
    }

    private void requireQueryAttachment(Message m, String attachmentId) {
        if (m.statement == null || (attachmentId != null && !attachmentId.equals(m.attachmentId))) {
            throw ApiError.notFound("Message " + m.id + " has no query attachment " + attachmentId + ".");
        }
    }

    private Conversation conversation(String spaceId, String conversationId) {
        Conversation c = conversations.get(conversationId);
        if (c == null || !c.spaceId.equals(spaceId)) {
            throw ApiError.notFound("Conversation " + conversationId + " does not exist in space " + spaceId + ".");
        }
        return c;
    }

    private Message message(String spaceId, String conversationId, String messageId) {
        Conversation c = conversation(spaceId, conversationId);
        synchronized (c) {
            for (Message m : c.messages) {
                if (m.id.equals(messageId)) {
                    return m;
                }
            }
        }
        throw ApiError.notFound("Message " + messageId + " does not exist.");
    }

    private String newId() {
        return String.format(Locale.ROOT, "01f0%012x%016x", ids.getAndIncrement(), 0xc0ffeeL);
    }
}
