package io.github.genieenhancer.core.score;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Two scoring runs compared on the questions counted in both: the paired accuracy before and after a change. Two
 * runs' own accuracies are taken over different questions when each excluded others (a rate limit in one, an outage
 * in the other); the paired one compares like with like, which is what keeping or rolling back a change is
 * decided on.
 *
 * @param beforeRunId   the earlier run, e.g. a baseline
 * @param afterRunId    the later run, e.g. the validation after a change
 * @param paired        the questions counted (not {@link Verdict#EXCLUDED}) in both runs
 * @param correctBefore of those, how many the earlier run answered correctly
 * @param correctAfter  of those, how many the later run answered correctly
 */
@JsonIgnoreProperties(value = {"accuracyBefore", "accuracyAfter"}, allowGetters = true)
public record PairedScore(String beforeRunId, String afterRunId, int paired, int correctBefore, int correctAfter) {

    /** Validates the components. */
    public PairedScore {
        Objects.requireNonNull(beforeRunId, "beforeRunId");
        Objects.requireNonNull(afterRunId, "afterRunId");
        if (paired < 0 || correctBefore < 0 || correctAfter < 0 || correctBefore > paired || correctAfter > paired) {
            throw new IllegalArgumentException("correct answers must be between 0 and the " + paired
                    + " paired questions, got " + correctBefore + " and " + correctAfter);
        }
    }

    /** The two runs compared on every question counted in both. */
    public static PairedScore of(ScoreReport before, ScoreReport after) {
        return of(before, after, id -> true);
    }

    /**
     * The two runs compared on the questions counted in both whose benchmark id passes a filter, e.g. the tuning
     * benchmarks of an enhancement session.
     */
    public static PairedScore of(ScoreReport before, ScoreReport after, Predicate<String> benchmarkIds) {
        int paired = 0;
        int correctBefore = 0;
        int correctAfter = 0;
        for (QuestionResult b : before.results()) {
            if (!b.verdict().counted() || !benchmarkIds.test(b.benchmarkId())) {
                continue;
            }
            QuestionResult a = after.result(b.benchmarkId()).filter(r -> r.verdict().counted()).orElse(null);
            if (a != null) {
                paired++;
                correctBefore += b.isCorrect() ? 1 : 0;
                correctAfter += a.isCorrect() ? 1 : 0;
            }
        }
        return new PairedScore(before.runId(), after.runId(), paired, correctBefore, correctAfter);
    }

    /** The earlier run's accuracy on the paired questions; 0 when none is paired. */
    @JsonProperty("accuracyBefore")
    public double accuracyBefore() {
        return paired == 0 ? 0 : (double) correctBefore / paired;
    }

    /** The later run's accuracy on the paired questions; 0 when none is paired. */
    @JsonProperty("accuracyAfter")
    public double accuracyAfter() {
        return paired == 0 ? 0 : (double) correctAfter / paired;
    }
}
