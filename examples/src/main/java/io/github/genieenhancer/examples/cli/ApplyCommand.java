package io.github.genieenhancer.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code genie-enhancer apply}. */
@Command(name = "apply", description = "Applies a planned session's fixes in one space update, after a snapshot.")
final class ApplyCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Mixin
    CommonOptions common;

    @Mixin
    WorkspaceOptions workspace;

    @Override
    public Integer call() {
        try (Workspace ws = workspace.open(false)) {
            throw new UnsupportedOperationException("apply arrives with the scoring and enhancement modules");
        }
    }
}
