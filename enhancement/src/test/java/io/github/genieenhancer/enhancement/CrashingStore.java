package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.StateStoreException;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.state.IterationRecord;
import io.github.genieenhancer.core.state.SessionLease;
import io.github.genieenhancer.core.state.SessionRecord;
import io.github.genieenhancer.core.state.SpaceSnapshot;
import io.github.genieenhancer.core.state.StateEvent;
import io.github.genieenhancer.core.state.StateStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A store that dies like a killed process: from a chosen write on, every write fails and nothing more reaches the
 * store underneath, which keeps what was written before. Reads keep working, as they would for the next process.
 * Claiming, renewing and releasing a lease fail once the process is dead, but are not counted (the crash points
 * stay the data writes); views with a lease die with the store.
 */
final class CrashingStore implements StateStore {
    private final StateStore delegate;
    private final Process process;

    /** What the store and its views share: the one process that dies. */
    private static final class Process {
        private final Predicate<String> fatal;
        private final AtomicInteger writes = new AtomicInteger();
        private boolean dead;

        Process(Predicate<String> fatal) {
            this.fatal = fatal;
        }

        synchronized void write(String what) {
            if (dead || fatal.test(what)) {
                dead = true;
                throw new StateStoreException("simulated crash at " + what);
            }
            writes.incrementAndGet();
        }

        synchronized void requireAlive(String what) {
            if (dead) {
                throw new StateStoreException("simulated crash before " + what);
            }
        }
    }

    private CrashingStore(StateStore delegate, Process process) {
        this.delegate = delegate;
        this.process = process;
    }

    /** Dies at the write after the first {@code writes} writes. */
    static CrashingStore afterWrites(StateStore delegate, int writes) {
        AtomicInteger count = new AtomicInteger();
        return new CrashingStore(delegate, new Process(write -> count.incrementAndGet() > writes));
    }

    /** Dies at the write after {@code results} results of the run were stored. */
    static CrashingStore afterResults(StateStore delegate, String runId, int results) {
        AtomicInteger count = new AtomicInteger();
        return new CrashingStore(delegate, new Process(write -> write.equals("result " + runId)
                && count.incrementAndGet() > results));
    }

    /** The writes that reached the store underneath. */
    int writes() {
        return process.writes.get();
    }

    private void write(String what) {
        process.write(what);
    }

    @Override
    public SessionRecord saveSession(SessionRecord session) {
        write("session");
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
        write("iteration");
        delegate.saveIteration(iteration);
    }

    @Override
    public List<IterationRecord> iterations(String sessionId) {
        return delegate.iterations(sessionId);
    }

    @Override
    public void saveResult(String sessionId, String run, QuestionResult result) {
        write("result " + run);
        delegate.saveResult(sessionId, run, result);
    }

    @Override
    public List<QuestionResult> results(String sessionId, String run) {
        return delegate.results(sessionId, run);
    }

    @Override
    public void saveReport(String sessionId, ScoreReport report) {
        write("report");
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
        write("plan");
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
        write("snapshot");
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
        write("event");
        delegate.appendEvent(event);
    }

    @Override
    public List<StateEvent> events(String sessionId) {
        return delegate.events(sessionId);
    }

    @Override
    public SessionLease acquireLease(String sessionId, String owner, Duration duration, boolean takeOver) {
        process.requireAlive("lease");
        return delegate.acquireLease(sessionId, owner, duration, takeOver);
    }

    @Override
    public SessionLease renewLease(SessionLease lease, Duration duration) {
        process.requireAlive("lease");
        return delegate.renewLease(lease, duration);
    }

    @Override
    public void releaseLease(SessionLease lease) {
        process.requireAlive("lease");
        delegate.releaseLease(lease);
    }

    @Override
    public boolean deleteSession(String sessionId, boolean force) {
        write("delete");
        return delegate.deleteSession(sessionId, force);
    }

    @Override
    public Optional<SessionLease> lease(String sessionId) {
        return delegate.lease(sessionId);
    }

    @Override
    public StateStore withLease(SessionLease lease) {
        return new CrashingStore(delegate.withLease(lease), process);
    }
}
