package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.StateStoreException;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.state.IterationRecord;
import io.github.genieenhancer.core.state.SessionRecord;
import io.github.genieenhancer.core.state.SpaceSnapshot;
import io.github.genieenhancer.core.state.StateEvent;
import io.github.genieenhancer.core.state.StateStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store that dies like a killed process: after a number of results of one run are stored, every further write
 * fails and nothing more reaches the store underneath, which keeps what was written before.
 */
final class CrashingStore implements StateStore {
    private final StateStore delegate;
    private final String runId;
    private final int resultsBeforeCrash;
    private final AtomicInteger stored = new AtomicInteger();
    private volatile boolean dead;

    CrashingStore(StateStore delegate, String runId, int resultsBeforeCrash) {
        this.delegate = delegate;
        this.runId = runId;
        this.resultsBeforeCrash = resultsBeforeCrash;
    }

    private void write() {
        if (dead) {
            throw new StateStoreException("simulated crash");
        }
    }

    @Override
    public SessionRecord saveSession(SessionRecord session) {
        write();
        return delegate.saveSession(session);
    }

    @Override
    public Optional<SessionRecord> session(String sessionId) {
        return delegate.session(sessionId);
    }

    @Override
    public List<SessionRecord> sessions() {
        return delegate.sessions();
    }

    @Override
    public void saveIteration(IterationRecord iteration) {
        write();
        delegate.saveIteration(iteration);
    }

    @Override
    public List<IterationRecord> iterations(String sessionId) {
        return delegate.iterations(sessionId);
    }

    @Override
    public synchronized void saveResult(String sessionId, String run, QuestionResult result) {
        if (run.equals(runId) && stored.get() >= resultsBeforeCrash) {
            dead = true;
        }
        write();
        delegate.saveResult(sessionId, run, result);
        if (run.equals(runId)) {
            stored.incrementAndGet();
        }
    }

    @Override
    public List<QuestionResult> results(String sessionId, String run) {
        return delegate.results(sessionId, run);
    }

    @Override
    public void saveReport(String sessionId, ScoreReport report) {
        write();
        delegate.saveReport(sessionId, report);
    }

    @Override
    public Optional<ScoreReport> report(String sessionId, String run) {
        return delegate.report(sessionId, run);
    }

    @Override
    public List<ScoreReport> reports(String sessionId) {
        return delegate.reports(sessionId);
    }

    @Override
    public void savePlan(String sessionId, EnhancementPlan plan) {
        write();
        delegate.savePlan(sessionId, plan);
    }

    @Override
    public Optional<EnhancementPlan> plan(String sessionId, String planId) {
        return delegate.plan(sessionId, planId);
    }

    @Override
    public List<EnhancementPlan> plans(String sessionId) {
        return delegate.plans(sessionId);
    }

    @Override
    public void saveSnapshot(SpaceSnapshot snapshot) {
        write();
        delegate.saveSnapshot(snapshot);
    }

    @Override
    public Optional<SpaceSnapshot> snapshot(String snapshotId) {
        return delegate.snapshot(snapshotId);
    }

    @Override
    public List<SpaceSnapshot> snapshots(String sessionId) {
        return delegate.snapshots(sessionId);
    }

    @Override
    public void appendEvent(StateEvent event) {
        write();
        delegate.appendEvent(event);
    }

    @Override
    public List<StateEvent> events(String sessionId) {
        return delegate.events(sessionId);
    }
}
