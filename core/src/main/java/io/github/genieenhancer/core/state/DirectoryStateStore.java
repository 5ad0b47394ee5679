package io.github.genieenhancer.core.state;

import static io.github.genieenhancer.core.state.StateFiles.encode;
import static io.github.genieenhancer.core.state.internal.StoreRules.requireId;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.StateStoreException;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.state.internal.StoreRules;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StateStore#directory(Path)}: one JSON file per stored value, laid out as {@code docs/state-store.md}
 * describes:
 * <pre>
 * store.json                                   format marker
 * sessions/&lt;session&gt;/session.json             the session record (compare-and-set on its version)
 * sessions/&lt;session&gt;/lease.json               who owns the session, its fencing token, until when
 * sessions/&lt;session&gt;/.lock                    held while a write to the session is checked and published
 * sessions/&lt;session&gt;/iterations/0001.json
 * sessions/&lt;session&gt;/runs/&lt;run&gt;/results/&lt;benchmark&gt;.json
 * sessions/&lt;session&gt;/runs/&lt;run&gt;/report.json
 * sessions/&lt;session&gt;/plans/&lt;plan&gt;.json
 * sessions/&lt;session&gt;/events/00000000000000000001.json
 * sessions/.deleting-&lt;uuid&gt;/                 a deleted session's directory until its files are removed
 * snapshots/&lt;snapshot&gt;.json
 * </pre>
 * Names are {@link StateFiles#encode encoded} ids. Results, reports, plans and snapshots are wrapped as
 * {@code {"sequence": n, "value": ...}}: the sequence records first-write order and survives replacement.
 *
 * <p>Locking: within a JVM, sequences and session locks are shared by every instance on the same real path, so
 * several instances behave as one. Across processes, every write to a session holds a
 * {@link java.nio.channels.FileLock} on the session's {@code .lock} file while it checks the session's lease (and,
 * for the session record, its version) and publishes the file; the costly part, writing and forcing the data, is
 * done before the lock is taken. Events and snapshots are published with a link that fails when the name is taken.
 */
final class DirectoryStateStore implements StateStore {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryStateStore.class);

    private static final String MARKER_FILE = "store.json";
    private static final String FORMAT = "genie-enhancer-state-directory";
    /** Version 2 added {@code lease.json}; a version 1 store is upgraded when opened (its files need no change). */
    private static final int FORMAT_VERSION = 2;
    private static final int FORMAT_VERSION_WITHOUT_LEASES = 1;

    private static final String SESSIONS = "sessions";
    private static final String SNAPSHOTS = "snapshots";
    private static final String SESSION_FILE = "session.json";
    private static final String LOCK_FILE = ".lock";
    private static final String LEASE_FILE = "lease.json";
    private static final String ITERATIONS = "iterations";
    private static final String RUNS = "runs";
    private static final String RESULTS = "results";
    private static final String REPORT_FILE = "report.json";
    private static final String PLANS = "plans";
    private static final String EVENTS = "events";
    /** Names a deleted session's directory from its rename until it is removed (or the next open removes it). */
    private static final String DELETING = ".deleting-";

    private static final Pattern ITERATION_NAME = Pattern.compile("\\d{4,}\\.json");
    private static final Pattern EVENT_NAME = Pattern.compile("\\d{20}\\.json");

    private static final TypeFactory TYPES = GenieJson.mapper().getTypeFactory();
    private static final JavaType MARKER = TYPES.constructType(Marker.class);
    private static final JavaType SESSION = TYPES.constructType(SessionRecord.class);
    private static final JavaType LEASE = TYPES.constructType(SessionLease.class);
    private static final JavaType ITERATION = TYPES.constructType(IterationRecord.class);
    private static final JavaType EVENT = TYPES.constructType(StateEvent.class);
    private static final JavaType RESULT = TYPES.constructParametricType(Sequenced.class, QuestionResult.class);
    private static final JavaType REPORT = TYPES.constructParametricType(Sequenced.class, ScoreReport.class);
    private static final JavaType PLAN = TYPES.constructParametricType(Sequenced.class, EnhancementPlan.class);
    private static final JavaType SNAPSHOT = TYPES.constructParametricType(Sequenced.class, SpaceSnapshot.class);

    /** In-process halves of the session lock, by session directory; the file lock alone throws within one JVM. */
    private static final ConcurrentHashMap<Path, Object> SESSION_LOCKS = new ConcurrentHashMap<>();
    /** Next sequence numbers, by the directory they number. */
    private static final ConcurrentHashMap<Path, Sequence> SEQUENCES = new ConcurrentHashMap<>();

    private final Path root;
    private final Path sessionsDir;
    private final Path snapshotsDir;
    private final Clock clock;
    /** The lease this view writes its session under; none for the store itself. */
    private final Optional<SessionLease> fence;

    /** Contents of {@code store.json}, which tells a state store from any other directory. */
    record Marker(String format, int version) {
    }

    /** A stored value with its first-write sequence number. */
    record Sequenced<T>(long sequence, T value) {
        Sequenced {
            if (sequence < 1) {
                throw new IllegalArgumentException("sequence must be positive");
            }
            Objects.requireNonNull(value, "value");
        }
    }

    /** Hands out increasing numbers, starting after the highest one found on disk. */
    private static final class Sequence {
        private long last = -1;

        synchronized long next(LongSupplier highestOnDisk) {
            if (last < 0) {
                last = highestOnDisk.getAsLong();
            }
            return ++last;
        }

        synchronized void skipTo(long highest) {
            last = Math.max(last, highest);
        }
    }

    private DirectoryStateStore(Path root, Clock clock, Optional<SessionLease> fence) {
        this.root = root;
        this.sessionsDir = root.resolve(SESSIONS);
        this.snapshotsDir = root.resolve(SNAPSHOTS);
        this.clock = clock;
        this.fence = fence;
    }

    static DirectoryStateStore open(Path directory) {
        return open(directory, Clock.systemUTC());
    }

    /** A store whose leases expire by {@code clock}. */
    static DirectoryStateStore open(Path directory, Clock clock) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(clock, "clock");
        StateFiles.ensureDirectory(directory.toAbsolutePath().normalize());
        Path root;
        try {
            root = directory.toRealPath();
        } catch (IOException e) {
            throw new StateStoreException("Cannot open state directory " + directory + ": " + e, e);
        }
        // Recognise the store before touching anything in it: never clean up in someone else's directory.
        initialize(root);
        finishDeletions(root.resolve(SESSIONS), root.resolve(SNAPSHOTS));
        int removed = StateFiles.removeOrphanedTempFiles(root);
        if (removed > 0) {
            LOG.info("Removed {} temporary file(s) left in {} by writers that stopped mid-write", removed, root);
        }
        return new DirectoryStateStore(root, clock, Optional.empty());
    }

    private static void initialize(Path root) {
        Path markerFile = root.resolve(MARKER_FILE);
        List<Path> entries = list(root, "store.json, sessions/ or snapshots/", p -> true);
        if (!Files.exists(markerFile)) {
            if (!entries.isEmpty()) {
                throw new StateStoreException("Directory " + root + " is not a state store (it has no " + MARKER_FILE
                        + ") and is not empty, e.g. " + entries.get(0) + "; choose an empty or new directory");
            }
            StateFiles.write(markerFile, new Marker(FORMAT, FORMAT_VERSION));
            return;
        }
        Marker marker = StateFiles.read(markerFile, MARKER);
        if (!FORMAT.equals(marker.format()) || marker.version() < FORMAT_VERSION_WITHOUT_LEASES
                || marker.version() > FORMAT_VERSION) {
            throw new StateStoreException(markerFile + " describes format " + marker.format() + " version "
                    + marker.version() + "; this library reads " + FORMAT + " versions "
                    + FORMAT_VERSION_WITHOUT_LEASES + " to " + FORMAT_VERSION);
        }
        list(root, "store.json, sessions/ or snapshots/", p -> {
            String name = p.getFileName().toString();
            return name.equals(MARKER_FILE) ? Files.isRegularFile(p)
                    : (name.equals(SESSIONS) || name.equals(SNAPSHOTS)) && Files.isDirectory(p);
        });
        if (marker.version() == FORMAT_VERSION_WITHOUT_LEASES) {
            // Its files stay as they are (no session has a lease yet); the new version keeps libraries that know
            // no leases, and would write to sessions others own, from opening the store.
            StateFiles.write(markerFile, new Marker(FORMAT, FORMAT_VERSION));
            LOG.info("Upgraded the state directory {} to version {}: sessions have owners", root, FORMAT_VERSION);
        }
    }

    @Override
    public SessionRecord saveSession(SessionRecord session) {
        Objects.requireNonNull(session, "session");
        Path dir = sessionDir(session.id());
        StateFiles.ensureDirectory(dir);
        return locked(dir, () -> {
            Optional<SessionRecord> stored = session(session.id());
            if (stored.isPresent()) {
                checkLease(session.id(), dir);
            }
            long version = stored.map(SessionRecord::version).orElse(0L);
            if (session.version() != version) {
                throw StoreRules.conflict(session.id(), session.version(), version);
            }
            SessionRecord next = StoreRules.nextVersion(session);
            StateFiles.write(dir.resolve(SESSION_FILE), next);
            return next;
        });
    }

    @Override
    public Optional<SessionRecord> session(String sessionId) {
        Path file = sessionDir(sessionId).resolve(SESSION_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        SessionRecord session = StateFiles.read(file, SESSION);
        checkName(file.getParent(), encode(session.id()), "session", session.id());
        return Optional.of(session);
    }

    @Override
    public List<SessionRecord> sessions() {
        List<SessionRecord> all = new ArrayList<>();
        for (Path dir : list(sessionsDir, "a session directory", DirectoryStateStore::isDataDirectory)) {
            List<Path> entries = list(dir, "session.json, lease.json, .lock, iterations/, runs/, plans/ or events/",
                    DirectoryStateStore::isSessionEntry);
            Path file = dir.resolve(SESSION_FILE);
            if (Files.exists(file)) {
                SessionRecord session = StateFiles.read(file, SESSION);
                checkName(dir, encode(session.id()), "session", session.id());
                all.add(session);
            } else if (entries.stream().anyMatch(Files::isDirectory)) {
                throw new StateStoreException("Session directory " + dir + " holds data but no " + SESSION_FILE);
            }
            // Otherwise the session's creation stopped before its record was written: there is no session.
        }
        all.sort(Comparator.comparing(SessionRecord::createdAt).thenComparing(SessionRecord::id));
        return List.copyOf(all);
    }

    @Override
    public void saveIteration(IterationRecord iteration) {
        Objects.requireNonNull(iteration, "iteration");
        Path dir = requireSession(iteration.sessionId()).resolve(ITERATIONS);
        StateFiles.ensureDirectory(dir);
        publish(iteration.sessionId(), dir.resolve(iterationName(iteration.iteration())), iteration);
    }

    @Override
    public List<IterationRecord> iterations(String sessionId) {
        Path dir = sessionDir(sessionId).resolve(ITERATIONS);
        List<IterationRecord> all = new ArrayList<>();
        for (Path file : list(dir, "iteration files named like 0001.json", p -> isFile(p, ITERATION_NAME))) {
            IterationRecord iteration = StateFiles.read(file, ITERATION);
            checkName(file, iterationName(iteration.iteration()), "iteration", String.valueOf(iteration.iteration()));
            checkSession(file, sessionId, iteration.sessionId());
            all.add(iteration);
        }
        all.sort(Comparator.comparingInt(IterationRecord::iteration));
        return List.copyOf(all);
    }

    @Override
    public void saveResult(String sessionId, String runId, QuestionResult result) {
        Objects.requireNonNull(result, "result");
        requireId(result.benchmarkId(), "benchmark id");
        Path dir = requireSession(sessionId).resolve(RUNS).resolve(encode(requireId(runId, "run id"))).resolve(RESULTS);
        StateFiles.ensureDirectory(dir);
        saveSequenced(sessionId, dir.resolve(encode(result.benchmarkId()) + ".json"), RESULT, result, dir,
                () -> highest(readResults(dir)));
    }

    @Override
    public List<QuestionResult> results(String sessionId, String runId) {
        return values(readResults(runDir(sessionId, runId).resolve(RESULTS)));
    }

    @Override
    public void saveReport(String sessionId, ScoreReport report) {
        Objects.requireNonNull(report, "report");
        Path runs = requireSession(sessionId).resolve(RUNS);
        Path dir = runs.resolve(encode(requireId(report.runId(), "run id")));
        StateFiles.ensureDirectory(dir);
        saveSequenced(sessionId, dir.resolve(REPORT_FILE), REPORT, report, runs,
                () -> highest(readReports(sessionId)));
    }

    @Override
    public Optional<ScoreReport> report(String sessionId, String runId) {
        Path file = runDir(sessionId, runId).resolve(REPORT_FILE);
        return Files.exists(file) ? Optional.of(readReport(file).value()) : Optional.empty();
    }

    @Override
    public List<ScoreReport> reports(String sessionId) {
        return values(readReports(sessionId));
    }

    @Override
    public void savePlan(String sessionId, EnhancementPlan plan) {
        Objects.requireNonNull(plan, "plan");
        Path dir = requireSession(sessionId).resolve(PLANS);
        StateFiles.ensureDirectory(dir);
        saveSequenced(sessionId, dir.resolve(encode(requireId(plan.planId(), "plan id")) + ".json"), PLAN, plan,
                dir, () -> highest(readPlans(dir)));
    }

    @Override
    public Optional<EnhancementPlan> plan(String sessionId, String planId) {
        Path file = sessionDir(sessionId).resolve(PLANS).resolve(encode(requireId(planId, "plan id")) + ".json");
        return Files.exists(file) ? Optional.of(readPlan(file).value()) : Optional.empty();
    }

    @Override
    public List<EnhancementPlan> plans(String sessionId) {
        return values(readPlans(sessionDir(sessionId).resolve(PLANS)));
    }

    @Override
    public void saveSnapshot(SpaceSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        Path dir = requireSession(snapshot.sessionId());
        Path file = snapshotFile(snapshot.id());
        StateFiles.ensureDirectory(snapshotsDir);
        Sequence sequence = sequence(snapshotsDir);
        // Snapshots are rare: written whole under the session's lock, and one lock for all keeps write-once within
        // the JVM even where hard links are missing.
        locked(dir, () -> {
            checkLease(snapshot.sessionId(), dir);
            synchronized (sequence) {
                if (Files.exists(file)) {
                    requireSame(file, snapshot);
                } else if (!StateFiles.writeNew(file, new Sequenced<>(sequence.next(() -> highest(readSnapshots())),
                        snapshot))) {
                    requireSame(file, snapshot);
                }
            }
            return null;
        });
    }

    @Override
    public Optional<SpaceSnapshot> snapshot(String snapshotId) {
        Path file = snapshotFile(snapshotId);
        return Files.exists(file) ? Optional.of(readSnapshot(file).value()) : Optional.empty();
    }

    @Override
    public List<SpaceSnapshot> snapshots(String sessionId) {
        requireId(sessionId, "session id");
        return readSnapshots().stream()
                .filter(s -> s.value().sessionId().equals(sessionId))
                .sorted(Comparator.comparing((Sequenced<SpaceSnapshot> s) -> s.value().takenAt())
                        .thenComparingLong(Sequenced::sequence))
                .map(Sequenced::value)
                .toList();
    }

    @Override
    public void appendEvent(StateEvent event) {
        Objects.requireNonNull(event, "event");
        Path session = requireSession(event.sessionId());
        Path dir = session.resolve(EVENTS);
        StateFiles.ensureDirectory(dir);
        Sequence sequence = sequence(dir);
        Path temp = StateFiles.prepare(dir.resolve(eventName(0)), event);
        try {
            Path published = locked(session, () -> {
                checkLease(event.sessionId(), session);
                Path target = dir.resolve(eventName(sequence.next(() -> highestEvent(dir))));
                while (!StateFiles.publishNew(temp, target)) {
                    // Another process appended to this session since our numbers were read: continue after it.
                    sequence.skipTo(highestEvent(dir));
                    target = dir.resolve(eventName(sequence.next(() -> highestEvent(dir))));
                }
                return target;
            });
            StateFiles.makeDurable(published);
        } finally {
            StateFiles.discard(temp);
        }
    }

    @Override
    public List<StateEvent> events(String sessionId) {
        Path dir = sessionDir(sessionId).resolve(EVENTS);
        List<StateEvent> all = new ArrayList<>();
        for (Path file : list(dir, "event files named like 00000000000000000001.json", p -> isFile(p, EVENT_NAME))) {
            StateEvent event = StateFiles.read(file, EVENT);
            checkSession(file, sessionId, event.sessionId());
            all.add(event);
        }
        return List.copyOf(all);
    }

    /**
     * Under the session's lock the lease is checked and the session's directory renamed to a hidden
     * {@code sessions/.deleting-<uuid>}: in that one atomic step the session, with everything under it, stops
     * existing, and its id is free. Then its snapshots are deleted, and the renamed directory last. A crash after
     * the rename leaves the renamed directory, which the next {@link #open} of the store finishes deleting.
     */
    @Override
    public boolean deleteSession(String sessionId, boolean force) {
        Path dir = sessionDir(sessionId);
        if (!Files.isRegularFile(dir.resolve(SESSION_FILE))) {
            return false;
        }
        Path deleting = sessionsDir.resolve(DELETING + UUID.randomUUID());
        boolean deleted = locked(dir, () -> {
            if (!Files.isRegularFile(dir.resolve(SESSION_FILE))) {
                return false;
            }
            if (!force) {
                checkLease(sessionId, dir);
            }
            StateFiles.moveDirectory(dir, deleting);
            return true;
        });
        if (deleted) {
            // Numbers handed out under the old directory would skip ahead in a new session of the same id.
            SEQUENCES.keySet().removeIf(numbered -> numbered.startsWith(dir));
            finishDeletion(deleting, snapshotsDir);
        }
        return deleted;
    }

    /** Finishes the deletions a crash interrupted: every {@code .deleting-} directory left in {@code sessions/}. */
    private static void finishDeletions(Path sessionsDir, Path snapshotsDir) {
        if (!Files.isDirectory(sessionsDir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(sessionsDir)) {
            for (Path entry : entries.filter(DirectoryStateStore::isDeleting).toList()) {
                LOG.info("Finishing the deletion of a session, interrupted before: removing {}", entry);
                finishDeletion(entry, snapshotsDir);
            }
        } catch (IOException e) {
            throw new StateStoreException("Cannot list state directory " + sessionsDir + ": " + e, e);
        }
    }

    /**
     * Deletes the snapshots of the session renamed to {@code deleting}, then the directory itself, whose
     * {@code session.json} names the session until the snapshots are gone (so an interrupted run can be repeated).
     */
    private static void finishDeletion(Path deleting, Path snapshotsDir) {
        Path sessionFile = deleting.resolve(SESSION_FILE);
        if (Files.isRegularFile(sessionFile)) {
            String sessionId = StateFiles.<SessionRecord>read(sessionFile, SESSION).id();
            for (Path file : list(snapshotsDir, "snapshot files <snapshot>.json", DirectoryStateStore::isJsonFile)) {
                if (readSnapshot(file).value().sessionId().equals(sessionId)) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        throw new StateStoreException("Cannot delete snapshot " + file + ": " + e, e);
                    }
                }
            }
        }
        StateFiles.deleteTree(deleting);
    }

    @Override
    public SessionLease acquireLease(String sessionId, String owner, Duration duration, boolean takeOver) {
        return changeLease(sessionId, current -> Optional.of(StoreRules.claim(sessionId, current, owner, duration,
                takeOver, clock.instant()))).orElseThrow();
    }

    @Override
    public SessionLease renewLease(SessionLease lease, Duration duration) {
        Objects.requireNonNull(lease, "lease");
        return changeLease(lease.sessionId(), current -> Optional.of(StoreRules.renewal(lease, current, duration,
                clock.instant()))).orElseThrow();
    }

    @Override
    public void releaseLease(SessionLease lease) {
        Objects.requireNonNull(lease, "lease");
        if (session(lease.sessionId()).isPresent()) {
            changeLease(lease.sessionId(), current -> StoreRules.release(lease, current, clock.instant()));
        }
    }

    @Override
    public Optional<SessionLease> lease(String sessionId) {
        return readLease(sessionId, sessionDir(sessionId));
    }

    @Override
    public StateStore withLease(SessionLease lease) {
        return new DirectoryStateStore(root, clock, Optional.of(Objects.requireNonNull(lease, "lease")));
    }

    @Override
    public String toString() {
        return "DirectoryStateStore[" + root + "]";
    }

    /**
     * Replaces the session's lease with what {@code change} makes of the current one, under the session's lock, and
     * returns the new lease; when {@code change} gives none, nothing is written.
     */
    private Optional<SessionLease> changeLease(String sessionId,
                                     Function<Optional<SessionLease>, Optional<SessionLease>> change) {
        Path dir = requireSession(sessionId);
        return locked(dir, () -> {
            Optional<SessionLease> current = readLease(sessionId, dir);
            Optional<SessionLease> next = change.apply(current);
            next.ifPresent(lease -> StateFiles.write(dir.resolve(LEASE_FILE), lease));
            return next;
        });
    }

    private static Optional<SessionLease> readLease(String sessionId, Path dir) {
        Path file = dir.resolve(LEASE_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        SessionLease lease = StateFiles.read(file, LEASE);
        checkSession(file, sessionId, lease.sessionId());
        return Optional.of(lease);
    }

    /**
     * Called holding the session's lock: whether this writer may write to the session now; also whether the
     * session is still stored, since it may have been deleted while this writer waited for the lock.
     */
    private void checkLease(String sessionId, Path dir) {
        if (!Files.isRegularFile(dir.resolve(SESSION_FILE))) {
            throw StoreRules.unknownSession(sessionId);
        }
        long token = fence.filter(l -> l.sessionId().equals(sessionId)).map(SessionLease::token)
                .orElse(StoreRules.NO_LEASE);
        StoreRules.checkWrite(sessionId, token, readLease(sessionId, dir), clock.instant());
    }

    /**
     * Runs {@code work} holding the session's lock: the in-process monitor shared by every instance on this
     * directory, then an exclusive {@link java.nio.channels.FileLock} on {@code .lock}, which blocks while another
     * process holds it and is released when the channel closes, also when the process is killed.
     */
    private static <T> T locked(Path sessionDir, Supplier<T> work) {
        Path lockFile = sessionDir.resolve(LOCK_FILE);
        synchronized (SESSION_LOCKS.computeIfAbsent(sessionDir, d -> new Object())) {
            FileChannel channel;
            try {
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                channel.lock();
            } catch (IOException e) {
                throw new StateStoreException("Cannot lock " + lockFile + ": " + e, e);
            }
            try (channel) {
                return work.get();
            } catch (IOException e) {
                throw new StateStoreException("Cannot unlock " + lockFile + ": " + e, e);
            }
        }
    }

    /**
     * Writes a file of a stored session once its lease lets this writer: the data is written and forced before the
     * session's lock is taken; under the lock the lease is checked and the file renamed into place.
     */
    private void publish(String sessionId, Path target, Object value) {
        Path temp = StateFiles.prepare(target, value);
        try {
            Path dir = sessionDir(sessionId);
            locked(dir, () -> {
                checkLease(sessionId, dir);
                StateFiles.publish(temp, target);
                return null;
            });
            StateFiles.makeDurable(target);
        } finally {
            StateFiles.discard(temp);
        }
    }

    private Path sessionDir(String sessionId) {
        return sessionsDir.resolve(encode(requireId(sessionId, "session id")));
    }

    private Path runDir(String sessionId, String runId) {
        return sessionDir(sessionId).resolve(RUNS).resolve(encode(requireId(runId, "run id")));
    }

    private Path snapshotFile(String snapshotId) {
        return snapshotsDir.resolve(encode(requireId(snapshotId, "snapshot id")) + ".json");
    }

    /** The directory of a stored session; writes under any other session are refused. */
    private Path requireSession(String sessionId) {
        Path dir = sessionDir(sessionId);
        if (!Files.isRegularFile(dir.resolve(SESSION_FILE))) {
            throw StoreRules.unknownSession(sessionId);
        }
        return dir;
    }

    /** Writes a value keeping the sequence of an earlier write of the same file, or taking the next one. */
    private <T> void saveSequenced(String sessionId, Path file, JavaType type, T value, Path numbered,
                                   LongSupplier highest) {
        long sequence = Files.exists(file)
                ? StateFiles.<Sequenced<?>>read(file, type).sequence()
                : sequence(numbered).next(highest);
        publish(sessionId, file, new Sequenced<>(sequence, value));
    }

    private static Sequence sequence(Path dir) {
        return SEQUENCES.computeIfAbsent(dir, d -> new Sequence());
    }

    private List<Sequenced<QuestionResult>> readResults(Path dir) {
        List<Sequenced<QuestionResult>> all = new ArrayList<>();
        for (Path file : list(dir, "result files <benchmark>.json", DirectoryStateStore::isJsonFile)) {
            Sequenced<QuestionResult> result = StateFiles.read(file, RESULT);
            checkName(file, encode(result.value().benchmarkId()) + ".json", "benchmark", result.value().benchmarkId());
            all.add(result);
        }
        return sorted(all, QuestionResult::benchmarkId);
    }

    private List<Sequenced<ScoreReport>> readReports(String sessionId) {
        List<Sequenced<ScoreReport>> all = new ArrayList<>();
        Path runs = sessionDir(sessionId).resolve(RUNS);
        for (Path dir : list(runs, "a run directory", DirectoryStateStore::isDataDirectory)) {
            list(dir, "results/ or report.json", p -> p.getFileName().toString().equals(RESULTS)
                    ? Files.isDirectory(p) : p.getFileName().toString().equals(REPORT_FILE) && Files.isRegularFile(p));
            Path file = dir.resolve(REPORT_FILE);
            if (Files.exists(file)) {
                all.add(readReport(file));
            }
        }
        return sorted(all, ScoreReport::runId);
    }

    private static Sequenced<ScoreReport> readReport(Path file) {
        Sequenced<ScoreReport> report = StateFiles.read(file, REPORT);
        checkName(file.getParent(), encode(report.value().runId()), "run", report.value().runId());
        return report;
    }

    private List<Sequenced<EnhancementPlan>> readPlans(Path dir) {
        List<Sequenced<EnhancementPlan>> all = new ArrayList<>();
        for (Path file : list(dir, "plan files <plan>.json", DirectoryStateStore::isJsonFile)) {
            all.add(readPlan(file));
        }
        return sorted(all, EnhancementPlan::planId);
    }

    private static Sequenced<EnhancementPlan> readPlan(Path file) {
        Sequenced<EnhancementPlan> plan = StateFiles.read(file, PLAN);
        checkName(file, encode(plan.value().planId()) + ".json", "plan", plan.value().planId());
        return plan;
    }

    private List<Sequenced<SpaceSnapshot>> readSnapshots() {
        List<Sequenced<SpaceSnapshot>> all = new ArrayList<>();
        for (Path file : list(snapshotsDir, "snapshot files <snapshot>.json", DirectoryStateStore::isJsonFile)) {
            all.add(readSnapshot(file));
        }
        return all;
    }

    private static Sequenced<SpaceSnapshot> readSnapshot(Path file) {
        Sequenced<SpaceSnapshot> snapshot = StateFiles.read(file, SNAPSHOT);
        checkName(file, encode(snapshot.value().id()) + ".json", "snapshot", snapshot.value().id());
        return snapshot;
    }

    private static void requireSame(Path file, SpaceSnapshot snapshot) {
        if (!readSnapshot(file).value().equals(snapshot)) {
            throw StoreRules.snapshotClash(snapshot.id());
        }
    }

    private static long highestEvent(Path dir) {
        List<Path> files = list(dir, "event files named like 00000000000000000001.json", p -> isFile(p, EVENT_NAME));
        if (files.isEmpty()) {
            return 0;
        }
        String last = files.get(files.size() - 1).getFileName().toString();
        return Long.parseLong(last.substring(0, last.length() - ".json".length()));
    }

    private static long highest(List<? extends Sequenced<?>> values) {
        return values.stream().mapToLong(Sequenced::sequence).max().orElse(0);
    }

    /** First-write order; the id breaks ties, which only writers in two processes at once can cause. */
    private static <T> List<Sequenced<T>> sorted(List<Sequenced<T>> values, Function<T, String> id) {
        values.sort(Comparator.comparingLong((Sequenced<T> s) -> s.sequence()).thenComparing(s -> id.apply(s.value())));
        return values;
    }

    private static <T> List<T> values(List<Sequenced<T>> values) {
        return values.stream().map(Sequenced::value).toList();
    }

    private static String iterationName(int iteration) {
        return String.format("%04d.json", iteration);
    }

    private static String eventName(long sequence) {
        return String.format("%020d.json", sequence);
    }

    /**
     * The entries of a directory by name, skipping temporary files of unfinished writes and desktop metadata; an
     * entry {@code expected} does not accept is reported, never skipped. A missing directory has no entries.
     */
    private static List<Path> list(Path dir, String description, Predicate<Path> expected) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> stream = Files.list(dir)) {
            for (Path entry : (Iterable<Path>) stream::iterator) {
                String name = entry.getFileName().toString();
                if (StateFiles.isTemp(name) || StateFiles.isDesktopFile(name) || isDeleting(entry)) {
                    continue;
                }
                if (!expected.test(entry)) {
                    throw new StateStoreException("Unexpected entry " + entry + " in the state store; " + dir
                            + " should hold only " + description + ". Move it out of the store directory");
                }
                entries.add(entry);
            }
        } catch (IOException e) {
            throw new StateStoreException("Cannot list state directory " + dir + ": " + e, e);
        }
        entries.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return entries;
    }

    private static boolean isDeleting(Path p) {
        return p.getFileName().toString().startsWith(DELETING) && Files.isDirectory(p);
    }

    private static boolean isJsonFile(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".json") && !name.startsWith(".") && Files.isRegularFile(p);
    }

    private static boolean isFile(Path p, Pattern name) {
        return name.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p);
    }

    private static boolean isDataDirectory(Path p) {
        return !p.getFileName().toString().startsWith(".") && Files.isDirectory(p);
    }

    private static boolean isSessionEntry(Path p) {
        String name = p.getFileName().toString();
        return switch (name) {
            case SESSION_FILE, LEASE_FILE, LOCK_FILE -> Files.isRegularFile(p);
            case ITERATIONS, RUNS, PLANS, EVENTS -> Files.isDirectory(p);
            default -> false;
        };
    }

    /** A file whose name does not match its content was copied or renamed by hand: reading it would misfile data. */
    private static void checkName(Path path, String expectedName, String what, String id) {
        if (!path.getFileName().toString().equals(expectedName)) {
            throw new StateStoreException("State file " + path + " holds " + what + " '" + id + "', which belongs in "
                    + path.resolveSibling(expectedName) + "; was it copied or renamed by hand?");
        }
    }

    private static void checkSession(Path file, String expected, String actual) {
        if (!expected.equals(actual)) {
            throw new StateStoreException("State file " + file + " belongs to session '" + actual
                    + "' but lies under session '" + expected + "'");
        }
    }
}
