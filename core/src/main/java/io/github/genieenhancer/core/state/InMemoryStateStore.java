package io.github.genieenhancer.core.state;

import static io.github.genieenhancer.core.state.internal.StoreRules.requireId;

import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.state.internal.StoreRules;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@link StateStore#inMemory()}: one monitor per session guards that session's data and lease, so writers to
 * different sessions never wait for each other, and a lease is checked in the same critical section as the write it
 * guards. Insertion-ordered maps give first-write order; replacing a key keeps its place. {@link #withLease} views
 * share the storage.
 */
final class InMemoryStateStore implements StateStore {

    private static final Comparator<SessionRecord> OLDEST_FIRST =
            Comparator.comparing(SessionRecord::createdAt).thenComparing(SessionRecord::id);

    private final Map<String, SessionData> sessions;
    /** Guarded by itself; insertion order breaks ties between snapshots taken at the same instant. */
    private final Map<String, SpaceSnapshot> snapshots;
    private final Clock clock;
    /** The session this view writes to under a lease, and the lease's token; none for the store itself. */
    private final Optional<SessionLease> fence;

    /** Everything stored under one session; every access holds this object's monitor. */
    private static final class SessionData {
        SessionRecord session;
        Optional<SessionLease> lease = Optional.empty();
        final Map<Integer, IterationRecord> iterations = new TreeMap<>();
        final Map<String, Map<String, QuestionResult>> results = new LinkedHashMap<>();
        final Map<String, ScoreReport> reports = new LinkedHashMap<>();
        final Map<String, EnhancementPlan> plans = new LinkedHashMap<>();
        final List<StateEvent> events = new ArrayList<>();
    }

    InMemoryStateStore(Clock clock) {
        this(new ConcurrentHashMap<>(), new LinkedHashMap<>(), Objects.requireNonNull(clock, "clock"),
                Optional.empty());
    }

    private InMemoryStateStore(Map<String, SessionData> sessions, Map<String, SpaceSnapshot> snapshots, Clock clock,
                               Optional<SessionLease> fence) {
        this.sessions = sessions;
        this.snapshots = snapshots;
        this.clock = clock;
        this.fence = fence;
    }

    @Override
    public SessionRecord saveSession(SessionRecord session) {
        Objects.requireNonNull(session, "session");
        requireId(session.id(), "session id");
        while (true) {
            SessionData data = sessions.computeIfAbsent(session.id(), id -> new SessionData());
            synchronized (data) {
                if (sessions.get(session.id()) != data) {
                    continue; // the session was deleted meanwhile: save into the data that replaced it
                }
                checkLease(session.id(), data);
                long stored = data.session == null ? 0 : data.session.version();
                if (session.version() != stored) {
                    throw StoreRules.conflict(session.id(), session.version(), stored);
                }
                data.session = StoreRules.nextVersion(session);
                return data.session;
            }
        }
    }

    @Override
    public Optional<SessionRecord> session(String sessionId) {
        SessionData data = sessions.get(requireId(sessionId, "session id"));
        if (data == null) {
            return Optional.empty();
        }
        synchronized (data) {
            return Optional.ofNullable(data.session);
        }
    }

    @Override
    public List<SessionRecord> sessions() {
        List<SessionRecord> all = new ArrayList<>();
        for (SessionData data : sessions.values()) {
            synchronized (data) {
                if (data.session != null) {
                    all.add(data.session);
                }
            }
        }
        all.sort(OLDEST_FIRST);
        return List.copyOf(all);
    }

    @Override
    public void saveIteration(IterationRecord iteration) {
        Objects.requireNonNull(iteration, "iteration");
        write(iteration.sessionId(), data -> data.iterations.put(iteration.iteration(), iteration));
    }

    @Override
    public List<IterationRecord> iterations(String sessionId) {
        return read(sessionId, data -> List.copyOf(data.iterations.values()));
    }

    @Override
    public void saveResult(String sessionId, String runId, QuestionResult result) {
        requireId(runId, "run id");
        Objects.requireNonNull(result, "result");
        requireId(result.benchmarkId(), "benchmark id");
        write(sessionId, data -> data.results.computeIfAbsent(runId, r -> new LinkedHashMap<>())
                .put(result.benchmarkId(), result));
    }

    @Override
    public List<QuestionResult> results(String sessionId, String runId) {
        requireId(runId, "run id");
        return read(sessionId, data -> List.copyOf(data.results.getOrDefault(runId, Map.of()).values()));
    }

    @Override
    public void saveReport(String sessionId, ScoreReport report) {
        Objects.requireNonNull(report, "report");
        requireId(report.runId(), "run id");
        write(sessionId, data -> data.reports.put(report.runId(), report));
    }

    @Override
    public Optional<ScoreReport> report(String sessionId, String runId) {
        requireId(runId, "run id");
        return read(sessionId, data -> Optional.ofNullable(data.reports.get(runId)), Optional.empty());
    }

    @Override
    public List<ScoreReport> reports(String sessionId) {
        return read(sessionId, data -> List.copyOf(data.reports.values()));
    }

    @Override
    public void savePlan(String sessionId, EnhancementPlan plan) {
        Objects.requireNonNull(plan, "plan");
        requireId(plan.planId(), "plan id");
        write(sessionId, data -> data.plans.put(plan.planId(), plan));
    }

    @Override
    public Optional<EnhancementPlan> plan(String sessionId, String planId) {
        requireId(planId, "plan id");
        return read(sessionId, data -> Optional.ofNullable(data.plans.get(planId)), Optional.empty());
    }

    @Override
    public List<EnhancementPlan> plans(String sessionId) {
        return read(sessionId, data -> List.copyOf(data.plans.values()));
    }

    @Override
    public void saveSnapshot(SpaceSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        requireId(snapshot.id(), "snapshot id");
        // Snapshots are kept apart, since their ids span sessions; stored under the session's monitor, so its
        // lease holds until the snapshot is in.
        write(snapshot.sessionId(), data -> {
            synchronized (snapshots) {
                SpaceSnapshot existing = snapshots.putIfAbsent(snapshot.id(), snapshot);
                if (existing != null && !existing.equals(snapshot)) {
                    throw StoreRules.snapshotClash(snapshot.id());
                }
            }
        });
    }

    @Override
    public Optional<SpaceSnapshot> snapshot(String snapshotId) {
        requireId(snapshotId, "snapshot id");
        synchronized (snapshots) {
            return Optional.ofNullable(snapshots.get(snapshotId));
        }
    }

    @Override
    public List<SpaceSnapshot> snapshots(String sessionId) {
        requireId(sessionId, "session id");
        synchronized (snapshots) {
            // A stable sort: snapshots taken at the same instant stay in write order.
            return snapshots.values().stream()
                    .filter(s -> s.sessionId().equals(sessionId))
                    .sorted(Comparator.comparing(SpaceSnapshot::takenAt))
                    .toList();
        }
    }

    @Override
    public void appendEvent(StateEvent event) {
        Objects.requireNonNull(event, "event");
        write(event.sessionId(), data -> data.events.add(event));
    }

    @Override
    public List<StateEvent> events(String sessionId) {
        return read(sessionId, data -> List.copyOf(data.events));
    }

    @Override
    public boolean deleteSession(String sessionId, boolean force) {
        SessionData data = sessions.get(requireId(sessionId, "session id"));
        if (data == null) {
            return false;
        }
        // Under the session's monitor, as a write: the data is dropped and the id freed in one critical section.
        synchronized (data) {
            if (data.session == null) {
                return false;
            }
            if (!force) {
                checkLease(sessionId, data);
            }
            synchronized (snapshots) {
                snapshots.values().removeIf(s -> s.sessionId().equals(sessionId));
            }
            data.session = null;
            data.lease = Optional.empty();
            data.iterations.clear();
            data.results.clear();
            data.reports.clear();
            data.plans.clear();
            data.events.clear();
            sessions.remove(sessionId, data);
            return true;
        }
    }

    @Override
    public SessionLease acquireLease(String sessionId, String owner, Duration duration, boolean takeOver) {
        return changeLease(sessionId, current -> StoreRules.claim(sessionId, current, owner, duration, takeOver,
                clock.instant()));
    }

    @Override
    public SessionLease renewLease(SessionLease lease, Duration duration) {
        Objects.requireNonNull(lease, "lease");
        return changeLease(lease.sessionId(), current -> StoreRules.renewal(lease, current, duration,
                clock.instant()));
    }

    @Override
    public void releaseLease(SessionLease lease) {
        Objects.requireNonNull(lease, "lease");
        SessionData data = sessions.get(lease.sessionId());
        if (data != null) {
            synchronized (data) {
                StoreRules.release(lease, data.lease, clock.instant()).ifPresent(released -> data.lease =
                        Optional.of(released));
            }
        }
    }

    @Override
    public Optional<SessionLease> lease(String sessionId) {
        return read(sessionId, data -> data.lease, Optional.empty());
    }

    @Override
    public StateStore withLease(SessionLease lease) {
        return new InMemoryStateStore(sessions, snapshots, clock, Optional.of(Objects.requireNonNull(lease,
                "lease")));
    }

    private SessionLease changeLease(String sessionId, Function<Optional<SessionLease>, SessionLease> change) {
        SessionData data = sessions.get(requireId(sessionId, "session id"));
        if (data != null) {
            synchronized (data) {
                if (data.session != null) {
                    SessionLease next = change.apply(data.lease);
                    data.lease = Optional.of(next);
                    return next;
                }
            }
        }
        throw StoreRules.unknownSession(sessionId);
    }

    /**
     * Changes the data of a session that was saved, under its monitor, once its lease allows this writer; writes to
     * any other session are refused.
     */
    private void write(String sessionId, Consumer<SessionData> writer) {
        SessionData data = sessions.get(requireId(sessionId, "session id"));
        if (data != null) {
            synchronized (data) {
                if (data.session != null) {
                    checkLease(sessionId, data);
                    writer.accept(data);
                    return;
                }
            }
        }
        throw StoreRules.unknownSession(sessionId);
    }

    /** Called holding the session's monitor. */
    private void checkLease(String sessionId, SessionData data) {
        long token = fence.filter(l -> l.sessionId().equals(sessionId)).map(SessionLease::token)
                .orElse(StoreRules.NO_LEASE);
        StoreRules.checkWrite(sessionId, token, data.lease, clock.instant());
    }

    private <T> List<T> read(String sessionId, Function<SessionData, List<T>> reader) {
        return read(sessionId, reader, List.of());
    }

    private <T> T read(String sessionId, Function<SessionData, T> reader, T absent) {
        SessionData data = sessions.get(requireId(sessionId, "session id"));
        if (data == null) {
            return absent;
        }
        synchronized (data) {
            return reader.apply(data);
        }
    }
}
