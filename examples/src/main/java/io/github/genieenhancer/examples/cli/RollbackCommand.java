package io.github.genieenhancer.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code genie-enhancer rollback}. */
@Command(name = "rollback", description = "Restores a space snapshot stored by a session.")
final class RollbackCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Mixin
    CommonOptions common;

    @Mixin
    WorkspaceOptions workspace;

    @Override
    public Integer call() {
        try (Workspace ws = workspace.open(false)) {
            throw new UnsupportedOperationException("rollback arrives with the scoring and enhancement modules");
        }
    }
}
