package io.github.genieenhancer.examples.cli;

import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;

/** The top of the command tree; it does nothing itself, so a missing subcommand is a usage error. */
@Command(name = "genie-enhancer",
        description = {"Measures and improves the accuracy of a Databricks Genie space.",
            "Stages: score -> plan -> apply -> validate (or all of them, looped: run).",
            "First time on a workspace? genie-enhancer doctor checks, changing nothing, that everything is ready."},
        subcommands = {ScoreCommand.class, PlanCommand.class, ApplyCommand.class, ValidateCommand.class,
            RunCommand.class, PromoteCommand.class, RollbackCommand.class, ReportCommand.class,
            SessionsCommand.class, FleetCommand.class, DoctorCommand.class, DemoCommand.class,
            JobCommand.class, HelpCommand.class},
        synopsisSubcommandLabel = "COMMAND",
        footerHeading = "%nWorkspace:%n", footer = {
            "A Databricks workspace is found the way the Databricks CLI finds it: DATABRICKS_HOST with",
            "DATABRICKS_TOKEN (or another SDK auth method), else the DEFAULT profile of ~/.databrickscfg;",
            "--profile picks another profile. --local starts a local stand-in workspace instead.",
            "GENIE_SPACE_ID, GENIE_WAREHOUSE_ID and GENIE_LLM_ENDPOINT give the option defaults."})
final class RootCommand {
    @Mixin
    CommonOptions common;

    private final PrintStream out;

    RootCommand(PrintStream out) {
        this.out = out;
    }

    /** Where commands print results and progress. */
    Output output() {
        return new Output(out);
    }
}
