package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.SessionOwnedException;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.state.SessionRecord;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.enhancement.EnhancementSession;
import io.github.genieenhancer.enhancement.IterationResult;
import io.github.genieenhancer.enhancement.SessionHistory;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code genie-enhancer sessions}: the stored sessions, read or deleted without a workspace (but for Delta). */
@Command(name = "sessions", description = "Lists, shows or deletes the sessions of a state store.",
        subcommands = {SessionsCommand.ListSessions.class, SessionsCommand.Show.class, SessionsCommand.Delete.class},
        synopsisSubcommandLabel = "list | show ID | delete ID")
final class SessionsCommand {
    @ParentCommand
    RootCommand root;

    @Mixin
    CommonOptions common;

    /** {@code sessions list}. */
    @Command(name = "list", description = "One line per session, oldest first: id, space, stage, iteration, the "
            + "accuracy of its latest score run with the questions it counted, and when it last changed.")
    static final class ListSessions implements Callable<Integer> {
        @ParentCommand
        SessionsCommand sessions;

        @Mixin
        CommonOptions common;

        @Mixin
        StandaloneStateOptions state;

        @Override
        public Integer call() {
            Output output = sessions.root.output();
            try (StateStore store = state.open()) {
                List<SessionRecord> all = store.sessions();
                if (all.isEmpty()) {
                    output.line("no sessions in the state store");
                }
                for (SessionRecord session : all) {
                    output.line(session.id() + "  space " + session.spaceId() + "  " + session.stage()
                            + "  iteration " + session.iteration() + "  " + latestAccuracy(store, session.id())
                            + "  updated " + session.updatedAt());
                }
                return ExitCodes.OK;
            }
        }

        private static String latestAccuracy(StateStore store, String sessionId) {
            List<ScoreReport> runs = store.reports(sessionId);
            if (runs.isEmpty()) {
                return "not scored yet";
            }
            return "accuracy " + accuracy(runs.get(runs.size() - 1));
        }
    }

    /** {@code sessions show ID}. */
    @Command(name = "show", description = "A session's settings, stage, iterations and who holds it.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        SessionsCommand sessions;

        @Mixin
        CommonOptions common;

        @Mixin
        StandaloneStateOptions state;

        @Parameters(paramLabel = "ID", description = "The session.")
        String sessionId;

        @Override
        public Integer call() {
            Output output = sessions.root.output();
            try (StateStore store = state.open()) {
                if (store.session(sessionId).isEmpty()) {
                    throw new ConfigurationException("No session '" + sessionId + "' in the state store");
                }
                SessionHistory history = EnhancementSession.history(store, sessionId);
                output.line("session " + history.sessionId());
                output.line("  space " + history.spaceId() + history.workingSpaceId().map(c -> " (changes on its "
                        + "copy " + c + ")").orElse(""));
                output.line("  mode " + history.mode() + ", target " + Output.percent(history.targetAccuracy())
                        + ", min coverage " + Output.percent(history.minCoverage()) + ", "
                        + history.benchmarks().size() + " benchmarks (" + history.heldOutIds().size() + " held out)");
                output.line("  stage " + history.stage() + history.stopReason().map(r -> " (stopped: " + r + ")")
                        .orElse(""));
                output.line("  created " + history.createdAt() + ", updated " + history.updatedAt());
                output.line("  " + holder(store));
                if (history.iterations().isEmpty()) {
                    output.line("  no iteration yet");
                }
                for (IterationResult i : history.iterations()) {
                    output.line("  " + i.after().map(after -> Output.iterationLine(i.iteration(),
                            i.before().tuning(), after.tuning(), i.kept(), i.paired()))
                            .orElse("iteration " + i.iteration() + ": baseline accuracy " + accuracy(i.baseline())
                                    + i.plan().map(p -> ", planned " + p.fixes().size() + " fixes").orElse("")
                                    + i.applied().map(a -> ", applied " + a.applied().size()).orElse("")));
                }
                return ExitCodes.OK;
            }
        }

        private String holder(StateStore store) {
            return store.lease(sessionId).filter(l -> l.isHeldAt(Instant.now()))
                    .map(l -> "held by " + l.owner() + " until " + l.expiresAt())
                    .orElse("not held by any process");
        }
    }

    /** {@code sessions delete ID}. */
    @Command(name = "delete", description = {"Deletes a session with everything stored under it: score runs, plans, "
            + "events and the snapshots of the spaces it changed (rollback can no longer restore them).",
        "A CLONE session's copy space stays in the workspace. Refused while another process holds the session, "
            + "unless --force."})
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        SessionsCommand sessions;

        @Mixin
        CommonOptions common;

        @Mixin
        StandaloneStateOptions state;

        @Parameters(paramLabel = "ID", description = "The session.")
        String sessionId;

        @Option(names = "--force", description = "Delete it even while another process holds it (that process is "
                + "gone, or is refused at its next write).")
        boolean force;

        @Override
        public Integer call() {
            Output output = sessions.root.output();
            try (StateStore store = state.open()) {
                SessionRecord session = store.session(sessionId).orElseThrow(() -> new ConfigurationException(
                        "No session '" + sessionId + "' in the state store"));
                String copy = copyOf(store);
                try {
                    if (!store.deleteSession(sessionId, force)) {
                        throw new ConfigurationException("No session '" + sessionId + "' in the state store");
                    }
                } catch (SessionOwnedException e) {
                    throw new ConfigurationException(e.getMessage() + "; delete it anyway with --force if that "
                            + "process is gone", e);
                }
                output.line("deleted session " + sessionId + " of space " + session.spaceId()
                        + (copy.isEmpty() ? "" : "; its copy space " + copy + " is still in the workspace"));
                return ExitCodes.OK;
            }
        }

        private String copyOf(StateStore store) {
            try {
                return EnhancementSession.history(store, sessionId).workingSpaceId().orElse("");
            } catch (GenieEnhancerException e) {
                return ""; // a session whose settings cannot be read is deleted all the same
            }
        }
    }

    /** E.g. {@code 71.4% over 40 of 42 questions}. */
    private static String accuracy(ScoreReport run) {
        return Output.percent(run.accuracy()) + " over " + run.counted() + " of " + run.results().size()
                + " questions";
    }
}
