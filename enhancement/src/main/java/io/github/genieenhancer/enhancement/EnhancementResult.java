package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.scoring.ScoreReports;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an {@link EnhancementSession#run()} did: every iteration's scores, plan and change, and why it stopped.
 *
 * <pre>{@code
 * EnhancementResult result = session.run();
 * result.reports().writeTo(Path.of("reports"));   // JSON, Markdown, HTML with accuracy per iteration, JUnit XML
 * }</pre>
 *
 * @param sessionId      the session, for {@link EnhancementSession#resume}
 * @param spaceId        the space being enhanced
 * @param workingSpaceId the copy the changes went to in {@link ApplyMode#CLONE} mode, once made
 * @param mode           how spaces were changed
 * @param iterations     every iteration, in order
 * @param stopReason     why the loop ended
 * @param targetAccuracy the tuning accuracy the session aimed at
 * @param minCoverage    the least share of a run's questions that had to be counted for the session to decide on it
 */
public record EnhancementResult(String sessionId, String spaceId, Optional<String> workingSpaceId, ApplyMode mode,
                                List<IterationResult> iterations, StopReason stopReason, double targetAccuracy,
                                double minCoverage) {

    /** Validates and copies the components. */
    public EnhancementResult {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(stopReason, "stopReason");
        workingSpaceId = workingSpaceId == null ? Optional.empty() : workingSpaceId;
        iterations = List.copyOf(iterations);
        if (iterations.isEmpty()) {
            throw new IllegalArgumentException("a result has at least one iteration");
        }
    }

    /** The accuracies before the first change. */
    public Accuracy initialAccuracy() {
        return iterations.get(0).before();
    }

    /**
     * The accuracies of the configuration the session ended with: the last kept validation, else the first
     * baseline.
     */
    public Accuracy finalAccuracy() {
        Accuracy last = initialAccuracy();
        for (IterationResult i : iterations) {
            if (i.kept() && i.after().isPresent()) {
                last = i.after().get();
            }
        }
        return last;
    }

    /**
     * Every score of the session, oldest first, each once: the first baseline, then each iteration's validation (a
     * later baseline is the validation kept before it, or after a rollback the earlier baseline).
     */
    public List<ScoreReport> runs() {
        Set<String> seen = new LinkedHashSet<>();
        List<ScoreReport> runs = new ArrayList<>();
        for (IterationResult i : iterations) {
            if (seen.add(i.baseline().runId())) {
                runs.add(i.baseline());
            }
            i.validation().filter(v -> seen.add(v.runId())).ifPresent(runs::add);
        }
        return runs;
    }

    /**
     * The reports across iterations, by scoring's {@link ScoreReports}: JSON, Markdown, one self-contained HTML file
     * (accuracy per run with the target line, verdicts, failures per reason, each failure's expected and generated
     * SQL) and JUnit XML gating on the target and the minimum coverage. The runs are {@link #runs()}; each
     * validated iteration's paired comparison is listed.
     */
    public ScoreReports reports() {
        ScoreReports.Builder reports = ScoreReports.builder().addAll(runs()).targetAccuracy(targetAccuracy)
                .minCoverage(minCoverage);
        iterations.forEach(i -> i.paired().ifPresent(reports::comparison));
        return reports.build();
    }
}
