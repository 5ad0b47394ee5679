package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.IncompleteScoreException;
import io.github.genieenhancer.core.fix.ApplyResult;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.state.IterationRecord;
import io.github.genieenhancer.core.state.SessionRecord;
import io.github.genieenhancer.core.state.SessionStage;
import io.github.genieenhancer.core.state.StateEvent;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.enhancement.ApplyMode;
import io.github.genieenhancer.enhancement.EnhancementSession;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One session driven stage by stage from the command line. Each stage command runs the stages before it that the
 * session has not run yet, so {@code validate} on a new session scores, plans, applies and validates. Closing it
 * releases the session's claim, so the next command (or job task) continues it at once.
 */
final class Stages implements AutoCloseable {
    private final EnhancementSession session;
    private final StateStore store;
    private final Output output;
    private final boolean local;
    private final String spaceId;
    private final Set<String> evalRunsPrinted = new HashSet<>();

    private Stages(EnhancementSession session, StateStore store, Output output, boolean local) {
        this.session = session;
        this.store = store;
        this.output = output;
        this.local = local;
        this.spaceId = store.session(session.id()).map(SessionRecord::spaceId).orElse(session.workingSpaceId());
    }

    /**
     * Continues the stored session, or starts a new one with the options' settings.
     *
     * @throws ConfigurationException for an unknown session, or a session with {@code --local}
     */
    static Stages open(Workspace workspace, SessionOptions options, StateStore store, Output output) {
        boolean local = workspace.localWorkspace().isPresent();
        if (options.sessionId().isPresent()) {
            String id = options.sessionId().get();
            if (local) {
                throw new ConfigurationException("--session cannot be combined with --local: a local workspace "
                        + "lives only as long as one command (run all stages in one command instead)");
            }
            if (store.session(id).isEmpty()) {
                throw new ConfigurationException("No session '" + id + "' in the state store");
            }
            return new Stages(resumed(workspace, options, store, id, output), store, output, false);
        }
        return started(workspace, options, workspace.newSession(store, output.stream()), store, output);
    }

    /**
     * For a job task: continues the stored session named by {@code --session}, or starts it under that id with the
     * options' settings, so the first task of a job run creates the session every later task continues.
     *
     * @throws ConfigurationException when no {@code --session} is given
     */
    static Stages openOrStart(Workspace workspace, SessionOptions options, StateStore store, Output output) {
        String id = options.sessionId().orElseThrow(() -> new ConfigurationException("Missing --session: a job "
                + "task works on the session its job run names"));
        if (store.session(id).isPresent()) {
            return new Stages(resumed(workspace, options, store, id, output), store, output,
                    workspace.localWorkspace().isPresent());
        }
        return started(workspace, options, workspace.newSession(store, output.stream()).sessionId(id), store, output);
    }

    private static EnhancementSession resumed(Workspace workspace, SessionOptions options, StateStore store, String id,
                                              Output output) {
        return workspace.resume(store, id, options.takeOver, output.stream(), options.minCoverage(),
                options.enhancement);
    }

    private static Stages started(Workspace workspace, SessionOptions options, EnhancementSession.Builder builder,
                                  StateStore store, Output output) {
        boolean local = workspace.localWorkspace().isPresent();
        options.minCoverage().ifPresent(builder::minCoverage);
        options.enhancement.newSession(builder, workspace);
        EnhancementSession session = builder
                .applyMode(options.mode)
                .targetAccuracy(options.target)
                .maxIterations(options.maxIterations)
                .heldOutFraction(options.heldOut)
                .propagationWait(local ? Duration.ZERO : Duration.ofSeconds(options.propagationWaitSeconds))
                .build();
        output.line("session " + session.id() + " started on space " + workspace.spaceId() + " (" + options.mode
                + " mode)");
        return new Stages(session, store, output, local);
    }

    EnhancementSession session() {
        return session;
    }

    /** The store the session is kept in. */
    StateStore store() {
        return store;
    }

    @Override
    public void close() {
        session.close();
    }

    /** Scores the working space as a new iteration's baseline. */
    ScoreReport score() {
        ScoreReport baseline = session.score();
        output.score("baseline", baseline);
        printEvalRuns();
        return baseline;
    }

    /** Plans from the current baseline, scoring first when the session has none. */
    EnhancementPlan plan() {
        switch (session.stage()) {
            case CREATED, VALIDATED -> score();
            case SCORED -> { }
            default -> throw wrongStage("plan");
        }
        EnhancementPlan plan = session.plan(baseline());
        output.plan(plan);
        return plan;
    }

