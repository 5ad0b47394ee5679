package io.github.genieenhancer.genie;

import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.genie.internal.CallCounter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch of questions being asked: answers can be consumed as they complete ({@link #completions()}, or the
 * listener given to {@link BatchGenieClient#start}) or all at once in input order ({@link #awaitAll()}).
 * Every question gets exactly one answer; a question that fails becomes an answer with an error, never an
 * exception for the batch. A question whose answer failed transiently goes to the back of the batch, to be asked
 * again once its backoff has passed (the client's re-ask policy), so a burst of rate limits is spread over the
 * batch instead of hitting the same questions again, and no slot is held while it waits. Thread-safe.
 */
public final class BatchRun {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRun.class);

    private final GenieClient genie;
    private final String spaceId;
    private final List<String> questions;
    private final ExecutorService executor;
    private final int maxConcurrency;
    private final AnswerListener listener;
    private final Clock clock;
    private final Instant submitted;

    private final AtomicReferenceArray<GenieAnswer> answers;
    private final AtomicIntegerArray started;
    private final BlockingQueue<BatchAnswer> completed = new LinkedBlockingQueue<>();
    private final CountDownLatch unanswered;

    private final Object lock = new Object();
    private final Map<Integer, Future<?>> inFlight = new HashMap<>();
    private final Deque<Ask> again = new ArrayDeque<>();
    private int nextIndex;
    private int running;
    private volatile boolean cancelled;

    BatchRun(GenieClient genie, String spaceId, List<String> questions, ExecutorService executor, int maxConcurrency,
            AnswerListener listener) {
        this.genie = genie;
        this.spaceId = spaceId;
        this.questions = List.copyOf(questions);
        this.executor = executor;
        this.maxConcurrency = maxConcurrency;
        this.listener = listener;
        this.clock = genie.clock();
        this.submitted = clock.instant();
        this.answers = new AtomicReferenceArray<>(this.questions.size());
        this.started = new AtomicIntegerArray(this.questions.size());
        this.unanswered = new CountDownLatch(this.questions.size());
    }

    void start() {
        dispatch();
    }

    /** How many questions the batch holds. */
    public int size() {
        return questions.size();
    }

    /** Whether every question has its answer. */
    public boolean isDone() {
        return unanswered.getCount() == 0;
    }

    /**
     * The answers in completion order, blocking until each is ready; the stream ends after the last one. Meant
     * for one consumer: answers taken by one stream are not seen by another.
     *
     * @throws GenieEnhancerException from the stream's operations when the consuming thread is interrupted
     */
    public Stream<BatchAnswer> completions() {
        Iterator<BatchAnswer> iterator = new Iterator<>() {
            private int taken;

            @Override
            public boolean hasNext() {
                return taken < questions.size();
            }

            @Override
            public BatchAnswer next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    BatchAnswer answer = completed.take();
                    taken++;
                    return answer;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new GenieEnhancerException("Interrupted while waiting for Genie answers", e);
                }
            }
        };
        return StreamSupport.stream(Spliterators.spliterator(iterator, questions.size(),
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.SIZED), false);
    }

    /**
     * Waits for every answer.
     *
     * @return one answer per question, in input order
     * @throws GenieEnhancerException when the waiting thread is interrupted (its flag stays set); the batch goes on
     */
    public List<GenieAnswer> awaitAll() {
        try {
            unanswered.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenieEnhancerException("Interrupted while waiting for Genie answers", e);
        }
        List<GenieAnswer> inOrder = new ArrayList<>(questions.size());
        for (int i = 0; i < questions.size(); i++) {
            inOrder.add(answers.get(i));
        }
        return List.copyOf(inOrder);
    }

    /**
     * Stops the batch: questions not yet started (or waiting to be asked again) are answered ABORTED at once,
     * questions being asked are interrupted (their waits end immediately) and answered ABORTED. Answers already
     * delivered stay.
     */
    public void cancel() {
        List<Integer> notStarted = new ArrayList<>();
        List<Map.Entry<Integer, Future<?>>> running;
        synchronized (lock) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            for (int i = nextIndex; i < questions.size(); i++) {
                notStarted.add(i);
            }
            again.forEach(ask -> notStarted.add(ask.index()));
            again.clear();
            nextIndex = questions.size();
            running = new ArrayList<>(inFlight.entrySet());
        }
        for (int index : notStarted) {
            deliver(index, aborted(index, "The batch was cancelled before the question was asked"));
        }
        for (Map.Entry<Integer, Future<?>> task : running) {
            task.getValue().cancel(true);
            // A task cancelled before it ran never delivers; a running one delivers its own ABORTED answer.
            if (started.get(task.getKey()) == 0) {
                deliver(task.getKey(), aborted(task.getKey(), "The batch was cancelled before the question was asked"));
            }
        }
    }

    /** First asks in input order, then the questions to ask again in the order they failed. */
    private void dispatch() {
        List<Integer> rejected = new ArrayList<>();
        synchronized (lock) {
            while (!cancelled && running < maxConcurrency && (nextIndex < questions.size() || !again.isEmpty())) {
                Ask ask = nextIndex < questions.size()
                        ? new Ask(nextIndex++, new CallCounter(), List.of(), submitted) : again.poll();
                try {
                    inFlight.put(ask.index(), executor.submit(() -> work(ask)));
                    running++;
                } catch (RejectedExecutionException e) {
                    rejected.add(ask.index());
                }
            }
        }
        for (int index : rejected) {
            deliver(index, aborted(index, "The executor refused the question (was the client closed?)"));
        }
    }

    private void work(Ask ask) {
        int index = ask.index();
        started.set(index, 1);
        try {
            if (cancelled) {
                deliver(index, aborted(index, "The batch was cancelled before the question was asked"));
                return;
            }
            GenieAnswer answer = askSafely(ask);
            Optional<Duration> wait = genie.reaskWait(answer);
            boolean queued = false;
            if (wait.isPresent()) {
                synchronized (lock) {
                    if (!cancelled) {
                        // Not started again until a worker takes it, so that cancelling meanwhile answers it.
                        started.set(index, 0);
                        again.add(new Ask(index, ask.http(), GenieClient.withError(answer),
                                clock.instant().plus(wait.get())));
                        queued = true;
                    }
                }
            }
            if (!queued) {
                deliver(index, answer);
            }
        } finally {
            synchronized (lock) {
                running--;
                inFlight.remove(index);
            }
            dispatch();
        }
    }

    private GenieAnswer askSafely(Ask ask) {
        int index = ask.index();
        try {
            Duration backoffLeft = Duration.between(clock.instant(), ask.notBefore());
            return genie.answerOnce(spaceId, questions.get(index), submitted, ask.http(), ask.earlierErrors(),
                    backoffLeft).answer();
        } catch (RuntimeException e) {
            // A bug or an SDK surprise must cost one question, not the batch. Its text may quote a response.
            String description = genie.redact(String.valueOf(e));
            if (genie.safeCause(e) != null) {
                LOG.warn("Asking question {} of the batch failed unexpectedly", index, e);
            } else {
                LOG.warn("Asking question {} of the batch failed unexpectedly: {}", index, description);
            }
            return emptyAnswer(index, AnswerStatus.REQUEST_FAILED,
                    GenieError.of(ErrorGroup.INFRASTRUCTURE, "CLIENT_ERROR", description));
        }
    }

    private GenieAnswer aborted(int index, String why) {
        return emptyAnswer(index, AnswerStatus.ABORTED, GenieError.of(ErrorGroup.RETRYABLE, "ABORTED", why));
    }

    private GenieAnswer emptyAnswer(int index, AnswerStatus status, GenieError error) {
        Duration total = Duration.between(submitted, clock.instant());
        return new GenieAnswer(spaceId, questions.get(index), status, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(error), new GenieTimings(total, Duration.ZERO, total), 0, List.of());
    }

    /**
     * One ask of a question: the first, or one after a transient failure.
     *
     * @param http          counts the requests of every ask of the question
     * @param earlierErrors the transient failures of its earlier asks
     * @param notBefore     when its backoff ends
     */
    private record Ask(int index, CallCounter http, List<GenieError> earlierErrors, Instant notBefore) {
    }

    private void deliver(int index, GenieAnswer answer) {
        if (!answers.compareAndSet(index, null, answer)) {
            return;
        }
        completed.add(new BatchAnswer(index, answer));
        try {
            listener.onAnswer(index, answer);
        } catch (RuntimeException e) {
            LOG.warn("The answer listener failed on question {}; the batch goes on", index, e);
        }
        unanswered.countDown();
    }
}
