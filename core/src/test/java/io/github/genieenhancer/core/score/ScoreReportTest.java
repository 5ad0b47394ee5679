package io.github.genieenhancer.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.DocumentFormatException;
import io.github.genieenhancer.core.GenieJson;
import java.time.Duration;
import java.time.Instant;
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
}
