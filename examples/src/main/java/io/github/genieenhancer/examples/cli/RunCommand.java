package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.IncompleteScoreException;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.enhancement.EnhancementResult;
import io.github.genieenhancer.enhancement.EnhancementSession;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code genie-enhancer run}: the whole loop. */
@Command(name = "run", description = {"Runs the loop: score, plan, apply, validate, until the target accuracy, "
        + "the iteration limit, or an iteration without gain. Writes the session's reports.",
    "With --session, continues a stored session from where it stopped (e.g. after a crash, or an incomplete "
        + "score: exit code 5)."})
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Mixin
    CommonOptions common;

    @Mixin
    WorkspaceOptions workspace;

    @Mixin
    SessionOptions session;

    @Mixin
    StateOptions state;

    @Mixin
    ReportOptions reports;

    @Option(names = "--promote", description = "CLONE mode: when the loop ends, copy the improved configuration "
            + "onto the original space (after a snapshot of it).")
    boolean promote;

    @Override
    public Integer call() {
        Output output = root.output();
        try (Workspace ws = workspace.open(true); StateStore store = state.open(ws);
             Stages stages = Stages.open(ws, session, store, output)) {
            EnhancementSession enhancement = stages.session();
            EnhancementResult result;
            try {
                result = enhancement.run();
            } catch (IncompleteScoreException e) {
                return stages.incomplete(e, reports, "run");
            }
            output.result(result);
            double accuracy = result.finalAccuracy().tuning();
            if (promote) {
                output.line("promoting the copy onto space " + result.spaceId());
                output.applied(enhancement.promote());
            }
            stages.writeReports(reports);
            stages.printNext("");
            return reports.gate(accuracy, output);
        }
    }
}
