package io.github.genieenhancer.core.progress;

import io.github.genieenhancer.core.score.Verdict;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Wording shared by the logging and console listeners, so both describe a run the same way. */
final class ProgressText {

    private ProgressText() {
    }

    /** What a stage's work items are, e.g. "40 questions". */
    static String items(Stage stage, int count) {
        String unit = switch (stage) {
            case SCORE, VALIDATE -> "question";
            case PLAN -> "failure";
            case APPLY -> "fix";
        };
        String plural = unit.endsWith("x") ? unit + "es" : unit + "s";
        return count + " " + (count == 1 ? unit : plural);
    }

    /** A stage's start, e.g. "SCORE started: 40 questions", or "SCORE started" when the amount of work is unknown. */
    static String started(ProgressEvent.StageStarted e) {
        return e.stage() + " started" + (e.total() > 0 ? ": " + items(e.stage(), e.total()) : "");
    }

    /** A duration for people: "0.4s", "45s", "2m 05s", "1h 03m". */
    static String duration(Duration d) {
        long millis = Math.max(0, d.toMillis());
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
    }

    /** An accuracy as a percentage with one decimal, e.g. "62.5%". */
    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** A token count with grouping, e.g. "12,345". */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** The non-zero verdict counts in verdict order, e.g. "correct 8, incorrect 2"; empty when there are none. */
    static String verdicts(Map<Verdict, Integer> counts) {
        StringJoiner joiner = new StringJoiner(", ");
        for (Verdict verdict : Verdict.values()) {
            int n = counts.getOrDefault(verdict, 0);
            if (n > 0) {
                joiner.add(verdict.name().toLowerCase(Locale.ROOT) + " " + n);
            }
        }
        return joiner.toString();
    }

    /** How an iteration ended, e.g. "Iteration 1: accuracy 62.5% -> 75.0%, kept". */
    static String iteration(ProgressEvent.IterationFinished e) {
        return "Iteration " + e.iteration() + ": accuracy " + percent(e.accuracyBefore()) + " -> "
                + percent(e.accuracyAfter()) + ", " + (e.kept() ? "kept" : "rolled back");
    }

    /** A refused fix, e.g. "Rejected fix f4 (join_specs_add): column orders.amount does not exist". */
    static String rejected(ProgressEvent.FixRejected e) {
        return "Rejected fix " + e.rejected().fix().id() + " (" + e.rejected().fix().category().wireName() + "): "
                + e.rejected().reason();
    }
}
