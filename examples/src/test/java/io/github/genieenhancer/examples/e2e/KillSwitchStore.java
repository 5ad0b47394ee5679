package io.github.genieenhancer.examples.e2e;

import io.github.genieenhancer.core.StateStoreException;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.state.IterationRecord;
import io.github.genieenhancer.core.state.SessionRecord;
import io.github.genieenhancer.core.state.SessionStage;
import io.github.genieenhancer.core.state.SpaceSnapshot;
import io.github.genieenhancer.core.state.StateEvent;
import io.github.genieenhancer.core.state.StateStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A store that kills its session the moment the session record reaches a stage: that write lands, and from then on
 * every read and write of this store fails, as if the process had died right after it. The store underneath keeps
 * everything written before, for the next process to resume from.
 */
final class KillSwitchStore implements StateStore {
    private final StateStore delegate;
    private final SessionStage stage;
    private final int iteration;
    private volatile boolean dead;

    /**
     * @param delegate  the store that survives
     * @param stage     the stage whose session write is the last one
     * @param iteration the iteration the session is at when it reaches the stage
     */
    KillSwitchStore(StateStore delegate, SessionStage stage, int iteration) {
        this.delegate = delegate;
        this.stage = stage;
        this.iteration = iteration;
    }

    /** Whether the session reached the stage and was killed. */
    boolean killed() {
        return dead;
    }

    private <T> T call(Supplier<T> operation) {
        if (dead) {
            throw new StateStoreException("the process was killed after reaching " + stage + " in iteration "
                    + iteration);
        }
        return operation.get();
    }

    private void run(Runnable operation) {
        call(() -> {
            operation.run();
            return null;
        });
    }

    @Override
    public SessionRecord saveSession(SessionRecord session) {
        SessionRecord saved = call(() -> delegate.saveSession(session));
        if (saved.stage() == stage && saved.iteration() == iteration) {
            dead = true;
        }
        return saved;
    }

    @Override
    public Optional<SessionRecord> session(String sessionId) {
        return call(() -> delegate.session(sessionId));
    }

    @Override
    public List<SessionRecord> sessions() {
        return call(delegate::sessions);
    }

    @Override
    public void saveIteration(IterationRecord record) {
        run(() -> delegate.saveIteration(record));
    }

    @Override
    public List<IterationRecord> iterations(String sessionId) {
        return call(() -> delegate.iterations(sessionId));
    }

    @Override
    public void saveResult(String sessionId, String runId, QuestionResult result) {
        run(() -> delegate.saveResult(sessionId, runId, result));
    }

    @Override
    public List<QuestionResult> results(String sessionId, String runId) {
        return call(() -> delegate.results(sessionId, runId));
    }

    @Override
    public void saveReport(String sessionId, ScoreReport report) {
        run(() -> delegate.saveReport(sessionId, report));
    }

    @Override
    public Optional<ScoreReport> report(String sessionId, String runId) {
        return call(() -> delegate.report(sessionId, runId));
    }

    @Override
    public List<ScoreReport> reports(String sessionId) {
        return call(() -> delegate.reports(sessionId));
    }

    @Override
    public void savePlan(String sessionId, EnhancementPlan plan) {
        run(() -> delegate.savePlan(sessionId, plan));
    }

    @Override
    public Optional<EnhancementPlan> plan(String sessionId, String planId) {
        return call(() -> delegate.plan(sessionId, planId));
    }

    @Override
    public List<EnhancementPlan> plans(String sessionId) {
        return call(() -> delegate.plans(sessionId));
    }

    @Override
    public void saveSnapshot(SpaceSnapshot snapshot) {
        run(() -> delegate.saveSnapshot(snapshot));
    }

    @Override
    public Optional<SpaceSnapshot> snapshot(String snapshotId) {
        return call(() -> delegate.snapshot(snapshotId));
    }

    @Override
    public List<SpaceSnapshot> snapshots(String sessionId) {
        return call(() -> delegate.snapshots(sessionId));
    }

    @Override
    public void appendEvent(StateEvent event) {
        run(() -> delegate.appendEvent(event));
    }

    @Override
    public List<StateEvent> events(String sessionId) {
        return call(() -> delegate.events(sessionId));
    }
}
