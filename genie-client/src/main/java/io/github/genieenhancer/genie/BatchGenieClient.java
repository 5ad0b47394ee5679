package io.github.genieenhancer.genie;

import io.github.genieenhancer.core.ConfigurationException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks many questions of a Genie space concurrently: at most {@code maxConcurrency} at a time, each in its own
 * conversation, with the {@link GenieClient}'s {@link GenieRateLimiter} spacing the conversation-starting POSTs
 * (default 5 in any rolling minute; polling does not count). Answers are delivered as they complete and collected in input order;
 * one question's failure never stops the others.
 *
 * <pre>{@code
 * try (BatchGenieClient batch = BatchGenieClient.create(GenieClient.create(workspace))) {
 *     List<GenieAnswer> answers = batch.askAll(spaceId, questions);
 * }
 * }</pre>
 *
 * <p>Asking N questions takes about (N - 1) / rate + Genie latency, the physical bound, when the concurrency covers
 * latency × rate. A question whose answer failed transiently (see {@link GenieClient.Builder#reaskPolicy}) goes to
 * the back of the batch and is asked again once its backoff has passed, without holding a slot while it waits.
 * Closing the client shuts down the executor it created (not one given to the builder).
 */
public final class BatchGenieClient implements AutoCloseable {
    private final GenieClient genie;
    private final int maxConcurrency;
    private final ExecutorService executor;
    private final boolean ownsExecutor;

    private BatchGenieClient(Builder b) {
        this.genie = b.genie;
        this.maxConcurrency = b.maxConcurrency;
        this.ownsExecutor = b.executor == null;
        this.executor = ownsExecutor ? Executors.newFixedThreadPool(maxConcurrency, daemonThreads()) : b.executor;
    }

    /** A batch client with the default concurrency (10) and an executor of its own. */
    public static BatchGenieClient create(GenieClient genie) {
        return builder(genie).build();
    }

    /** A builder for a batch client asking through the given client (its rate limit, polling and retries). */
    public static Builder builder(GenieClient genie) {
        return new Builder(genie);
    }

    /** Starts asking; returns at once. */
    public BatchRun start(String spaceId, List<String> questions) {
        return start(spaceId, questions, (index, answer) -> { });
    }

    /**
     * Starts asking; returns at once.
     *
     * @param listener receives each answer as soon as it is ready, on a worker thread
     */
    public BatchRun start(String spaceId, List<String> questions, AnswerListener listener) {
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(listener, "listener");
        questions.forEach(q -> Objects.requireNonNull(q, "question"));
        BatchRun run = new BatchRun(genie, spaceId, questions, executor, maxConcurrency, listener);
        run.start();
        return run;
    }

    /** Asks every question and waits: one answer per question, in input order. */
    public List<GenieAnswer> askAll(String spaceId, List<String> questions) {
        return start(spaceId, questions).awaitAll();
    }

    /** Shuts down the executor this client created, interrupting questions still being asked. */
    @Override
    public void close() {
        if (ownsExecutor) {
            executor.shutdownNow();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "genie-batch-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Builds a {@link BatchGenieClient}. */
    public static final class Builder {
        private final GenieClient genie;
        private int maxConcurrency = 10;
        private ExecutorService executor;

        private Builder(GenieClient genie) {
            this.genie = Objects.requireNonNull(genie, "genie");
        }

        /**
         * Questions in flight at once per batch (default 10). To reach the rate limit it must cover
         * Genie latency × rate, e.g. 30 s × 5/min ≈ 3.
         */
        public Builder maxConcurrency(int maxConcurrency) {
            if (maxConcurrency < 1) {
                throw new ConfigurationException(
                        "BatchGenieClient.maxConcurrency must be at least 1, got " + maxConcurrency);
            }
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /** An executor to run questions on instead of a pool of the client's own; it is not shut down by close. */
        public Builder executor(ExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** The batch client. */
        public BatchGenieClient build() {
            return new BatchGenieClient(this);
        }
    }
}
