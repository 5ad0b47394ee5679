package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.state.SessionStage;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.enhancement.ApplyMode;
import io.github.genieenhancer.enhancement.EnhancementSession;
import io.github.genieenhancer.enhancement.IterationResult;
import io.github.genieenhancer.enhancement.SessionHistory;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code genie-enhancer promote}: a CLONE session's improved copy onto the original space. */
@Command(name = "promote", description = {"Copies the configuration of a CLONE session's copy onto the original "
        + "space, after a snapshot of the original (rollback restores it); the original's benchmarks are kept.",
    "Refused when the session is not CLONE, has no copy, has a change not validated yet, or (unless --force) did not "
        + "reach its target accuracy on a validated, kept iteration."})
final class PromoteCommand implements Callable<Integer> {
    /** Stages at which every change on the copy was validated, and kept or rolled back. */
    private static final Set<SessionStage> SETTLED = EnumSet.of(SessionStage.VALIDATED, SessionStage.FINISHED);

    @ParentCommand
    RootCommand root;

    @Mixin
    CommonOptions common;

    @Mixin
    WorkspaceOptions workspace;

    @Mixin
    StateOptions state;

    @Option(names = "--session", paramLabel = "ID", required = true, description = "The CLONE session to promote.")
    String sessionId;

    @Option(names = "--force", description = "Promote even though the session did not reach its target accuracy.")
    boolean force;

    @Option(names = "--take-over", description = "Claim the session even while another process holds it, when that "
            + "process is gone (it crashed less than its lease of 2 minutes ago).")
    boolean takeOver;

    @Override
    public Integer call() {
        Output output = root.output();
        // The space, warehouse and benchmarks are the stored session's own, and promoting plans nothing: no model.
        try (Workspace ws = workspace.openAsConfigured(); StateStore store = state.open(ws)) {
            if (ws.localWorkspace().isPresent()) {
                throw new ConfigurationException("promote cannot use --local: a local workspace lives only as long "
                        + "as one command, so it holds no copy a stored session made (run --promote does it in one "
                        + "command)");
            }
            if (store.session(sessionId).isEmpty()) {
                throw new ConfigurationException("No session '" + sessionId + "' in the state store");
            }
            SessionHistory history = EnhancementSession.history(store, sessionId);
            String copy = checkPromotable(history, output);
            try (EnhancementSession session = ws.resume(store, sessionId, takeOver, output.stream())) {
                output.line("promoting the copy " + copy + " onto space " + history.spaceId());
                output.applied(session.promote());
            }
            return ExitCodes.OK;
        }
    }

    /** The copy to promote, once the session may be promoted; says why the target counts as met. */
    private String checkPromotable(SessionHistory history, Output output) {
        String copy = requireCopy(history);
        Optional<String> missed = targetMissed(history, output);
        if (missed.isPresent()) {
            if (!force) {
                throw new ConfigurationException("Session " + sessionId + " did not reach its target "
                        + missed.get() + "; promote it anyway with --force");
            }
            output.line("target not met: " + missed.get() + "; promoting because of --force");
        }
        return copy;
    }

    /**
     * The copy of a session that may be promoted: a CLONE session that made one and whose every change was
     * validated.
     *
     * @throws ConfigurationException saying why the session cannot be promoted
     */
    static String requireCopy(SessionHistory history) {
        String id = history.sessionId();
        if (history.mode() != ApplyMode.CLONE) {
            throw new ConfigurationException("Session " + id + " is a " + history.mode() + " session: only a "
                    + "CLONE session has a copy to promote" + (history.mode() == ApplyMode.IN_PLACE
                    ? " (an IN_PLACE session changed the space itself)" : ""));
        }
        String copy = history.workingSpaceId().orElseThrow(() -> new ConfigurationException("Session " + id
                + " has no copy yet: it never applied a plan"));
        if (!SETTLED.contains(history.stage())) {
            throw new ConfigurationException("Session " + id + " is at stage " + history.stage() + ": the copy "
                    + "may hold a change that is not validated; validate (or run) the session first");
        }
        return copy;
    }

    /**
     * Empty when the session's last kept iteration reached its target accuracy (printed, with the questions its
     * validation counted); otherwise the target and what was reached instead.
     */
    static Optional<String> targetMissed(SessionHistory history, Output output) {
        String target = Output.percent(history.targetAccuracy());
        Optional<IterationResult> kept = lastKept(history.iterations());
        Optional<Double> reached = kept.flatMap(IterationResult::after).map(a -> a.tuning());
        if (reached.isPresent() && reached.get() >= history.targetAccuracy()) {
            ScoreReport validation = kept.get().validation().orElseThrow();
            output.line("target " + target + " met: iteration " + kept.get().iteration() + " reached "
                    + Output.percent(reached.get()) + " over " + validation.counted() + " of "
                    + validation.results().size() + " questions");
            return Optional.empty();
        }
        return Optional.of(target + " (" + reached.map(a -> "the last kept iteration reached " + Output.percent(a))
                .orElse("no change was kept") + ")");
    }

    /** The last iteration whose change was validated and kept: the configuration the copy has now. */
    private static Optional<IterationResult> lastKept(List<IterationResult> iterations) {
        for (int i = iterations.size() - 1; i >= 0; i--) {
            if (iterations.get(i).kept()) {
                return Optional.of(iterations.get(i));
            }
        }
        return Optional.empty();
    }
}
