package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.enhancement.SessionHistory;
import java.util.List;
import java.util.function.Function;

/** The enhancement report in Markdown: the same sections as the HTML, as tables and fenced diffs. */
public final class MarkdownEnhancementReport {
    private final StringBuilder md = new StringBuilder();

    private MarkdownEnhancementReport() {
    }

    /** Renders the report. */
    public static String render(ReportModel model, ReportGate gate) {
        MarkdownEnhancementReport report = new MarkdownEnhancementReport();
        report.write(model, gate);
        return report.md.toString();
    }

    private void write(ReportModel model, ReportGate gate) {
        SessionHistory h = model.history();
        md.append("# Enhancement of space ").append(line(h.spaceId())).append("\n\n");
        md.append("Session **").append(line(h.sessionId())).append("**, ").append(h.mode()).append(" mode")
                .append(h.workingSpaceId().map(w -> " (changes on the copy " + line(w) + ")").orElse(""))
                .append(", at stage ").append(h.stage()).append(". Stop reason: **")
                .append(h.stopReason().map(Enum::name).orElse("not stopped yet")).append("**; target **")
                .append(ReportModel.percent(h.targetAccuracy())).append("** tuning accuracy; minimum coverage ")
                .append(ReportModel.percent(h.minCoverage())).append(".\n\n");
        model.last().ifPresentOrElse(p -> md.append("Final configuration (").append(p.label()).append("): tuning ")
                        .append(p.tuning().text()).append(p.heldOut().map(o -> "; held-out " + o.text()).orElse(""))
                        .append(".\n"),
                () -> md.append("No complete score run yet.\n"));
        md.append("\n## Gate\n\n| Check | Result | Detail |\n|---|---|---|\n");
        gate.checks().forEach(c -> md.append("| ").append(cell(c.name())).append(" | ")
                .append(c.passed() ? "passed" : "**failed**").append(" | ").append(cell(c.message())).append(" |\n"));

        md.append("\n## Accuracy per iteration\n\n| Iteration | Tuning before | Held-out before | Tuning after "
                + "| Held-out after | Decision | Paired | Fixes proposed | Applied | Failed LLM calls |\n"
                + "|---:|---|---|---|---|---|---|---:|---:|---:|\n");
        for (ReportModel.IterationRow row : model.iterations()) {
            md.append("| ").append(row.iteration()).append(" | ").append(row.before().tuning().text()).append(" | ")
                    .append(row.before().heldOutText()).append(" | ").append(row.tuningAfter()).append(" | ")
                    .append(row.heldOutAfter()).append(" | ").append(row.decision()).append(" | ")
                    .append(row.paired()).append(" | ").append(row.proposed()).append(" | ").append(row.applied())
                    .append(" | ").append(row.failedCalls()).append(" |\n");
        }

        md.append("\n## Questions\n\n");
        for (ReportModel.Story story : ReportModel.Story.values()) {
            long count = model.questions().stream().filter(q -> q.story() == story).count();
            md.append("- ").append(story.label()).append(": ").append(count).append('\n');
        }
        md.append("\n| Benchmark | Question | Set | Story |");
        model.pointLabels().forEach(l -> md.append(' ').append(l).append(" |"));
        md.append("\n|---|---|---|---|").append("---|".repeat(model.points().size())).append('\n');
        for (ReportModel.QuestionStory q : model.questions()) {
            md.append("| ").append(cell(q.benchmarkId())).append(" | ").append(cell(q.question())).append(" | ")
                    .append(q.set()).append(" | ").append(q.story().label()).append(" |");
            q.verdicts().forEach(v -> md.append(' ').append(v).append(" |"));
            md.append('\n');
        }
        model.questions().forEach(q -> q.failure().ifPresent(f -> failure(q, f)));

        breakdown("Failures by reason code", "Reason", model, model.byReason());
        breakdown("Failures by benchmark category and difficulty", "Category / difficulty", model,
                model.byCategory());
        md.append("\n## Failures by fix category\n\n");
        table(List.of("Fix category", "Proposed", "Rejected", "Applied", "Kept", "Failures addressed",
                "Of them fixed"), model.byFixCategory(), r -> List.of(r.category(), "" + r.proposed(),
                "" + r.rejected(), "" + r.applied(), "" + r.kept(), "" + r.addressed(), "" + r.fixed()));

        md.append("\n## Fixes proposed\n\n");
        table(List.of("Iteration", "Fix", "Category", "Rationale", "Addresses", "Validation", "Applied",
                "Outcome"), model.fixes(), f -> List.of("" + f.iteration(), f.fixId(), f.category(), f.rationale(),
                f.addressesText(), f.validation(), f.applied() ? "yes" : "no", f.outcome()));

        md.append("\n## Configuration changes kept\n");
        if (model.diffs().isEmpty()) {
            md.append("\nNo iteration was kept: the space configuration is unchanged.\n");
        }
        for (ReportModel.IterationDiff diff : model.diffs()) {
            md.append("\n### Iteration ").append(diff.iteration()).append(" (snapshot before it: ")
                    .append(line(diff.snapshotId())).append(")\n");
            for (ReportModel.DiffSection section : diff.sections()) {
                md.append("\n`").append(section.section()).append("`\n\n");
                StringBuilder body = new StringBuilder();
                section.lines().forEach(l -> body.append(l.unified()).append('\n'));
                md.append(fenced("diff", body.toString()));
            }
        }

        md.append("\n## LLM calls, tokens and time per stage\n\n");
        if (model.stages().isEmpty()) {
            md.append("Not recorded for this session.\n");
        } else {
            table(List.of("Iteration", "Stage", "Time", "LLM calls", "Prompt tokens", "Completion tokens"),
                    concat(model.stages(), model.stageTotals()), s -> List.of(s.iteration(), s.stage(), s.time(),
                            "" + s.llmCalls(), "" + s.promptTokens(), "" + s.completionTokens()));
        }

        for (ReportModel.EvalRunView eval : model.evalRuns()) {
            md.append("\n## Library and Databricks eval run: ").append(line(eval.runId())).append("\n\nThey agree on ")
                    .append(eval.agreement()).append(" of the ").append(eval.compared())
                    .append(" questions both counted.\n\n");
            table(List.of("Benchmark", "Question", "Library", "Databricks eval run"), eval.disagreements(),
                    d -> List.of(d.benchmarkId(), d.question(), d.library(), d.databricks()));
        }
    }

