package io.github.genieenhancer.scoring.fleet;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One space's row of a fleet run: its accuracy over the counted questions, coverage, the change since the space's
 * previous stored fleet run, and the accuracies of its stored fleet runs for a trend. A summary only, so a fleet
 * report stays small however many spaces it covers; the results themselves are in the state store.
 *
 * @param spaceId          the space
 * @param title            its title as listed; empty when it was not listed
 * @param sessionId        the state-store session its fleet runs are stored under
 * @param runId            the run id of this fleet run's scoring of the space
 * @param questions        benchmarks scored
 * @param counted          questions the accuracy is taken over (all but the excluded)
 * @param correct          correct answers
 * @param complete         whether the run counted enough questions against one version of the space
 * @param previousAccuracy the accuracy of the space's previous stored fleet run, if any
 * @param trend            accuracies of the space's stored fleet runs, oldest first, this one last (at most 12)
 * @param error            why the space could not be scored (e.g. it does not exist), when it could not
 */
public record SpaceScore(String spaceId, String title, String sessionId, String runId, int questions, long counted,
                         long correct, boolean complete, Optional<Double> previousAccuracy, List<Double> trend,
                         Optional<String> error) {

    /** Validates the components. */
    public SpaceScore {
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(previousAccuracy, "previousAccuracy");
        trend = List.copyOf(trend);
        Objects.requireNonNull(error, "error");
    }

    /** Correct answers over counted questions; 0 when none counts. Read it with {@link #counted()}. */
    public double accuracy() {
        return counted == 0 ? 0.0 : (double) correct / counted;
    }

    /** Counted questions over all questions, 0 to 1. */
    public double coverage() {
        return questions == 0 ? 0.0 : (double) counted / questions;
    }

    /** The change in accuracy since the previous stored fleet run of the space, if there was one. */
    public Optional<Double> change() {
        return previousAccuracy.map(previous -> accuracy() - previous);
    }

    /** Whether this space passes a gate: scored, complete, and at least {@code minAccuracy} accurate. */
    public boolean passes(double minAccuracy) {
        return error.isEmpty() && complete && accuracy() >= minAccuracy;
    }
}
