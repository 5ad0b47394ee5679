package io.github.genieenhancer.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code genie-enhancer run}. */
@Command(name = "run", description = "Runs the whole loop: score, plan, apply, validate, until the target accuracy.")
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Mixin
    CommonOptions common;

    @Mixin
    WorkspaceOptions workspace;

    @Override
    public Integer call() {
        try (Workspace ws = workspace.open(false)) {
            throw new UnsupportedOperationException("run arrives with the scoring and enhancement modules");
        }
    }
}
