package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.score.ScoreReport;
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
