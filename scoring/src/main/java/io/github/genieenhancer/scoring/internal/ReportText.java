package io.github.genieenhancer.scoring.internal;

import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Figures and wording shared by the report formats, so they always agree. */
final class ReportText {
    private ReportText() {
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** E.g. {@code 37.5% over 40 of 42 questions (15 correct, 2 excluded)}. */
    static String accuracyLine(ScoreReport report) {
        long excluded = report.counts().get(Verdict.EXCLUDED);
        return percent(report.accuracy()) + " over " + report.counted() + " of " + report.results().size()
                + " questions (" + report.correct() + " correct" + (excluded > 0 ? ", " + excluded + " excluded" : "")
                + ")";
    }

    /** E.g. {@code 40 of 42 (95.2%)}. */
    static String coverage(ScoreReport report) {
        return report.counted() + " of " + report.results().size() + " (" + percent(report.coverage()) + ")";
    }

    /** The versions of the space the run saw: {@code v1}, or {@code v1, v2 (edited during the run)}. */
    static String versions(ScoreReport report) {
        return String.join(", ", report.spaceVersions()) + (report.mixedVersions() ? " (edited during the run)" : "");
    }

    /**
     * Why nothing may be decided on a run, when that is so: its coverage is below the minimum, or the space was
     * edited while it was scored.
     */
    static Optional<String> incompleteness(ScoreReport report, double minCoverage) {
        List<String> why = new ArrayList<>();
        if (report.coverage() < minCoverage) {
            why.add("only " + coverage(report) + " questions were counted, below the minimum coverage of "
                    + percent(minCoverage));
        }
        if (report.mixedVersions()) {
            why.add("the space was edited while the run was scored (" + report.spaceVersions().size()
                    + " versions), so its answers are not of one configuration");
        }
        return why.isEmpty() ? Optional.empty()
                : Optional.of("Incomplete run: " + String.join("; ", why) + ". Nothing may be decided on it.");
    }

    /** Failures of a run (wrong answers, Genie errors, reviews; not excluded) counted by reason, most first. */
    static Map<ReasonCode, Long> failuresByReason(ScoreReport report) {
        Map<ReasonCode, Long> counts = new EnumMap<>(ReasonCode.class);
        report.failures().forEach(r -> counts.merge(r.reason(), 1L, Long::sum));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<ReasonCode, Long>comparingByValue().reversed())
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
                        java.util.LinkedHashMap::new));
    }

    static List<QuestionResult> excluded(ScoreReport report) {
        return report.results().stream().filter(r -> r.verdict() == Verdict.EXCLUDED).toList();
    }

    static String duration(ScoreReport report) {
        Duration d = Duration.between(report.startedAt(), report.finishedAt());
        long seconds = d.toSeconds();
        return seconds >= 60 ? seconds / 60 + " min " + seconds % 60 + " s"
                : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    static String label(Verdict verdict) {
        return switch (verdict) {
            case CORRECT -> "Correct";
            case INCORRECT -> "Incorrect";
            case NO_SQL -> "No SQL";
            case ERROR -> "Error";
            case EXCLUDED -> "Excluded";
            case NEEDS_REVIEW -> "Needs review";
        };
    }
}
