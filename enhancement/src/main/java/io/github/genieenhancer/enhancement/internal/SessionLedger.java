package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.DocumentFormatException;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.StateStoreException;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.fix.ApplyResult;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.progress.Stage;
import io.github.genieenhancer.core.progress.TokenUsage;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.state.IterationRecord;
import io.github.genieenhancer.core.state.SessionRecord;
import io.github.genieenhancer.core.state.SessionStage;
import io.github.genieenhancer.core.state.SpaceSnapshot;
import io.github.genieenhancer.core.state.StateEvent;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.enhancement.Accuracy;
import io.github.genieenhancer.enhancement.FailedCall;
import io.github.genieenhancer.enhancement.IterationResult;
import io.github.genieenhancer.enhancement.SessionHistory;
import io.github.genieenhancer.enhancement.StageStats;
import io.github.genieenhancer.enhancement.StopReason;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The bookkeeping of an enhancement session: everything it writes to and reads from its {@link StateStore} (the
 * session record with its settings and stop, iterations, score runs, plans, events and stage costs), so the
 * session itself is only its stage machine. Also reads a stored session back as a {@link SessionHistory}.
 *
 * <p>Storage format of the session record's settings map: {@value SessionSettings#KEY} holds the
 * {@link SessionSettings} document and {@value #STOP_KEY} the {@link SessionStop} once the loop ended. Sessions
 * stored before that (format 1) hold one text entry per setting, with the stop reason's name under
 * {@value #LEGACY_STOP_KEY}; they are read as they are and written in the current format at their next change.
 */
public final class SessionLedger {
    /** The event of an apply's result: attributes iteration and result (the ApplyResult as JSON). */
    public static final String APPLIED_EVENT = "applied";
    /** The event of an LLM call that gave no usable answer: attributes iteration and purpose. */
    public static final String FAILED_CALL_EVENT = "llm_call_failed";
    /** The event of a rollback: attributes iteration and snapshotId. */
    public static final String ROLLED_BACK_EVENT = "rolled_back";
    /** The event before an update is written: attributes iteration and snapshotsBefore. */
    public static final String APPLY_STARTED_EVENT = "apply_started";
    /** Each stage's cost: attributes iteration, stage, elapsedMillis, llmCalls, promptTokens, completionTokens. */
    public static final String STAGE_FINISHED_EVENT = "stage_finished";
    /**
     * Where an eval run and the library's run it was made with disagree: attributes iteration, runId, evalRunId,
     * agreement, counted (the questions both counted) and disagreements (comma-separated benchmark ids).
     */
    public static final String EVAL_RUN_COMPARED_EVENT = "eval_run_compared";
    /** An eval run made alongside that failed; the library's run still decided: attributes iteration, runId. */
    public static final String EVAL_RUN_FAILED_EVENT = "eval_run_failed";
    /** The run id of Databricks' eval run made alongside a library run, after the library run's id. */
    public static final String EVAL_RUN_SUFFIX = "-eval-run";

    static final String STOP_KEY = "stop";
    static final String LEGACY_STOP_KEY = "stopReason";

    private final StateStore store;
    private final Clock clock;
    private SessionRecord record;
    private SessionSettings settings;

    private SessionLedger(StateStore store, Clock clock, SessionRecord record, SessionSettings settings) {
        this.store = store;
        this.clock = clock;
        this.record = record;
        this.settings = settings;
    }

    /** Stores a new session with its settings. */
    public static SessionLedger create(StateStore store, String sessionId, SessionSettings settings, Clock clock) {
        SessionRecord record = store.saveSession(SessionRecord.create(sessionId, settings.spaceId(),
                Map.of(SessionSettings.KEY, settings.toJson()), clock.instant()));
        return new SessionLedger(store, clock, record, settings);
    }

    /**
     * Opens a stored session, in either storage format.
     *
     * @throws StateStoreException     when the store has no such session
     * @throws DocumentFormatException when its settings are malformed
     */
    public static SessionLedger open(StateStore store, String sessionId, Clock clock) {
        SessionRecord record = stored(store, sessionId);
        return new SessionLedger(store, clock, record, settingsOf(record));
    }

    /** This ledger writing through another store, e.g. the one that checks each write against the session's claim. */
    public SessionLedger through(StateStore other) {
        return new SessionLedger(other, clock, record, settings);
    }

    private static SessionRecord stored(StateStore store, String sessionId) {
        if (Objects.requireNonNull(sessionId, "sessionId").isBlank()) {
            throw new ConfigurationException("sessionId must not be blank");
        }
        return store.session(sessionId).orElseThrow(() -> new StateStoreException(
                "No session '" + sessionId + "' in the state store"));
    }

    private static SessionSettings settingsOf(SessionRecord record) {
        String document = record.settings().get(SessionSettings.KEY);
        return document != null ? SessionSettings.fromJson(record.id(), document)
                : SessionSettings.fromFlatMap(record.id(), record.settings());
    }

    private static Optional<SessionStop> stopOf(SessionRecord record) {
        String stop = record.settings().get(STOP_KEY);
        if (stop != null) {
            return Optional.of(GenieJson.read(stop, SessionStop.class, "stop of session " + record.id()));
        }
        String legacy = record.settings().get(LEGACY_STOP_KEY);
        if (legacy == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SessionStop(StopReason.valueOf(legacy), record.updatedAt()));
        } catch (IllegalArgumentException e) {
            throw new DocumentFormatException("settings of session " + record.id(), LEGACY_STOP_KEY,
                    "one of " + List.of(StopReason.values()) + " (found '" + legacy + "')");
        }
    }

    // ---- the session record ------------------------------------------------------------------------------------

    /** The session's id. */
    public String sessionId() {
        return record.id();
    }

    /** Its settings as stored. */
    public SessionSettings settings() {
        return settings;
    }

    /** The stage it stands at. */
    public SessionStage stage() {
        return record.stage();
    }

    /** The number of the iteration it stands at (0 before the first score). */
    public int iterationNumber() {
        return record.iteration();
    }

    /** Why the loop ended, once it has. */
    public Optional<StopReason> stopReason() {
        return stopOf(record).map(SessionStop::reason);
    }

    /** Stores changed settings, in the current format (a session stored in the old format is converted). */
    public void saveSettings(SessionSettings next) {
        settings = next;
        writeRecord(record.stage(), record.iteration(), stopOf(record));
    }

    /** Moves the session to a stage and iteration. */
    public void advance(SessionStage stage, int iteration) {
        record = store.saveSession(record.advance(stage, iteration, clock.instant()));
    }

    /** Marks the session finished, for the reason given. */
    public void finish(StopReason reason) {
        writeRecord(SessionStage.FINISHED, record.iteration(), Optional.of(new SessionStop(reason, clock.instant())));
    }

    private void writeRecord(SessionStage stage, int iteration, Optional<SessionStop> stop) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(SessionSettings.KEY, settings.toJson());
        stop.ifPresent(s -> map.put(STOP_KEY, GenieJson.write(s)));
        record = store.saveSession(new SessionRecord(record.id(), record.spaceId(), stage, iteration,
                record.createdAt(), clock.instant(), record.version(), map));
    }

    // ---- iterations, runs and plans ----------------------------------------------------------------------------

    /**
     * The iteration the session stands at. Not simply the last one stored: a crash between storing the next
     * iteration and advancing the session leaves a newer record than the session's own.
     */
    public IterationRecord iteration() {
        int current = record.iteration();
        return store.iterations(sessionId()).stream().filter(i -> i.iteration() == current).findFirst()
                .orElseThrow(() -> new StateStoreException("Session " + sessionId() + " has no iteration " + current
                        + " in the state store"));
    }

    /** Stores an iteration as it is now. */
    public void saveIteration(IterationRecord iteration) {
        store.saveIteration(iteration);
    }

    /** A new iteration with its baseline and the tuning accuracy before it. */
    public void startIteration(int number, String baselineRunId, double accuracyBefore) {
        store.saveIteration(new IterationRecord(sessionId(), number, baselineRunId, Optional.empty(),
                Optional.empty(), Optional.empty(), accuracyBefore, Optional.empty(), Optional.empty(),
                clock.instant()));
    }

    /** A stored score run, complete or not. */
    public Optional<ScoreReport> storedReport(String runId) {
        return store.report(sessionId(), runId);
    }

    /**
     * A stored score run.
     *
     * @throws StateStoreException when it is not stored
     */
    public ScoreReport report(String runId) {
        return report(store, sessionId(), runId);
    }

    /** Stores a score run. */
    public void saveReport(ScoreReport report) {
        store.saveReport(sessionId(), report);
    }

    /** Stores a plan. */
    public void savePlan(EnhancementPlan plan) {
        store.savePlan(sessionId(), plan);
    }

    /**
     * The current iteration's plan.
     *
     * @throws StateStoreException when it has none stored
     */
    public EnhancementPlan currentPlan() {
        String planId = iteration().planId().orElseThrow(() -> new StateStoreException("Iteration "
                + record.iteration() + " of session " + sessionId() + " is PLANNED but has no plan"));
        return store.plan(sessionId(), planId).orElseThrow(() -> new StateStoreException("Plan '" + planId
                + "' of session " + sessionId() + " is not in the state store"));
    }

    /** The snapshots stored so far, oldest first. */
    public List<SpaceSnapshot> snapshots() {
        return store.snapshots(sessionId());
    }

    // ---- events ------------------------------------------------------------------------------------------------

    /** Records an apply's (or a dry run's preview's) result. */
    public void applied(int iteration, ApplyResult result) {
        event(APPLIED_EVENT, result.applied().size() + " fixes applied to " + result.spaceId(), Map.of(
                "iteration", Integer.toString(iteration), "result", GenieJson.write(result)));
    }

    /** Records an LLM call that gave no usable answer. */
    public void failedCall(int iteration, FailedCall failed) {
        event(FAILED_CALL_EVENT, failed.message(), Map.of("iteration", Integer.toString(iteration),
                "purpose", failed.purpose()));
    }

    /** Records a rollback to a snapshot. */
    public void rolledBack(int iteration, String snapshotId, String why) {
        event(ROLLED_BACK_EVENT, why, Map.of("iteration", Integer.toString(iteration), "snapshotId", snapshotId));
    }

    /** Records that an update is about to be written, with the number of snapshots stored before it. */
    public void applyStarted(int iteration, String what) {
        event(APPLY_STARTED_EVENT, what, Map.of("iteration", Integer.toString(iteration),
                "snapshotsBefore", Integer.toString(snapshots().size())));
    }

    /**
     * The number of snapshots stored before the last update of the iteration started, when one started: the
     * snapshot that update took is the first stored after them.
     */
    public Optional<Integer> snapshotsBeforeApply(int iteration) {
        return store.events(sessionId()).stream()
                .filter(e -> e.type().equals(APPLY_STARTED_EVENT)
                        && Integer.toString(iteration).equals(e.attributes().get("iteration")))
                .reduce((a, b) -> b)
                .map(e -> Integer.parseInt(e.attributes().getOrDefault("snapshotsBefore", "0")));
    }

    /** Records what a stage of an iteration cost. */
    public void stageFinished(int iteration, Stage stage, Duration elapsed, int llmCalls, TokenUsage tokens) {
        event(STAGE_FINISHED_EVENT, stage + " of iteration " + iteration + " took " + elapsed.toMillis() + " ms, "
                + llmCalls + " LLM calls", Map.of(
                "iteration", Integer.toString(iteration),
                "stage", stage.name(),
                "elapsedMillis", Long.toString(elapsed.toMillis()),
                "llmCalls", Integer.toString(llmCalls),
                "promptTokens", Long.toString(tokens.promptTokens()),
                "completionTokens", Long.toString(tokens.completionTokens())));
    }

    /** Records how an eval run agreed with the library's run it was made with. */
    public void evalRunCompared(int iteration, String runId, String evalRunId, double agreement, long counted,
                                List<String> disagreements) {
        event(EVAL_RUN_COMPARED_EVENT, "Databricks' eval run " + evalRunId + " agrees with run " + runId + " on "
                + Math.round(agreement * 1000) / 10.0 + "% of the " + counted + " questions both counted; they "
                + "disagree on " + disagreements.size() + (disagreements.isEmpty() ? "" : " " + disagreements),
                Map.of("iteration", Integer.toString(iteration),
                        "runId", runId,
                        "evalRunId", evalRunId,
                        "agreement", Double.toString(agreement),
                        "counted", Long.toString(counted),
                        "disagreements", String.join(",", disagreements)));
    }

    /** Records an eval run made alongside that failed. */
    public void evalRunFailed(int iteration, String runId, String message) {
        event(EVAL_RUN_FAILED_EVENT, message, Map.of("iteration", Integer.toString(iteration), "runId", runId));
    }

    private void event(String type, String message, Map<String, String> attributes) {
        store.appendEvent(new StateEvent(sessionId(), clock.instant(), type, message, attributes));
    }

    // ---- reading back ------------------------------------------------------------------------------------------

    /** The ids of the held-out benchmarks: a deterministic split by a hash of each benchmark's id. */
    public static Set<String> heldOutIds(SessionSettings settings) {
        return settings.heldOutFraction() == 0 ? Set.of()
                : settings.benchmarks().split(settings.heldOutFraction()).get("held-out").benchmarks().stream()
                .map(Benchmark::id).collect(Collectors.toUnmodifiableSet());
    }

    /** Every iteration as stored, with its reports, plan and change. */
    public List<IterationResult> iterations() {
        return iterations(store, sessionId(), heldOutIds(settings));
    }

    private static List<IterationResult> iterations(StateStore store, String sessionId, Set<String> heldOutIds) {
        List<StateEvent> events = store.events(sessionId);
        List<IterationResult> results = new ArrayList<>();
        for (IterationRecord i : store.iterations(sessionId)) {
            String n = Integer.toString(i.iteration());
            ScoreReport baseline = report(store, sessionId, i.baselineRunId());
            Optional<ScoreReport> validation = i.validationRunId().map(run -> report(store, sessionId, run));
            Optional<ApplyResult> applied = events.stream()
                    .filter(e -> e.type().equals(APPLIED_EVENT) && n.equals(e.attributes().get("iteration")))
                    .reduce((a, b) -> b)
                    .map(e -> GenieJson.read(e.attributes().get("result"), ApplyResult.class,
                            "apply result of iteration " + n + " of session " + sessionId));
            List<FailedCall> failed = events.stream()
                    .filter(e -> e.type().equals(FAILED_CALL_EVENT) && n.equals(e.attributes().get("iteration")))
                    .map(e -> new FailedCall(e.attributes().getOrDefault("purpose", ""), e.message())).toList();
            results.add(new IterationResult(i.iteration(), baseline, i.planId().flatMap(p -> store.plan(sessionId, p)),
                    applied, validation, Accuracy.of(baseline, heldOutIds),
                    validation.map(v -> Accuracy.of(v, heldOutIds)), i.kept().orElse(false), failed, i.paired()));
        }
        return results;
    }

    /**
     * Reads a stored session without claiming it.
     *
     * @throws StateStoreException when the store has no such session
     */
    public static SessionHistory history(StateStore store, String sessionId) {
        SessionRecord record = stored(store, sessionId);
        SessionSettings settings = settingsOf(record);
        Set<String> heldOut = heldOutIds(settings);
        List<IterationResult> iterations = iterations(store, sessionId, heldOut);
        Map<String, ScoreReport> evalRuns = new LinkedHashMap<>();
        for (IterationResult i : iterations) {
            for (String runId : i.validation().map(v -> List.of(i.baseline().runId(), v.runId()))
                    .orElse(List.of(i.baseline().runId()))) {
                store.report(sessionId, runId + EVAL_RUN_SUFFIX).ifPresent(r -> evalRuns.put(runId, r));
            }
        }
        return new SessionHistory(sessionId, settings.spaceId(), settings.workingSpaceId(), settings.applyMode(),
                record.stage(), stopOf(record).map(SessionStop::reason), settings.targetAccuracy(),
                settings.minCoverage(), settings.benchmarks(), heldOut, record.createdAt(), record.updatedAt(),
                iterations, stageStats(store.events(sessionId)), evalRuns);
    }

    /** The {@value #STAGE_FINISHED_EVENT} events, each stage's cost. */
    private static List<StageStats> stageStats(List<StateEvent> events) {
        return events.stream().filter(e -> e.type().equals(STAGE_FINISHED_EVENT)).map(e -> new StageStats(
                Integer.parseInt(e.attributes().get("iteration")), Stage.valueOf(e.attributes().get("stage")),
                Duration.ofMillis(Long.parseLong(e.attributes().get("elapsedMillis"))),
                Integer.parseInt(e.attributes().getOrDefault("llmCalls", "0")),
                new TokenUsage(Long.parseLong(e.attributes().getOrDefault("promptTokens", "0")),
                        Long.parseLong(e.attributes().getOrDefault("completionTokens", "0"))))).toList();
    }

    private static ScoreReport report(StateStore store, String sessionId, String runId) {
        return store.report(sessionId, runId).orElseThrow(() -> new StateStoreException("Score run '" + runId
                + "' of session " + sessionId + " is not in the state store"));
    }
}
