package io.github.genieenhancer.examples;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.enhancement.ApplyMode;
import io.github.genieenhancer.enhancement.EnhancementReport;
import io.github.genieenhancer.enhancement.EnhancementResult;
import io.github.genieenhancer.enhancement.EnhancementSession;
import io.github.genieenhancer.enhancement.IterationResult;
import io.github.genieenhancer.genie.GenieClient;
import io.github.genieenhancer.llm.LlmClient;
import io.github.genieenhancer.scoring.ScoreReports;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The offline demo: the whole enhancement loop against {@link LocalWorkspace}, a local stand-in for a Databricks
 * workspace, with nothing but a JDK. It enhances the sample space (thin, with a few misleading items) in
 * {@link ApplyMode#CLONE} mode through the library's real scoring, planning, fix validation and apply; the model is
 * the local workspace's scripted, rule-based LLM. It prints the accuracy of every iteration and writes the HTML,
 * JSON, Markdown and JUnit reports, and the session's enhancement report.
 *
 * <pre>
 * mvn -B -q -pl examples -am process-classes -Pdemo
 * </pre>
 */
public final class OfflineDemo {
    /** The stand-in answers in milliseconds and has no rate limit. */
    private static final double QUESTIONS_PER_MINUTE = 60_000;
    private static final Duration POLL = Duration.ofMillis(20);

    private final PrintStream out;
    private final Path reportDirectory;
    private final double targetAccuracy;
    private final int maxIterations;
    private final Duration genieLatency;

    private OfflineDemo(Builder builder) {
        this.out = builder.out;
        this.reportDirectory = builder.reportDirectory;
        this.targetAccuracy = builder.targetAccuracy;
        this.maxIterations = builder.maxIterations;
        this.genieLatency = builder.genieLatency;
    }

    /**
     * Runs the demo with its defaults.
     *
     * @param args optionally the directory for the reports (default {@code genie-demo-reports})
     */
    public static void main(String[] args) {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        Builder demo = builder();
        if (args.length > 0) {
            demo.reportDirectory(Path.of(args[0]));
        }
        demo.build().run();
    }

    /** A builder with the demo's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the local workspace, runs the loop and writes the reports.
     *
     * @return the session's result: every iteration and why it stopped
     */
    public EnhancementResult run() {
        out.println("Genie Enhancer offline demo: a local stand-in workspace on 127.0.0.1 (Genie, SQL warehouse, "
                + "scripted rule-based LLM); no Databricks account needed");
        try (LocalWorkspace local = LocalWorkspace.builder()
                .genieLatency(genieLatency, genieLatency.dividedBy(2)).start()) {
            StateStore store = StateStore.inMemory();
            EnhancementSession session = EnhancementSession.builder()
                    .workspace(local.workspaceClient())
                    .spaceId(local.sampleSpaceId())
                    .warehouseId(local.warehouseId())
                    .benchmarks(local.sampleBenchmarks())
                    .llm(LlmClient.databricks(local.workspaceClient(), local.servingEndpointName()))
                    .genie(GenieClient.builder(local.workspaceClient())
                            .questionsPerMinute(QUESTIONS_PER_MINUTE).pollInterval(POLL, POLL.multipliedBy(5))
                            .build())
                    .targetAccuracy(targetAccuracy)
                    .maxIterations(maxIterations)
                    .applyMode(ApplyMode.CLONE)
                    .propagationWait(Duration.ZERO)
                    .stateStore(store)
                    .progressListener(ProgressListener.console(out))
                    .build();
            out.println("space " + local.sampleSpaceId() + ": " + local.sampleBenchmarks().size()
                    + " benchmarks, target " + percent(targetAccuracy) + ", at most " + maxIterations
                    + " iterations, CLONE mode (the sample space itself stays untouched)");
            EnhancementResult result = session.run();
            for (IterationResult i : result.iterations()) {
                out.println("iteration " + i.iteration() + ": accuracy " + percent(i.before().tuning())
                        + " over " + i.baseline().counted() + " of " + i.baseline().results().size() + " questions"
                        + i.after().map(a -> " -> " + percent(a.tuning())).orElse("") + " ("
                        + (i.after().isEmpty() ? "not applied" : i.kept() ? "kept" : "rolled back")
                        + i.paired().map(p -> ", decided on the " + p.paired() + " questions counted in both runs")
                                .orElse("") + "; "
                        + i.applied().map(a -> a.applied().size()).orElse(0) + " fixes applied, "
                        + i.plan().map(p -> p.rejected().size()).orElse(0) + " rejected)");
            }
            // The workspace serves the space in the API's export order: compare content, not order.
            boolean untouched = local.spaceConfig(local.sampleSpaceId())
                    .map(c -> c.diffTo(local.sampleSpaceConfig()).isEmpty()).orElse(false);
            out.println("result: accuracy " + percent(result.initialAccuracy().tuning()) + " -> "
                    + percent(result.finalAccuracy().tuning()) + " after " + result.iterations().size()
                    + (result.iterations().size() == 1 ? " iteration (" : " iterations (") + result.stopReason()
                    + "); the changes are on the copy " + result.workingSpaceId().orElse(result.spaceId())
                    + (untouched ? ", the sample space is unchanged" : ""));
            List<ScoreReport> runs = store.reports(result.sessionId());
            List<Path> files = new ArrayList<>(ScoreReports.builder().addAll(runs).targetAccuracy(targetAccuracy)
                    .build().writeTo(reportDirectory));
            files.addAll(EnhancementReport.of(EnhancementSession.history(store, result.sessionId()))
                    .writeTo(reportDirectory));
            out.println("reports written to " + reportDirectory.toAbsolutePath().normalize() + ":");
            files.forEach(f -> out.println("  " + f.toAbsolutePath().normalize()));
            return result;
        }
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** Options of the demo. */
    public static final class Builder {
        private PrintStream out = System.out;
        private Path reportDirectory = Path.of("genie-demo-reports");
        private double targetAccuracy = 0.9;
        private int maxIterations = 5;
        private Duration genieLatency = Duration.ofMillis(200);

        private Builder() {
        }

        /** Where the demo prints (default {@code System.out}, where the progress bar is live on a terminal). */
        public Builder output(PrintStream out) {
            this.out = Objects.requireNonNull(out, "out");
            return this;
        }

        /** Where the reports go (default {@code genie-demo-reports}). */
        public Builder reportDirectory(Path reportDirectory) {
            this.reportDirectory = Objects.requireNonNull(reportDirectory, "reportDirectory");
            return this;
        }

        /** The accuracy, in (0, 1], at which the loop stops (default 0.9). */
        public Builder targetAccuracy(double targetAccuracy) {
            if (!(targetAccuracy > 0 && targetAccuracy <= 1)) {
                throw new ConfigurationException("targetAccuracy must be in (0, 1], got " + targetAccuracy);
            }
            this.targetAccuracy = targetAccuracy;
            return this;
        }

        /** The most iterations (default 5). */
        public Builder maxIterations(int maxIterations) {
            if (maxIterations < 1) {
                throw new ConfigurationException("maxIterations must be at least 1, got " + maxIterations);
            }
            this.maxIterations = maxIterations;
            return this;
        }

        /** How long the local Genie thinks before each answer (default 200 ms, a little like the real one). */
        public Builder genieLatency(Duration genieLatency) {
            if (Objects.requireNonNull(genieLatency, "genieLatency").isNegative()) {
                throw new ConfigurationException("genieLatency must not be negative, got " + genieLatency);
            }
            this.genieLatency = genieLatency;
            return this;
        }

        /** The demo. */
        public OfflineDemo build() {
            return new OfflineDemo(this);
        }
    }
}
