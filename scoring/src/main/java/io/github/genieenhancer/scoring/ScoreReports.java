package io.github.genieenhancer.scoring;

import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.score.PairedScore;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.scoring.internal.HtmlReport;
import io.github.genieenhancer.scoring.internal.JUnitReport;
import io.github.genieenhancer.scoring.internal.MarkdownReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reports on one or more scoring runs (the iterations of an enhancement, oldest first): complete JSON, a Markdown
 * summary, one self-contained HTML file with charts, and JUnit XML so a CI build can gate on a space's accuracy.
 * Every format says over how many questions each accuracy was taken ("accuracy over N of M questions"), flags a
 * run below the minimum coverage or one whose space was edited while it was scored, and lists the paired
 * comparisons given (two runs on the questions counted in both).
 *
 * <pre>{@code
 * ScoreReports reports = ScoreReports.builder()
 *     .add(baseline).add(afterFixes)
 *     .targetAccuracy(0.90)
 *     .comparison(PairedScore.of(baseline, afterFixes))
 *     .sideBySide("local", "Databricks eval run", evalRunReport)
 *     .build();
 * reports.writeTo(Path.of("reports"));   // score-report.json, .md, .html and TEST-genie-benchmarks.xml
 * }</pre>
 */
public final class ScoreReports {
    private final List<ScoreReport> runs;
    private final double targetAccuracy;
    private final double minCoverage;
    private final List<PairedScore> comparisons;
    private final SideBySide sideBySide;

    /** How JUnit XML reports the questions. */
    public enum JUnitStyle {
        /**
         * One failing test case when a run's accuracy is below the target, and another when the run is incomplete
         * (coverage below the minimum, or the space edited while it was scored); each question is a passing test
         * case carrying its verdict (excluded ones skipped), so a build fails on accuracy, not on any wrong answer.
         */
        ACCURACY_GATE,
        /** As {@link #ACCURACY_GATE}, and every wrong answer is a failure (an error when Genie failed). */
        QUESTION_FAILURES
    }

    private ScoreReports(List<ScoreReport> runs, double targetAccuracy, double minCoverage,
                         List<PairedScore> comparisons, SideBySide sideBySide) {
        this.runs = List.copyOf(runs);
        this.targetAccuracy = targetAccuracy;
        this.minCoverage = minCoverage;
        this.comparisons = List.copyOf(comparisons);
        this.sideBySide = sideBySide;
    }

