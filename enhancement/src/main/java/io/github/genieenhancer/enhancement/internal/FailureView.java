package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.score.QuestionResult;
import java.util.Optional;

/**
 * A failed question as the {@code shared/failure} template reads it.
 *
 * @param benchmarkId the benchmark
 * @param question    the question
 * @param verdict     the verdict's name
 * @param reason      the reason code's name
 * @param explanation the scorer's explanation; may be empty
 * @param expectedSql the benchmark's SQL
 * @param genieSql    Genie's SQL, when it wrote any
 * @param diagnosis   the failure analysis's rationale, once analysed
 */
public record FailureView(String benchmarkId, String question, String verdict, String reason, String explanation,
                          String expectedSql, Optional<String> genieSql, Optional<String> diagnosis) {

    /** The view of a result, with a diagnosis when one is known. */
    public static FailureView of(QuestionResult result, Optional<String> diagnosis) {
        return new FailureView(result.benchmarkId(), result.question(), result.verdict().name(),
                result.reason().name(), result.explanation(), result.expectedSql(), result.genieSql(),
                diagnosis.filter(d -> !d.isBlank()));
    }
}
