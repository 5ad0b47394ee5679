package io.github.genieenhancer.scoring;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.IncompleteScoreException;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.progress.ProgressEvent;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.genie.BatchGenieClient;
import io.github.genieenhancer.scoring.GenieStub.Result;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScorersTest {
    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().containerThreads(40)).build();

    private static final Result SALES = Result.of("region:STRING, total:BIGINT", "EMEA|10", "AMER|20", "APJ|5");
    private static final Result COUNT = Result.of("n:BIGINT", "42");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    private GenieStub stub;

    /** How a scorer is built from the stub and options, for the tests that run against both. */
    interface ScorerFactory {
        ScoreReport score(GenieStub stub, ScoringOptions options, BenchmarkSet benchmarks, String runId);
    }

    static Stream<Arguments> scorers() {
        ScorerFactory sequential = (stub, options, benchmarks, runId) -> Scorer.create(stub.genie(), stub.sql(),
                stub.spaces(), options).score(GenieStub.SPACE, benchmarks, runId);
        ScorerFactory batch = (stub, options, benchmarks, runId) -> {
            try (BatchGenieClient genie = stub.batch(4);
                 BatchScorer scorer = BatchScorer.create(genie, stub.sql(), stub.spaces(), options)) {
                return scorer.score(GenieStub.SPACE, benchmarks, runId);
            }
        };
        return Stream.of(Arguments.of("sequential", sequential), Arguments.of("batch", batch));
    }

    /** The scorers, and a batch scorer whose clients are set in one builder call and closed with it. */
    static Stream<Arguments> scorersAndBuilt() {
        ScorerFactory built = (stub, options, benchmarks, runId) -> {
            try (BatchScorer scorer = BatchScorer.builder(stub.workspace(), "wh1").questionsPerMinute(600_000)
                    .maxConcurrency(4).pollInterval(Duration.ofMillis(1), Duration.ofMillis(2))
                    .questionTimeout(Duration.ofMinutes(1)).deleteConversations(false).adaptivePolling(true)
                    .options(options).build()) {
                return scorer.score(GenieStub.SPACE, benchmarks, runId);
            }
        };
        return Stream.concat(scorers(), Stream.of(Arguments.of("built", built)));
    }

    @BeforeEach
    void setUp() {
        stub = new GenieStub(server);
    }

    /** Three of {@link #everyVerdict()}'s ten questions are excluded by design: a coverage of 70 % is complete. */
    private static ScoringOptions.Builder everyVerdictOptions() {
        return ScoringOptions.builder().minCoverage(0.7);
    }

    /** One benchmark per way an answer can end, with the warehouse and Genie stubbed accordingly. */
    private BenchmarkSet everyVerdict() {
        List<Benchmark> benchmarks = List.of(
                Benchmark.of("correct", "Total by region?", "SELECT region, total FROM sales"),
                Benchmark.of("incorrect", "Top regions?", "SELECT region, total FROM sales ORDER BY total DESC"),
                Benchmark.of("text", "How are sales?", "SELECT COUNT(*) AS n FROM sales"),
                Benchmark.of("error", "Returns?", "SELECT COUNT(*) AS n FROM returns"),
                Benchmark.of("infrastructure", "Stock?", "SELECT COUNT(*) AS n FROM stock"),
                Benchmark.of("broken", "Refunds?", "SELECT * FROM refundz"),
                Benchmark.of("empty", "Sales in 1990?", "SELECT region, total FROM sales WHERE year = 1990"),
                Benchmark.of("genie-sql-fails", "Sales per region again?", "SELECT region, total FROM sales_v"),
                Benchmark.of("identical", "How many sales?", "SELECT COUNT(*) AS n FROM sales;"),
                Benchmark.of("unanswerable", "Anything?", ""));
        stub.expected("SELECT region, total FROM sales", SALES);
        stub.answersWithSql("Total by region?", "SELECT r, t FROM s", Result.of("r:STRING, t:BIGINT", "APJ|5",
                "EMEA|10", "AMER|20"));
        stub.expected("SELECT region, total FROM sales ORDER BY total DESC",
                Result.of("region:STRING, total:BIGINT", "AMER|20", "EMEA|10", "APJ|5"));
        stub.answersWithSql("Top regions?", "SELECT region, total FROM sales ORDER BY total",
                Result.of("region:STRING, total:BIGINT", "APJ|5", "EMEA|10", "AMER|20"));
        stub.expected("SELECT COUNT(*) AS n FROM sales", COUNT);
        stub.answersWithText("How are sales?", "Which year do you mean?");
        stub.expected("SELECT COUNT(*) AS n FROM returns", COUNT);
        stub.fails("Returns?", "INVALID_SQL_UNKNOWN_TABLE_EXCEPTION", "Table returns_v2 does not exist");
        stub.expected("SELECT COUNT(*) AS n FROM stock", COUNT);
        stub.fails("Stock?", "WAREHOUSE_NOT_FOUND_EXCEPTION", "Warehouse was deleted");
        stub.expectedFails("SELECT * FROM refundz", "[TABLE_OR_VIEW_NOT_FOUND] refundz");
        stub.answersWithSql("Refunds?", "SELECT * FROM refunds", COUNT);
        stub.expected("SELECT region, total FROM sales WHERE year = 1990", Result.of("region:STRING, total:BIGINT"));
        stub.answersWithSql("Sales in 1990?", "SELECT region, total FROM sales WHERE y = 1990", SALES);
        stub.expected("SELECT region, total FROM sales_v", SALES);
        stub.answersWithFailingSql("Sales per region again?", "SELECT region, total FROM sales_g",
                "[UNRESOLVED_COLUMN] totl");
        stub.answersWithSql("How many sales?", "SELECT COUNT(*) AS n\nFROM sales", Result.of("n:BIGINT", "41"));
        return BenchmarkSet.of("every verdict", benchmarks);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scorersAndBuilt")
    void givesEveryVerdictAndStoresEachResult(String name, ScorerFactory scorer) {
        StateStore store = StateStore.inMemory();
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        ScoringOptions options = everyVerdictOptions().stateStore(store).progressListener(events::add)
                .sessionId("s1").clock(CLOCK).build();

        ScoreReport report = scorer.score(stub, options, everyVerdict(), "run-1");

        Map<String, QuestionResult> byId = report.results().stream()
                .collect(Collectors.toMap(QuestionResult::benchmarkId, Function.identity()));
        assertThat(report.results()).extracting(QuestionResult::benchmarkId).containsExactly("correct", "incorrect",
                "text", "error", "infrastructure", "broken", "empty", "genie-sql-fails", "identical", "unanswerable");
        assertResult(byId.get("correct"), Verdict.CORRECT, ReasonCode.RESULT_MATCH, "3 rows of 2 columns");
        assertResult(byId.get("incorrect"), Verdict.INCORRECT, ReasonCode.ORDER_DIFFERENCE, "sort key (total DESC)");
        assertResult(byId.get("text"), Verdict.NO_SQL, ReasonCode.TEXT_ANSWER, "Which year do you mean?");
        assertResult(byId.get("error"), Verdict.ERROR, ReasonCode.GENIE_FAILED, "INVALID_SQL_UNKNOWN_TABLE");
        assertResult(byId.get("infrastructure"), Verdict.EXCLUDED, ReasonCode.INFRASTRUCTURE, "WAREHOUSE_NOT_FOUND");
        assertResult(byId.get("broken"), Verdict.EXCLUDED, ReasonCode.EXPECTED_SQL_FAILED, "TABLE_OR_VIEW_NOT_FOUND");
        assertResult(byId.get("empty"), Verdict.NEEDS_REVIEW, ReasonCode.EMPTY_GOOD_SQL, "returned no rows");
        assertResult(byId.get("genie-sql-fails"), Verdict.ERROR, ReasonCode.GENIE_SQL_FAILED, "UNRESOLVED_COLUMN");
        assertResult(byId.get("identical"), Verdict.CORRECT, ReasonCode.RESULT_MATCH, "is the expected SQL");
        assertResult(byId.get("unanswerable"), Verdict.EXCLUDED, ReasonCode.MISSING_EXPECTED_SQL, "no expected SQL");
        assertThat(report.accuracy()).isEqualTo(2 / 7.0);
        assertThat(byId.get("correct").genieSql()).contains("SELECT r, t FROM s");
        assertThat(byId.get("correct").conversationId()).isPresent();
        assertThat(byId.get("correct").resultDigest()).isPresent();
        assertThat(report.spaceId()).isEqualTo(GenieStub.SPACE);
        assertThat(report.spaceVersion()).hasSize(64);
        assertThat(report.startedAt()).isEqualTo(CLOCK.instant());

        assertThat(store.results("s1", "run-1")).hasSize(10);
        assertThat(store.report("s1", "run-1")).contains(report);
        assertThat(events).first().isEqualTo(new ProgressEvent.StageStarted(io.github.genieenhancer.core.progress
                .Stage.SCORE, 10));
        assertThat(events).last().isInstanceOf(ProgressEvent.StageFinished.class);
        assertThat(events).filteredOn(ProgressEvent.QuestionScored.class::isInstance)
                .extracting(e -> ((ProgressEvent.QuestionScored) e).completed())
                .containsExactlyInAnyOrderElementsOf(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        assertThat(stub.timesAsked("Anything?")).isZero();
    }

    @Test
    void theBuilderRefusesAConcurrencyBelowOneAndABadRate() {
        assertThatThrownBy(() -> BatchScorer.builder(stub.workspace(), "wh1").maxConcurrency(0))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxConcurrency");
        assertThatThrownBy(() -> BatchScorer.builder(stub.workspace(), "wh1").questionsPerMinute(-1))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("questionsPerMinute");
    }

    @Test
    void sequentialScorerDoesNotAskGenieWhenTheExpectedSqlFails() {
        Scorer.create(stub.genie(), stub.sql(), stub.spaces(), everyVerdictOptions().build())
                .score(GenieStub.SPACE, everyVerdict());

        assertThat(stub.timesAsked("Refunds?")).isZero();
        assertThat(stub.timesAsked("Total by region?")).isOne();
    }

    @Test
    void runsExpectedSqlOncePerSpaceVersionAndReturnsFinishedRuns() {
        BenchmarkSet benchmarks = everyVerdict();
        try (BatchGenieClient genie = stub.batch(4);
             BatchScorer scorer = BatchScorer.create(genie, stub.sql(), stub.spaces(),
                     everyVerdictOptions().build())) {
            scorer.score(GenieStub.SPACE, benchmarks, "a");
            ScoreReport again = scorer.score(GenieStub.SPACE, benchmarks, "b");
            ScoreReport finished = scorer.score(GenieStub.SPACE, benchmarks, "b");

            assertThat(stub.timesRun("SELECT region, total FROM sales")).isOne();
            assertThat(stub.timesAsked("Total by region?")).isEqualTo(2);
            assertThat(finished).isEqualTo(again);

            stub.space("{\"version\":2,\"instructions\":{\"text_instructions\":[{\"id\":\"0123456789abcdef0123456789"
                    + "abcdef\",\"content\":[\"Use net sales.\\n\"]}]}}");
            ScoreReport changed = scorer.score(GenieStub.SPACE, benchmarks, "c");

            assertThat(changed.spaceVersion()).isNotEqualTo(again.spaceVersion());
            assertThat(stub.timesRun("SELECT region, total FROM sales")).isEqualTo(2);
        }
    }

    @Test
    void runsGeniesSqlOnTheWarehouseWhenTheClientDoesNotFetchResults() {
        stub.expected("SELECT region, total FROM sales", SALES);
        stub.answersWithSql("Total by region?", "SELECT region, total FROM sales_g", SALES);
        stub.expected("SELECT region, total FROM sales_g", Result.of("region:STRING, total:BIGINT", "APJ|5",
                "AMER|20", "EMEA|10"));
        io.github.genieenhancer.genie.GenieClient genie = io.github.genieenhancer.genie.GenieClient
                .builder(stub.workspace()).questionsPerMinute(600_000).fetchResults(false)
                .pollInterval(java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1)).build();

        ScoreReport report = Scorer.create(genie, stub.sql(), stub.spaces(), ScoringOptions.defaults())
                .score(GenieStub.SPACE, BenchmarkSet.of("one", List.of(Benchmark.of("q", "Total by region?",
                        "SELECT region, total FROM sales"))));

        assertThat(report.results()).singleElement().satisfies(r -> assertResult(r, Verdict.CORRECT,
                ReasonCode.RESULT_MATCH, ""));
        assertThat(stub.timesRun("SELECT region, total FROM sales_g")).isOne();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scorers")
    void judgeFlagsIncorrectAnswersButNeverPassesThem(String name, ScorerFactory scorer) {
        AtomicInteger reviews = new AtomicInteger();
        Judge judge = incorrect -> {
            reviews.incrementAndGet();
            return Optional.of("Genie sorted ascending; the question does not say which way.");
        };

        ScoreReport report = scorer.score(stub, everyVerdictOptions().judge(judge).build(), everyVerdict(), "j");

        QuestionResult flagged = report.result("incorrect").orElseThrow();
        assertThat(flagged.verdict()).isEqualTo(Verdict.NEEDS_REVIEW);
        assertThat(flagged.reason()).isEqualTo(ReasonCode.JUDGE_REVIEW);
        assertThat(flagged.explanation()).contains("sort key").contains("Genie sorted ascending");
        assertThat(flagged.notes()).contains("COMPARISON_REASON: ORDER_DIFFERENCE");
        assertThat(reviews).hasValue(1);
        assertThat(report.accuracy()).isEqualTo(2 / 7.0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scorers")
    void aFailingJudgeLeavesTheAnswerIncorrect(String name, ScorerFactory scorer) {
        Judge judge = incorrect -> {
            throw new IllegalStateException("model unavailable");
        };

        ScoreReport report = scorer.score(stub, everyVerdictOptions().judge(judge).build(), everyVerdict(), "j");

        QuestionResult result = report.result("incorrect").orElseThrow();
        assertThat(result.verdict()).isEqualTo(Verdict.INCORRECT);
        assertThat(result.notes()).contains("JUDGE_FAILED: model unavailable");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scorers")
    void aKilledRunResumesWithoutAskingAnsweredQuestionsAgain(String name, ScorerFactory scorer,
                                                              @TempDir Path dir) throws Exception {
        List<Benchmark> list = new java.util.ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String sql = "SELECT region, total FROM sales_" + i;
            list.add(Benchmark.of("q" + i, "Question " + i + "?", sql));
            stub.expected(sql, SALES);
            // The first two answer at once; the others take long enough for the run to be killed meanwhile, even
            // on a loaded CI machine (600 ms was once not enough); they answer at once when the run resumes.
            stub.answersWithSql("Question " + i + "?", sql + " -- genie", SALES, i <= 2 ? 0 : 5_000, true);
        }
        BenchmarkSet benchmarks = BenchmarkSet.of("resume", list);
        Thread scoring = Thread.currentThread();
        ProgressEventCounter killAfterTwo = new ProgressEventCounter(2, scoring::interrupt);

        try (StateStore store = StateStore.directory(dir)) {
            ScoringOptions options = ScoringOptions.builder().stateStore(store).progressListener(killAfterTwo)
                    .build();
            assertThatThrownBy(() -> scorer.score(stub, options, benchmarks, "run-7"))
                    .isInstanceOf(GenieEnhancerException.class).hasMessageContaining("run-7");
            Thread.interrupted();
            assertThat(store.results("scoring", "run-7")).extracting(QuestionResult::benchmarkId)
                    .containsExactlyInAnyOrder("q1", "q2");
        }

        for (int i = 3; i <= 5; i++) {
            String sql = "SELECT region, total FROM sales_" + i;
            stub.answersWithSql("Question " + i + "?", sql + " -- genie", SALES);
        }
        ScoreReport resumed;
        try (StateStore reopened = StateStore.directory(dir)) {
            resumed = scorer.score(stub, ScoringOptions.builder().stateStore(reopened).build(), benchmarks, "run-7");
        }

        assertThat(resumed.results()).hasSize(5).allMatch(QuestionResult::isCorrect);
        assertThat(stub.timesAsked("Question 1?")).isOne();
        assertThat(stub.timesAsked("Question 2?")).isOne();
        assertThat(stub.timesAsked("Question 5?")).isBetween(1, 2);
    }

    /** Five questions about sales_1 to sales_5, each answered correctly unless the test says otherwise. */
    private BenchmarkSet fiveQuestions() {
        List<Benchmark> list = new java.util.ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String sql = "SELECT region, total FROM sales_" + i;
            list.add(Benchmark.of("q" + i, "Question " + i + "?", sql));
            stub.expected(sql, SALES);
            stub.answersWithSql("Question " + i + "?", sql + " -- genie", SALES);
        }
        return BenchmarkSet.of("five", list);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scorers")
    void aTimeoutOrACancellationIsAnErrorThatCounts(String name, ScorerFactory scorer) {
        BenchmarkSet benchmarks = fiveQuestions();
        stub.neverAnswers("Question 1?");
        stub.cancels("Question 2?");
        stub.questionTimeout(java.time.Duration.ofMillis(300));

        ScoreReport report = scorer.score(stub, ScoringOptions.defaults(), benchmarks, "slow");

        assertResult(report.result("q1").orElseThrow(), Verdict.ERROR, ReasonCode.TIMEOUT, "TIMED_OUT");
        assertResult(report.result("q2").orElseThrow(), Verdict.ERROR, ReasonCode.GENIE_CANCELLED, "CANCELLED");
        assertThat(report.counted()).isEqualTo(5);
        assertThat(report.accuracy()).isEqualTo(3 / 5.0);
        assertThat(stub.timesAsked("Question 1?")).isOne();
        assertThat(stub.timesAsked("Question 2?")).isOne();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scorers")
    void aRateLimitedAnswerIsAskedAgainAndCounted(String name, ScorerFactory scorer) {
        BenchmarkSet benchmarks = fiveQuestions();
        stub.failsOnceThenAnswers("Question 3?", "RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION",
                "SELECT region, total FROM sales_3 -- genie", SALES);

        ScoreReport report = scorer.score(stub, ScoringOptions.defaults(), benchmarks, "limited");

        assertThat(report.results()).allMatch(QuestionResult::isCorrect);
        assertThat(report.coverage()).isEqualTo(1.0);
        assertThat(report.result("q3").orElseThrow().notes()).contains("ASKED_AGAIN: asked 2 times; earlier asks "
                + "failed with RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION");
        assertThat(stub.timesAsked("Question 3?")).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scorers")
    void aRunUnderTheMinimumCoverageIsStoredRefusedAndResumedAskingOnlyTheExcludedAgain(String name,
                                                                                      ScorerFactory scorer) {
        BenchmarkSet benchmarks = fiveQuestions();
        stub.fails("Question 4?", "RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION", "Rate limit exceeded");
        stub.fails("Question 5?", "WAREHOUSE_ACCESS_MISSING_EXCEPTION", "No access to warehouse wh1");
        StateStore store = StateStore.inMemory();
        ScoringOptions options = ScoringOptions.builder().stateStore(store).minCoverage(0.8).build();

        assertThatThrownBy(() -> scorer.score(stub, options, benchmarks, "partial"))
                .isInstanceOfSatisfying(IncompleteScoreException.class, e -> {
                    assertThat(e.report().counted()).isEqualTo(3);
                    assertThat(e.minCoverage()).isEqualTo(0.8);
                })
                .hasMessageContaining("accuracy over 3 of 5 questions (coverage 60.0%, below the minimum of 80.0%)")
                .hasMessageContaining("2 INFRASTRUCTURE (e.g. q4: Not a failure of the space: "
                        + "RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION (Rate limit exceeded); still failing after 3 asks)");
        assertThat(store.report("scoring", "partial")).hasValueSatisfying(r -> assertThat(r.counted()).isEqualTo(3));
        assertThat(stub.timesAsked("Question 4?")).isEqualTo(3);
        assertThat(stub.timesAsked("Question 5?")).isOne();

        stub.answersWithSql("Question 4?", "SELECT region, total FROM sales_4 -- genie", SALES);
        stub.answersWithSql("Question 5?", "SELECT region, total FROM sales_5 -- genie", SALES);
        ScoreReport resumed = scorer.score(stub, options, benchmarks, "partial");

        assertThat(resumed.coverage()).isEqualTo(1.0);
        assertThat(resumed.accuracy()).isEqualTo(1.0);
        assertThat(stub.timesAsked("Question 1?")).isOne();
        assertThat(stub.timesAsked("Question 4?")).isEqualTo(4);
        assertThat(stub.timesAsked("Question 5?")).isEqualTo(2);
        assertThat(scorer.score(stub, options, benchmarks, "partial")).isEqualTo(resumed);
        assertThat(stub.timesAsked("Question 5?")).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scorers")
    void aSpaceEditedWhileScoredIsAMixedRunWhoseResumeAsksAgainAgainstTheNewVersion(String name,
                                                                                  ScorerFactory scorer) {
        BenchmarkSet benchmarks = fiveQuestions();
        String edited = "{\"version\":2,\"instructions\":{\"text_instructions\":[{\"id\":\"0123456789abcdef"
                + "0123456789abcdef\",\"content\":[\"A colleague's note.\\n\"]}]}}";
        StateStore store = StateStore.inMemory();
        ProgressEventCounter colleague = new ProgressEventCounter(2, () -> stub.space(edited));
        ScoringOptions options = ScoringOptions.builder().stateStore(store).progressListener(colleague).build();

        assertThatThrownBy(() -> scorer.score(stub, options, benchmarks, "edited"))
                .isInstanceOf(IncompleteScoreException.class)
                .hasMessageContaining("the space was edited while it was scored: its answers span 2 versions");
        ScoreReport mixed = store.report("scoring", "edited").orElseThrow();
        assertThat(mixed.mixedVersions()).isTrue();
        assertThat(mixed.coverage()).isEqualTo(1.0);
        String before = mixed.spaceVersions().get(0);
        String after = mixed.spaceVersions().get(1);
        assertThat(mixed.results()).filteredOn(r -> r.spaceVersion().isEmpty()).allSatisfy(r ->
                assertThat(r.notes()).anyMatch(n -> n.startsWith("SPACE_CHANGED")));
        if (name.equals("sequential")) {
            // Two answered before the edit, one while it happened, two after.
            assertThat(mixed.results()).extracting(r -> r.spaceVersion().orElse("?"))
                    .containsExactly(before, before, "?", after, after);
        }

        ScoreReport resumed = scorer.score(stub, ScoringOptions.builder().stateStore(store).build(), benchmarks,
                "edited");

        assertThat(resumed.spaceVersions()).containsExactly(after);
        assertThat(resumed.results()).allSatisfy(r -> assertThat(r.spaceVersion()).contains(after));
        assertThat(stub.timesAsked("Question 1?")).isEqualTo(2);
        if (name.equals("sequential")) {
            assertThat(stub.timesAsked("Question 3?")).isEqualTo(2);
            assertThat(stub.timesAsked("Question 5?")).isOne();
        }
    }

    /** Runs an action when the n-th question is scored. */
    private static final class ProgressEventCounter implements io.github.genieenhancer.core.progress
            .ProgressListener {
        private final int trigger;
        private final Runnable action;
        private final AtomicInteger scored = new AtomicInteger();

        ProgressEventCounter(int trigger, Runnable action) {
            this.trigger = trigger;
            this.action = action;
        }

        @Override
        public void onEvent(ProgressEvent event) {
            if (event instanceof ProgressEvent.QuestionScored && scored.incrementAndGet() == trigger) {
                action.run();
            }
        }
    }

    private static void assertResult(QuestionResult result, Verdict verdict, ReasonCode reason, String text) {
        assertThat(result.verdict()).as(result.benchmarkId() + ": " + result.explanation()).isEqualTo(verdict);
        assertThat(result.reason()).as(result.benchmarkId() + ": " + result.explanation()).isEqualTo(reason);
        assertThat(result.explanation()).contains(text);
    }
}
