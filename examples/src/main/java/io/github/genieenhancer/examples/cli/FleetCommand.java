package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.genie.SpaceDraft;
import io.github.genieenhancer.scoring.ScoringOptions;
import io.github.genieenhancer.scoring.fleet.FleetReport;
import io.github.genieenhancer.scoring.fleet.FleetScorer;
import io.github.genieenhancer.scoring.fleet.FleetSelection;
import io.github.genieenhancer.scoring.fleet.SpaceScore;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code genie-enhancer fleet}: many spaces of one workspace. */
@Command(name = "fleet", description = "Works on many spaces of one workspace under its one Genie budget.",
        subcommands = FleetCommand.Score.class, synopsisSubcommandLabel = "score")
final class FleetCommand {
    @ParentCommand
    RootCommand root;

    @Mixin
    CommonOptions common;

    /** {@code fleet score}. */
    @Command(name = "score", description = {"Scores many spaces of the workspace against the benchmarks each space "
            + "stores, under the workspace's one Genie budget (--questions-per-minute), questions interleaved "
            + "round-robin across the spaces. Changes nothing; needs no LLM.",
        "Spaces: --space-ids, --space-name, or every space the caller can see. Each space's run is stored; running "
            + "again with the same --fleet-run-id resumes without asking again what was answered.",
        "Writes fleet.html, fleet.md, fleet.json and fleet-junit.xml (one test case per space). Exit code 5 when a "
            + "space could not be scored or its run is incomplete (--min-coverage), else 1 when a space is below "
            + "--min-accuracy."})
    static final class Score implements Callable<Integer> {
        @ParentCommand
        FleetCommand fleet;

        @Mixin
        CommonOptions common;

        @Mixin
        WorkspaceOptions workspace;

        @Mixin
        StateOptions state;

        @Mixin
        CoverageOption coverage;

        @Option(names = "--space-ids", paramLabel = "ID,ID", split = ",", description = "The spaces to score, in "
                + "this order. Default: every space the caller can see (or those --space-name matches).")
        List<String> spaceIds;

        @Option(names = "--space-name", paramLabel = "PATTERN", description = "Score the spaces whose title matches "
                + "this glob in full (* any text, ? one character), or this regular expression when it starts with "
                + "regex:. Empty: no pattern.")
        String spaceName;

        @Option(names = "--fleet-run-id", paramLabel = "ID", description = "The fleet run: the same id again resumes "
                + "it. Default: a new id, printed.")
        String fleetRunId;

        @Option(names = "--max-concurrency", paramLabel = "N", defaultValue = "10", description = "Questions in "
                + "flight at once across the fleet (default: ${DEFAULT-VALUE}).")
        int maxConcurrency;

        @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "genie-reports", description = "Where the "
                + "fleet reports are written (default: ${DEFAULT-VALUE}).")
        Path reportDir;

        @Option(names = "--min-accuracy", paramLabel = "ACCURACY", converter = Fraction.class, description = "Exit "
                + "with code 1 when a space's accuracy is below this, e.g. 0.8 or 80%. Default: no accuracy gate.")
        Double minAccuracy;

        @Option(names = "--local-spaces", paramLabel = "N", defaultValue = "2", description = "With --local: copies "
                + "of the sample space created besides it, titled \"Sample copy 1\" and on (default: "
                + "${DEFAULT-VALUE}).")
        int localSpaces;

        @Override
        public Integer call() {
            Output output = fleet.root.output();
            FleetSelection selection = selection();
            double minCoverage = coverage.minCoverage().orElse(ScoringOptions.DEFAULT_MIN_COVERAGE);
            String runId = blank(fleetRunId) ? UUID.randomUUID().toString() : fleetRunId.strip();
            try (Workspace ws = workspace.openWithoutSpace(); StateStore store = state.open(ws)) {
                SpaceApi spaces = SpaceApi.create(ws.client());
                FleetScorer.Builder scorer = FleetScorer.builder(ws.genieClientBuilder().build(),
                        ws.sqlExecutor().build(), spaces).maxConcurrency(maxConcurrency)
                        .options(ScoringOptions.builder().stateStore(store).minCoverage(minCoverage)
                                .progressListener(ProgressListener.none()).build());
                ws.localWorkspace().ifPresent(local -> copySample(local, spaces, scorer));
                output.line("fleet run " + runId);
                FleetReport report = scorer.build().score(selection, runId);
                for (SpaceScore space : report.spaces()) {
                    output.line(space.spaceId() + "  " + space.title() + "  " + space.error().map(e -> "not scored: "
                            + e).orElse("accuracy " + Output.percent(space.accuracy()) + " over " + space.counted()
                            + " of " + space.questions() + " questions" + (space.complete() ? "" : " (incomplete)")));
                }
                double gate = minAccuracy == null ? 0.0 : minAccuracy;
                output.reports(report.write(reportDir, gate));
                if (!report.isComplete()) {
                    output.line("incomplete: run again with --fleet-run-id " + runId + " to resume");
                    return ExitCodes.INCOMPLETE_SCORE;
                }
                if (!report.passes(gate)) {
                    output.line("a space is below the minimum accuracy " + Output.percent(gate));
                    return ExitCodes.BELOW_MIN_ACCURACY;
                }
                return ExitCodes.OK;
            }
        }

        private FleetSelection selection() {
            List<String> ids = spaceIds == null ? List.of() : spaceIds.stream().map(String::strip)
                    .filter(id -> !id.isEmpty()).toList();
            boolean byName = !blank(spaceName);
            if (!ids.isEmpty() && byName) {
                throw new ConfigurationException("Give --space-ids or --space-name, not both");
            }
            return !ids.isEmpty() ? FleetSelection.ids(ids)
                    : byName ? FleetSelection.namePattern(spaceName.strip()) : FleetSelection.all();
        }

        /**
         * The local workspace hosts one sample space, whose benchmarks are kept apart: copies of it are created
         * through the API, and every local space is scored against the sample benchmarks.
         */
        private void copySample(LocalWorkspace local, SpaceApi spaces, FleetScorer.Builder scorer) {
            for (int i = 1; i <= localSpaces; i++) {
                spaces.create(SpaceDraft.of("Sample copy " + i, local.warehouseId(), local.sampleSpaceConfig()));
            }
            scorer.benchmarks(space -> local.sampleBenchmarks());
        }

        private static boolean blank(String value) {
            return value == null || value.isBlank();
        }
    }
}