    private void failure(ReportModel.QuestionStory q, QuestionResult f) {
        md.append("\n### ").append(line(q.benchmarkId())).append(" (").append(q.story().label()).append("): ")
                .append(line(q.question())).append("\n\n`").append(f.reason()).append("`: ")
                .append(line(f.explanation())).append("\n\nExpected SQL:\n\n").append(fenced("sql", f.expectedSql()))
                .append("\nGenie's SQL:\n\n").append(f.genieSql().map(s -> fenced("sql", s)).orElse("_(none)_\n"));
    }

    private void breakdown(String title, String keyName, ReportModel model, List<ReportModel.Breakdown> rows) {
        md.append("\n## ").append(title).append("\n\n");
        List<String> header = new java.util.ArrayList<>(List.of(keyName));
        header.addAll(model.pointLabels());
        table(header, rows, r -> concat(List.of(r.key()), r.cells()));
    }

    private <T> void table(List<String> header, List<T> rows, Function<T, List<String>> cells) {
        if (rows.isEmpty()) {
            md.append("None.\n");
            return;
        }
        md.append('|');
        header.forEach(h -> md.append(' ').append(cell(h)).append(" |"));
        md.append("\n|").append("---|".repeat(header.size())).append('\n');
        for (T row : rows) {
            md.append('|');
            cells.apply(row).forEach(c -> md.append(' ').append(cell(c)).append(" |"));
            md.append('\n');
        }
    }

    private static <T> List<T> concat(List<? extends T> a, List<? extends T> b) {
        List<T> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Text in a fence longer than any run of backticks inside it. */
    private static String fenced(String language, String text) {
        String fence = "```";
        while (text.contains(fence)) {
            fence += "`";
        }
        return fence + language + "\n" + text.strip() + "\n" + fence + "\n";
    }

    private static String cell(String text) {
        return line(text).replace("|", "\\|");
    }

    /** One line of text, with HTML's angle brackets escaped so a renderer shows them as text. */
    private static String line(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").strip().replace("&", "&amp;").replace("<", "&lt;")
                .replace(">", "&gt;");
    }
}
