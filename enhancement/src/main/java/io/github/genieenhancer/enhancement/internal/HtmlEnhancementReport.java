package io.github.genieenhancer.enhancement.internal;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.enhancement.SessionHistory;
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
import java.util.function.Function;

/**
 * The enhancement report as one self-contained HTML file: a Mustache template (every value HTML-escaped by the
 * library, no script, CSS and the SVG chart inline) filled with the model's figures and the chart's coordinates.
 */
public final class HtmlEnhancementReport {
    private static final Template TEMPLATE = load();
    private static final int WIDTH = 720;
    private static final int LEFT = 56;
    private static final int RIGHT = 690;
    private static final int TOP = 24;
    private static final int BOTTOM = 210;

    private HtmlEnhancementReport() {
    }

    /** Renders the report. */
    public static String render(ReportModel model, ReportGate gate) {
        SessionHistory h = model.history();
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("spaceId", h.spaceId());
        page.put("sessionId", h.sessionId());
        page.put("mode", h.mode().name());
        page.put("workingSpace", h.workingSpaceId().map(w -> "changes on the copy " + w).orElse(""));
        page.put("stage", h.stage().name());
        page.put("stopReason", h.stopReason().map(Enum::name).orElse("not stopped yet"));
        page.put("target", ReportModel.percent(h.targetAccuracy()));
        page.put("minCoverage", ReportModel.percent(h.minCoverage()));
        page.put("final", model.last().map(p -> p.label() + ": tuning " + p.tuning().text()
                + p.heldOut().map(o -> "; held-out " + o.text()).orElse("")).orElse("no complete score run yet"));
        page.put("gatePassed", gate.passed());
        page.put("checks", gate.checks());
        page.put("chart", chart(model));
        page.put("iterations", model.iterations().stream().map(i -> Map.of("row", i, "decisionCss", css(i.decision())))
                .toList());
        page.put("storyCounts", List.of(ReportModel.Story.values()).stream().map(s -> Map.of("label", s.label(),
                "css", css(s.label()), "count", model.questions().stream().filter(q -> q.story() == s).count()))
                .toList());
        page.put("pointLabels", model.pointLabels());
        page.put("questions", model.questions().stream().map(HtmlEnhancementReport::question).toList());
        page.put("failures", model.questions().stream().filter(q -> q.failure().isPresent())
                .map(HtmlEnhancementReport::failure).toList());
        page.put("byReason", table(model, model.byReason()));
        page.put("byCategory", table(model, model.byCategory()));
        page.put("byFixCategory", model.byFixCategory());
        page.put("hasFixes", !model.fixes().isEmpty());
        page.put("fixes", model.fixes().stream().map(f -> Map.of("fix", f, "outcomeCss", css(f.outcome()),
                "rejected", !f.validation().equals("validated"))).toList());
        page.put("hasDiffs", !model.diffs().isEmpty());
        page.put("diffs", model.diffs());
        page.put("hasStages", !model.stages().isEmpty());
        page.put("stages", rows(model.stages(), model.stageTotals()));
        page.put("evalRuns", model.evalRuns());
        return TEMPLATE.execute(page);
    }

    private static Map<String, Object> question(ReportModel.QuestionStory q) {
        return Map.of("q", q, "storyLabel", q.story().label(), "storyCss", css(q.story().label()),
                "verdicts", q.verdicts().stream().map(v -> Map.of("verdict", v, "css", css(v))).toList());
    }

    private static Map<String, Object> failure(ReportModel.QuestionStory q) {
        QuestionResult f = q.failure().orElseThrow();
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("id", q.benchmarkId());
        failure.put("question", q.question());
        failure.put("storyLabel", q.story().label());
        failure.put("storyCss", css(q.story().label()));
        failure.put("reason", f.reason().name());
        failure.put("explanation", printable(f.explanation()));
        failure.put("notes", f.notes().stream().map(HtmlEnhancementReport::printable).toList());
        failure.put("expectedSql", printable(f.expectedSql()));
        failure.put("genieSql", f.genieSql().map(HtmlEnhancementReport::printable).orElse(""));
        failure.put("hasGenieSql", f.genieSql().isPresent());
        return failure;
    }

