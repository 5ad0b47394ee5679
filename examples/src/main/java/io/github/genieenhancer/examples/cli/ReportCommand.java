package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.enhancement.EnhancementReport;
import io.github.genieenhancer.enhancement.EnhancementSession;
import io.github.genieenhancer.enhancement.SessionHistory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code genie-enhancer report}: a stored session's reports, with no workspace. */
@Command(name = "report", description = {"Writes the enhancement report of a stored session (enhancement-report"
        + ".html, .md, .json and the gate TEST-genie-enhancement.xml: accuracy per iteration, each question's story, "
        + "failures broken down, every fix and its fate, the configuration diff of each kept iteration, LLM cost per "
        + "stage) and the score reports of its runs (score-report.*: every question of every run). Needs no "
        + "workspace; a running session reads as far as it has come.",
    "With --min-accuracy or --min-held-out-accuracy, exit code 1 when the configuration the session ended with is "
        + "below either; 5 when that run counted too few questions (or the session has no complete run yet), "
        + "whatever its accuracy."})
final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Mixin
    CommonOptions common;

    @Mixin
    StandaloneStateOptions state;

    @Mixin
    ReportOptions reports;

    @Option(names = "--session", paramLabel = "ID", required = true, description = "The session to report on.")
    String sessionId;

    @Option(names = "--min-held-out-accuracy", paramLabel = "ACCURACY", converter = Fraction.class,
            description = "Exit with code 1 when the held-out accuracy of the configuration the session ended with is "
                    + "below this, e.g. 0.7 or 70% (a session without held-out benchmarks fails it). Default: no "
                    + "gate.")
    Double minHeldOutAccuracy;

    @Override
    public Integer call() {
        Output output = root.output();
        try (StateStore store = state.open()) {
            if (store.session(sessionId).isEmpty()) {
                throw new ConfigurationException("No session '" + sessionId + "' in the state store");
            }
            SessionHistory history = EnhancementSession.history(store, sessionId);
            List<ScoreReport> runs = store.reports(sessionId);
            runs.forEach(run -> output.score("run " + run.runId(), run));
            EnhancementReport report = reports.writeSession(runs, history, Optional.ofNullable(minHeldOutAccuracy),
                    output);
            if (reports.minAccuracy().isEmpty() && minHeldOutAccuracy == null) {
                return ExitCodes.OK;
            }
            if (report.passed()) {
                output.line("gate passed: the configuration session " + sessionId + " ended with meets every minimum");
                return ExitCodes.OK;
            }
            report.gateFailures().forEach(failure -> output.line("gate failed: " + failure));
            return report.complete() ? ExitCodes.BELOW_MIN_ACCURACY : ExitCodes.INCOMPLETE_SCORE;
        }
    }
}
