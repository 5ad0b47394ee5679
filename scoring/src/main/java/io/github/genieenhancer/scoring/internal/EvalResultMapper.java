package io.github.genieenhancer.scoring.internal;

import com.databricks.sdk.service.dashboards.EvaluationStatusType;
import com.databricks.sdk.service.dashboards.GenieEvalAssessment;
import com.databricks.sdk.service.dashboards.GenieEvalResponse;
import com.databricks.sdk.service.dashboards.GenieEvalResponseType;
import com.databricks.sdk.service.dashboards.GenieEvalResult;
import com.databricks.sdk.service.dashboards.GenieEvalResultDetails;
import com.databricks.sdk.service.dashboards.ScoreReason;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Maps one result of a Databricks eval run to a {@link QuestionResult}, as documented on EvalRunScorer. */
public final class EvalResultMapper {
    private EvalResultMapper() {
    }

    /** Maps a result and its details. */
    public static QuestionResult map(Benchmark benchmark, GenieEvalResult result, GenieEvalResultDetails details) {
        List<ScoreReason> reasons = details.getAssessmentReasons() == null ? List.of()
                : details.getAssessmentReasons().stream().filter(Objects::nonNull).toList();
        List<String> notes = new ArrayList<>();
        reasons.forEach(reason -> notes.add("EVAL_REASON: " + reason));
        if (Boolean.TRUE.equals(details.getManualAssessment())) {
            notes.add("MANUAL_ASSESSMENT: a person set this rating in Databricks");
        }
        Optional<String> genieSql = response(details.getActualResponse(), GenieEvalResponseType.SQL);
        EvaluationStatusType status = details.getEvalRunStatus() != null ? details.getEvalRunStatus()
                : result.getStatus();
        Verdict verdict;
        ReasonCode reason;
        String explanation;
        if (status != null && status != EvaluationStatusType.DONE) {
            verdict = status == EvaluationStatusType.EVALUATION_CANCELLED || status == EvaluationStatusType.RUNNING
                    || status == EvaluationStatusType.NOT_STARTED ? Verdict.EXCLUDED : Verdict.ERROR;
            reason = switch (status) {
                case EVALUATION_TIMEOUT -> ReasonCode.TIMEOUT;
                case EVALUATION_FAILED -> ReasonCode.GENIE_FAILED;
                default -> ReasonCode.INFRASTRUCTURE;
            };
            explanation = "Databricks did not evaluate the answer: " + status + ".";
        } else if (details.getAssessment() == GenieEvalAssessment.GOOD) {
            verdict = Verdict.CORRECT;
            reason = ReasonCode.RESULT_MATCH;
            explanation = "Databricks rated the answer good.";
        } else if (details.getAssessment() == GenieEvalAssessment.BAD) {
            Optional<ReasonCode> deterministic = reasons.stream().map(EvalResultMapper::local)
                    .flatMap(Optional::stream).findFirst();
            boolean textOnly = genieSql.isEmpty()
                    && response(details.getActualResponse(), GenieEvalResponseType.TEXT).isPresent();
            verdict = textOnly ? Verdict.NO_SQL : deterministic.filter(r -> r == ReasonCode.EMPTY_GOOD_SQL)
                    .map(r -> Verdict.NEEDS_REVIEW).orElse(Verdict.INCORRECT);
            reason = textOnly ? ReasonCode.TEXT_ANSWER : deterministic.orElse(ReasonCode.EVAL_RUN_BAD);
            explanation = "Databricks rated the answer bad" + (reasons.isEmpty() ? "." : ": "
                    + String.join(", ", reasons.stream().map(ScoreReason::toString).toList()) + ".");
        } else {
            verdict = Verdict.NEEDS_REVIEW;
            reason = reasons.contains(ScoreReason.EMPTY_GOOD_SQL) ? ReasonCode.EMPTY_GOOD_SQL
                    : ReasonCode.JUDGE_REVIEW;
            explanation = "Databricks asks for a manual review of the answer.";
        }
        return new QuestionResult(benchmark.id(), benchmark.question(), benchmark.expectedSql(), genieSql, verdict,
                reason, explanation, notes, Duration.ZERO, Duration.ZERO, Optional.empty(), Optional.empty());
    }

    /** The local code of a deterministic reason; the LLM judge's reasons have none. */
    private static Optional<ReasonCode> local(ScoreReason reason) {
        return switch (reason) {
            case EMPTY_RESULT -> Optional.of(ReasonCode.EMPTY_RESULT);
            case EMPTY_GOOD_SQL -> Optional.of(ReasonCode.EMPTY_GOOD_SQL);
            case RESULT_MISSING_ROWS -> Optional.of(ReasonCode.RESULT_MISSING_ROWS);
            case RESULT_EXTRA_ROWS -> Optional.of(ReasonCode.RESULT_EXTRA_ROWS);
            case RESULT_MISSING_COLUMNS -> Optional.of(ReasonCode.RESULT_MISSING_COLUMNS);
            case RESULT_EXTRA_COLUMNS -> Optional.of(ReasonCode.RESULT_EXTRA_COLUMNS);
            case SINGLE_CELL_DIFFERENCE -> Optional.of(ReasonCode.SINGLE_CELL_DIFFERENCE);
            case COLUMN_TYPE_DIFFERENCE -> Optional.of(ReasonCode.COLUMN_TYPE_DIFFERENCE);
            default -> Optional.empty();
        };
    }

    private static Optional<String> response(Collection<GenieEvalResponse> responses, GenieEvalResponseType type) {
        if (responses == null) {
            return Optional.empty();
        }
        return responses.stream().filter(r -> r != null && r.getResponseType() == type && r.getResponse() != null
                && !r.getResponse().isBlank()).map(GenieEvalResponse::getResponse).findFirst();
    }
}
