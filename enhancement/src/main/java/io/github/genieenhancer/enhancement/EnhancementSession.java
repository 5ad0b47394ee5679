package io.github.genieenhancer.enhancement;

import com.databricks.sdk.WorkspaceClient;
import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.IncompleteScoreException;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.StateStoreException;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.fix.ApplyResult;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.fix.RejectedFix;
import io.github.genieenhancer.core.progress.ProgressEvent;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.progress.Stage;
import io.github.genieenhancer.core.score.PairedScore;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.state.IterationRecord;
import io.github.genieenhancer.core.state.SessionOwner;
import io.github.genieenhancer.core.state.SessionRecord;
import io.github.genieenhancer.core.state.SessionStage;
import io.github.genieenhancer.core.state.SpaceSnapshot;
import io.github.genieenhancer.core.state.StateEvent;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.enhancement.internal.Propagation;
import io.github.genieenhancer.enhancement.internal.SessionSettings;
import io.github.genieenhancer.enhancement.internal.SpaceScorer;
import io.github.genieenhancer.genie.BatchGenieClient;
import io.github.genieenhancer.genie.GenieClient;
import io.github.genieenhancer.genie.Space;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.genie.SpaceCloner;
import io.github.genieenhancer.genie.SqlExecutor;
import io.github.genieenhancer.llm.LlmClient;
import io.github.genieenhancer.scoring.BatchScorer;
import io.github.genieenhancer.scoring.Judge;
import io.github.genieenhancer.scoring.ScoringOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The enhancement loop over one Genie space: score the benchmarks, plan fixes from the failures, apply them in one
 * update, validate by scoring again; keep the change or roll it back; repeat until the target accuracy, the
 * iteration limit, or an iteration without gain.
 *
 * <pre>{@code
 * EnhancementSession session = EnhancementSession.builder()
 *     .workspace(ws)
 *     .spaceId("01ef...")
 *     .warehouseId("abc123")
 *     .benchmarks(BenchmarkSet.load(Path.of("benchmarks.yaml")))
 *     .llm(LlmClient.databricks(ws, "databricks-claude-sonnet-4"))
 *     .applyMode(ApplyMode.CLONE)
 *     .stateStore(StateStore.directory(Path.of(".genie-enhancer")))
 *     .build();
 * EnhancementResult result = session.run();
 * }</pre>
 *
 * <p>The four stages can also be run one by one ({@link #score()}, {@link #plan(ScoreReport)},
 * {@link #apply(EnhancementPlan)}, {@link #validate()}), as the original wizard and job tasks do. Scores come from
 * scoring's {@link BatchScorer}, which writes each question's result to the {@link StateStore} as it completes;
 * every stage's outcome is written there before the next starts, so a session that crashed at any point continues
 * with {@link #resume} (or {@link Builder#resume}) without asking Genie again what it already answered. Stage
 * methods of one session are serialised.
 *
 * <p>Nothing is decided on an incomplete score: a run with fewer questions counted than the
 * {@linkplain Builder#minCoverage minimum coverage}, or one whose space was edited while it was scored, throws an
 * {@link IncompleteScoreException} and leaves the session at its stage, with no keep, rollback or target decided;
 * running it again resumes the run, asking the excluded questions again. Keeping or rolling back compares the
 * baseline and the validation on the tuning questions counted in both ({@link PairedScore}).
 *
 * <p>A session has one owner at a time: building or resuming it claims it in the store (a {@link SessionOwner}),
 * and every write is checked against that claim, so a second process resuming the same session is refused before
 * it writes anything, with a {@link io.github.genieenhancer.core.SessionOwnedException} saying who holds it and
 * until when. The claim is renewed while the session works and released when the loop finishes or the session is
 * {@linkplain #close() closed}; a crashed owner's claim expires after {@link Builder#leaseDuration}, or is taken
 * over at once with {@link Builder#takeOver}.
 */
public final class EnhancementSession implements AutoCloseable {
    private static final String APPLIED_EVENT = "applied";
    private static final String FAILED_CALL_EVENT = "llm_call_failed";
    private static final String ROLLED_BACK_EVENT = "rolled_back";
    private static final String APPLY_STARTED_EVENT = "apply_started";
    /** Each stage's cost: attributes iteration, stage, elapsedMillis, llmCalls, promptTokens, completionTokens. */
    private static final String STAGE_FINISHED_EVENT = "stage_finished";
    /** The run id of Databricks' eval run made alongside a library run, after the library run's id. */
    private static final String EVAL_RUN_SUFFIX = "-eval-run";

    private final StateStore store;
    private final SessionOwner owner;
    private final SpaceApi spaces;
    private final SpaceCloner cloner;
    private final SpaceScorer scorer;
    private final CategoryEnhancer enhancer;
    private final FixValidator validator;
    private final Applier applier;
    private final ProgressListener listener;
    private final Clock clock;
    private final ApplyMode mode;
    private final Set<String> heldOutIds;
    private SessionSettings settings;
    private SessionRecord record;

    private EnhancementSession(Parts parts, SessionSettings settings, SessionRecord record, SessionOwner owner) {
        this.owner = owner;
        this.store = owner.store();
        this.spaces = SpaceApi.create(parts.workspace());
        this.cloner = SpaceCloner.create(spaces);
        // Every step of progress (a question scored, an LLM call) renews the claim when due.
        this.listener = ProgressListener.of(event -> owner.renewIfDue(), parts.listener());
        this.clock = parts.clock();
        this.settings = settings;
        this.record = record;
        this.mode = ApplyMode.valueOf(settings.applyMode());
        this.heldOutIds = heldOutIds(settings);
        SqlExecutor warehouse = SqlExecutor.builder(parts.workspace()).warehouseId(settings.warehouseId()).build();
        this.scorer = parts.scorer().orElseGet(() -> batchScorer(parts, warehouse));
        this.enhancer = CategoryEnhancer.builder(parts.llm()).build();
        this.validator = FixValidator.builder().benchmarks(settings.benchmarks()).warehouse(warehouse).build();
        this.applier = Applier.builder(spaces, store).validator(validator).progressListener(this.listener)
                .sessionId(record.id()).clock(clock).build();
    }

    /**
     * The default scorer: scoring's {@link BatchScorer}, writing each question's result under this session as it
     * completes, so a scoring run cut short resumes with its stable run id without asking Genie again.
     */
    private SpaceScorer batchScorer(Parts parts, SqlExecutor warehouse) {
        GenieClient genie = parts.genie().orElseGet(() -> GenieClient.create(parts.workspace()));
        ScoringOptions.Builder options = ScoringOptions.builder().stateStore(store).sessionId(record.id())
                .clock(clock).minCoverage(settings.minCoverage());
        parts.judge().ifPresent(options::judge);
        ScoringOptions base = options.build();
        return (runId, spaceId, benchmarks, progress) -> {
            // One batch per run: its threads end with the run, so a session needs no closing.
            try (BatchGenieClient batch = BatchGenieClient.create(genie);
                 BatchScorer scorer = BatchScorer.create(batch, warehouse, spaces,
                         base.toBuilder().progressListener(progress).build())) {
                return scorer.score(spaceId, benchmarks, runId);
            }
        };
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Continues a stored session where it stopped, with the settings it was created with, the default Genie client
     * and progress listener, and no judge; {@link Builder#resume} gives those again.
     *
     * @param store     the store the session was written to
     * @param sessionId the session's id ({@link #id()}, {@link EnhancementResult#sessionId()})
     * @param workspace the workspace, authenticated again
     * @param llm       the model to plan with
     * @throws StateStoreException when the store has no such session
     */
    public static EnhancementSession resume(StateStore store, String sessionId, WorkspaceClient workspace,
                                            LlmClient llm) {
        return builder().stateStore(store).workspace(workspace).llm(llm).resume(sessionId);
    }

    /** The session's id, to resume it. */
    public String id() {
        return record.id();
    }

    /**
     * Releases the session's claim, so another process may resume it at once; the session object is not used
     * afterwards (except {@link #promote()}, which claims it again). Finishing the loop releases it too.
     */
    @Override
    public void close() {
        owner.release();
    }

    /** The stage the session stands at. */
    public synchronized SessionStage stage() {
        return record.stage();
    }

    /** The least share of a score's questions that must be counted for the session to decide anything on it. */
    public synchronized double minCoverage() {
        return settings.minCoverage();
    }

    /** The space changes go to: the copy in {@link ApplyMode#CLONE} mode once made, else the space itself. */
    public synchronized String workingSpaceId() {
        return settings.workingSpaceId().orElse(settings.spaceId());
    }

    /**
     * Runs the loop from wherever the session stands until it stops.
     *
     * @return every iteration and why the loop stopped
     * @throws IncompleteScoreException when a score is incomplete; the session stays at its stage, and running it
     *                                  again resumes the score
     */
    public synchronized EnhancementResult run() {
        while (true) {
            switch (record.stage()) {
                case CREATED -> score();
                case SCORED -> {
                    ScoreReport baseline = report(iteration().baselineRunId());
                    if (accuracy(baseline).tuning() >= settings.targetAccuracy()) {
                        return finish(StopReason.TARGET_REACHED);
                    }
                    plan(baseline);
                }
                case PLANNED -> {
                    // Decided here, not right after planning, so that a session resumed at PLANNED decides the same.
                    EnhancementPlan plan = currentPlan();
                    if (mode == ApplyMode.DRY_RUN) {
                        recordApplied(iteration().iteration(), applier.preview(workingSpaceId(), plan));
                        return finish(StopReason.DRY_RUN);
                    }
                    if (plan.isEmpty()) {
                        return finish(StopReason.NO_FIXES);
                    }
                    apply(plan);
                }
                case APPLIED -> validate();
                case VALIDATED -> {
                    Optional<StopReason> stop = stopReason(iteration());
                    if (stop.isPresent()) {
                        return finish(stop.get());
                    }
                    startNextIteration();
                }
                case FINISHED -> {
                    owner.release();
                    return result(StopReason.valueOf(record.settings().getOrDefault("stopReason",
                            StopReason.ITERATION_LIMIT.name())));
                }
                case FAILED -> throw new IllegalStateException("Session " + id() + " failed and cannot continue");
            }
        }
    }

    /**
     * Scores the working space against every benchmark, starting a new iteration with that score as its baseline.
     *
     * @throws IllegalStateException    when the current iteration's plan is not applied and validated yet
     * @throws IncompleteScoreException when the score is incomplete: no iteration starts, the session stays at its
     *                                  stage, and scoring again resumes the run
     */
    public synchronized ScoreReport score() {
        requireStage("score", SessionStage.CREATED, SessionStage.VALIDATED);
        int next = record.iteration() + 1;
        ScoreReport report = scoreRun("i" + next + "-baseline", Stage.SCORE);
        store.saveIteration(new IterationRecord(id(), next, report.runId(), Optional.empty(), Optional.empty(),
                Optional.empty(), accuracy(report).tuning(), Optional.empty(), Optional.empty(), clock.instant()));
        advance(SessionStage.SCORED, next);
        return report;
    }

    /**
     * Analyses the baseline's failures on the tuning benchmarks and proposes fixes, validated against the working
     * space as it is now. Held-out benchmarks never drive fixes.
     *
     * @param baseline the current iteration's baseline (from {@link #score()})
     * @return the plan: the fixes that passed validation, and those refused with their reasons
     */
    public synchronized EnhancementPlan plan(ScoreReport baseline) {
        requireStage("plan", SessionStage.SCORED);
        IterationRecord iteration = iteration();
        Instant started = clock.instant();
        listener.onEvent(new ProgressEvent.StageStarted(Stage.PLAN, baseline.failures().size()));
        List<QuestionResult> tuningFailures = baseline.failures().stream()
                .filter(r -> !heldOutIds.contains(r.benchmarkId())).toList();
        Space working = spaces.get(workingSpaceId());
        Proposals proposals = enhancer.propose(working.spaceId(), working.config(), tuningFailures);
        FixValidation validation = validator.validate(proposals.fixes(), working.config());
        List<RejectedFix> rejected = new ArrayList<>(proposals.rejected());
        rejected.addAll(validation.rejected());
        EnhancementPlan plan = new EnhancementPlan("i" + iteration.iteration() + "-plan", baseline.runId(),
                clock.instant(), validation.accepted(), rejected);
        store.savePlan(id(), plan);
        for (FailedCall failed : proposals.failedCalls()) {
            event(FAILED_CALL_EVENT, failed.message(), Map.of("iteration", Integer.toString(iteration.iteration()),
                    "purpose", failed.purpose()));
        }
        rejected.forEach(r -> listener.onEvent(new ProgressEvent.FixRejected(r)));
        store.saveIteration(with(iteration, Optional.of(plan.planId()), iteration.snapshotId(),
                iteration.validationRunId(), iteration.accuracyAfter(), iteration.kept()));
        advance(SessionStage.PLANNED, iteration.iteration());
        listener.onEvent(new ProgressEvent.StageFinished(Stage.PLAN, Duration.between(started, clock.instant())));
        return plan;
    }

    /**
     * Applies a plan to the working space in one update, after a snapshot. In {@link ApplyMode#CLONE} mode the first
     * apply makes the copy. In {@link ApplyMode#DRY_RUN} mode nothing is written and the session does not advance:
     * the result says what would change, with {@link Applier#NO_SNAPSHOT} as its snapshot id.
     *
     * @throws io.github.genieenhancer.core.SpaceConflictException when the space changed since it was read; nothing
     *                                                             is written and the session stays at PLANNED, so
     *                                                             applying again re-reads the space
     */
    public synchronized ApplyResult apply(EnhancementPlan plan) {
        requireStage("apply", SessionStage.PLANNED);
        if (mode == ApplyMode.DRY_RUN) {
            return applier.preview(workingSpaceId(), plan);
        }
        IterationRecord iteration = iteration();
        Instant started = clock.instant();
        listener.onEvent(new ProgressEvent.StageStarted(Stage.APPLY, plan.fixes().size()));
        if (mode == ApplyMode.CLONE && settings.workingSpaceId().isEmpty()) {
            saveSettings(settings.withWorkingSpace(cloner.copy(settings.spaceId()).spaceId()));
        }
        ApplyResult result = interruptedApply(iteration.iteration(), plan).orElseGet(() -> {
            event(APPLY_STARTED_EVENT, "applying " + plan.planId() + " to " + workingSpaceId(), Map.of(
                    "iteration", Integer.toString(iteration.iteration()),
                    "snapshotsBefore", Integer.toString(store.snapshots(id()).size())));
            return applier.apply(workingSpaceId(), plan);
        });
        recordApplied(iteration.iteration(), result);
        store.saveIteration(with(iteration, iteration.planId(), Optional.of(result.snapshotId()),
                iteration.validationRunId(), iteration.accuracyAfter(), iteration.kept()));
        advance(SessionStage.APPLIED, iteration.iteration());
        listener.onEvent(new ProgressEvent.StageFinished(Stage.APPLY, Duration.between(started, clock.instant())));
        return result;
    }

    /**
     * Waits the propagation delay, scores the working space again and compares with the iteration's baseline on the
     * tuning questions counted in both runs. When that paired accuracy dropped (and rollback on regression is on)
     * the update is rolled back.
     *
     * @return the validation score
     * @throws IncompleteScoreException when the validation is incomplete: the update is neither kept nor rolled
     *                                  back, the session stays at APPLIED, and validating again resumes the run
     */
    public synchronized ScoreReport validate() {
        requireStage("validate", SessionStage.APPLIED);
        IterationRecord iteration = iteration();
        Propagation.await(settings.propagationWait());
        ScoreReport report = scoreRun("i" + iteration.iteration() + "-validation", Stage.VALIDATE);
        double after = accuracy(report).tuning();
        PairedScore paired = PairedScore.of(report(iteration.baselineRunId()), report,
                id -> !heldOutIds.contains(id));
        boolean kept = !(settings.rollbackOnRegression() && paired.accuracyAfter() < paired.accuracyBefore());
        if (!kept) {
            String snapshotId = iteration.snapshotId().orElseThrow(() -> new StateStoreException(
                    "Iteration " + iteration.iteration() + " of session " + id() + " has no snapshot to roll back to"));
            applier.rollback(snapshotId);
            event(ROLLED_BACK_EVENT, "accuracy fell from " + paired.accuracyBefore() + " to " + paired.accuracyAfter()
                    + " on the " + paired.paired() + " tuning questions counted in both runs",
                    Map.of("iteration", Integer.toString(iteration.iteration()), "snapshotId", snapshotId));
        }
        store.saveIteration(new IterationRecord(id(), iteration.iteration(), iteration.baselineRunId(),
                iteration.planId(), iteration.snapshotId(), Optional.of(report.runId()), iteration.accuracyBefore(),
                Optional.of(after), Optional.of(kept), clock.instant(), Optional.of(paired)));
        advance(SessionStage.VALIDATED, iteration.iteration());
        listener.onEvent(new ProgressEvent.IterationFinished(iteration.iteration(), iteration.accuracyBefore(), after,
                kept));
        return report;
    }

    /**
     * Copies the working space's configuration onto the original space ({@link ApplyMode#CLONE} mode), after a
     * snapshot of the original; the original's benchmarks are kept.
     *
     * @return the change made to the original, with the fixes of every kept iteration
     * @throws IllegalStateException when the session is not in CLONE mode or made no copy yet
     */
    public synchronized ApplyResult promote() {
        if (mode != ApplyMode.CLONE || settings.workingSpaceId().isEmpty()) {
            throw new IllegalStateException("Only a CLONE session that applied a plan has a copy to promote");
        }
        // A finished session released its claim: claim it back, unless another process holds it now.
        owner.renew();
        SpaceConfig copy = spaces.get(settings.workingSpaceId().get()).config();
        List<PlannedFix> kept = new ArrayList<>();
        for (IterationResult i : iterations()) {
            if (i.kept()) {
                i.applied().ifPresent(a -> kept.addAll(a.applied()));
            }
        }
        return applier.replace(settings.spaceId(), copy, kept);
    }

    // ---- loop helpers ------------------------------------------------------------------------------------------

    /**
     * The target is the kept validation's own tuning accuracy; a gain is one on the questions counted in both runs
     * (an iteration validated before pairing compares the two runs' own accuracies).
     */
    private Optional<StopReason> stopReason(IterationRecord last) {
        double after = last.accuracyAfter().orElse(last.accuracyBefore());
        boolean kept = last.kept().orElse(false);
        if (kept && after >= settings.targetAccuracy()) {
            return Optional.of(StopReason.TARGET_REACHED);
        }
        if (last.iteration() >= settings.maxIterations()) {
            return Optional.of(StopReason.ITERATION_LIMIT);
        }
        boolean gained = last.paired().map(p -> p.accuracyAfter() > p.accuracyBefore())
                .orElse(after > last.accuracyBefore());
        if (!kept || !gained) {
            return Optional.of(StopReason.NO_GAIN);
        }
        return Optional.empty();
    }

    /** The next iteration's baseline is the kept validation, or the last baseline after a rollback. */
    private void startNextIteration() {
        IterationRecord last = iteration();
        boolean kept = last.kept().orElse(false);
        String baselineRunId = kept ? last.validationRunId().orElseThrow() : last.baselineRunId();
        double before = kept ? last.accuracyAfter().orElseThrow() : last.accuracyBefore();
        int next = last.iteration() + 1;
        store.saveIteration(new IterationRecord(id(), next, baselineRunId, Optional.empty(), Optional.empty(),
                Optional.empty(), before, Optional.empty(), Optional.empty(), clock.instant()));
        advance(SessionStage.SCORED, next);
    }

    /**
     * After a crash during apply the plan may already be in the space. The snapshot the interrupted apply took is
     * the first one stored after its {@code apply_started} event; when the live space equals that snapshot with the
     * plan made, the update landed and is recorded instead of being applied a second time.
     */
    private Optional<ApplyResult> interruptedApply(int iteration, EnhancementPlan plan) {
        Optional<StateEvent> started = store.events(id()).stream()
                .filter(e -> e.type().equals(APPLY_STARTED_EVENT)
                        && Integer.toString(iteration).equals(e.attributes().get("iteration")))
                .reduce((a, b) -> b);
        if (started.isEmpty()) {
            return Optional.empty();
        }
        List<SpaceSnapshot> snapshots = store.snapshots(id());
        int before = Integer.parseInt(started.get().attributes().getOrDefault("snapshotsBefore", "0"));
        Optional<SpaceSnapshot> taken = snapshots.subList(Math.min(before, snapshots.size()), snapshots.size())
                .stream().filter(s -> s.spaceId().equals(workingSpaceId())).findFirst();
        if (taken.isEmpty()) {
            return Optional.empty();
        }
        SpaceConfig read = SpaceConfig.parse(taken.get().serializedSpace(), "snapshot " + taken.get().id());
        Space live = spaces.get(workingSpaceId());
        FixValidation redo = validator.validate(plan.fixes(), read);
        if (redo.accepted().isEmpty() || !live.config().withBenchmarksOf(redo.edited()).equals(redo.edited())) {
            return Optional.empty();
        }
        List<RejectedFix> rejected = new ArrayList<>(plan.rejected());
        rejected.addAll(redo.rejected());
        return Optional.of(new ApplyResult(workingSpaceId(), taken.get().id(), read.diffTo(live.config()),
                redo.accepted(), rejected, live.etag(), clock.instant()));
    }

    /**
     * A complete run already stored is not scored again; the scorer resumes one it stored in part, or incomplete.
     *
     * @throws IncompleteScoreException when the run is incomplete; it is stored, and nothing is decided on it
     */
    private ScoreReport scoreRun(String runId, Stage stage) {
        Optional<ScoreReport> stored = store.report(id(), runId);
        if (stored.isPresent() && stored.get().isComplete(settings.minCoverage())) {
            return stored.get();
        }
        ScoreReport report = scorer.score(runId, workingSpaceId(), settings.benchmarks(), relabelled(stage));
        store.saveReport(id(), report);
        return report.requireComplete(settings.minCoverage());
    }

    /** The listener, hearing the scorer's SCORE stage as the given one (a validation scores too). */
    private ProgressListener relabelled(Stage stage) {
        return event -> {
            if (event instanceof ProgressEvent.StageStarted s && s.stage() == Stage.SCORE) {
                listener.onEvent(new ProgressEvent.StageStarted(stage, s.total()));
            } else if (event instanceof ProgressEvent.StageFinished f && f.stage() == Stage.SCORE) {
                listener.onEvent(new ProgressEvent.StageFinished(stage, f.elapsed()));
            } else {
                listener.onEvent(event);
            }
        };
    }

    private EnhancementResult finish(StopReason reason) {
        Map<String, String> map = new java.util.LinkedHashMap<>(record.settings());
        map.put("stopReason", reason.name());
        record = store.saveSession(new SessionRecord(record.id(), record.spaceId(), SessionStage.FINISHED,
                record.iteration(), record.createdAt(), clock.instant(), record.version(), map));
        owner.release();
        return result(reason);
    }

    private EnhancementResult result(StopReason reason) {
        return new EnhancementResult(id(), settings.spaceId(), settings.workingSpaceId(), mode, iterations(), reason,
                settings.targetAccuracy(), settings.minCoverage());
    }

    /** Every iteration as stored, with its reports, plan and change. */
    private List<IterationResult> iterations() {
        return iterations(store, id(), heldOutIds);
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
     * Reads a stored session without a workspace and without claiming it: its settings, where it stands, every
     * iteration with its scores, plan and change, and what each stage cost. Safe while another process runs it.
     *
     * @throws StateStoreException when the store has no such session
     */
    public static SessionHistory history(StateStore store, String sessionId) {
        SessionRecord record = store.session(requireId(sessionId)).orElseThrow(() -> new StateStoreException(
                "No session '" + sessionId + "' in the state store"));
        SessionSettings settings = SessionSettings.fromMap(sessionId, record.settings());
        Set<String> heldOut = heldOutIds(settings);
        List<IterationResult> iterations = iterations(store, sessionId, heldOut);
        Map<String, ScoreReport> evalRuns = new java.util.LinkedHashMap<>();
        for (IterationResult i : iterations) {
            for (String runId : i.validation().map(v -> List.of(i.baseline().runId(), v.runId()))
                    .orElse(List.of(i.baseline().runId()))) {
                store.report(sessionId, runId + EVAL_RUN_SUFFIX).ifPresent(r -> evalRuns.put(runId, r));
            }
        }
        Optional<StopReason> stop = Optional.ofNullable(record.settings().get("stopReason")).map(StopReason::valueOf);
        return new SessionHistory(sessionId, settings.spaceId(), settings.workingSpaceId(),
                ApplyMode.valueOf(settings.applyMode()), record.stage(), stop, settings.targetAccuracy(),
                settings.minCoverage(), settings.benchmarks(), heldOut, record.createdAt(), record.updatedAt(),
                iterations, stageStats(store.events(sessionId)), evalRuns);
    }

    /** The {@value #STAGE_FINISHED_EVENT} events, each stage's cost. */
    private static List<StageStats> stageStats(List<StateEvent> events) {
        return events.stream().filter(e -> e.type().equals(STAGE_FINISHED_EVENT)).map(e -> new StageStats(
                Integer.parseInt(e.attributes().get("iteration")), Stage.valueOf(e.attributes().get("stage")),
                Duration.ofMillis(Long.parseLong(e.attributes().get("elapsedMillis"))),
                Integer.parseInt(e.attributes().getOrDefault("llmCalls", "0")),
                new io.github.genieenhancer.core.progress.TokenUsage(
                        Long.parseLong(e.attributes().getOrDefault("promptTokens", "0")),
                        Long.parseLong(e.attributes().getOrDefault("completionTokens", "0"))))).toList();
    }

    private static Set<String> heldOutIds(SessionSettings settings) {
        return settings.heldOutFraction() == 0 ? Set.of()
                : settings.benchmarks().split(settings.heldOutFraction()).get("held-out").benchmarks().stream()
                .map(Benchmark::id).collect(Collectors.toUnmodifiableSet());
    }

    private static String requireId(String sessionId) {
        if (Objects.requireNonNull(sessionId, "sessionId").isBlank()) {
            throw new ConfigurationException("sessionId must not be blank");
        }
        return sessionId;
    }

    private void recordApplied(int iteration, ApplyResult result) {
        event(APPLIED_EVENT, result.applied().size() + " fixes applied to " + result.spaceId(), Map.of(
                "iteration", Integer.toString(iteration), "result", GenieJson.write(result)));
    }

    private Accuracy accuracy(ScoreReport report) {
        return Accuracy.of(report, heldOutIds);
    }

    private ScoreReport report(String runId) {
        return report(store, id(), runId);
    }

    private static ScoreReport report(StateStore store, String sessionId, String runId) {
        return store.report(sessionId, runId).orElseThrow(() -> new StateStoreException("Score run '" + runId
                + "' of session " + sessionId + " is not in the state store"));
    }

    /**
     * The iteration the session stands at. Not simply the last one stored: a crash between storing the next
     * iteration and advancing the session leaves a newer record than the session's own.
     */
    private IterationRecord iteration() {
        int current = record.iteration();
        return store.iterations(id()).stream().filter(i -> i.iteration() == current).findFirst()
                .orElseThrow(() -> new StateStoreException("Session " + id() + " has no iteration " + current
                        + " in the state store"));
    }

    private EnhancementPlan currentPlan() {
        String planId = iteration().planId().orElseThrow(() -> new StateStoreException("Iteration "
                + record.iteration() + " of session " + id() + " is PLANNED but has no plan"));
        return store.plan(id(), planId).orElseThrow(() -> new StateStoreException("Plan '" + planId
                + "' of session " + id() + " is not in the state store"));
    }

    private IterationRecord with(IterationRecord i, Optional<String> planId, Optional<String> snapshotId,
                                 Optional<String> validationRunId, Optional<Double> after, Optional<Boolean> kept) {
        return new IterationRecord(id(), i.iteration(), i.baselineRunId(), planId, snapshotId, validationRunId,
                i.accuracyBefore(), after, kept, clock.instant(), i.paired());
    }

    private void requireStage(String action, SessionStage... allowed) {
        for (SessionStage s : allowed) {
            if (record.stage() == s) {
                return;
            }
        }
        throw new IllegalStateException("Cannot " + action + " session " + id() + " at stage " + record.stage()
                + "; expected " + List.of(allowed));
    }

    private void advance(SessionStage stage, int iteration) {
        record = store.saveSession(record.advance(stage, iteration, clock.instant()));
    }

    private void saveSettings(SessionSettings next) {
        settings = next;
        record = store.saveSession(new SessionRecord(record.id(), record.spaceId(), record.stage(),
                record.iteration(), record.createdAt(), clock.instant(), record.version(), next.toMap()));
    }

    private void event(String type, String message, Map<String, String> attributes) {
        store.appendEvent(new StateEvent(id(), clock.instant(), type, message, attributes));
    }

    /** What a session is made of besides its stored settings: given again on resume. */
    private record Parts(StateStore store, WorkspaceClient workspace, LlmClient llm, Optional<GenieClient> genie,
                         Optional<Judge> judge, Optional<SpaceScorer> scorer, ProgressListener listener,
                         Clock clock) {
    }

    /** Options of an {@link EnhancementSession}. */
    public static final class Builder {
        private WorkspaceClient workspace;
        private String spaceId;
        private String warehouseId;
        private BenchmarkSet benchmarks;
        private LlmClient llm;
        private double targetAccuracy = 0.9;
        private int maxIterations = 3;
        private ApplyMode applyMode = ApplyMode.DRY_RUN;
        private StateStore stateStore;
        private ProgressListener progressListener;
        private Duration propagationWait = Duration.ofSeconds(30);
        private double heldOutFraction;
        private boolean rollbackOnRegression = true;
        private Double minCoverage;
        private String sessionId;
        private GenieClient genie;
        private Judge judge;
        private SpaceScorer scorer;
        private Clock clock = Clock.systemUTC();
        private boolean takeOver;
        private Duration leaseDuration = SessionOwner.DEFAULT_LEASE_DURATION;

        private Builder() {
        }

        /** The workspace holding the space (required). */
        public Builder workspace(WorkspaceClient workspace) {
            this.workspace = Objects.requireNonNull(workspace, "workspace");
            return this;
        }

        /** The space to enhance (required). */
        public Builder spaceId(String spaceId) {
            this.spaceId = requireText(spaceId, "spaceId");
            return this;
        }

        /** The SQL warehouse that runs the expected SQL and checks fixes (required). */
        public Builder warehouseId(String warehouseId) {
            this.warehouseId = requireText(warehouseId, "warehouseId");
            return this;
        }

        /** The benchmarks to score with (required). */
        public Builder benchmarks(BenchmarkSet benchmarks) {
            this.benchmarks = Objects.requireNonNull(benchmarks, "benchmarks");
            return this;
        }

        /** The model that analyses failures and proposes fixes (required). */
        public Builder llm(LlmClient llm) {
            this.llm = Objects.requireNonNull(llm, "llm");
            return this;
        }

        /** The tuning accuracy, 0 to 1, at which the loop stops (default 0.9). */
        public Builder targetAccuracy(double targetAccuracy) {
            if (!(targetAccuracy > 0 && targetAccuracy <= 1)) {
                throw new ConfigurationException("targetAccuracy must be in (0, 1], got " + targetAccuracy);
            }
            this.targetAccuracy = targetAccuracy;
            return this;
        }

        /** The most iterations the loop runs (default 3). */
        public Builder maxIterations(int maxIterations) {
            if (maxIterations < 1) {
                throw new ConfigurationException("maxIterations must be at least 1, got " + maxIterations);
            }
            this.maxIterations = maxIterations;
            return this;
        }

        /** How spaces are changed (default {@link ApplyMode#DRY_RUN}: nothing is written unless asked). */
        public Builder applyMode(ApplyMode applyMode) {
            this.applyMode = Objects.requireNonNull(applyMode, "applyMode");
            return this;
        }

        /** Where the session's state goes (default {@link StateStore#defaultStore()}). */
        public Builder stateStore(StateStore stateStore) {
            this.stateStore = Objects.requireNonNull(stateStore, "stateStore");
            return this;
        }

        /** Receives progress (default {@link ProgressListener#defaultListener()}). */
        public Builder progressListener(ProgressListener progressListener) {
            this.progressListener = Objects.requireNonNull(progressListener, "progressListener");
            return this;
        }

        /**
         * How long to wait after an update before scoring again (default 30 s: Databricks needs about that long to
         * serve the new configuration; tests use {@link Duration#ZERO}).
         */
        public Builder propagationWait(Duration propagationWait) {
            if (Objects.requireNonNull(propagationWait, "propagationWait").isNegative()) {
                throw new ConfigurationException("propagationWait must not be negative, got " + propagationWait);
            }
            this.propagationWait = propagationWait;
            return this;
        }

        /**
         * The share of benchmarks, 0 to under 1, held out: scored and reported but never used to plan fixes
         * (default 0). The split is deterministic, by a hash of each benchmark's id.
         */
        public Builder heldOutFraction(double heldOutFraction) {
            if (!(heldOutFraction >= 0 && heldOutFraction < 1)) {
                throw new ConfigurationException("heldOutFraction must be in [0, 1), got " + heldOutFraction);
            }
            this.heldOutFraction = heldOutFraction;
            return this;
        }

        /**
         * Whether an iteration whose tuning accuracy drops, on the questions counted in both the baseline and the
         * validation, is rolled back (default true).
         */
        public Builder rollbackOnRegression(boolean rollbackOnRegression) {
            this.rollbackOnRegression = rollbackOnRegression;
            return this;
        }

        /**
         * The least share of a score's questions, 0 to 1, that must be counted (not excluded) for the session to
         * decide anything on it (default {@value ScoringOptions#DEFAULT_MIN_COVERAGE}). Below it, or when the space
         * was edited while it was scored, the score throws an {@link IncompleteScoreException} and the session stays
         * at its stage. Stored with the session; given on {@link #resume}, it replaces the stored one (e.g. to
         * continue a session some of whose questions can never be answered).
         *
         * @throws ConfigurationException unless it is within [0, 1]
         */
        public Builder minCoverage(double minCoverage) {
            this.minCoverage = ScoringOptions.requireFraction(minCoverage);
            return this;
        }

        /** The session's id in the store (default: a random one). */
        public Builder sessionId(String sessionId) {
            this.sessionId = requireText(sessionId, "sessionId");
            return this;
        }

        /**
         * The client that asks Genie the benchmark questions (default {@code GenieClient.create(workspace)}: the
         * documented 5 questions a minute, polling from 1 s up to 10 s). Give one with {@code questionsPerMinute}
         * raised when the workspace allows more. Like the workspace it is not stored: give it again on resume.
         */
        public Builder genie(GenieClient genie) {
            this.genie = Objects.requireNonNull(genie, "genie");
            return this;
        }

        /**
         * Reviews incorrect answers while scoring, e.g. {@link LlmJudge}; one it flags becomes
         * {@code NEEDS_REVIEW}, still counted and never correct (default: none). Not stored: give it again on
         * resume.
         */
        public Builder judge(Judge judge) {
            this.judge = Objects.requireNonNull(judge, "judge");
            return this;
        }

        /**
         * For {@link #resume}: continue the session even while another process holds it (default false). Use it when
         * that process is known to be gone (it crashed and its claim has not expired yet); if it still runs, it is
         * refused at its next write.
         */
        public Builder takeOver(boolean takeOver) {
            this.takeOver = takeOver;
            return this;
        }

        /**
         * How long the session's claim holds without renewal (default {@link SessionOwner#DEFAULT_LEASE_DURATION}):
         * after a crash, how long until another process may resume the session without taking it over. It is
         * renewed every third of that while the session works.
         */
        public Builder leaseDuration(Duration leaseDuration) {
            if (Objects.requireNonNull(leaseDuration, "leaseDuration").toMillis() < 1) {
                throw new ConfigurationException("leaseDuration must be positive, got " + leaseDuration);
            }
            this.leaseDuration = leaseDuration;
            return this;
        }

        /** Replaces the batch scorer; for tests that decide each verdict themselves. */
        Builder scorer(SpaceScorer scorer) {
            this.scorer = scorer;
            return this;
        }

        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Builds the session, stores it and claims it for this process.
         *
         * @throws ConfigurationException when a required option is missing
         */
        public EnhancementSession build() {
            require(spaceId, "spaceId");
            require(warehouseId, "warehouseId");
            require(benchmarks, "benchmarks");
            if (benchmarks.size() == 0) {
                throw new ConfigurationException("benchmarks must hold at least one benchmark");
            }
            Parts parts = parts();
            SessionSettings settings = new SessionSettings(spaceId, warehouseId, benchmarks, targetAccuracy,
                    maxIterations, applyMode.name(), propagationWait, heldOutFraction, rollbackOnRegression,
                    Optional.empty(), minCoverage != null ? minCoverage : ScoringOptions.DEFAULT_MIN_COVERAGE);
            String id = sessionId != null ? sessionId : "session-" + UUID.randomUUID();
            SessionRecord record = parts.store().saveSession(SessionRecord.create(id, spaceId, settings.toMap(),
                    clock.instant()));
            return new EnhancementSession(parts, settings, record, claim(parts, id, false));
        }

        /**
         * Continues a stored session where it stopped. The session keeps the settings it was created with (space,
         * warehouse, benchmarks, target, limits, mode, waits); of this builder only what is not stored is used: the
         * workspace and the LLM (required), the state store, the progress listener, the Genie client and the judge,
         * and the {@link #minCoverage} when one is given, which replaces the stored one.
         *
         * @param sessionId the session's id ({@link #id()}, {@link EnhancementResult#sessionId()})
         * @throws io.github.genieenhancer.core.SessionOwnedException naming the holder and until when, when another
         *                                                           process holds the session (see
         *                                                           {@link #takeOver})
         * @throws StateStoreException     when the store has no such session
         * @throws ConfigurationException  when the workspace or the LLM is missing
         */
        public EnhancementSession resume(String sessionId) {
            Parts parts = parts();
            if (parts.store().session(requireText(sessionId, "sessionId")).isEmpty()) {
                throw new StateStoreException("No session '" + sessionId + "' in the state store");
            }
            // Claimed before anything is read to continue from: what another owner wrote up to now is all there is.
            SessionOwner owner = claim(parts, sessionId, takeOver);
            SessionRecord stored = parts.store().session(sessionId).orElseThrow();
            SessionSettings settings = SessionSettings.fromMap(sessionId, stored.settings());
            if (minCoverage == null || minCoverage == settings.minCoverage()) {
                return new EnhancementSession(parts, settings, stored, owner);
            }
            EnhancementSession session = new EnhancementSession(parts, settings.withMinCoverage(minCoverage), stored,
                    owner);
            session.saveSettings(session.settings);
            return session;
        }

        private SessionOwner claim(Parts parts, String sessionId, boolean force) {
            return SessionOwner.builder(parts.store(), sessionId).leaseDuration(leaseDuration).takeOver(force)
                    .clock(parts.clock()).claim();
        }

        private Parts parts() {
            require(workspace, "workspace");
            require(llm, "llm");
            return new Parts(stateStore != null ? stateStore : StateStore.defaultStore(), workspace, llm,
                    Optional.ofNullable(genie), Optional.ofNullable(judge), Optional.ofNullable(scorer),
                    progressListener != null ? progressListener : ProgressListener.defaultListener(), clock);
        }

        private static void require(Object value, String name) {
            if (value == null) {
                throw new ConfigurationException("EnhancementSession needs " + name + "(...)");
            }
        }

        private static String requireText(String value, String name) {
            if (Objects.requireNonNull(value, name).isBlank()) {
                throw new ConfigurationException(name + " must not be blank");
            }
            return value;
        }
    }
}
