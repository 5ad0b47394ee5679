package io.github.genieenhancer.core;

import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A scoring run too incomplete to decide anything on: fewer of its questions were counted than the minimum
 * coverage asks (most were excluded, e.g. rate-limited or refused), or the space was edited while it was scored.
 * The run and its results are stored; scoring again under the same run id asks the excluded questions again (and
 * those answered against another version of the space). An enhancement session that gets it keeps its stage: no
 * keep, rollback or target is decided, and running the session again continues the run.
 */
public class IncompleteScoreException extends GenieEnhancerException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_EXAMPLE = 160;

    /** The incomplete run. */
    private final transient ScoreReport report;
    /** The least share of questions that had to be counted. */
    private final double minCoverage;

    /**
     * Creates the exception for a run, its message saying why it is incomplete.
     *
     * @param report      the incomplete run
     * @param minCoverage the least share of questions that had to be counted, 0 to 1
     */
    public IncompleteScoreException(ScoreReport report, double minCoverage) {
        super(describe(report, minCoverage));
        this.report = report;
        this.minCoverage = minCoverage;
    }

    /** The incomplete run, as stored; its reports show the coverage. */
    public ScoreReport report() {
        return report;
    }

    /** The least share of questions that had to be counted, 0 to 1. */
    public double minCoverage() {
        return minCoverage;
    }

    /** A stored run can be scored again, and the causes (rate limits, outages) are often transient. */
    @Override
    public boolean isRetriable() {
        return true;
    }

    private static String describe(ScoreReport report, double minCoverage) {
        StringBuilder text = new StringBuilder("Score run ").append(report.runId()).append(" of space ")
                .append(report.spaceId()).append(" is incomplete, so nothing is decided on it: ");
        StringJoiner why = new StringJoiner("; ");
        if (report.coverage() < minCoverage) {
            why.add("accuracy over " + report.counted() + " of " + report.results().size() + " questions (coverage "
                    + percent(report.coverage()) + ", below the minimum of " + percent(minCoverage) + "); excluded: "
                    + exclusions(report.results()));
        }
        if (report.mixedVersions()) {
            why.add("the space was edited while it was scored: its answers span " + report.spaceVersions().size()
                    + " versions of the configuration (" + String.join(", ", report.spaceVersions().stream()
                    .map(IncompleteScoreException::shortVersion).toList()) + ")");
        }
        return text.append(why).append(". Score again under the same run id (run the session again) to ask the "
                + "excluded questions, and those answered against another version, again.").toString();
    }

    /** The exclusions by reason, most first, each with one example's explanation. */
    private static String exclusions(List<QuestionResult> results) {
        Map<ReasonCode, Long> counts = new EnumMap<>(ReasonCode.class);
        Map<ReasonCode, QuestionResult> examples = new EnumMap<>(ReasonCode.class);
        for (QuestionResult r : results) {
            if (r.verdict() == Verdict.EXCLUDED) {
                counts.merge(r.reason(), 1L, Long::sum);
                examples.putIfAbsent(r.reason(), r);
            }
        }
        if (counts.isEmpty()) {
            return "none";
        }
        StringJoiner causes = new StringJoiner(", ");
        counts.entrySet().stream().sorted(Map.Entry.<ReasonCode, Long>comparingByValue().reversed())
                .forEach(e -> {
                    QuestionResult example = examples.get(e.getKey());
                    causes.add(e.getValue() + " " + e.getKey() + " (e.g. " + example.benchmarkId() + ": "
                            + shorten(example.explanation()) + ")");
                });
        return causes.toString();
    }

    private static String shortVersion(String version) {
        return version.length() > 12 ? version.substring(0, 12) + "…" : version;
    }

    private static String shorten(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > MAX_EXAMPLE ? line.substring(0, MAX_EXAMPLE) + "…" : line;
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }
}
