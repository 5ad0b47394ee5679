package io.github.genieenhancer.scoring.fleet;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.scoring.ScoringOptions;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The outcome of a fleet run: one {@link SpaceScore} per space, in the order the spaces were selected, rendered as
 * a self-contained HTML page (every value escaped, a small inline SVG trend per space), Markdown, JSON, and JUnit XML
 * with one test case per space, which fails below a minimum accuracy or when the space's run is incomplete.
 *
 * @param fleetRunId the fleet run id; scoring again under it resumes
 * @param startedAt  when this scoring of the fleet started
 * @param finishedAt when it finished
 * @param spaces     one row per space
 */
public record FleetReport(String fleetRunId, Instant startedAt, Instant finishedAt, List<SpaceScore> spaces) {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SPARK_WIDTH = 120;
    private static final int SPARK_HEIGHT = 24;

    /** Validates the components. */
    public FleetReport {
        Objects.requireNonNull(fleetRunId, "fleetRunId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        spaces = List.copyOf(spaces);
    }

    /** Whether every space passes the gate: scored, complete and at least {@code minAccuracy} accurate. */
    public boolean passes(double minAccuracy) {
        return spaces.stream().allMatch(space -> space.passes(minAccuracy));
    }

    /** Whether every space was scored and its run is complete. */
    public boolean isComplete() {
        return spaces.stream().allMatch(space -> space.error().isEmpty() && space.complete());
    }

    /** A self-contained HTML page: a table with one row per space and an inline SVG trend. */
    public String toHtml(double minAccuracy) {
        ScoringOptions.requireFraction(minAccuracy);
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Genie fleet ")
                .append(escape(fleetRunId)).append("</title>\n<style>body{font-family:sans-serif;margin:2em}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
                        + ".fail{color:#b71c1c}.pass{color:#2e7d32}</style></head><body>\n<h1>Genie fleet run ")
                .append(escape(fleetRunId)).append("</h1>\n<p>").append(spaces.size()).append(" spaces, ")
                .append(passing(minAccuracy)).append(" at or above ").append(percent(minAccuracy))
                .append(" with complete coverage; took ").append(duration()).append(".</p>\n<table>\n<tr><th>Space"
                        + "</th><th>Accuracy</th><th>Coverage</th><th>Change</th><th>Trend</th><th>Gate</th></tr>\n");
        for (SpaceScore space : spaces) {
            html.append("<tr><td>").append(escape(label(space))).append("<br><small>").append(escape(space.spaceId()))
                    .append("</small></td><td>").append(escape(accuracyText(space))).append("</td><td>")
                    .append(escape(coverageText(space))).append("</td><td>").append(escape(changeText(space)))
                    .append("</td><td>").append(sparkline(space.trend())).append("</td><td class=\"")
                    .append(space.passes(minAccuracy) ? "pass\">pass" : "fail\">" + escape(gateFailure(space,
                            minAccuracy))).append("</td></tr>\n");
        }
        return html.append("</table>\n</body></html>\n").toString();
    }

    /** A Markdown table with one row per space. */
    public String toMarkdown(double minAccuracy) {
        ScoringOptions.requireFraction(minAccuracy);
        StringBuilder md = new StringBuilder("# Genie fleet run ").append(markdown(fleetRunId)).append("\n\n")
                .append(spaces.size()).append(" spaces, ").append(passing(minAccuracy)).append(" at or above ")
                .append(percent(minAccuracy)).append(" with complete coverage; took ").append(duration())
                .append(".\n\n| Space | Accuracy | Coverage | Change | Trend | Gate |\n|---|---|---|---|---|---|\n");
        for (SpaceScore space : spaces) {
            md.append("| ").append(markdown(label(space))).append(" (`").append(markdown(space.spaceId()))
                    .append("`) | ").append(markdown(accuracyText(space))).append(" | ")
                    .append(markdown(coverageText(space))).append(" | ").append(markdown(changeText(space)))
                    .append(" | ").append(space.trend().stream().map(FleetReport::percent)
                            .reduce((a, b) -> a + " → " + b).orElse("")).append(" | ")
                    .append(space.passes(minAccuracy) ? "pass" : markdown(gateFailure(space, minAccuracy)))
                    .append(" |\n");
        }
        return md.toString();
    }

    /** The report as JSON: the run and one object per space with its figures. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode().put("fleetRunId", fleetRunId)
                .put("startedAt", startedAt.toString()).put("finishedAt", finishedAt.toString());
        ArrayNode rows = root.putArray("spaces");
        for (SpaceScore space : spaces) {
            ObjectNode row = rows.addObject().put("spaceId", space.spaceId()).put("title", space.title())
                    .put("sessionId", space.sessionId()).put("runId", space.runId())
                    .put("questions", space.questions()).put("counted", space.counted())
                    .put("correct", space.correct()).put("accuracy", space.accuracy())
                    .put("coverage", space.coverage()).put("complete", space.complete());
            space.previousAccuracy().ifPresent(previous -> row.put("previousAccuracy", previous));
            space.change().ifPresent(change -> row.put("change", change));
            space.trend().forEach(row.putArray("trend")::add);
            space.error().ifPresent(error -> row.put("error", error));
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new GenieEnhancerException("Cannot write the fleet report as JSON", e);
        }
    }

    /**
     * JUnit XML with one test case per space: it fails when the space could not be scored, its run is incomplete,
     * or its accuracy is below {@code minAccuracy}.
     */
    public String toJUnitXml(double minAccuracy) {
        ScoringOptions.requireFraction(minAccuracy);
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "genie-fleet " + fleetRunId);
            xml.writeAttribute("tests", Integer.toString(spaces.size()));
            xml.writeAttribute("failures", Long.toString(spaces.size() - passing(minAccuracy)));
            xml.writeAttribute("time", seconds(Duration.between(startedAt, finishedAt)));
            for (SpaceScore space : spaces) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", "genie-fleet");
                xml.writeAttribute("name", label(space) + " (" + space.spaceId() + ")");
                if (!space.passes(minAccuracy)) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("message", gateFailure(space, minAccuracy));
                    xml.writeCharacters(accuracyText(space) + "; " + coverageText(space));
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new GenieEnhancerException("Cannot write the fleet report as JUnit XML", e);
        }
        return out + "\n";
    }

    /**
     * Writes {@code fleet.html}, {@code fleet.md}, {@code fleet.json} and {@code fleet-junit.xml} into a directory,
     * creating it when missing.
     *
     * @return the files written
     */
    public List<Path> write(Path directory, double minAccuracy) {
        try {
            Files.createDirectories(directory);
            List<Path> files = List.of(directory.resolve("fleet.html"), directory.resolve("fleet.md"),
                    directory.resolve("fleet.json"), directory.resolve("fleet-junit.xml"));
            Files.writeString(files.get(0), toHtml(minAccuracy), StandardCharsets.UTF_8);
            Files.writeString(files.get(1), toMarkdown(minAccuracy), StandardCharsets.UTF_8);
            Files.writeString(files.get(2), toJson(), StandardCharsets.UTF_8);
            Files.writeString(files.get(3), toJUnitXml(minAccuracy), StandardCharsets.UTF_8);
            return files;
        } catch (IOException e) {
            throw new GenieEnhancerException("Cannot write the fleet report to " + directory + ": " + e.getMessage(),
                    e);
        }
    }

    private long passing(double minAccuracy) {
        return spaces.stream().filter(space -> space.passes(minAccuracy)).count();
    }

    private String duration() {
        return seconds(Duration.between(startedAt, finishedAt)) + " s";
    }

    private static String label(SpaceScore space) {
        return space.title().isEmpty() ? space.spaceId() : space.title();
    }

    private static String accuracyText(SpaceScore space) {
        if (space.error().isPresent()) {
            return "not scored";
        }
        return percent(space.accuracy()) + " over " + space.counted() + " of " + space.questions() + " questions";
    }

    private static String coverageText(SpaceScore space) {
        return space.error().isPresent() ? "-" : percent(space.coverage()) + (space.complete() ? "" : " (incomplete)");
    }

    private static String changeText(SpaceScore space) {
        return space.change().map(change -> String.format(Locale.ROOT, "%+.1f points", change * 100))
                .orElse("first run");
    }

    private static String gateFailure(SpaceScore space, double minAccuracy) {
        Optional<String> error = space.error();
        if (error.isPresent()) {
            return "not scored: " + error.get();
        }
        if (!space.complete()) {
            return "incomplete: " + space.counted() + " of " + space.questions() + " questions counted";
        }
        return "accuracy " + percent(space.accuracy()) + " below " + percent(minAccuracy);
    }

    private static String sparkline(List<Double> trend) {
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(SPARK_WIDTH)
                .append("\" height=\"").append(SPARK_HEIGHT).append("\" role=\"img\" aria-label=\"accuracy trend\">");
        if (trend.size() == 1) {
            svg.append("<circle cx=\"").append(SPARK_WIDTH / 2).append("\" cy=\"").append(y(trend.get(0)))
                    .append("\" r=\"2\" fill=\"#1565c0\"/>");
        } else if (trend.size() > 1) {
            svg.append("<polyline fill=\"none\" stroke=\"#1565c0\" stroke-width=\"1.5\" points=\"");
            for (int i = 0; i < trend.size(); i++) {
                double x = 2 + (SPARK_WIDTH - 4) * (double) i / (trend.size() - 1);
                svg.append(String.format(Locale.ROOT, "%.1f,%s ", x, y(trend.get(i))));
            }
            svg.setLength(svg.length() - 1);
            svg.append("\"/>");
        }
        return svg.append("</svg>").toString();
    }

    private static String y(double accuracy) {
        return String.format(Locale.ROOT, "%.1f", 2 + (SPARK_HEIGHT - 4) * (1 - accuracy));
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String markdown(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`").replace("<", "&lt;")
                .replace("\n", " ");
    }
}
