package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.enhancement.ApplyMode;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which session a stage command works on, and the settings of a new one. */
final class SessionOptions {

    @Option(names = "--session", paramLabel = "ID", description = "Continue this stored session (every stage "
            + "prints its id). Default: start a new session, running the stages before this one first.")
    String sessionId;

    @Option(names = "--take-over", description = "With --session: continue the session even while another process "
            + "holds it, when that process is gone (it crashed less than its lease of 2 minutes ago). If it still "
            + "runs, it is refused at its next write.")
    boolean takeOver;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "CLONE", description = "For a new session, how "
            + "the space is changed: CLONE changes a copy and leaves the space untouched, IN_PLACE changes the space "
            + "after a snapshot, DRY_RUN writes nothing (default: ${DEFAULT-VALUE}).")
    ApplyMode mode;

    @Option(names = "--target", paramLabel = "ACCURACY", defaultValue = "90%", converter = Fraction.class,
            description = "For a new session, the accuracy at which the loop stops, e.g. 0.9 or 90% "
                    + "(default: ${DEFAULT-VALUE}).")
    double target;

    @Option(names = "--max-iterations", paramLabel = "N", defaultValue = "3",
            description = "For a new session, the most score-plan-apply-validate iterations (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @Option(names = "--held-out", paramLabel = "SHARE", defaultValue = "0", converter = Fraction.class,
            description = "For a new session, the share of benchmarks that only measure and never drive fixes, "
                    + "e.g. 20% (default: ${DEFAULT-VALUE}).")
    double heldOut;

    @Option(names = "--propagation-wait", paramLabel = "SECONDS", defaultValue = "30",
            description = "For a new session, the wait after an update before scoring again; Databricks needs "
                    + "about 30 s (default: ${DEFAULT-VALUE}; always 0 with --local).")
    long propagationWaitSeconds;

    @Mixin
    CoverageOption coverage;

    @Mixin
    EnhancementOptions enhancement;

    Optional<String> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    /** The minimum coverage given: for a new session its setting, for a continued one a replacement of its own. */
    Optional<Double> minCoverage() {
        return coverage.minCoverage();
    }
}
