package io.github.genieenhancer.scoring.internal;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.score.PairedScore;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.scoring.ScoreReports;
import io.github.genieenhancer.scoring.SideBySide;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTML report: a Mustache template (so every value is HTML-escaped by the library) filled with the figures and
 * the coordinates of inline SVG charts computed here.
 */
public final class HtmlReport {
    private static final Template TEMPLATE = load();
    private static final int CHART_WIDTH = 640;
    private static final int PLOT_LEFT = 64;
    private static final int PLOT_RIGHT = 580;
    private static final int PLOT_TOP = 24;
    private static final int PLOT_BOTTOM = 200;
    private static final int BAR_LEFT = 170;
    private static final int BAR_MAX = 380;
    private static final int BAR_ROW = 26;
    private static final Map<Verdict, String> COLOURS = Map.of(Verdict.CORRECT, "#2e7d32",
            Verdict.INCORRECT, "#c62828", Verdict.NO_SQL, "#ef6c00", Verdict.ERROR, "#6a1b9a",
            Verdict.EXCLUDED, "#9e9e9e", Verdict.NEEDS_REVIEW, "#1565c0");

    private HtmlReport() {
    }

    /** Renders the reports. */
    public static String render(ScoreReports reports) {
        ScoreReport latest = reports.latest();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("spaceId", latest.spaceId());
        model.put("latestRun", latest.runId());
        model.put("accuracyLine", ReportText.accuracyLine(latest));
        model.put("hasTarget", reports.targetAccuracy() > 0);
        model.put("target", ReportText.percent(reports.targetAccuracy()));
        model.put("meetsTarget", latest.accuracy() >= reports.targetAccuracy());
        Optional<String> incomplete = ReportText.incompleteness(latest, reports.minCoverage());
        model.put("incomplete", incomplete.isPresent());
        model.put("incompleteness", incomplete.orElse(""));
        model.put("hasComparisons", !reports.comparisons().isEmpty());
        model.put("comparisons", reports.comparisons().stream().map(HtmlReport::comparison).toList());
        model.put("runs", runs(reports));
        model.put("accuracyChart", accuracyChart(reports));
        model.put("verdictChart", verdictChart(latest));
        Map<ReasonCode, Long> byReason = ReportText.failuresByReason(latest);
        model.put("hasFailures", !byReason.isEmpty());
        model.put("reasonChart", barChart(byReason.entrySet().stream().map(e -> bar(e.getKey().name(),
                e.getValue(), "#c62828")).toList()));
        model.put("failures", latest.failures().stream().map(HtmlReport::question).toList());
        List<QuestionResult> excluded = ReportText.excluded(latest);
        model.put("hasExcluded", !excluded.isEmpty());
        model.put("excluded", excluded.stream().map(HtmlReport::question).toList());
        model.put("hasSideBySide", reports.sideBySide().isPresent());
        model.put("sideBySide", reports.sideBySide().map(HtmlReport::sideBySide).orElse(Map.of()));
        return TEMPLATE.execute(model);
    }

