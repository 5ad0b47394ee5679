package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.IncompleteScoreException;
import io.github.genieenhancer.core.state.StateStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code genie-enhancer validate}: the fourth stage. */
@Command(name = "validate", description = {"Scores the changed space again after the propagation wait; keeps the "
        + "change, or rolls it back when the accuracy dropped. Writes the session's reports.",
    "Without --session, starts a session and scores, plans and applies first."})
final class ValidateCommand implements Callable<Integer> {
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

    @Override
    public Integer call() {
        Output output = root.output();
        try (Workspace ws = workspace.open(true); StateStore store = state.open(ws);
             Stages stages = Stages.open(ws, session, store, output)) {
            double accuracy;
            try {
                accuracy = stages.validate();
            } catch (IncompleteScoreException e) {
                return stages.incomplete(e, reports, "validate");
            }
            stages.writeReports(reports);
            stages.printNext("plan");
            return reports.gate(accuracy, output);
        }
    }
}
