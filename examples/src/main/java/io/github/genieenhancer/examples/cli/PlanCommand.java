package io.github.genieenhancer.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code genie-enhancer plan}. */
@Command(name = "plan", description = "Plans fixes from the failures of a score.")
final class PlanCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Mixin
    CommonOptions common;

    @Mixin
    WorkspaceOptions workspace;

    @Override
    public Integer call() {
        try (Workspace ws = workspace.open(false)) {
            throw new UnsupportedOperationException("plan arrives with the scoring and enhancement modules");
        }
    }
}
