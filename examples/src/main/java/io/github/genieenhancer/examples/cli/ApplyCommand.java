package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.state.StateStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code genie-enhancer apply}: the third stage. */
@Command(name = "apply", description = {"Applies the session's planned fixes in one space update, after storing a "
        + "snapshot of the configuration (CLONE mode: to a copy made on the first apply).",
    "Without --session, starts a session and scores and plans first."})
final class ApplyCommand implements Callable<Integer> {
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
            stages.apply();
            stages.printNext("validate");
            return ExitCodes.OK;
        }
    }
}