    /** Applies the current plan, planning first when the session has none. */
    ApplyResult apply() {
        EnhancementPlan plan = switch (session.stage()) {
            case CREATED, SCORED, VALIDATED -> plan();
            case PLANNED -> currentPlan();
            default -> throw wrongStage("apply");
        };
        ApplyResult result = session.apply(plan);
        output.applied(result);
        return result;
    }

    /**
     * Scores the changed space, applying first when the session has not; keeps or rolls back the change.
     *
     * @return the tuning accuracy of the configuration the space has now (after a rollback, the baseline's)
     */
    double validate() {
        if (session.stage() != SessionStage.APPLIED) {
            if (!List.of(SessionStage.CREATED, SessionStage.SCORED, SessionStage.PLANNED, SessionStage.VALIDATED)
                    .contains(session.stage())) {
                throw wrongStage("validate");
            }
            apply();
            if (session.stage() != SessionStage.APPLIED) {
                throw new ConfigurationException("Session " + session.id() + " is a " + ApplyMode.DRY_RUN
                        + " session: it writes nothing, so there is nothing to validate");
            }
        }
        output.score("validation", session.validate());
        printEvalRuns();
        IterationRecord iteration = lastIteration();
        double after = iteration.accuracyAfter().orElse(iteration.accuracyBefore());
        boolean kept = iteration.kept().orElse(false);
        output.iteration(iteration.iteration(), iteration.accuracyBefore(), after, kept, iteration.paired());
        return kept ? after : iteration.accuracyBefore();
    }

    /** Says where the session stands and, for a real workspace, the command that continues it. */
    void printNext(String nextCommand) {
        output.line("session " + session.id() + " is at stage " + session.stage()
                + (session.workingSpaceId().equals(spaceId) ? "" : "; its changes are on the copy "
                + session.workingSpaceId() + " of space " + spaceId));
        if (!local && !nextCommand.isEmpty()) {
            output.line("next: genie-enhancer " + nextCommand + " --session " + session.id());
        }
    }

    /**
     * Reports an incomplete score: why, the reports with the incomplete run flagged, where the session stands and
     * how to continue it.
     *
     * @param nextCommand the command that resumes the run, or empty for none (a job task is retried as it is)
     * @return the exit code for an incomplete score
     */
    int incomplete(IncompleteScoreException e, ReportOptions reports, String nextCommand) {
        output.incomplete(e);
        writeReports(reports);
        printNext(nextCommand);
        return ExitCodes.INCOMPLETE_SCORE;
    }

    /** Every score run of the session, oldest first, an incomplete one included. */
    List<ScoreReport> reports() {
        return store.reports(session.id());
    }

    /**
     * Writes the session's reports: every score run's, flagging those below the session's minimum coverage, and the
     * enhancement report.
     */
    void writeReports(ReportOptions options) {
        printEvalRuns();
        options.writeSession(reports(), EnhancementSession.history(store, session.id()), Optional.empty(), output);
    }

    /** With side-by-side scoring: how each eval run not printed yet agreed with the library's run, or why it failed. */
    private void printEvalRuns() {
        for (StateEvent event : store.events(session.id())) {
            boolean compared = event.type().equals(EnhancementSession.EVAL_RUN_COMPARED_EVENT);
            if ((compared || event.type().equals(EnhancementSession.EVAL_RUN_FAILED_EVENT))
                    && evalRunsPrinted.add(event.type() + " " + event.attributes().get("runId"))) {
                output.line((compared ? "" : "eval run alongside " + event.attributes().get("runId") + " failed: ")
                        + event.message());
            }
        }
    }

    private ScoreReport baseline() {
        String runId = lastIteration().baselineRunId();
        return store.report(session.id(), runId).orElseThrow(() -> new ConfigurationException("Session "
                + session.id() + " has no stored score run '" + runId + "'"));
    }

    private EnhancementPlan currentPlan() {
        String planId = lastIteration().planId().orElseThrow(() -> new ConfigurationException("Session "
                + session.id() + " is PLANNED but has no stored plan"));
        return store.plan(session.id(), planId).orElseThrow(() -> new ConfigurationException("Session "
                + session.id() + " has no stored plan '" + planId + "'"));
    }

    private IterationRecord lastIteration() {
        List<IterationRecord> iterations = store.iterations(session.id());
        if (iterations.isEmpty()) {
            throw new ConfigurationException("Session " + session.id() + " has no iteration yet");
        }
        return iterations.get(iterations.size() - 1);
    }

    private ConfigurationException wrongStage(String action) {
        String next = switch (session.stage()) {
            case PLANNED -> "apply";
            case APPLIED -> "validate";
            default -> "";
        };
        return new ConfigurationException("Session " + session.id() + " is at stage " + session.stage()
                + ", where it cannot " + action + (next.isEmpty() ? "" : "; its next stage is '" + next + "'"));
    }
}
