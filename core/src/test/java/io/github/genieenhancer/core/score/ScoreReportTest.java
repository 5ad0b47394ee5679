package io.github.genieenhancer.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.DocumentFormatException;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.IncompleteScoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScoreReportTest {

    private static QuestionResult result(String id, Verdict verdict, ReasonCode reason) {
        return new QuestionResult(id, "question " + id, "SELECT 1", Optional.of("SELECT 1"), verdict, reason,
                "", List.of(), Duration.ofMillis(1500), Duration.ofMillis(20), Optional.of("sha256:ab"),
                Optional.of("conv-" + id));
    }

    private static ScoreReport report() {
        return new ScoreReport("run-1", "space-1", "fp-1", Instant.parse("2026-11-25T10:00:00Z"),
                Instant.parse("2026-11-25T10:01:00Z"), List.of(
                        result("a", Verdict.CORRECT, ReasonCode.RESULT_MATCH),
                        result("b", Verdict.INCORRECT, ReasonCode.RESULT_MISSING_ROWS),
                        result("c", Verdict.EXCLUDED, ReasonCode.EXPECTED_SQL_FAILED),
                        result("d", Verdict.NEEDS_REVIEW, ReasonCode.JUDGE_REVIEW),
                        result("e", Verdict.CORRECT, ReasonCode.RESULT_MATCH)));
    }

    @Test
    void accuracyLeavesExcludedQuestionsOutOfTheDenominator() {
        ScoreReport report = report();
        assertThat(report.accuracy()).isEqualTo(0.5);
        assertThat(report.counts()).containsEntry(Verdict.CORRECT, 2L).containsEntry(Verdict.EXCLUDED, 1L)
                .containsEntry(Verdict.ERROR, 0L);
        assertThat(report.failures()).extracting(QuestionResult::benchmarkId).containsExactly("b", "d");
    }

    @Test
    void emptyOrAllExcludedReportHasZeroAccuracy() {
        ScoreReport empty = new ScoreReport("r", "s", "v", Instant.EPOCH, Instant.EPOCH, List.of());
        assertThat(empty.accuracy()).isZero();
    }

    @Test
    void roundTripsThroughJsonWithDerivedFiguresWritten() {
        ScoreReport report = report();
        String json = GenieJson.write(report);
        assertThat(json).contains("\"accuracy\" : 0.5").contains("\"genieTime\" : \"PT1.5S\"");
        assertThat(GenieJson.read(json, ScoreReport.class, "report.json")).isEqualTo(report);
    }

    @Test
    void missingVerdictIsReportedWithItsPath() {
        String json = GenieJson.write(report()).replace("\"verdict\" : \"INCORRECT\",", "");
        assertThatThrownBy(() -> GenieJson.read(json, ScoreReport.class, "runs/run-1/report.json"))
                .isInstanceOf(DocumentFormatException.class)
                .hasMessageContaining("runs/run-1/report.json")
                .hasMessageContaining("results[1]")
                .hasMessageContaining("verdict");
    }

    @Test
    void malformedJsonNamesDocumentAndLine() {
        assertThatThrownBy(() -> GenieJson.read("{\n\"runId\": \"r\",\n oops", ScoreReport.class, "report.json"))
                .isInstanceOf(DocumentFormatException.class)
                .hasMessageStartingWith("report.json:3");
    }

    /** The rate-limited baseline: 39 of 42 answers excluded, 2 of the 3 left correct. */
    private static ScoreReport rateLimited() {
        List<QuestionResult> results = new ArrayList<>();
        for (int i = 1; i <= 42; i++) {
            String id = String.format("b%02d", i);
            results.add(i <= 39 ? new QuestionResult(id, "q", "SELECT 1", Optional.empty(), Verdict.EXCLUDED,
                    ReasonCode.INFRASTRUCTURE, "Not a failure of the space: RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION "
                    + "(Rate limit exceeded), still failing after 4 asks", List.of(), null, null, Optional.empty(),
                    Optional.empty()) : result(id, i == 42 ? Verdict.INCORRECT : Verdict.CORRECT,
                    i == 42 ? ReasonCode.RESULT_MISSING_ROWS : ReasonCode.RESULT_MATCH));
        }
        return new ScoreReport("i1-baseline", "space-1", "fp-1", Instant.EPOCH, Instant.EPOCH, results);
    }

    @Test
    void everyAccuracySaysOverHowManyQuestionsItWasTaken() {
        ScoreReport report = rateLimited();

        assertThat(report.accuracy()).isEqualTo(2 / 3.0);
        assertThat(report.counted()).isEqualTo(3);
        assertThat(report.coverage()).isEqualTo(3 / 42.0);
        assertThat(GenieJson.write(report)).contains("\"counted\" : 3", "\"coverage\" : 0.0714",
                "\"mixedVersions\" : false");
        assertThat(new ScoreReport("r", "s", "v", Instant.EPOCH, Instant.EPOCH, List.of()).coverage()).isZero();
    }

    @Test
    void aRunUnderTheMinimumCoverageIsIncompleteAndSaysWhy() {
        ScoreReport report = rateLimited();

        assertThat(report.isComplete(0.9)).isFalse();
        assertThat(report.isComplete(0.05)).isTrue();
        assertThat(report.requireComplete(0.05)).isSameAs(report);
        assertThatThrownBy(() -> report.requireComplete(0.9))
                .isInstanceOfSatisfying(IncompleteScoreException.class, e -> {
                    assertThat(e.report()).isSameAs(report);
                    assertThat(e.minCoverage()).isEqualTo(0.9);
                    assertThat(e.isRetriable()).isTrue();
                })
                .hasMessageContaining("Score run i1-baseline of space space-1 is incomplete")
                .hasMessageContaining("accuracy over 3 of 42 questions (coverage 7.1%, below the minimum of 90.0%)")
                .hasMessageContaining("39 INFRASTRUCTURE (e.g. b01: Not a failure of the space: "
                        + "RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION");
    }

    @Test
    void aRunThatSawTwoVersionsOfTheSpaceIsMixedAndIncomplete() {
        ScoreReport single = report();
        ScoreReport mixed = new ScoreReport("run-1", "space-1", "fp-1", Instant.EPOCH, Instant.EPOCH,
                List.of(result("a", Verdict.CORRECT, ReasonCode.RESULT_MATCH).withSpaceVersion(Optional.of("fp-1")),
                        result("b", Verdict.CORRECT, ReasonCode.RESULT_MATCH)),
                List.of("fp-1", "fp-2"));

        assertThat(single.spaceVersions()).containsExactly("fp-1");
        assertThat(single.mixedVersions()).isFalse();
        assertThat(mixed.mixedVersions()).isTrue();
        assertThat(mixed.coverage()).isEqualTo(1.0);
        assertThat(mixed.isComplete(0.9)).isFalse();
        assertThatThrownBy(() -> mixed.requireComplete(0)).isInstanceOf(IncompleteScoreException.class)
                .hasMessageContaining("the space was edited while it was scored: its answers span 2 versions of "
                        + "the configuration (fp-1, fp-2)");
        assertThat(GenieJson.read(GenieJson.write(mixed), ScoreReport.class, "mixed")).isEqualTo(mixed);
    }

    @Test
    void aReportStoredBeforeCoverageAndVersionsWereRecordedStillReads() {
        String stored = """
                {"runId": "i1-baseline", "spaceId": "s", "spaceVersion": "fp-1",
                 "startedAt": "2026-11-25T10:00:00Z", "finishedAt": "2026-11-25T10:01:00Z", "accuracy": 1.0,
                 "counts": {"CORRECT": 1},
                 "results": [{"benchmarkId": "a", "question": "q", "expectedSql": "SELECT 1",
                              "genieSql": "SELECT 1", "verdict": "CORRECT", "reason": "RESULT_MATCH",
                              "explanation": "", "notes": [], "genieTime": "PT1S", "sqlTime": "PT0S",
                              "resultDigest": null, "conversationId": "c1"}]}
                """;

        ScoreReport report = GenieJson.read(stored, ScoreReport.class, "legacy report");

        assertThat(report.spaceVersions()).containsExactly("fp-1");
        assertThat(report.results()).singleElement().satisfies(r -> assertThat(r.spaceVersion()).isEmpty());
        assertThat(report.coverage()).isEqualTo(1.0);
        assertThat(report.isComplete(0.9)).isTrue();
    }

    @Test
    void pairedScoreComparesOnlyTheQuestionsCountedInBothRuns() {
        // The case: the baseline counted 3 questions (2 correct), the validation 42 (16 correct).
        ScoreReport baseline = rateLimited();
        List<QuestionResult> after = new ArrayList<>();
        for (QuestionResult r : baseline.results()) {
            boolean correct = r.benchmarkId().compareTo("b16") <= 0 || r.benchmarkId().equals("b40");
            after.add(result(r.benchmarkId(), correct ? Verdict.CORRECT : Verdict.INCORRECT,
                    correct ? ReasonCode.RESULT_MATCH : ReasonCode.RESULT_MISSING_ROWS));
        }
        ScoreReport validation = new ScoreReport("i1-validation", "space-1", "fp-2", Instant.EPOCH, Instant.EPOCH,
                after);

        PairedScore paired = PairedScore.of(baseline, validation);

        assertThat(paired).isEqualTo(new PairedScore("i1-baseline", "i1-validation", 3, 2, 1));
        assertThat(paired.accuracyBefore()).isEqualTo(2 / 3.0);
        assertThat(paired.accuracyAfter()).isEqualTo(1 / 3.0);
        assertThat(PairedScore.of(baseline, validation, id -> !id.equals("b41")).paired()).isEqualTo(2);
        assertThat(PairedScore.of(validation, validation).accuracyAfter()).isEqualTo(validation.accuracy());
        assertThat(GenieJson.read(GenieJson.write(paired), PairedScore.class, "paired")).isEqualTo(paired);
        assertThat(new PairedScore("a", "b", 0, 0, 0).accuracyBefore()).isZero();
    }
}
