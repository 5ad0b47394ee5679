package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.enhancement.EnhancementResult;
import io.github.genieenhancer.enhancement.StopReason;
import io.github.genieenhancer.examples.OfflineDemo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code genie-enhancer demo}: the offline demo. */
@Command(name = "demo", description = {"Runs the whole loop offline: starts a local stand-in workspace (Genie, "
        + "DuckDB warehouse, scripted LLM on 127.0.0.1), enhances its sample space in CLONE mode with a progress "
        + "bar, prints the accuracy of each iteration and writes the reports.",
    "Exit code 1 when the target is not reached."})
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Mixin
    CommonOptions common;

    @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "genie-demo-reports",
            description = "Where the reports go (default: ${DEFAULT-VALUE}).")
    Path reportDir;

    @Option(names = "--target", paramLabel = "ACCURACY", defaultValue = "90%", converter = Fraction.class,
            description = "The accuracy at which the loop stops (default: ${DEFAULT-VALUE}).")
    double target;

    @Option(names = "--max-iterations", paramLabel = "N", defaultValue = "5",
            description = "The most iterations (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @Option(names = "--local-latency", paramLabel = "MILLIS", defaultValue = "200",
            description = "How long the local Genie thinks before answering (default: ${DEFAULT-VALUE}).")
    long latencyMillis;

    @Override
    public Integer call() {
        EnhancementResult result = OfflineDemo.builder()
                .output(root.output().stream())
                .reportDirectory(reportDir)
                .targetAccuracy(target)
                .maxIterations(maxIterations)
                .genieLatency(Duration.ofMillis(latencyMillis))
                .build()
                .run();
        return result.stopReason() == StopReason.TARGET_REACHED ? ExitCodes.OK : ExitCodes.BELOW_MIN_ACCURACY;
    }
}
