package io.github.genieenhancer.scoring.internal;

import io.github.genieenhancer.core.score.PairedScore;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.scoring.ScoreReports;
import io.github.genieenhancer.scoring.SideBySide;
import java.util.List;
import java.util.Map;

/** The Markdown summary of {@link ScoreReports}. */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    /** Renders the reports. */
    public static String render(ScoreReports reports) {
        StringBuilder md = new StringBuilder();
        ScoreReport latest = reports.latest();
        md.append("# Genie benchmark score: space ").append(cell(latest.spaceId())).append("\n\n");
        md.append("Latest run **").append(cell(latest.runId())).append("**: accuracy **")
                .append(ReportText.accuracyLine(latest)).append("**");
        if (reports.targetAccuracy() > 0) {
            md.append(latest.accuracy() >= reports.targetAccuracy() ? ", meets" : ", below")
                    .append(" the target of ").append(ReportText.percent(reports.targetAccuracy()));
        }
        md.append(".\n");
        ReportText.incompleteness(latest, reports.minCoverage())
                .ifPresent(why -> md.append("\n**").append(line(why)).append("**\n"));
        md.append("\n## Runs\n\n| Run | Space version | Accuracy | Counted of all |");
        for (Verdict verdict : Verdict.values()) {
            md.append(' ').append(ReportText.label(verdict)).append(" |");
        }
        md.append(" Duration |\n|---|---|---:|---:|");
        md.append("---:|".repeat(Verdict.values().length)).append("---:|\n");
        for (ScoreReport run : reports.runs()) {
            md.append("| ").append(cell(run.runId()))
                    .append(ReportText.incompleteness(run, reports.minCoverage()).isPresent() ? " (incomplete)" : "")
                    .append(" | ").append(cell(ReportText.versions(run))).append(" | ")
                    .append(ReportText.percent(run.accuracy())).append(" | ").append(ReportText.coverage(run))
                    .append(" |");
            for (Verdict verdict : Verdict.values()) {
                md.append(' ').append(run.counts().get(verdict)).append(" |");
            }
            md.append(' ').append(ReportText.duration(run)).append(" |\n");
        }
        if (!reports.comparisons().isEmpty()) {
            md.append("\n## Paired comparisons\n\nEach pair of runs compared on the questions counted in both.\n\n"
                    + "| Before | After | Questions counted in both | Accuracy before | Accuracy after |\n"
                    + "|---|---|---:|---:|---:|\n");
            for (PairedScore pair : reports.comparisons()) {
                md.append("| ").append(cell(pair.beforeRunId())).append(" | ").append(cell(pair.afterRunId()))
                        .append(" | ").append(pair.paired()).append(" | ")
                        .append(ReportText.percent(pair.accuracyBefore())).append(" (").append(pair.correctBefore())
                        .append(" correct) | ").append(ReportText.percent(pair.accuracyAfter())).append(" (")
                        .append(pair.correctAfter()).append(" correct) |\n");
            }
        }
        Map<ReasonCode, Long> byReason = ReportText.failuresByReason(latest);
        if (!byReason.isEmpty()) {
            md.append("\n## Failures by reason\n\n| Reason | Questions |\n|---|---:|\n");
            byReason.forEach((reason, count) -> md.append("| ").append(reason).append(" | ").append(count)
                    .append(" |\n"));
            md.append("\n## Failures\n");
            for (QuestionResult failure : latest.failures()) {
                appendQuestion(md, failure);
            }
        }
        List<QuestionResult> excluded = ReportText.excluded(latest);
        if (!excluded.isEmpty()) {
            md.append("\n## Excluded from the accuracy\n\n| Benchmark | Reason | Explanation |\n|---|---|---|\n");
            for (QuestionResult result : excluded) {
                md.append("| ").append(cell(result.benchmarkId())).append(" | ").append(result.reason()).append(" | ")
                        .append(cell(result.explanation())).append(" |\n");
            }
        }
        reports.sideBySide().ifPresent(sideBySide -> appendSideBySide(md, sideBySide));
        return md.toString();
    }

    private static void appendQuestion(StringBuilder md, QuestionResult result) {
        md.append("\n### ").append(line(result.benchmarkId())).append(": ").append(line(result.question()))
                .append("\n\n**").append(ReportText.label(result.verdict())).append("** (`")
                .append(result.reason()).append("`): ").append(line(result.explanation())).append("\n");
        for (String note : result.notes()) {
            md.append("\n- ").append(line(note));
        }
        if (!result.notes().isEmpty()) {
            md.append('\n');
        }
        md.append("\nExpected SQL:\n\n").append(fenced(result.expectedSql()));
        md.append("\nGenie's SQL:\n\n").append(result.genieSql().map(MarkdownReport::fenced)
                .orElse("_(none)_\n"));
    }

    private static void appendSideBySide(StringBuilder md, SideBySide sideBySide) {
        md.append("\n## ").append(line(sideBySide.leftName())).append(" and ").append(line(sideBySide.rightName()))
                .append("\n\nThey agree on ").append(ReportText.percent(sideBySide.agreement()))
                .append(" of the questions both counted.\n\n| Benchmark | ").append(cell(sideBySide.leftName()))
                .append(" | ").append(cell(sideBySide.rightName())).append(" | Agree |\n|---|---|---|---|\n");
        for (SideBySide.Row row : sideBySide.rows()) {
            md.append("| ").append(cell(row.benchmarkId())).append(" | ").append(verdict(row.left())).append(" | ")
                    .append(verdict(row.right())).append(" | ").append(!row.comparable() ? "–" : row.agree() ? "yes" : "**no**").append(" |\n");
        }
    }

    private static String verdict(java.util.Optional<QuestionResult> result) {
        return result.map(r -> ReportText.label(r.verdict()) + " (" + r.reason() + ")").orElse("not scored");
    }

    /** SQL in a fence longer than any run of backticks inside it. */
    private static String fenced(String sql) {
        String fence = "```";
        while (sql.contains(fence)) {
            fence += "`";
        }
        return fence + "sql\n" + sql.strip() + "\n" + fence + "\n";
    }

    /** Text for one table cell: no line breaks, pipes escaped. */
    private static String cell(String text) {
        return line(text).replace("|", "\\|");
    }

    private static String line(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").strip().replace("<", "&lt;");
    }
}