    private static Map<String, Object> table(ReportModel model, List<ReportModel.Breakdown> rows) {
        return Map.of("has", !rows.isEmpty(), "labels", model.pointLabels(), "rows", rows);
    }

    private static List<ReportModel.StageRow> rows(List<ReportModel.StageRow> rows, List<ReportModel.StageRow> more) {
        List<ReportModel.StageRow> all = new ArrayList<>(rows);
        all.addAll(more);
        return all;
    }

    /** Accuracy per point: tuning and held-out lines, the target dashed, rolled-back points hollow. */
    private static Map<String, Object> chart(ReportModel model) {
        List<ReportModel.Point> points = model.points();
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("has", !points.isEmpty());
        chart.put("width", WIDTH);
        chart.put("height", BOTTOM + 56);
        chart.put("left", LEFT);
        chart.put("right", RIGHT);
        chart.put("legendY", BOTTOM + 46);
        List<Map<String, Object>> grid = new ArrayList<>();
        for (int percent = 0; percent <= 100; percent += 25) {
            double y = y(percent / 100.0);
            grid.add(Map.of("y", number(y), "labelY", number(y + 4), "label", percent + "%"));
        }
        chart.put("grid", grid);
        chart.put("targetY", number(y(model.history().targetAccuracy())));
        chart.put("targetLabelY", number(y(model.history().targetAccuracy()) - 4));
        chart.put("target", ReportModel.percent(model.history().targetAccuracy()));
        chart.put("tuning", series(points, p -> Optional.of(p.tuning()), -8));
        chart.put("heldOut", series(points, ReportModel.Point::heldOut, 16));
        chart.put("hasHeldOut", points.stream().anyMatch(p -> p.heldOut().isPresent()));
        List<Map<String, Object>> labels = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            labels.add(Map.of("x", number(x(i, points.size())), "y", BOTTOM + 18, "label", points.get(i).label()));
        }
        chart.put("labels", labels);
        return chart;
    }

    private static Map<String, Object> series(List<ReportModel.Point> points,
                                              Function<ReportModel.Point, Optional<ReportModel.Subset>> subset,
                                              int labelOffset) {
        StringBuilder line = new StringBuilder();
        List<Map<String, Object>> marks = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Optional<ReportModel.Subset> s = subset.apply(points.get(i));
            if (s.isEmpty()) {
                continue;
            }
            double x = x(i, points.size());
            double y = y(s.get().accuracy());
            line.append(number(x)).append(',').append(number(y)).append(' ');
            marks.add(Map.of("x", number(x), "y", number(y), "labelY", number(y + labelOffset),
                    "value", ReportModel.percent(s.get().accuracy()),
                    "rolledBack", points.get(i).decision().equals("rolled back")));
        }
        return Map.of("line", line.toString().strip(), "marks", marks);
    }

    private static double x(int index, int count) {
        return count == 1 ? (LEFT + RIGHT) / 2.0 : LEFT + 30 + index * (RIGHT - LEFT - 60) / (double) (count - 1);
    }

    private static double y(double accuracy) {
        return BOTTOM - accuracy * (BOTTOM - TOP);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** A CSS class from a label: {@code still failing} becomes {@code still-failing}. */
    private static String css(String label) {
        return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-");
    }

    /** Text without the control characters a browser shows as boxes (line breaks and tabs kept). */
    private static String printable(String text) {
        return text.replaceAll("[\\p{Cc}&&[^\\t\\n\\r]]", "");
    }

    private static Template load() {
        try (InputStream in = HtmlEnhancementReport.class.getResourceAsStream("enhancement-report.html.mustache")) {
            if (in == null) {
                throw new GenieEnhancerException("The enhancement report's HTML template is missing from the "
                        + "classpath");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return Mustache.compiler().compile(reader);
            }
        } catch (IOException e) {
            throw new GenieEnhancerException("Cannot read the enhancement report's HTML template", e);
        }
    }
}