    /** Reports on these runs, oldest first, with no target accuracy. */
    public static ScoreReports of(ScoreReport... runs) {
        Builder builder = builder();
        for (ScoreReport run : runs) {
            builder.add(run);
        }
        return builder.build();
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The runs, oldest first. */
    public List<ScoreReport> runs() {
        return runs;
    }

    /** The latest run. */
    public ScoreReport latest() {
        return runs.get(runs.size() - 1);
    }

    /** The accuracy a run must reach (0 when none was set). */
    public double targetAccuracy() {
        return targetAccuracy;
    }

    /** The least share of a run's questions that must be counted for the run to be complete. */
    public double minCoverage() {
        return minCoverage;
    }

    /** The paired comparisons of runs, in the order given. */
    public List<PairedScore> comparisons() {
        return comparisons;
    }

    /** The latest run next to another scorer's verdicts, when one was given. */
    public Optional<SideBySide> sideBySide() {
        return Optional.ofNullable(sideBySide);
    }

    /**
     * Everything, as indented JSON: the runs with every question (each with its accuracy, counted questions,
     * coverage and versions), the target and minimum coverage, the paired comparisons and the side-by-side view.
     */
    public String toJson() {
        return GenieJson.write(new JsonDocument(targetAccuracy, minCoverage, runs, comparisons,
                Optional.ofNullable(sideBySide)));
    }

    /** A human summary in Markdown: accuracy per run, failures by reason, each failure, excluded questions. */
    public String toMarkdown() {
        return MarkdownReport.render(this);
    }

    /**
     * One self-contained HTML file (no scripts, styles and SVG charts inline): accuracy per run, verdicts, failures
     * per reason, and each failure's expected and generated SQL side by side.
     */
    public String toHtml() {
        return HtmlReport.render(this);
    }

    /** JUnit XML in the {@link JUnitStyle#ACCURACY_GATE} style. */
    public String toJUnitXml() {
        return toJUnitXml(JUnitStyle.ACCURACY_GATE);
    }

    /** JUnit XML: one test suite per run, a test case per question and one for the accuracy target. */
    public String toJUnitXml(JUnitStyle style) {
        return JUnitReport.render(this, style);
    }

    /**
     * Writes {@code score-report.json}, {@code score-report.md}, {@code score-report.html} and
     * {@code TEST-genie-benchmarks.xml} (accuracy-gate style) into a directory, creating it if needed.
     *
     * @return the files written
     */
    public List<Path> writeTo(Path directory) {
        try {
            Files.createDirectories(directory);
            List<Path> written = new ArrayList<>();
            written.add(Files.writeString(directory.resolve("score-report.json"), toJson()));
            written.add(Files.writeString(directory.resolve("score-report.md"), toMarkdown()));
            written.add(Files.writeString(directory.resolve("score-report.html"), toHtml()));
            written.add(Files.writeString(directory.resolve("TEST-genie-benchmarks.xml"), toJUnitXml()));
            return written;
        } catch (IOException e) {
            throw new GenieEnhancerException("Cannot write score reports to " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The JSON document's shape. */
    private record JsonDocument(double targetAccuracy, double minCoverage, List<ScoreReport> runs,
                                List<PairedScore> comparisons, Optional<SideBySide> sideBySide) {
    }

    /** Builds {@link ScoreReports}. */
    public static final class Builder {
        private final List<ScoreReport> runs = new ArrayList<>();
        private final List<PairedScore> comparisons = new ArrayList<>();
        private double targetAccuracy;
        private double minCoverage = ScoringOptions.DEFAULT_MIN_COVERAGE;
        private String latestName;
        private String otherName;
        private ScoreReport other;

        private Builder() {
        }

        /** Adds a run; add them oldest first. */
        public Builder add(ScoreReport run) {
            runs.add(Objects.requireNonNull(run, "run"));
            return this;
        }

        /** Adds runs, oldest first. */
        public Builder addAll(List<ScoreReport> runs) {
            runs.forEach(this::add);
            return this;
        }

        /** The accuracy a run must reach, between 0 and 1: drawn on the chart and gated in JUnit XML. */
        public Builder targetAccuracy(double targetAccuracy) {
            if (targetAccuracy < 0 || targetAccuracy > 1) {
                throw new IllegalArgumentException("targetAccuracy must be within [0, 1], got " + targetAccuracy);
            }
            this.targetAccuracy = targetAccuracy;
            return this;
        }

        /**
         * The least share of a run's questions, 0 to 1, that must be counted (default
         * {@value ScoringOptions#DEFAULT_MIN_COVERAGE}): a run below it is flagged incomplete, and fails the JUnit
         * gate.
         *
         * @throws io.github.genieenhancer.core.ConfigurationException unless it is within [0, 1]
         */
        public Builder minCoverage(double minCoverage) {
            this.minCoverage = ScoringOptions.requireFraction(minCoverage);
            return this;
        }

        /**
         * Adds a comparison of two runs on the questions counted in both, e.g. an enhancement's baseline and its
         * validation, on which keeping or rolling back a change is decided.
         */
        public Builder comparison(PairedScore comparison) {
            comparisons.add(Objects.requireNonNull(comparison, "comparison"));
            return this;
        }

        /**
         * Puts the latest run next to another scorer's report of the same benchmarks.
         *
         * @param latestName the latest run's scorer, e.g. "local"
         * @param otherName  the other scorer, e.g. "Databricks eval run"
         * @param other      the other scorer's report
         */
        public Builder sideBySide(String latestName, String otherName, ScoreReport other) {
            this.latestName = Objects.requireNonNull(latestName, "latestName");
            this.otherName = Objects.requireNonNull(otherName, "otherName");
            this.other = Objects.requireNonNull(other, "other");
            return this;
        }

        /** The reports. */
        public ScoreReports build() {
            if (runs.isEmpty()) {
                throw new IllegalStateException("a report needs at least one run");
            }
            SideBySide sideBySide = other == null ? null
                    : SideBySide.of(latestName, runs.get(runs.size() - 1), otherName, other);
            return new ScoreReports(runs, targetAccuracy, minCoverage, comparisons, sideBySide);
        }
    }
}