    private static List<Map<String, Object>> runs(ScoreReports reports) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ScoreReport run : reports.runs()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("runId", run.runId());
            row.put("incomplete", ReportText.incompleteness(run, reports.minCoverage()).isPresent());
            row.put("spaceVersion", ReportText.versions(run));
            row.put("accuracy", ReportText.percent(run.accuracy()));
            row.put("coverage", ReportText.coverage(run));
            row.put("counts", List.of(Verdict.values()).stream().map(v -> run.counts().get(v)).toList());
            row.put("duration", ReportText.duration(run));
            rows.add(row);
        }
        return rows;
    }

    /** A line chart of accuracy per run, with the target as a dashed line. */
    private static Map<String, Object> accuracyChart(ScoreReports reports) {
        List<ScoreReport> runs = reports.runs();
        List<Map<String, Object>> points = new ArrayList<>();
        StringBuilder polyline = new StringBuilder();
        for (int i = 0; i < runs.size(); i++) {
            double x = runs.size() == 1 ? (PLOT_LEFT + PLOT_RIGHT) / 2.0
                    : PLOT_LEFT + i * (PLOT_RIGHT - PLOT_LEFT) / (double) (runs.size() - 1);
            double y = y(runs.get(i).accuracy());
            polyline.append(number(x)).append(',').append(number(y)).append(' ');
            String label = runs.get(i).runId();
            points.add(Map.of("x", number(x), "y", number(y), "labelY", number(y - 8),
                    "value", ReportText.percent(runs.get(i).accuracy()),
                    "run", label.length() > 16 ? label.substring(0, 15) + "…" : label,
                    "runY", PLOT_BOTTOM + 18));
        }
        List<Map<String, Object>> grid = new ArrayList<>();
        for (int percent = 0; percent <= 100; percent += 25) {
            grid.add(Map.of("y", number(y(percent / 100.0)), "labelY", number(y(percent / 100.0) + 4),
                    "label", percent + "%"));
        }
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("width", CHART_WIDTH);
        chart.put("height", PLOT_BOTTOM + 30);
        chart.put("left", PLOT_LEFT);
        chart.put("right", PLOT_RIGHT);
        chart.put("grid", grid);
        chart.put("polyline", polyline.toString().strip());
        chart.put("points", points);
        chart.put("hasTarget", reports.targetAccuracy() > 0);
        chart.put("targetY", number(y(reports.targetAccuracy())));
        return chart;
    }

    private static double y(double accuracy) {
        return PLOT_BOTTOM - accuracy * (PLOT_BOTTOM - PLOT_TOP);
    }

    private static Map<String, Object> verdictChart(ScoreReport report) {
        List<Map<String, Object>> bars = new ArrayList<>();
        for (Verdict verdict : Verdict.values()) {
            bars.add(bar(ReportText.label(verdict), report.counts().get(verdict), COLOURS.get(verdict)));
        }
        return barChart(bars);
    }

    private static Map<String, Object> bar(String label, long value, String colour) {
        Map<String, Object> bar = new LinkedHashMap<>();
        bar.put("label", label);
        bar.put("value", value);
        bar.put("colour", colour);
        return bar;
    }

    /** Horizontal bars, one row each, scaled to the largest value. */
    private static Map<String, Object> barChart(List<Map<String, Object>> bars) {
        long max = bars.stream().mapToLong(b -> (Long) b.get("value")).max().orElse(1);
        List<Map<String, Object>> placed = new ArrayList<>();
        for (int i = 0; i < bars.size(); i++) {
            Map<String, Object> bar = new LinkedHashMap<>(bars.get(i));
            long value = (Long) bar.get("value");
            double width = max == 0 ? 0 : value * (double) BAR_MAX / max;
            bar.put("y", i * BAR_ROW + 4);
            bar.put("textY", i * BAR_ROW + 19);
            bar.put("x", BAR_LEFT);
            bar.put("labelX", BAR_LEFT - 8);
            bar.put("width", number(width));
            bar.put("valueX", number(BAR_LEFT + width + 6));
            placed.add(bar);
        }
        return Map.of("width", CHART_WIDTH, "height", Math.max(1, bars.size()) * BAR_ROW + 8, "bars", placed);
    }

    private static Map<String, Object> question(QuestionResult result) {
        Map<String, Object> question = new LinkedHashMap<>();
        question.put("id", result.benchmarkId());
        question.put("question", result.question());
        question.put("verdict", ReportText.label(result.verdict()));
        question.put("colour", COLOURS.get(result.verdict()));
        question.put("reason", result.reason().name());
        question.put("explanation", printable(result.explanation()));
        question.put("notes", result.notes().stream().map(HtmlReport::printable).toList());
        question.put("expectedSql", printable(result.expectedSql()));
        question.put("genieSql", printable(result.genieSql().orElse("")));
        question.put("hasGenieSql", result.genieSql().isPresent());
        return question;
    }

    private static Map<String, Object> comparison(PairedScore pair) {
        return Map.of("before", pair.beforeRunId(), "after", pair.afterRunId(), "paired", pair.paired(),
                "accuracyBefore", ReportText.percent(pair.accuracyBefore()), "correctBefore", pair.correctBefore(),
                "accuracyAfter", ReportText.percent(pair.accuracyAfter()), "correctAfter", pair.correctAfter());
    }

    private static Map<String, Object> sideBySide(SideBySide sideBySide) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SideBySide.Row row : sideBySide.rows()) {
            rows.add(Map.of("id", row.benchmarkId(), "question", row.question(), "left", verdict(row.left()),
                    "right", verdict(row.right()), "disagree", row.comparable() && !row.agree()));
        }
        return Map.of("leftName", sideBySide.leftName(), "rightName", sideBySide.rightName(),
                "agreement", ReportText.percent(sideBySide.agreement()), "rows", rows);
    }

    private static String verdict(Optional<QuestionResult> result) {
        return result.map(r -> ReportText.label(r.verdict()) + " (" + r.reason() + ")").orElse("not scored");
    }

    /** Text without control characters other than line breaks and tabs, which a browser shows as boxes. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(c -> c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c != 0x7f && c != 0xFFFE
                && c != 0xFFFF).forEach(out::appendCodePoint);
        return out.toString();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static Template load() {
        try (InputStream in = HtmlReport.class.getResourceAsStream("score-report.html.mustache")) {
            if (in == null) {
                throw new GenieEnhancerException("The HTML report template is missing from the classpath");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return Mustache.compiler().compile(reader);
            }
        } catch (IOException e) {
            throw new GenieEnhancerException("Cannot read the HTML report template", e);
        }
    }
}
