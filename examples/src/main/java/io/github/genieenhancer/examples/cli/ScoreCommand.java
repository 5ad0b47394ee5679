package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.IncompleteScoreException;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.scoring.ScoringOptions;
import io.github.genieenhancer.enhancement.ScoringMode;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.genie.SpaceCloner;
import io.github.genieenhancer.scoring.ResultComparator;
import io.github.genieenhancer.scoring.SideBySide;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code genie-enhancer score}: measures a space, changes nothing; the CI gate. */
@Command(name = "score", description = {"Scores the space: asks Genie every benchmark question and compares its "
        + "results with the expected SQL's on the warehouse. Changes nothing; needs no LLM.",
    "With --scorer eval-runs or side-by-side, Databricks' benchmark eval run scores a copy of the space (trashed "
        + "afterwards), since it needs the benchmarks written into the space it scores.",
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

    @Mixin
    EnhancementOptions enhancement;

    @Override
    public Integer call() {
        Output output = root.output();
        enhancement.requireNoPlanningOptions("score");
        double minCoverage = coverage.minCoverage().orElse(ScoringOptions.DEFAULT_MIN_COVERAGE);
        // The judge needs a model, so only then is the LLM endpoint required.
        try (Workspace ws = workspace.open(enhancement.judgeEndpoint != null)) {
            BenchmarkSet benchmarks = ws.benchmarks();
            output.line("scoring space " + ws.spaceId() + " with " + benchmarks.size() + " benchmarks");
            List<ScoreReport> scored = new ArrayList<>();
            if (enhancement.scoring != ScoringMode.EVAL_RUNS) {
                ScoringOptions.Builder options = ScoringOptions.builder().minCoverage(minCoverage)
                        .comparator(ResultComparator.of(enhancement.policy))
                        .progressListener(ProgressListener.console(output.stream()));
                enhancement.judge(ws).ifPresent(options::judge);
                try {
                    scored.add(ws.scorer(options.build()).score(ws.spaceId(), benchmarks));
                } catch (IncompleteScoreException e) {
                    output.score("score", e.report());
                    output.incomplete(e);
                    reports.write(List.of(e.report()), minCoverage, output);
                    return ExitCodes.INCOMPLETE_SCORE;
                }
                output.score("score", scored.get(0));
            }
            if (enhancement.scoring.usesEvalRuns()) {
                ScoreReport evalRun = evalRunOnACopy(ws, benchmarks, output);
                output.score("Databricks eval run", evalRun);
                if (!scored.isEmpty()) {
                    SideBySide compared = SideBySide.of("library", scored.get(0), "eval run", evalRun);
                    output.line(String.format(Locale.ROOT, "the eval run agrees on %.1f%% of the questions both "
                            + "counted; they disagree on %s", 100 * compared.agreement(), compared.disagreements()
                            .stream().map(SideBySide.Row::benchmarkId).toList()));
                }
                scored.add(evalRun);
            }
            reports.write(scored, minCoverage, output);
            return reports.gate(scored.get(0).accuracy(), output);
        }
    }

    /**
     * Databricks' eval run writes the benchmarks into the space it scores, and this command changes nothing: it
     * scores a copy, trashed afterwards.
     */
    private static ScoreReport evalRunOnACopy(Workspace ws, BenchmarkSet benchmarks, Output output) {
        SpaceApi spaces = SpaceApi.create(ws.client());
        String copy = SpaceCloner.create(spaces).copy(ws.spaceId()).spaceId();
        output.line("Databricks eval run on the copy " + copy + " of space " + ws.spaceId()
                + ", which gets the benchmarks; the space itself is not changed");
        try {
            return ws.evalRunScorer().publishAndScore(copy, benchmarks);
        } finally {
            spaces.trash(copy);
        }
    }
}
