package io.github.genieenhancer.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genieenhancer.testkit.internal.ApiError;
import io.github.genieenhancer.testkit.internal.FaultState;
import io.github.genieenhancer.testkit.internal.GenieService;
import io.github.genieenhancer.testkit.internal.SpaceStore;
import io.github.genieenhancer.testkit.internal.StatementService;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Faults injected into a {@link LocalWorkspace} while it runs. Every method takes effect for the next requests and
 * may be called from any thread; {@link #reset()} clears them all. Obtain it from {@link LocalWorkspace#faults()}.
 */
public final class Faults {
    private final FaultState state;
    private final SpaceStore spaces;
    private final GenieService genie;
    private final StatementService statements;

    Faults(FaultState state, SpaceStore spaces, GenieService genie, StatementService statements) {
        this.state = state;
        this.spaces = spaces;
        this.genie = genie;
        this.statements = statements;
    }

    /**
     * Delays every API request (not the discovery probes) by {@code base} plus a random extra of up to
     * {@code jitter}.
     */
    public Faults latency(Duration base, Duration jitter) {
        requireNonNegative(base, "base");
        requireNonNegative(jitter, "jitter");
        state.latency(base, jitter);
        return this;
    }

    /**
     * Answers the next {@code times} requests to an endpoint with HTTP 429 {@code REQUEST_LIMIT_EXCEEDED} and a
     * {@code Retry-After} header (whole seconds, rounded up). The SDK retries 429s itself, honouring the header.
     */
    public Faults tooManyRequests(Endpoint endpoint, int times, Duration retryAfter) {
        requireNonNegative(retryAfter, "retryAfter");
        long seconds = (retryAfter.toMillis() + 999) / 1000;
        state.failRequests(Objects.requireNonNull(endpoint, "endpoint"), requirePositive(times), new ApiError(429,
                "REQUEST_LIMIT_EXCEEDED", "Too many requests. Please wait a moment and try again.",
                Map.of("Retry-After", Long.toString(seconds))));
        return this;
    }

    /**
     * Answers the next {@code times} requests to an endpoint with a server error: 500 {@code INTERNAL_ERROR},
     * 502 {@code BAD_GATEWAY}, 503 {@code TEMPORARILY_UNAVAILABLE}, 504 {@code DEADLINE_EXCEEDED} or another 5xx.
     * The SDK retries only 501 and 503 by itself.
     *
     * @param status an HTTP status from 500 to 599
     */
    public Faults serverErrors(Endpoint endpoint, int times, int status) {
        return serverErrors(endpoint, times, status, "Injected server error " + status + ".");
    }

    /**
     * Like {@link #serverErrors(Endpoint, int, int)}, with the {@code message} of the error body, e.g. one that
     * echoes the caller's token as a misbehaving gateway might.
     */
    public Faults serverErrors(Endpoint endpoint, int times, int status, String message) {
        Objects.requireNonNull(message, "message");
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("status must be a 5xx code, got " + status);
        }
        String code = switch (status) {
            case 500 -> "INTERNAL_ERROR";
            case 501 -> "NOT_IMPLEMENTED";
            case 502 -> "BAD_GATEWAY";
            case 503 -> "TEMPORARILY_UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> "INTERNAL_ERROR";
        };
        state.failRequests(Objects.requireNonNull(endpoint, "endpoint"), requirePositive(times),
                new ApiError(status, code, message));
        return this;
    }

    /**
     * Makes the next {@code count} Genie messages end in status FAILED with an error of the given
     * {@code MessageErrorType}, such as {@code REPLY_PROCESS_TIMEOUT_EXCEPTION} or {@code WAREHOUSE_NOT_FOUND_EXCEPTION}.
     */
    public Faults failMessages(int count, String errorType) {
        return failMessages(count, errorType, "Injected failure: " + errorType);
    }

    /**
     * Like {@link #failMessages(int, String)}, with the text Genie puts in the message's error, e.g. one that echoes
     * the caller's token as a misbehaving server might.
     */
    public Faults failMessages(int count, String errorType, String errorText) {
        if (errorType == null || errorType.isBlank()) {
            throw new IllegalArgumentException("errorType must not be blank");
        }
        state.failMessages(requirePositive(count), errorType, Objects.requireNonNull(errorText, "errorText"));
        return this;
    }

    /**
     * Expires the results of every message and statement that has completed so far: messages report
     * QUERY_RESULT_EXPIRED (until {@code execute-query} runs them again) and statements report CLOSED.
     */
    public Faults expireResults() {
        genie.expireResults();
        statements.expireAll();
        return this;
    }

    /**
     * Limits start-conversation requests to {@code perMinute} in any rolling minute of the workspace's clock; the
     * excess gets 429 {@code RESOURCE_EXHAUSTED} with a {@code Retry-After} until a slot frees. 0 removes the limit.
     * {@link #reset()} returns to the workspace's own limit ({@link LocalWorkspace.Builder#startsPerMinute}).
     */
    public Faults rateLimitStartConversation(int perMinute) {
        if (perMinute < 0) {
            throw new IllegalArgumentException("perMinute must not be negative");
        }
        state.startsPerMinute(perMinute);
        return this;
    }

    /**
     * Spends {@code count} of the current rolling minute's start-conversation budget now, as other users of the
     * workspace would: with a limit set ({@link #rateLimitStartConversation} or
     * {@link LocalWorkspace.Builder#startsPerMinute}), the next starts are answered 429 {@code RESOURCE_EXHAUSTED}
     * with a {@code Retry-After} that the caller did not cause. Without a limit it has no effect.
     */
    public Faults othersStartConversations(int count) {
        state.othersStart(requirePositive(count));
        return this;
    }

    /**
     * Changes a space's configuration now, as another user editing it would; its etag changes, so an update that
     * carries the old etag is refused with 409 {@code ABORTED}.
     *
     * @param edit receives a copy of the current {@code serialized_space} and returns the new one
     */
    public Faults editSpaceUnderneath(String spaceId, UnaryOperator<ObjectNode> edit) {
        spaces.editUnderneath(spaceId, Objects.requireNonNull(edit, "edit"));
        return this;
    }

    /**
     * Changes a space's configuration right after the next GET of that space has been answered, so the client
     * holds a stale copy and etag when it writes back.
     */
    public Faults editSpaceAfterNextRead(String spaceId, UnaryOperator<ObjectNode> edit) {
        spaces.editAfterNextGet(spaceId, Objects.requireNonNull(edit, "edit"));
        return this;
    }

    /**
     * Adds {@code count} conversations to a space, as other users' questions leave them behind. A Genie space holds
     * at most 10,000 conversations, so tooling that counts or cleans them up can be tested near that limit without
     * asking thousands of questions. They are listed and can be deleted; they hold no message. {@link #reset()}
     * keeps them.
     */
    public Faults conversationsLeftBehind(String spaceId, int count) {
        genie.addIdleConversations(Objects.requireNonNull(spaceId, "spaceId"), requirePositive(count));
        return this;
    }

    /** Removes every injected fault (pending edits of spaces and conversations left behind excepted). */
    public Faults reset() {
        state.reset();
        return this;
    }

    private static int requirePositive(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + n);
        }
        return n;
    }

    private static void requireNonNegative(Duration d, String name) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a non-negative duration");
        }
    }
}
