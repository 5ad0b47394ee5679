package io.github.genieenhancer.testkit.internal;

import io.github.genieenhancer.testkit.Endpoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults currently injected, consulted by every request. Thread-safe: tests change faults while requests are in
 * flight.
 */
public final class FaultState {
    private final Clock clock;
    private final Map<Endpoint, AtomicLong> requestCounts = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, AtomicLong> tooManyRequests = new EnumMap<>(Endpoint.class);
    private final List<InjectedError> errors = new ArrayList<>();
    private final Deque<Instant> conversationStarts = new ArrayDeque<>();
    private volatile Duration latency = Duration.ZERO;
    private volatile Duration jitter = Duration.ZERO;
    private int startsPerMinute;
    private int configuredStartsPerMinute;
    private int failedMessages;
    private String failedMessageType = "";
    private String failedMessageText = "";

    private static final class InjectedError {
        final Endpoint endpoint;
        int remaining;
        final ApiError error;

        InjectedError(Endpoint endpoint, int remaining, ApiError error) {
            this.endpoint = endpoint;
            this.remaining = remaining;
            this.error = error;
        }
    }

    /**
     * Creates an empty fault state.
     *
     * @param clock the clock of the start-conversation rate limit
     */
    public FaultState(Clock clock) {
        this.clock = clock;
        for (Endpoint e : Endpoint.values()) {
            requestCounts.put(e, new AtomicLong());
            tooManyRequests.put(e, new AtomicLong());
        }
    }

    /** Sets the latency added to every request. */
    public void latency(Duration base, Duration jitter) {
        this.latency = base;
        this.jitter = jitter;
    }

    /** Makes the next {@code times} requests to an endpoint fail with an error. */
    public synchronized void failRequests(Endpoint endpoint, int times, ApiError error) {
        errors.add(new InjectedError(endpoint, times, error));
    }

    /** Limits start-conversation requests per rolling minute; 0 turns the limit off. */
    public synchronized void startsPerMinute(int limit) {
        this.startsPerMinute = limit;
        conversationStarts.clear();
    }

    /** The workspace's own start-conversation limit, which {@link #reset} returns to; 0 for none. */
    public synchronized void configuredStartsPerMinute(int limit) {
        this.configuredStartsPerMinute = limit;
        startsPerMinute(limit);
    }

    /** Spends {@code count} starts of the rolling minute now, as other users of the workspace would. */
    public synchronized void othersStart(int count) {
        Instant now = clock.instant();
        for (int i = 0; i < count; i++) {
            conversationStarts.addLast(now);
        }
    }

    /** How many requests to an endpoint group were answered 429 ({@link Endpoint#ANY} counts all). */
    public long tooManyRequests(Endpoint endpoint) {
        return tooManyRequests.get(endpoint).get();
    }

    /** Makes the next {@code count} new messages end in FAILED with an error type and the error's text. */
    public synchronized void failMessages(int count, String errorType, String errorText) {
        this.failedMessages = count;
        this.failedMessageType = errorType;
        this.failedMessageText = errorText;
    }

    /** Takes one pending message failure, or {@link MessageFailure#NONE} when none is pending. */
    public synchronized MessageFailure takeMessageFailure() {
        if (failedMessages <= 0) {
            return MessageFailure.NONE;
        }
        failedMessages--;
        return new MessageFailure(failedMessageType, failedMessageText);
    }

    /**
     * A failure injected into a message.
     *
     * @param type Genie's {@code MessageErrorType}; empty for none
     * @param text the error's text
     */
    public record MessageFailure(String type, String text) {
        /** No failure. */
        public static final MessageFailure NONE = new MessageFailure("", "");

        /** Whether a failure was injected. */
        public boolean isPresent() {
            return !type.isEmpty();
        }
    }

    /** Clears every fault. */
    public synchronized void reset() {
        latency = Duration.ZERO;
        jitter = Duration.ZERO;
        errors.clear();
        startsPerMinute = configuredStartsPerMinute;
        conversationStarts.clear();
        failedMessages = 0;
    }

    /** How many requests reached an endpoint group (ANY counts all). */
    public long requestCount(Endpoint endpoint) {
        return requestCounts.get(endpoint).get();
    }

    /**
     * Applies the faults to a request that is about to be handled: counts it, waits the injected latency, and throws
     * an injected error or a rate-limit refusal.
     */
    public void before(Endpoint endpoint) {
        requestCounts.get(endpoint).incrementAndGet();
        requestCounts.get(Endpoint.ANY).incrementAndGet();
        sleepLatency();
        try {
            ApiError error = takeError(endpoint);
            if (error != null) {
                throw error;
            }
            if (endpoint == Endpoint.START_CONVERSATION) {
                checkRateLimit();
            }
        } catch (ApiError e) {
            if (e.status() == 429) {
                tooManyRequests.get(endpoint).incrementAndGet();
                tooManyRequests.get(Endpoint.ANY).incrementAndGet();
            }
            throw e;
        }
    }

    private void sleepLatency() {
        long millis = latency.toMillis();
        long jitterMillis = jitter.toMillis();
        if (jitterMillis > 0) {
            millis += ThreadLocalRandom.current().nextLong(jitterMillis + 1);
        }
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized ApiError takeError(Endpoint endpoint) {
        for (Iterator<InjectedError> it = errors.iterator(); it.hasNext(); ) {
            InjectedError e = it.next();
            if (e.endpoint == endpoint || e.endpoint == Endpoint.ANY) {
                if (--e.remaining <= 0) {
                    it.remove();
                }
                return e.error;
            }
        }
        return null;
    }

    private synchronized void checkRateLimit() {
        if (startsPerMinute <= 0) {
            return;
        }
        Instant now = clock.instant();
        while (!conversationStarts.isEmpty() && !conversationStarts.peekFirst().isAfter(now.minusSeconds(60))) {
            conversationStarts.removeFirst();
        }
        if (conversationStarts.size() >= startsPerMinute) {
            Duration wait = Duration.between(now, conversationStarts.peekFirst().plusSeconds(60));
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            throw new ApiError(429, "RESOURCE_EXHAUSTED",
                    "Genie API rate limit exceeded: at most " + startsPerMinute + " questions per minute.",
                    Map.of("Retry-After", Long.toString(seconds)));
        }
        conversationStarts.addLast(now);
    }
}
