package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.state.StateStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code genie-enhancer plan}: the second stage. */
@Command(name = "plan", description = {"Plans fixes from the failures of the session's score: the LLM analyses "
        + "each failure and proposes fixes per category; every fix is checked before it is accepted.",
    "Without --session, starts a session and scores first. Writes nothing to the space."})
final class PlanCommand implements Callable<Integer> {
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

    @Override
    public Integer call() {
        try (Workspace ws = workspace.open(true); StateStore store = state.open(ws);
             Stages stages = Stages.open(ws, session, store, root.output())) {
            stages.plan();
            stages.printNext("apply");
            return ExitCodes.OK;
        }
    }
}
