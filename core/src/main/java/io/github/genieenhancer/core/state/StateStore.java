package io.github.genieenhancer.core.state;

import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ScoreReport;
import java.util.List;
import java.util.Optional;

/**
 * Where a session's state lives, so a crashed run resumes without asking Genie again what it already answered.
 * Implementations are safe for concurrent use by several threads. Lists come back in a stable order: sessions by
 * creation time, iterations by number, results in write order per run, events in time order.
 *
 * <p>Defaults: {@link #inMemory()} and {@link #directory(java.nio.file.Path)}.
 */
public interface StateStore extends AutoCloseable {

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

    /** Every session, oldest first. */
    List<SessionRecord> sessions();

    /** Stores an iteration, replacing an earlier write of the same iteration number. */
    void saveIteration(IterationRecord iteration);

    /** The session's iterations by number. */
    List<IterationRecord> iterations(String sessionId);

    /** Stores one question's result as soon as it is known; a second write for the same benchmark replaces it. */
    void saveResult(String sessionId, String runId, QuestionResult result);

    /** The results stored for a run, in first-write order. */
    List<QuestionResult> results(String sessionId, String runId);

    /** Stores a finished score report under its run id. */
    void saveReport(String sessionId, ScoreReport report);

    /** The report of a run. */
    Optional<ScoreReport> report(String sessionId, String runId);

    /** Every report of the session, in write order. */
    List<ScoreReport> reports(String sessionId);

    /** Stores a plan under its plan id. */
    void savePlan(String sessionId, EnhancementPlan plan);

    /** The plan with this id. */
    Optional<EnhancementPlan> plan(String sessionId, String planId);

    /** Every plan of the session, in write order. */
    List<EnhancementPlan> plans(String sessionId);

    /** Stores a configuration backup. */
    void saveSnapshot(SpaceSnapshot snapshot);

    /** The snapshot with this id. */
    Optional<SpaceSnapshot> snapshot(String snapshotId);

    /** Every snapshot taken in a session, oldest first. */
    List<SpaceSnapshot> snapshots(String sessionId);

    /** Appends an event. */
    void appendEvent(StateEvent event);

    /** The session's events in append order. */
    List<StateEvent> events(String sessionId);

    /** Releases resources; the default does nothing. */
    @Override
    default void close() {
    }
}
