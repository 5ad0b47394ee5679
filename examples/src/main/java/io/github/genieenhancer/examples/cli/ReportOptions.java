package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.enhancement.EnhancementReport;
import io.github.genieenhancer.enhancement.SessionHistory;
import io.github.genieenhancer.scoring.ScoreReports;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where reports go and the accuracy a CI build requires. */
final class ReportOptions {

    @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "genie-reports", description = "Where the "
            + "HTML, JSON, Markdown and JUnit XML reports are written (default: ${DEFAULT-VALUE}).")
    Path reportDir;

    @Option(names = "--min-accuracy", paramLabel = "ACCURACY", converter = Fraction.class, description = "Exit with "
            + "code 1 when the accuracy measured last is below this, e.g. 0.8 or 80%. Default: no gate.")
    Double minAccuracy;

    Optional<Double> minAccuracy() {
        return Optional.ofNullable(minAccuracy);
    }

    /**
     * Writes the reports of these runs, oldest first, and prints where.
     *
     * @param minCoverage the share of a run's questions that must be counted: a run below it is flagged incomplete
     *                    and fails the JUnit report's coverage case
     */
    void write(List<ScoreReport> runs, double minCoverage, Output output) {
        ScoreReports.Builder builder = ScoreReports.builder().addAll(runs).minCoverage(minCoverage);
        if (minAccuracy != null && minAccuracy > 0) {
            builder.targetAccuracy(minAccuracy);
        }
        output.reports(builder.build().writeTo(reportDir));
    }

    /**
     * Writes a session's reports, printing where: the score reports of its runs (each run's every question, no
     * accuracy gate: a session is gated on where it ended, not on its baseline) and its enhancement report, whose
     * JUnit XML gates on {@code --min-accuracy} and {@code minHeldOutAccuracy} and on the final run's coverage.
     *
     * @param runs               every score run of the session, oldest first, an incomplete one included
     * @param minHeldOutAccuracy the least held-out accuracy, when gated
     * @return the enhancement report
     */
    EnhancementReport writeSession(List<ScoreReport> runs, SessionHistory history, Optional<Double> minHeldOutAccuracy,
                                   Output output) {
        List<java.nio.file.Path> files = new java.util.ArrayList<>();
        if (!runs.isEmpty()) {
            files.addAll(ScoreReports.builder().addAll(runs).minCoverage(history.minCoverage()).build()
                    .writeTo(reportDir));
        }
        EnhancementReport.Builder enhancement = EnhancementReport.builder(history);
        minAccuracy().ifPresent(enhancement::minAccuracy);
        minHeldOutAccuracy.ifPresent(enhancement::minHeldOutAccuracy);
        EnhancementReport report = enhancement.build();
        files.addAll(report.writeTo(reportDir));
        output.reports(files);
        return report;
    }

    /** The exit code for an accuracy, printing the gate's verdict when there is one. */
    int gate(double accuracy, Output output) {
        if (minAccuracy == null) {
            return ExitCodes.OK;
        }
        boolean passed = accuracy >= minAccuracy;
        output.line("accuracy " + Output.percent(accuracy) + (passed ? " meets" : " is below") + " the minimum "
                + Output.percent(minAccuracy));
        return passed ? ExitCodes.OK : ExitCodes.BELOW_MIN_ACCURACY;
    }
}
