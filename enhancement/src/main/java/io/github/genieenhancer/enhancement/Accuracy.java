package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ScoreReport;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A score report's accuracy on the tuning benchmarks, whose failures drive fixes, and on the held-out ones, which
 * only measure. A gain on the tuning set that the held-out set does not share was memorised, not learned.
 *
 * @param tuning  correct tuning answers over counted tuning answers (excluded ones left out); 0 when none counts
 * @param heldOut the same over the held-out benchmarks; empty when there is no held-out set
 */
public record Accuracy(double tuning, Optional<Double> heldOut) {

    /** Validates the components. */
    public Accuracy {
        heldOut = heldOut == null ? Optional.empty() : heldOut;
    }

    /**
     * The accuracies of a report.
     *
     * @param heldOutIds the ids of the held-out benchmarks; every other result is a tuning result
     */
    public static Accuracy of(ScoreReport report, Set<String> heldOutIds) {
        List<QuestionResult> tuning = report.results().stream().filter(r -> !heldOutIds.contains(r.benchmarkId()))
                .toList();
        List<QuestionResult> heldOut = report.results().stream().filter(r -> heldOutIds.contains(r.benchmarkId()))
                .toList();
        return new Accuracy(of(tuning), heldOutIds.isEmpty() ? Optional.empty() : Optional.of(of(heldOut)));
    }

    private static double of(List<QuestionResult> results) {
        long counted = results.stream().filter(r -> r.verdict().counted()).count();
        return counted == 0 ? 0 : (double) results.stream().filter(QuestionResult::isCorrect).count() / counted;
    }
}
