package io.github.genieenhancer.scoring.internal;

import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Figures and wording shared by the report formats, so they always agree. */
final class ReportText {
    private ReportText() {
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    static long counted(ScoreReport report) {
        return report.results().stream().filter(r -> r.verdict().counted()).count();
    }

    static String accuracyLine(ScoreReport report) {
        long excluded = report.counts().get(Verdict.EXCLUDED);
        return percent(report.accuracy()) + " (" + report.correct() + " of " + counted(report) + " correct"
                + (excluded > 0 ? "; " + excluded + " excluded" : "") + ")";
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
