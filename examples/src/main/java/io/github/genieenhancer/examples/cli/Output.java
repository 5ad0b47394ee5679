package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.IncompleteScoreException;
import io.github.genieenhancer.core.fix.ApplyResult;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.fix.RejectedFix;
import io.github.genieenhancer.core.score.PairedScore;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.enhancement.Accuracy;
import io.github.genieenhancer.enhancement.EnhancementResult;
import io.github.genieenhancer.enhancement.IterationResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/** How commands print their results: short lines a person reads and a CI log keeps. */
final class Output {
    private static final int TEXT_WIDTH = 100;

    private final PrintStream out;

    Output(PrintStream out) {
        this.out = out;
    }

    PrintStream stream() {
        return out;
    }

    void line(String text) {
        out.println(text);
    }

    /** E.g. {@code baseline: accuracy 35.7% over 42 of 42 questions (15 correct, 23 incorrect, 4 no sql)}. */
    void score(String label, ScoreReport report) {
        out.println(label + ": accuracy " + percent(report.accuracy()) + " over " + report.counted() + " of "
                + report.results().size() + " questions (" + counts(report) + ")");
    }

    /** Why a score run was incomplete, and that nothing was decided on it. */
    void incomplete(IncompleteScoreException e) {
        out.println("incomplete: " + e.getMessage());
    }

    void plan(EnhancementPlan plan) {
        out.println("plan " + plan.planId() + ": " + plan.fixes().size() + " fixes, " + plan.rejected().size()
                + " rejected");
        for (PlannedFix fix : plan.fixes()) {
            out.println("  + " + describe(fix));
        }
        for (RejectedFix rejected : plan.rejected()) {
            out.println("  - " + describe(rejected.fix()) + " REJECTED: " + shorten(rejected.reason()));
        }
    }

    void applied(ApplyResult result) {
        String snapshot = result.snapshotId().isEmpty() ? "dry run, nothing written"
                : "snapshot " + result.snapshotId();
        out.println("applied " + result.applied().size() + " fixes to space " + result.spaceId() + " ("
                + snapshot + "), " + result.rejected().size() + " rejected, " + result.diff().changes().size()
                + " changes");
        if (!result.diff().isEmpty()) {
            result.diff().describe().lines().forEach(l -> out.println("  " + shorten(l)));
        }
    }

    /**
     * E.g. {@code iteration 1: accuracy 35.7% -> 71.4% (kept), on the 40 questions counted in both: 35.0% ->
     * 72.5%}.
     */
    void iteration(int iteration, double before, double after, boolean kept, Optional<PairedScore> paired) {
        out.println(iterationLine(iteration, before, after, kept, paired));
    }

    /** One line per iteration of a finished loop, then why it stopped and the accuracy it went from and to. */
    void result(EnhancementResult result) {
        for (IterationResult i : result.iterations()) {
            line(i.after().map(after -> iterationLine(i.iteration(), i.before().tuning(), after.tuning(), i.kept(),
                            i.paired()))
                    .orElse("iteration " + i.iteration() + ": accuracy " + percent(i.before().tuning())
                            + " (nothing applied)"));
        }
        line("stopped: " + result.stopReason() + "; accuracy " + percent(result.initialAccuracy().tuning()) + " -> "
                + percent(result.finalAccuracy().tuning()) + heldOut(result.finalAccuracy()));
    }

    static String iterationLine(int iteration, double before, double after, boolean kept,
                                Optional<PairedScore> paired) {
        return "iteration " + iteration + ": accuracy " + percent(before) + " -> " + percent(after)
                + (kept ? " (kept)" : " (rolled back)") + paired.map(p -> ", on the " + p.paired()
                + " questions counted in both: " + percent(p.accuracyBefore()) + " -> " + percent(p.accuracyAfter()))
                .orElse("");
    }

    void reports(List<Path> files) {
        out.println("reports written:");
        files.forEach(f -> out.println("  " + f.toAbsolutePath().normalize()));
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    static String heldOut(Accuracy accuracy) {
        return accuracy.heldOut().map(h -> ", held-out " + percent(h)).orElse("");
    }

    private static String counts(ScoreReport report) {
        StringJoiner parts = new StringJoiner(", ");
        for (Map.Entry<Verdict, Long> count : report.counts().entrySet()) {
            if (count.getValue() > 0) {
                parts.add(count.getValue() + " " + count.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        }
        return parts.length() == 0 ? "no questions" : parts.toString();
    }

    private static String describe(PlannedFix fix) {
        String questions = fix.benchmarkIds().isEmpty() ? "" : " [" + String.join(", ", fix.benchmarkIds()) + "]";
        return fix.category().wireName() + ": " + shorten(fix.rationale()) + questions;
    }

    private static String shorten(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= TEXT_WIDTH ? line : line.substring(0, TEXT_WIDTH - 3) + "...";
    }
}
