package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.secret.Redaction;
import io.github.genieenhancer.enhancement.internal.HtmlEnhancementReport;
import io.github.genieenhancer.enhancement.internal.JUnitEnhancementReport;
import io.github.genieenhancer.enhancement.internal.MarkdownEnhancementReport;
import io.github.genieenhancer.enhancement.internal.ReportGate;
import io.github.genieenhancer.enhancement.internal.ReportModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One report per enhancement session that a reviewer can approve from: the accuracy per iteration (tuning and
 * held-out, each over how many of how many questions) with a chart; each question's story (fixed, regressed, still
 * failing, still passing) with the expected and Genie's SQL of every failure left; failures by reason code, by
 * benchmark category and difficulty, and by fix category; every fix proposed and its fate (validated or rejected
 * with the reason, applied, kept or rolled back); the configuration diff of each kept iteration, section by section
 * with added and removed lines; LLM calls, tokens and time per stage; the stop reason and the target. With the
 * side-by-side scorer, the questions on which Databricks' eval runs disagree with the library.
 *
 * <p>The JUnit XML is a gate on the configuration the session ended with: it fails when its tuning accuracy is below
 * the {@linkplain Builder#minAccuracy minimum}, when given its held-out accuracy below
 * {@linkplain Builder#minHeldOutAccuracy its minimum}, and when the run is incomplete (fewer questions counted than
 * the session's minimum coverage, or the space edited while it was scored). Every format is escaped for what it
 * is written in, and tokens are masked in all of them.
 *
 * <pre>{@code
 * SessionHistory history = EnhancementSession.history(store, sessionId);
 * EnhancementReport report = EnhancementReport.builder(history).minAccuracy(0.8).minHeldOutAccuracy(0.7).build();
 * report.writeTo(Path.of("reports"));   // enhancement-report.html, .md, .json and TEST-genie-enhancement.xml
 * if (!report.passed()) { ... }
 * }</pre>
 */
public final class EnhancementReport {
    /** The HTML file {@link #writeTo} writes. */
    public static final String HTML_FILE = "enhancement-report.html";
    /** The Markdown file {@link #writeTo} writes. */
    public static final String MARKDOWN_FILE = "enhancement-report.md";
    /** The JSON file {@link #writeTo} writes. */
    public static final String JSON_FILE = "enhancement-report.json";
    /** The JUnit XML file {@link #writeTo} writes. */
    public static final String JUNIT_FILE = "TEST-genie-enhancement.xml";

    private final ReportModel model;
    private final ReportGate gate;

    private EnhancementReport(ReportModel model, ReportGate gate) {
        this.model = model;
        this.gate = gate;
    }

    /** The report of a session, gating on coverage only (no minimum accuracy). */
    public static EnhancementReport of(SessionHistory history) {
        return builder(history).build();
    }

    /** A builder for the report of a session. */
    public static Builder builder(SessionHistory history) {
        return new Builder(history);
    }

    /** The session reported on. */
    public SessionHistory history() {
        return model.history();
    }

    /** Whether the configuration the session ended with passes the gate. */
    public boolean passed() {
        return gate.passed();
    }

    /**
     * Whether the configuration the session ended with was scored completely: at least the session's minimum
     * coverage of its tuning and of its held-out questions counted, against one version of the space. Nothing may be
     * decided on an incomplete run, whatever its accuracy; a session without a complete score run is incomplete.
     */
    public boolean complete() {
        return gate.complete();
    }

    /** Why the gate fails, one message per failed check; empty when it passes. */
    public List<String> gateFailures() {
        return gate.checks().stream().filter(c -> !c.passed()).map(c -> Redaction.redact(c.message())).toList();
    }

    /** One self-contained HTML file: no script, no external fetch, styles and the chart inline. */
    public String toHtml() {
        return Redaction.redact(HtmlEnhancementReport.render(model, gate));
    }

    /** The same sections in Markdown. */
    public String toMarkdown() {
        return Redaction.redact(MarkdownEnhancementReport.render(model, gate));
    }

    /**
     * The report's figures as indented JSON: the session's settings, the gate and its checks, the accuracy at each
     * point, each iteration, each question's story, the breakdowns, every fix, the diffs, the stages and the eval
     * runs' disagreements.
     */
    public String toJson() {
        return Redaction.redact(GenieJson.write(new JsonDocument(model.history().sessionId(),
                model.history().spaceId(), model.history().workingSpaceId(), model.history().mode(),
                model.history().stage(), model.history().stopReason(), model.history().targetAccuracy(),
                model.history().minCoverage(), gate, gate.passed(), model.points(), model.iterations(),
                model.questions(), model.byReason(), model.byCategory(), model.fixes(), model.byFixCategory(),
                model.diffs(), model.stages(), model.stageTotals(), model.evalRuns())));
    }

    /** The gate as JUnit XML: a test case per check. */
    public String toJUnitXml() {
        return Redaction.redact(JUnitEnhancementReport.render(model, gate));
    }

    /**
     * Writes {@value #HTML_FILE}, {@value #MARKDOWN_FILE}, {@value #JSON_FILE} and {@value #JUNIT_FILE} into a
     * directory, creating it if needed.
     *
     * @return the files written
     * @throws GenieEnhancerException when a file cannot be written
     */
    public List<Path> writeTo(Path directory) {
        try {
            Files.createDirectories(directory);
            return List.of(Files.writeString(directory.resolve(HTML_FILE), toHtml()),
                    Files.writeString(directory.resolve(MARKDOWN_FILE), toMarkdown()),
                    Files.writeString(directory.resolve(JSON_FILE), toJson()),
                    Files.writeString(directory.resolve(JUNIT_FILE), toJUnitXml()));
        } catch (IOException e) {
            throw new GenieEnhancerException("Cannot write the enhancement report to " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /** The JSON document's shape. */
    private record JsonDocument(String sessionId, String spaceId, Optional<String> workingSpaceId, ApplyMode mode,
                                io.github.genieenhancer.core.state.SessionStage stage, Optional<StopReason> stopReason,
                                double targetAccuracy, double minCoverage, ReportGate gate, boolean gatePassed,
                                List<ReportModel.Point> points, List<ReportModel.IterationRow> iterations,
                                List<ReportModel.QuestionStory> questions, List<ReportModel.Breakdown> failuresByReason,
                                List<ReportModel.Breakdown> failuresByCategory, List<ReportModel.FixRow> fixes,
                                List<ReportModel.FixCategoryRow> fixCategories, List<ReportModel.IterationDiff> diffs,
                                List<ReportModel.StageRow> stages, List<ReportModel.StageRow> stageTotals,
                                List<ReportModel.EvalRunView> evalRuns) {
    }

    /** Builds an {@link EnhancementReport}. */
    public static final class Builder {
        private final SessionHistory history;
        private double minAccuracy;
        private Double minHeldOutAccuracy;

        private Builder(SessionHistory history) {
            this.history = Objects.requireNonNull(history, "history");
        }

        /**
         * The least tuning accuracy, 0 to 1, of the configuration the session ended with (default 0: the gate
         * checks coverage only).
         *
         * @throws ConfigurationException unless it is within [0, 1]
         */
        public Builder minAccuracy(double minAccuracy) {
            this.minAccuracy = fraction("minAccuracy", minAccuracy);
            return this;
        }

        /**
         * The least held-out accuracy, 0 to 1, of the configuration the session ended with (default: not gated).
         * A session without held-out benchmarks then fails the gate.
         *
         * @throws ConfigurationException unless it is within [0, 1]
         */
        public Builder minHeldOutAccuracy(double minHeldOutAccuracy) {
            this.minHeldOutAccuracy = fraction("minHeldOutAccuracy", minHeldOutAccuracy);
            return this;
        }

        private static double fraction(String name, double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new ConfigurationException(name + " must be within [0, 1], got " + value);
            }
            return value;
        }

        /** The report. */
        public EnhancementReport build() {
            ReportModel model = ReportModel.of(history);
            return new EnhancementReport(model, ReportGate.of(model, minAccuracy,
                    Optional.ofNullable(minHeldOutAccuracy)));
        }
    }
}
