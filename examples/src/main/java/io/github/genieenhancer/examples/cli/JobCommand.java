package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.IncompleteScoreException;
import io.github.genieenhancer.core.state.SessionStage;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.enhancement.EnhancementResult;
import io.github.genieenhancer.enhancement.EnhancementSession;
import io.github.genieenhancer.enhancement.SessionHistory;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code genie-enhancer job}: the stages as tasks of a Databricks job, each in its own process, on a session that
 * every task finds in a shared store under the id the job run gives it. A task that finds its stage already done in
 * the current iteration does nothing, so a retried task is harmless.
 */
@Command(name = "job", description = {"The stages as job tasks: each continues the session --session names (the "
        + "first creates it), runs one stage, and exits. Use --state-store DELTA to share the session between "
        + "tasks on different clusters.",
    "A task whose stage is already done in the session's current iteration does nothing (retries are safe)."},
        subcommands = {JobCommand.Score.class, JobCommand.Plan.class, JobCommand.Apply.class,
            JobCommand.Validate.class, JobCommand.Loop.class, JobCommand.Promote.class},
        synopsisSubcommandLabel = "TASK")
final class JobCommand {
    @ParentCommand
    RootCommand root;

    @Mixin
    CommonOptions common;

    /** One task: opens the workspace and the session, then runs its stage when the session stands before it. */
    abstract static class Task implements Callable<Integer> {
        @ParentCommand
        JobCommand job;

        @Mixin
        CommonOptions common;

        @Mixin
        WorkspaceOptions workspace;

        @Mixin
        SessionOptions session;

        @Mixin
        StateOptions state;

        private final String name;
        private final boolean startsSessions;
        private final Set<SessionStage> runsAt;
        private final Set<SessionStage> doneAt;

        Task(String name, boolean startsSessions, Set<SessionStage> runsAt, Set<SessionStage> doneAt) {
            this.name = name;
            this.startsSessions = startsSessions;
            this.runsAt = runsAt;
            this.doneAt = doneAt;
        }

        @Override
        public Integer call() {
            Output output = job.root.output();
            // Every task needs the model: a session is started and continued with its LLM client.
            try (Workspace ws = workspace.open(true); StateStore store = state.open(ws)) {
                if (!startsSessions && session.sessionId().flatMap(store::session).isEmpty()) {
                    throw new ConfigurationException("No session '" + session.sessionId().orElse("") + "' in the "
                            + "state store; the score task (or the loop) starts it");
                }
                try (Stages stages = Stages.openOrStart(ws, session, store, output)) {
                    SessionStage stage = stages.session().stage();
                    int exitCode = ExitCodes.OK;
                    if (doneAt.contains(stage)) {
                        output.line(name + ": already done in this iteration; nothing to do");
                    } else if (runsAt.contains(stage)) {
                        exitCode = run(stages, output);
                    } else {
                        throw new ConfigurationException("Session " + stages.session().id() + " is at stage "
                                + stage + "; the " + name + " task runs at " + runsAt);
                    }
                    stages.printNext("");
                    return exitCode;
                }
            }
        }

        /** Runs the stage and returns the exit code. */
        abstract int run(Stages stages, Output output);
    }

    /** Scores the working space: the baseline of a new iteration. */
    @Command(name = "score", description = "Scores the working space as the baseline of the session's next "
            + "iteration (creating the session on its first run).")
    static final class Score extends Task {
        Score() {
            super("score", true, EnumSet.of(SessionStage.CREATED, SessionStage.VALIDATED),
                    EnumSet.of(SessionStage.SCORED, SessionStage.PLANNED, SessionStage.APPLIED, SessionStage.FINISHED));
        }

        @Override
        int run(Stages stages, Output output) {
            stages.score();
            return ExitCodes.OK;
        }
    }

    /** Plans fixes from the iteration's baseline. */
    @Command(name = "plan", description = "Plans fixes from the failures of the iteration's baseline.")
    static final class Plan extends Task {
        Plan() {
            super("plan", false, EnumSet.of(SessionStage.SCORED), EnumSet.of(SessionStage.PLANNED, SessionStage.APPLIED,
                    SessionStage.VALIDATED, SessionStage.FINISHED));
        }

        @Override
        int run(Stages stages, Output output) {
            stages.plan();
            return ExitCodes.OK;
        }
    }

    /** Applies the iteration's plan in one update. */
    @Command(name = "apply", description = "Applies the iteration's plan to the working space in one update, after "
            + "a snapshot.")
    static final class Apply extends Task {
        Apply() {
            super("apply", false, EnumSet.of(SessionStage.PLANNED), EnumSet.of(SessionStage.APPLIED,
                    SessionStage.VALIDATED, SessionStage.FINISHED));
        }

        @Override
        int run(Stages stages, Output output) {
            stages.apply();
            return ExitCodes.OK;
        }
    }

    /** Scores the changed space, keeps or rolls back the change, and writes the reports. */
    @Command(name = "validate", description = "Scores the changed space, keeps the change or rolls it back, and "
            + "writes the session's reports; with --min-accuracy the task fails below it.")
    static final class Validate extends Task {
        @Mixin
        ReportOptions reports;

        Validate() {
            super("validate", false, EnumSet.of(SessionStage.APPLIED), EnumSet.of(SessionStage.VALIDATED,
                    SessionStage.FINISHED));
        }

        @Override
        int run(Stages stages, Output output) {
            double accuracy;
            try {
                accuracy = stages.validate();
            } catch (IncompleteScoreException e) {
                return stages.incomplete(e, reports, "");
            }
            stages.writeReports(reports);
            return reports.gate(accuracy, output);
        }
    }

    /** The orchestrator: the whole loop in one task, from wherever the session stands. */
    @Command(name = "loop", description = "Runs the loop until the target accuracy, the iteration limit or an "
            + "iteration without gain, continuing the session from wherever it stands (a retried task resumes "
            + "it), and writes the reports.")
    static final class Loop extends Task {
        @Mixin
        ReportOptions reports;

        Loop() {
            super("loop", true, EnumSet.complementOf(EnumSet.of(SessionStage.FAILED)),
                    EnumSet.noneOf(SessionStage.class));
        }

        @Override
        int run(Stages stages, Output output) {
            EnhancementResult result;
            try {
                result = stages.session().run();
            } catch (IncompleteScoreException e) {
                return stages.incomplete(e, reports, "");
            }
            output.result(result);
            stages.writeReports(reports);
            return reports.gate(result.finalAccuracy().tuning(), output);
        }
    }

    /** Promotes a CLONE session's copy onto the original space once the session reached its target. */
    @Command(name = "promote", description = "Copies the session's copy onto the original space (after a snapshot) "
            + "when its last kept iteration reached the target accuracy; otherwise promotes nothing and succeeds. "
            + "Refused for a session that is not CLONE or made no copy.")
    static final class Promote extends Task {
        Promote() {
            super("promote", false, EnumSet.of(SessionStage.VALIDATED, SessionStage.FINISHED),
                    EnumSet.noneOf(SessionStage.class));
        }

        @Override
        int run(Stages stages, Output output) {
            EnhancementSession session = stages.session();
            SessionHistory history = EnhancementSession.history(stages.store(), session.id());
            String copy = PromoteCommand.requireCopy(history);
            Optional<String> missed = PromoteCommand.targetMissed(history, output);
            if (missed.isPresent()) {
                output.line("promote: target not met: " + missed.get() + "; the original space is unchanged");
                return ExitCodes.OK;
            }
            output.line("promoting the copy " + copy + " onto space " + history.spaceId());
            output.applied(session.promote());
            return ExitCodes.OK;
        }
    }
}
