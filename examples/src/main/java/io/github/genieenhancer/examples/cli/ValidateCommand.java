package io.github.genieenhancer.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code genie-enhancer validate}. */
@Command(name = "validate", description = "Scores the changed space again; keeps the change or rolls it back.")
final class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Mixin
    CommonOptions common;

    @Mixin
    WorkspaceOptions workspace;

    @Override
    public Integer call() {
        try (Workspace ws = workspace.open(false)) {
            throw new UnsupportedOperationException("validate arrives with the scoring and enhancement modules");
        }
    }
}
