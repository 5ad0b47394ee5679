package io.github.genieenhancer.examples.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** The least share of a score run's questions that must be counted for anything to be decided on it. */
final class CoverageOption {

    @Option(names = "--min-coverage", paramLabel = "SHARE", converter = Fraction.class, description = "The least "
            + "share of the questions a score run must count (not exclude), e.g. 0.9 or 90%: below it, or when the "
            + "space was edited while it was scored, the run is incomplete, nothing is decided on it, and the "
            + "command exits with code 5. Default: 90%, or a continued session's own.")
    Double minCoverage;

    Optional<Double> minCoverage() {
        return Optional.ofNullable(minCoverage);
    }
}
