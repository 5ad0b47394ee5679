package io.github.genieenhancer.scoring;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.Sleeper;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.core.space.SpaceConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EvalRunScorerTest {
    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String RUNS = "/api/2.0/genie/spaces/" + GenieStub.SPACE + "/eval-runs";
    private static final String Q1 = "01f0000000000000000000000000000a";
    private static final String Q2 = "01f0000000000000000000000000000b";
    private static final String Q3 = "01f0000000000000000000000000000c";
    private static final String Q4 = "01f0000000000000000000000000000d";
    private static final String Q5 = "01f0000000000000000000000000000e";
    private static final String Q6 = "01f0000000000000000000000000000f";

    private GenieStub stub;
    private String spaceJson;
    private final FakeTime time = new FakeTime();

    @BeforeEach
    void setUp() {
        stub = new GenieStub(server);
        SpaceConfig config = SpaceConfig.parse("{\"version\":2}");
        config = config.withBenchmarkQuestions(List.of(
                question(Q1, "Total sales?", "SELECT SUM(amount) FROM sales"),
                question(Q2, "Sales by region?", "SELECT region, SUM(amount) FROM sales GROUP BY region"),
                question(Q3, "Best region?", "SELECT region FROM sales ORDER BY amount DESC LIMIT 1"),
                question(Q4, "Sales in 1990?", "SELECT * FROM sales WHERE year = 1990"),
                question(Q5, "Returns?", "SELECT COUNT(*) FROM returns"),
                question(Q6, "Stock?", "SELECT COUNT(*) FROM stock")));
        spaceJson = config.toJson();
        stub.space(spaceJson);
    }

    private static io.github.genieenhancer.core.space.BenchmarkQuestion question(String id, String text, String sql) {
        return new io.github.genieenhancer.core.space.BenchmarkQuestion(id, text, java.util.Optional.of(sql));
    }

    private EvalRunScorer scorer() {
        return EvalRunScorer.builder(stub.workspace()).sleeper(time).clock(time.clock())
                .pollInterval(Duration.ofSeconds(20)).timeout(Duration.ofMinutes(5)).build();
    }

    private void stubRun(String... finalStatuses) {
        server.stubFor(post(RUNS).willReturn(okJson(run("NOT_STARTED", 0))));
        server.stubFor(get(RUNS + "/er1").inScenario("run").whenScenarioStateIs(STARTED)
                .willReturn(okJson(run("RUNNING", 3))).willSetStateTo("done"));
        server.stubFor(get(RUNS + "/er1").inScenario("run").whenScenarioStateIs("done")
                .willReturn(okJson(run(finalStatuses.length == 0 ? "DONE" : finalStatuses[0], 6))));
    }

    private static String run(String status, int done) {
        return "{\"eval_run_id\":\"er1\",\"eval_run_status\":\"" + status + "\",\"num_questions\":6,\"num_done\":"
                + done + "}";
    }

    private void stubResults() {
        server.stubFor(get(urlPathEqualTo(RUNS + "/er1/results")).withQueryParam("page_token", equalTo("p2"))
                .willReturn(okJson("{\"eval_results\":[" + result("r4", Q4) + "," + result("r5", Q5) + ","
                        + result("r6", Q6) + "]}")));
        server.stubFor(get(RUNS + "/er1/results?page_size=100").willReturn(okJson("{\"eval_results\":["
                + result("r1", Q1) + "," + result("r2", Q2) + "," + result("r3", Q3)
                + "],\"next_page_token\":\"p2\"}")));
        details("r1", Q1, "\"assessment\":\"GOOD\",\"actual_response\":[{\"response\":\"SELECT SUM(amount) FROM "
                + "sales\",\"response_type\":\"SQL\"}]");
        details("r2", Q2, "\"assessment\":\"BAD\",\"assessment_reasons\":[\"RESULT_MISSING_ROWS\","
                + "\"LLM_JUDGE_MISSING_OR_INCORRECT_FILTER\"],\"actual_response\":[{\"response\":\"SELECT region "
                + "FROM sales\",\"response_type\":\"SQL\"}]");
        details("r3", Q3, "\"assessment\":\"BAD\",\"assessment_reasons\":[\"LLM_JUDGE_FROM_A_NEWER_API\",\"LLM_JUDGE_MISINTERPRETATION_OF_USER_"
                + "REQUEST\"],\"manual_assessment\":true,\"actual_response\":[{\"response\":\"SELECT 1\","
                + "\"response_type\":\"SQL\"}]");
        details("r4", Q4, "\"assessment\":\"NEEDS_REVIEW\",\"assessment_reasons\":[\"EMPTY_GOOD_SQL\"]");
        details("r5", Q5, "\"assessment\":\"BAD\",\"actual_response\":[{\"response\":\"Which returns?\","
                + "\"response_type\":\"TEXT\"}]");
        details("r6", Q6, "\"eval_run_status\":\"EVALUATION_TIMEOUT\"");
    }

    private static String result(String resultId, String questionId) {
        return "{\"result_id\":\"" + resultId + "\",\"benchmark_question_id\":\"" + questionId + "\",\"status\":"
                + "\"DONE\"}";
    }

    private void details(String resultId, String questionId, String fields) {
        server.stubFor(get(RUNS + "/er1/results/" + resultId).willReturn(okJson("{\"result_id\":\"" + resultId
                + "\",\"benchmark_question_id\":\"" + questionId + "\"," + fields + "}")));
    }

    @Test
    void mapsEveryRatingIntoAScoreReport() {
        stubRun();
        stubResults();
        List<io.github.genieenhancer.core.progress.ProgressEvent> events = new CopyOnWriteArrayList<>();

        ScoreReport report = EvalRunScorer.builder(stub.workspace()).sleeper(time).clock(time.clock())
                .progressListener(events::add).build().score(GenieStub.SPACE);

        assertThat(report.runId()).isEqualTo("er1");
        assertThat(report.spaceId()).isEqualTo(GenieStub.SPACE);
        assertThat(report.results()).extracting(QuestionResult::benchmarkId).containsExactly(Q1, Q2, Q3, Q4, Q5, Q6);
        assertThat(report.results()).extracting(QuestionResult::verdict).containsExactly(Verdict.CORRECT,
                Verdict.INCORRECT, Verdict.INCORRECT, Verdict.NEEDS_REVIEW, Verdict.NO_SQL, Verdict.ERROR);
        assertThat(report.results()).extracting(QuestionResult::reason).containsExactly(ReasonCode.RESULT_MATCH,
                ReasonCode.RESULT_MISSING_ROWS, ReasonCode.EVAL_RUN_BAD, ReasonCode.EMPTY_GOOD_SQL,
                ReasonCode.TEXT_ANSWER, ReasonCode.TIMEOUT);
        QuestionResult second = report.results().get(1);
        assertThat(second.question()).isEqualTo("Sales by region?");
        assertThat(second.expectedSql()).startsWith("SELECT region, SUM(amount)");
        assertThat(second.genieSql()).contains("SELECT region FROM sales");
        assertThat(second.notes()).containsExactly("EVAL_REASON: RESULT_MISSING_ROWS",
                "EVAL_REASON: LLM_JUDGE_MISSING_OR_INCORRECT_FILTER");
        assertThat(report.results().get(2).notes()).contains("MANUAL_ASSESSMENT: a person set this rating in "
                + "Databricks");
        assertThat(report.accuracy()).isEqualTo(1 / 6.0);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(20));
        assertThat(report.finishedAt()).isEqualTo(report.startedAt().plusSeconds(40));
        assertThat(events).hasSize(8);
    }

    @Test
    void canBePutNextToTheLocalScore() {
        stubRun();
        stubResults();
        ScoreReport official = scorer().score(GenieStub.SPACE);
        ScoreReport local = new ScoreReport("local", GenieStub.SPACE, official.spaceVersion(), Instant.EPOCH,
                Instant.EPOCH, List.of(
                        localResult(Q1, Verdict.CORRECT), localResult(Q2, Verdict.CORRECT),
                        localResult(Q3, Verdict.INCORRECT), localResult(Q4, Verdict.NEEDS_REVIEW),
                        localResult(Q5, Verdict.NO_SQL), localResult(Q6, Verdict.CORRECT)));

        ScoreReports reports = ScoreReports.builder().add(local).sideBySide("local", "Databricks eval run", official)
                .build();

        SideBySide sideBySide = reports.sideBySide().orElseThrow();
        assertThat(sideBySide.disagreements()).extracting(SideBySide.Row::benchmarkId).containsExactly(Q2, Q6);
        assertThat(reports.toMarkdown()).contains("| " + Q2 + " | Correct (RESULT_MATCH) | Incorrect "
                + "(RESULT_MISSING_ROWS) | **no** |");
    }

    private static QuestionResult localResult(String id, Verdict verdict) {
        return new QuestionResult(id, "q", "SELECT 1", java.util.Optional.empty(), verdict, ReasonCode.RESULT_MATCH,
                "", List.of(), Duration.ZERO, Duration.ZERO, java.util.Optional.empty(), java.util.Optional.empty());
    }

    @Test
    void publishesABenchmarkSetThenScoresItUnderItsOwnIds() throws Exception {
        server.stubFor(patch(urlPathEqualTo("/api/2.0/genie/spaces/" + GenieStub.SPACE)).willReturn(okJson(
                "{\"space_id\":\"" + GenieStub.SPACE + "\",\"title\":\"Sales\",\"etag\":\"etag-2\"}")));
        server.stubFor(post(RUNS).withRequestBody(matchingJsonPath("$.benchmark_question_ids[0]"))
                .willReturn(okJson(run("DONE", 2))));
        BenchmarkSet set = BenchmarkSet.of("mine", List.of(
                Benchmark.of(Q1, "Total sales?", "SELECT SUM(amount) FROM sales"),
                Benchmark.of("kpi_001", "Daily users?", "SELECT COUNT(*) FROM dau")));
        // Ids are deterministic: the one the space configuration gives the new question.
        String newId = set.toSpace(SpaceConfig.parse(spaceJson)).benchmarkQuestions().get(1).id();
        server.stubFor(get(RUNS + "/er1/results?page_size=100").willReturn(okJson("{\"eval_results\":["
                + result("r1", Q1) + "," + result("r7", newId) + "]}")));
        details("r1", Q1, "\"assessment\":\"GOOD\"");
        details("r7", newId, "\"assessment\":\"BAD\",\"assessment_reasons\":[\"EMPTY_RESULT\"]");

        ScoreReport report = scorer().publishAndScore(GenieStub.SPACE, set);

        assertThat(newId).matches("[0-9a-f]{32}");
        assertThat(report.results()).extracting(QuestionResult::benchmarkId).containsExactly(Q1, "kpi_001");
        assertThat(report.results()).extracting(QuestionResult::reason)
                .containsExactly(ReasonCode.RESULT_MATCH, ReasonCode.EMPTY_RESULT);
        JsonNode patched = GenieJson.mapper().readTree(server.findAll(patchRequestedFor(urlPathEqualTo(
                "/api/2.0/genie/spaces/" + GenieStub.SPACE))).get(0).getBodyAsString());
        assertThat(patched.get("etag").asText()).isEqualTo("etag-1");
        JsonNode questions = GenieJson.mapper().readTree(patched.get("serialized_space").asText())
                .at("/benchmarks/questions");
        assertThat(questions).hasSize(2);
        assertThat(questions.get(1).at("/question/0").asText()).isEqualTo("Daily users?");
        server.verify(postRequestedFor(urlEqualTo(RUNS)).withRequestBody(equalToJson("{\"benchmark_question_ids\":"
                + "[\"" + Q1 + "\",\"" + newId + "\"]}", true, false)));
    }

    @Test
    void aRunThatFailsAsAWholeIsAnError() {
        stubRun("EVALUATION_FAILED");

        assertThatThrownBy(() -> scorer().score(GenieStub.SPACE)).isInstanceOf(GenieEnhancerException.class)
                .hasMessageContaining("Eval run er1").hasMessageContaining("EVALUATION_FAILED");
    }

    @Test
    void aRunThatDoesNotEndInTimeIsAnError() {
        server.stubFor(post(RUNS).willReturn(okJson(run("RUNNING", 0))));
        server.stubFor(get(RUNS + "/er1").willReturn(okJson(run("RUNNING", 2))));

        assertThatThrownBy(() -> scorer().score(GenieStub.SPACE)).isInstanceOf(GenieEnhancerException.class)
                .hasMessageContaining("did not end within PT5M").hasMessageContaining("2 of 6 questions done");
        assertThat(time.sleeps()).hasSize(15);
    }

    /** A clock that moves only when the code under test sleeps. */
    static final class FakeTime implements Sleeper {
        private Instant now = Instant.parse("2026-11-25T09:00:00Z");
        private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

        @Override
        public synchronized void sleep(Duration duration) {
            sleeps.add(duration);
            now = now.plus(duration);
        }

        Clock clock() {
            return new Clock() {
                @Override
                public ZoneId getZone() {
                    return ZoneId.of("UTC");
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    synchronized (FakeTime.this) {
                        return now;
                    }
                }
            };
        }

        List<Duration> sleeps() {
            return sleeps;
        }
    }
}
