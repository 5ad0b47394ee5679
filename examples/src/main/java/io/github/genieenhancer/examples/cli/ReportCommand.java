package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.scoring.ScoringOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code genie-enhancer report}: reports from stored state, with no workspace. */
@Command(name = "report", description = {"Writes the HTML, JSON, Markdown and JUnit XML reports of every score "
        + "run of a stored session (baselines and validations, oldest first). Needs no workspace.",
    "With --min-accuracy, exit code 1 when the latest run is below."})
final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Mixin
    CommonOptions common;

    @Mixin
    StandaloneStateOptions state;

    @Mixin
    ReportOptions reports;

    @Mixin
    CoverageOption coverage;

    @Option(names = "--session", paramLabel = "ID", required = true, description = "The session to report on.")
    String sessionId;

    @Override
    public Integer call() {
        Output output = root.output();
        try (StateStore store = state.open()) {
            if (store.session(sessionId).isEmpty()) {
                throw new ConfigurationException("No session '" + sessionId + "' in the state store");
            }
            List<ScoreReport> runs = store.reports(sessionId);
            if (runs.isEmpty()) {
                throw new ConfigurationException("Session " + sessionId + " has no score run yet");
            }
            runs.forEach(run -> output.score("run " + run.runId(), run));
            reports.write(runs, coverage.minCoverage().orElse(ScoringOptions.DEFAULT_MIN_COVERAGE), output);
            return reports.gate(runs.get(runs.size() - 1).accuracy(), output);
        }
    }
}
