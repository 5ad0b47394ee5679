package io.github.genieenhancer.core.state;

import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ScoreReport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Where a session's state lives, so a crashed run resumes without asking Genie again what it already answered.
 *
 * <p>Contract every implementation keeps (and {@code StateStoreContractTest} checks):
 * <ul>
 *   <li>Safe for concurrent use by several threads; values come back as immutable records and lists.</li>
 *   <li>A session must be saved before anything is written under its id; a write naming an unknown session throws
 *       {@link io.github.genieenhancer.core.StateStoreException}. Reads of unknown ids return
 *       {@link Optional#empty()} or an empty list.</li>
 *   <li>Iterations are replaced by number, results by benchmark id within a run, reports by run id, plans by plan
 *       id; a replaced entry keeps the place of its first write.</li>
 *   <li>Snapshots are backups and therefore write-once: saving the same snapshot again is a no-op, saving a different
 *       one under a stored id throws {@link io.github.genieenhancer.core.StateStoreException}.</li>
 *   <li>Lists come back in a stable order: sessions by creation time, iterations by number, results, reports and
 *       plans in first-write order, snapshots by time taken, events in append order.</li>
 *   <li>Ids are non-blank strings of any characters.</li>
 *   <li>{@link #deleteSession} removes a session with everything stored under it, checked against its lease like
 *       a write; the record goes first or everything at once, so no half-deleted session ever loads.</li>
 *   <li>A session has at most one owner at a time: the holder of its {@linkplain SessionLease lease}. Every write
 *       (session record, iterations, results, reports, plans, snapshots, events) is checked against the session's
 *       lease atomically with the write: through {@link #withLease(SessionLease)} it succeeds only while that lease
 *       is the session's current one and has not expired; through a store without a lease, only while nobody holds
 *       an unexpired lease on the session. A refused write throws
 *       {@link io.github.genieenhancer.core.SessionOwnedException} and stores nothing.</li>
 * </ul>
 *
 * <p>Implementing a store: keep per session the current lease (owner, token, expiry; none for sessions stored
 * before leases existed) and change it only with compare-and-set semantics in {@link #acquireLease},
 * {@link #renewLease} and {@link #releaseLease}; {@code StoreRules} in the {@code internal} package decides and
 * words every outcome. Make {@link #withLease} a second instance over the same storage that remembers the lease's
 * session and token, and in every write check the lease in the same atomic step as the write (the same lock or
 * transaction, or a condition of the same statement). Decorators return a decorated view:
 * {@code new MyDecorator(delegate.withLease(lease))}. {@code docs/state-store.md} explains it with an example,
 * and {@code StateStoreContractTest} checks it.
 *
 * <p>Defaults: {@link #inMemory()}, {@link #directory(Path)}, and {@link #defaultStore()} which picks a configured
 * {@link StateStoreProvider} or falls back to memory. {@link #jdbc(DataSource)} shares state between machines
 * through a database.
 */
public interface StateStore extends AutoCloseable {

    /** A store that keeps everything in this object's memory: fast, and gone with it. */
    static StateStore inMemory() {
        return inMemory(Clock.systemUTC());
    }

    /** An in-memory store whose leases expire by {@code clock}: for tests that move time by hand. */
    static StateStore inMemory(Clock clock) {
        return new InMemoryStateStore(clock);
    }

    /**
     * The durable default: a store of human-readable JSON files under {@code directory}, which survives a killed
     * process at any moment (see {@code docs/state-store.md} for the layout and guarantees). The directory is
     * created when missing; an existing one must be empty or a state store directory.
     *
     * @throws io.github.genieenhancer.core.StateStoreException when the directory cannot be created or holds files
     *                                                          that are not a state store
     */
    static StateStore directory(Path directory) {
        return DirectoryStateStore.open(directory);
    }

    /**
     * A store in tables {@code genie_enhancer_*} of a relational database, shared by every process that uses the
     * same database: the tables are created or migrated now. {@link JdbcStateStore#builder(DataSource)} sets a
     * table prefix; {@code docs/state-stores-shared.md} has the DDL, locking and database notes.
     *
     * @throws io.github.genieenhancer.core.StateStoreException when the database cannot be reached or the tables
     *                                                          cannot be created or migrated
     */
    static StateStore jdbc(DataSource dataSource) {
        return JdbcStateStore.create(dataSource);
    }

    /**
     * The store found without configuration: the one {@link StateStoreProvider} registered with
     * {@link java.util.ServiceLoader} on the context class loader, or {@link #inMemory()} when none is.
     *
     * @throws io.github.genieenhancer.core.ConfigurationException naming the provider classes when several are
     *                                                             registered, or the provider that failed to load
     */
    static StateStore defaultStore() {
        return StateStoreLookup.find(Thread.currentThread().getContextClassLoader());
    }

    /**
     * Creates or advances a session with optimistic locking: the write succeeds only when {@code session.version()}
     * equals the stored version (0 for a session not yet stored).
     *
     * @return the record as stored, with its version incremented
     * @throws io.github.genieenhancer.core.StateConflictException when another writer advanced the session first
     */
    SessionRecord saveSession(SessionRecord session);

    /** The session with this id. */
    Optional<SessionRecord> session(String sessionId);

    /** Every session, oldest first (by creation time, then id). */
    List<SessionRecord> sessions();

    /** Stores an iteration, replacing an earlier write of the same iteration number. */
    void saveIteration(IterationRecord iteration);

    /** The session's iterations by number. */
    List<IterationRecord> iterations(String sessionId);

    /** Stores one question's result as soon as it is known; a second write for the same benchmark replaces it. */
    void saveResult(String sessionId, String runId, QuestionResult result);

    /** The results stored for a run, in first-write order. */
    List<QuestionResult> results(String sessionId, String runId);

    /** Stores a finished score report under its run id, replacing an earlier report of the run. */
    void saveReport(String sessionId, ScoreReport report);

    /** The report of a run. */
    Optional<ScoreReport> report(String sessionId, String runId);

    /** Every report of the session, in first-write order. */
    List<ScoreReport> reports(String sessionId);

    /** Stores a plan under its plan id, replacing an earlier plan with that id. */
    void savePlan(String sessionId, EnhancementPlan plan);

    /** The plan with this id. */
    Optional<EnhancementPlan> plan(String sessionId, String planId);

    /** Every plan of the session, in first-write order. */
    List<EnhancementPlan> plans(String sessionId);

    /**
     * Stores a configuration backup. Snapshot ids are unique across sessions.
     *
     * @throws io.github.genieenhancer.core.StateStoreException when a different snapshot is stored under this id
     */
    void saveSnapshot(SpaceSnapshot snapshot);

    /** The snapshot with this id. */
    Optional<SpaceSnapshot> snapshot(String snapshotId);

    /** Every snapshot taken in a session, oldest first (by time taken, then write order). */
    List<SpaceSnapshot> snapshots(String sessionId);

    /** Appends an event. */
    void appendEvent(StateEvent event);

    /** The session's events in append order. */
    List<StateEvent> events(String sessionId);

    /**
     * Deletes a session and everything stored under it: its record, iterations, results, reports, plans, snapshots,
     * events and lease. Afterwards the id is free: reads return nothing, and a new session may be saved under it.
     * A crash in the middle never leaves a session that loads with part of its data: the record goes first (or
     * everything at once), and deleting again finishes what was left (each store's notes are in
     * {@code docs/state-store.md}).
     *
     * <p>Like a write, the delete is checked against the session's lease atomically with it: it is refused while
     * another holds an unexpired lease, unless {@code force}, the counterpart of {@code takeOver} in
     * {@link #acquireLease}. A holder whose session was deleted by force is refused at its next write.
     *
     * @param force delete it even while another holds an unexpired lease on it (its holder crashed or is stopped)
     * @return whether a session was stored under the id
     * @throws io.github.genieenhancer.core.SessionOwnedException naming the holder and its expiry when another holds
     *                                                           an unexpired lease and {@code force} is false;
     *                                                           nothing was deleted
     */
    boolean deleteSession(String sessionId, boolean force);

    /**
     * {@link #deleteSession(String, boolean)} without force: refused while another holds the session.
     *
     * @return whether a session was stored under the id
     * @throws io.github.genieenhancer.core.SessionOwnedException when another holds an unexpired lease on it
     */
    default boolean deleteSession(String sessionId) {
        return deleteSession(sessionId, false);
    }

    /**
     * Claims a stored session for {@code owner}: the session gets a new lease, with the next fencing token, that
     * expires after {@code duration} unless renewed. Write under it through {@link #withLease(SessionLease)}.
     *
     * @param owner    who claims it, as people should read it (at most 200 characters)
     * @param duration how long the lease holds without renewal
     * @param takeOver claim it even while another holds an unexpired lease (its holder crashed): that holder is
     *                 refused at its next write
     * @throws io.github.genieenhancer.core.SessionOwnedException naming the holder and its expiry when another holds
     *                                                           an unexpired lease and {@code takeOver} is false
     * @throws io.github.genieenhancer.core.StateStoreException   when the session is not stored
     */
    SessionLease acquireLease(String sessionId, String owner, Duration duration, boolean takeOver);

    /**
     * Extends a lease to {@code duration} from now. Also revives a lease that expired or was released, as long as
     * nobody claimed the session since.
     *
     * @return the lease with its new expiry (same token)
     * @throws io.github.genieenhancer.core.SessionOwnedException when the session was claimed by another since
     */
    SessionLease renewLease(SessionLease lease, Duration duration);

    /**
     * Ends a lease now, so another process may claim the session at once. Does nothing when the session was
     * claimed by another since or the lease expired already.
     */
    void releaseLease(SessionLease lease);

    /** The session's current lease, also when it expired or was released; empty when it was never claimed. */
    Optional<SessionLease> lease(String sessionId);

    /**
     * This store as the holder of {@code lease} writes to it: over the same storage, but every write to the lease's
     * session is accepted only while the lease is the session's current one and unexpired. Writes to other sessions
     * are made as through this store. Renewals do not change the token, so the view stays valid across them.
     * Closing the view does nothing.
     */
    StateStore withLease(SessionLease lease);

    /** Releases resources; the default does nothing. A store is not used after it is closed. */
    @Override
    default void close() {
    }
}
