package io.github.genieenhancer.genie;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.findAll;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import io.github.genieenhancer.core.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@WireMockTest
@Timeout(20)
class BatchGenieClientTest {
    private static final String START = "/api/2.0/genie/spaces/s1/start-conversation";
    private static final String MESSAGE = "/api/2.0/genie/spaces/s1/conversations/c1/messages/m1";
    private static final Duration POLL = Duration.ofMillis(20);

    private WorkspaceClient workspace;

    @BeforeEach
    void setUp(WireMockRuntimeInfo wm) {
        workspace = Stubs.workspace(wm);
        stubFor(post(START).willReturn(okJson(Stubs.startResponse("c1", "m1", "SUBMITTED"))));
    }

    /** Never waits: the stubs answer at once, so nothing needs real time to pass. */
    private static final Sleeper NO_WAIT = duration -> { };

    /**
     * Holds the first poll waits until {@code limit} questions are waiting at once, so the test sees the batch fill
     * its concurrency bound instead of hoping that real waits overlap; counts the most questions waiting at once.
     */
    private static final class ConcurrencyProbe implements Sleeper {
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger max = new AtomicInteger();
        private final CountDownLatch full;

        ConcurrencyProbe(int limit) {
            full = new CountDownLatch(limit);
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            if (duration.compareTo(POLL) < 0) {
                return;                                 // a rate-limit permit, not a poll
            }
            max.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
                full.countDown();
                full.await(5, TimeUnit.SECONDS);
            } finally {
                inside.decrementAndGet();
            }
        }
    }

    private GenieClient.Builder genie(Sleeper sleeper) {
        return GenieClient.builder(workspace).questionsPerMinute(600_000).sleeper(sleeper)
                .pollInterval(POLL, POLL)
                .retryPolicy(RetryPolicy.builder().maxAttempts(2)
                        .backoff(Duration.ofMillis(5), Duration.ofMillis(5)).build());
    }

    private static List<String> questions(int n) {
        return IntStream.range(0, n).mapToObj(i -> "question " + i).toList();
    }

    @Test
    void answersEveryQuestionInInputOrderAndDeliversEachOnceAsItCompletes() {
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.completedTextOnly("m1"))));
        ConcurrencyProbe probe = new ConcurrencyProbe(3);
        Set<Integer> delivered = ConcurrentHashMap.newKeySet();
        AtomicInteger deliveries = new AtomicInteger();

        try (BatchGenieClient batch = BatchGenieClient.builder(genie(probe).build()).maxConcurrency(3).build()) {
            BatchRun run = batch.start("s1", questions(12), (index, answer) -> {
                delivered.add(index);
                deliveries.incrementAndGet();
            });
            List<BatchAnswer> streamed = run.completions().toList();
            List<GenieAnswer> answers = run.awaitAll();

            assertThat(answers).extracting(GenieAnswer::question).isEqualTo(questions(12));
            assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(AnswerStatus.COMPLETED));
            assertThat(streamed).extracting(BatchAnswer::index).containsExactlyInAnyOrderElementsOf(
                    IntStream.range(0, 12).boxed().toList());
            assertThat(streamed).allSatisfy(b -> assertThat(b.answer()).isSameAs(answers.get(b.index())));
            assertThat(delivered).hasSize(12);
            assertThat(deliveries.get()).isEqualTo(12);
            assertThat(run.isDone()).isTrue();
        }
        assertThat(probe.max.get()).isEqualTo(3);
        verify(12, postRequestedFor(urlEqualTo(START)));
    }

    @Test
    void oneFailingQuestionBecomesAnAnswerAndTheOthersGoOn() {
        stubFor(post(START).withRequestBody(equalToJson("{\"content\":\"question 2\"}"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error_code\":\"INVALID_PARAMETER_VALUE\",\"message\":\"too long\"}")));
        stubFor(post(START).withRequestBody(equalToJson("{\"content\":\"question 4\"}"))
                .willReturn(aResponse().withStatus(503).withBody("{\"error_code\":\"TEMPORARILY_UNAVAILABLE\"}")));
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.completedWithQuery("m1", "SELECT 1"))));
        stubFor(get(MESSAGE + "/attachments/a1/query-result").willReturn(okJson(Stubs.queryResult("st"))));

        try (BatchGenieClient batch = BatchGenieClient.builder(genie(NO_WAIT).build())
                .maxConcurrency(2).build()) {
            List<GenieAnswer> answers = batch.askAll("s1", questions(6));

            assertThat(answers).extracting(GenieAnswer::status).containsExactly(AnswerStatus.COMPLETED,
                    AnswerStatus.COMPLETED, AnswerStatus.REQUEST_FAILED, AnswerStatus.COMPLETED,
                    AnswerStatus.REQUEST_FAILED, AnswerStatus.COMPLETED);
            GenieError refused = answers.get(2).error().orElseThrow();
            assertThat(refused.group()).isEqualTo(ErrorGroup.INFRASTRUCTURE);
            assertThat(refused.type()).isEqualTo("INVALID_PARAMETER_VALUE");
            assertThat(refused.httpStatus()).hasValue(400);
            GenieError unavailable = answers.get(4).error().orElseThrow();
            assertThat(unavailable.group()).isEqualTo(ErrorGroup.RETRYABLE);
            // Two attempts per ask, four asks: a transient failure is asked again, a refused request is not.
            assertThat(answers.get(4).httpCalls()).isEqualTo(8);
            assertThat(answers.get(4).earlierErrors()).hasSize(3);
            assertThat(answers.get(2).earlierErrors()).isEmpty();
            assertThat(answers.get(0).result()).isPresent();
        }
    }

    @Test
    void cancelStopsPollingQuestionsAndAbortsPendingOnesPromptly() throws Exception {
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.message("m1", "ASKING_AI"))));
        CountDownLatch twoPolling = new CountDownLatch(2);
        Sleeper sleeper = duration -> {
            if (duration.compareTo(Duration.ofSeconds(1)) > 0) {
                twoPolling.countDown();
            }
            Sleeper.system().sleep(duration);
        };
        GenieClient genie = GenieClient.builder(workspace).questionsPerMinute(600_000).sleeper(sleeper)
                .pollInterval(Duration.ofSeconds(30), Duration.ofSeconds(30)).build();

        try (BatchGenieClient batch = BatchGenieClient.builder(genie).maxConcurrency(2).build()) {
            BatchRun run = batch.start("s1", questions(6));
            assertThat(twoPolling.await(10, TimeUnit.SECONDS)).isTrue();
            long before = System.nanoTime();
            run.cancel();
            List<GenieAnswer> answers = run.awaitAll();

            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
            assertThat(answers).extracting(GenieAnswer::status).containsOnly(AnswerStatus.ABORTED);
            assertThat(answers.stream().filter(a -> a.conversationId().isPresent()).count()).isEqualTo(2);
            assertThat(answers.get(5).error().orElseThrow().message()).contains("cancelled before");
        }
        verify(2, postRequestedFor(urlEqualTo(START)));
    }

    @Test
    void aTransientFailureIsAskedAgainAtTheBackOfTheBatch() {
        stubFor(post(START).withRequestBody(equalToJson("{\"content\":\"question 0\"}")).inScenario("q0")
                .whenScenarioStateIs(STARTED).willReturn(okJson(Stubs.startResponse("c2", "m2", "SUBMITTED")))
                .willSetStateTo("asked"));
        stubFor(get("/api/2.0/genie/spaces/s1/conversations/c2/messages/m2").willReturn(okJson(
                Stubs.failed("m2", "RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION", "Too many questions"))));
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.completedTextOnly("m1"))));

        try (BatchGenieClient batch = BatchGenieClient.builder(genie(NO_WAIT).build()).maxConcurrency(1).build()) {
            List<GenieAnswer> answers = batch.askAll("s1", questions(3));

            assertThat(answers).extracting(GenieAnswer::status).containsOnly(AnswerStatus.COMPLETED);
            assertThat(answers.get(0).earlierErrors()).extracting(GenieError::type)
                    .containsExactly("RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION");
            assertThat(answers.get(0).httpCalls()).isEqualTo(4);
        }
        // Asked again after the questions not asked yet, so a burst of rate limits hits other questions first.
        assertThat(findAll(postRequestedFor(urlEqualTo(START)))).extracting(r -> r.getBodyAsString())
                .containsExactly("{\"content\":\"question 0\"}", "{\"content\":\"question 1\"}",
                        "{\"content\":\"question 2\"}", "{\"content\":\"question 0\"}");
    }

    @Test
    void cancellingAnswersTheQuestionsWaitingToBeAskedAgain() throws Exception {
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.failed("m1", "RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION", "slow"))));
        CountDownLatch backingOff = new CountDownLatch(1);
        Sleeper sleeper = duration -> {
            if (duration.compareTo(Duration.ofSeconds(1)) > 0) {
                backingOff.countDown();
            }
            Sleeper.system().sleep(duration);
        };

        try (BatchGenieClient batch = BatchGenieClient.builder(genie(sleeper).build()).maxConcurrency(1).build()) {
            BatchRun run = batch.start("s1", questions(2));
            assertThat(backingOff.await(10, TimeUnit.SECONDS)).isTrue();
            run.cancel();

            assertThat(run.awaitAll()).extracting(GenieAnswer::status).containsOnly(AnswerStatus.ABORTED);
        }
    }

    @Test
    void aThrowingListenerDoesNotBreakTheBatch() {
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.completedTextOnly("m1"))));

        try (BatchGenieClient batch = BatchGenieClient.create(genie(NO_WAIT).build())) {
            List<GenieAnswer> answers = batch.start("s1", questions(4), (i, a) -> {
                throw new IllegalStateException("listener bug");
            }).awaitAll();

            assertThat(answers).extracting(GenieAnswer::status).containsOnly(AnswerStatus.COMPLETED);
        }
    }

    @Test
    void usesAGivenExecutorWithoutShuttingItDown() {
        stubFor(get(MESSAGE).willReturn(okJson(Stubs.completedTextOnly("m1"))));
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            try (BatchGenieClient batch = BatchGenieClient.builder(genie(NO_WAIT).build())
                    .executor(executor).maxConcurrency(2).build()) {
                assertThat(batch.askAll("s1", questions(3))).hasSize(3);
            }
            assertThat(executor.isShutdown()).isFalse();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aClosedClientAnswersNewQuestionsAsAborted() {
        BatchGenieClient batch = BatchGenieClient.create(genie(NO_WAIT).build());
        batch.close();

        List<GenieAnswer> answers = batch.askAll("s1", questions(2));

        assertThat(answers).extracting(GenieAnswer::status).containsOnly(AnswerStatus.ABORTED);
        assertThat(answers.stream().map(a -> a.error().orElseThrow().message()).collect(Collectors.toSet()))
                .allSatisfy(m -> assertThat(m).contains("refused"));
    }
}
