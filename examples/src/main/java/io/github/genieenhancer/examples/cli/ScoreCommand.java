package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.IncompleteScoreException;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.scoring.ScoringOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code genie-enhancer score}: measures a space, changes nothing; the CI gate. */
@Command(name = "score", description = {"Scores the space: asks Genie every benchmark question and compares its "
        + "results with the expected SQL's on the warehouse. Changes nothing; needs no LLM.",
    "With --min-accuracy it is a CI gate: exit code 1 when the accuracy is below; exit code 5 when too few "
        + "questions were counted (--min-coverage) for the accuracy to mean anything."})
final class ScoreCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Mixin
    CommonOptions common;

    @Mixin
    WorkspaceOptions workspace;

    @Mixin
    ReportOptions reports;

    @Mixin
    CoverageOption coverage;

    @Override
    public Integer call() {
        Output output = root.output();
        double minCoverage = coverage.minCoverage().orElse(ScoringOptions.DEFAULT_MIN_COVERAGE);
        try (Workspace ws = workspace.open(false)) {
            BenchmarkSet benchmarks = ws.benchmarks();
            output.line("scoring space " + ws.spaceId() + " with " + benchmarks.size() + " benchmarks");
            ScoreReport report;
            try {
                report = ws.scorer(ScoringOptions.builder().minCoverage(minCoverage)
                        .progressListener(ProgressListener.console(output.stream())).build())
                        .score(ws.spaceId(), benchmarks);
            } catch (IncompleteScoreException e) {
                output.score("score", e.report());
                output.incomplete(e);
                reports.write(List.of(e.report()), minCoverage, output);
                return ExitCodes.INCOMPLETE_SCORE;
            }
            output.score("score", report);
            reports.write(List.of(report), minCoverage, output);
            return reports.gate(report.accuracy(), output);
        }
    }
}
