package io.github.genieenhancer.enhancement;

import com.databricks.sdk.WorkspaceClient;
import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.IncompleteScoreException;
import io.github.genieenhancer.core.StateStoreException;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.fix.ApplyResult;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.fix.FixCategory;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.fix.RejectedFix;
import io.github.genieenhancer.core.progress.ProgressEvent;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.progress.Stage;
import io.github.genieenhancer.core.prompt.PromptRepository;
import io.github.genieenhancer.core.score.PairedScore;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.state.IterationRecord;
import io.github.genieenhancer.core.state.SessionOwner;
import io.github.genieenhancer.core.state.SessionStage;
import io.github.genieenhancer.core.state.SpaceSnapshot;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.enhancement.internal.Propagation;
import io.github.genieenhancer.enhancement.internal.SessionLedger;
import io.github.genieenhancer.enhancement.internal.SessionSettings;
import io.github.genieenhancer.enhancement.internal.StageMeter;
import io.github.genieenhancer.genie.BatchGenieClient;
import io.github.genieenhancer.genie.GenieClient;
import io.github.genieenhancer.genie.Space;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.genie.SpaceCloner;
import io.github.genieenhancer.genie.SqlExecutor;
import io.github.genieenhancer.llm.LlmClient;
import io.github.genieenhancer.scoring.BatchScorer;
import io.github.genieenhancer.scoring.ComparisonPolicy;
import io.github.genieenhancer.scoring.EvalRunScorer;
import io.github.genieenhancer.scoring.Judge;
import io.github.genieenhancer.scoring.ResultComparator;
import io.github.genieenhancer.scoring.ScoringOptions;
import io.github.genieenhancer.scoring.SideBySide;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

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
 * scoring's {@link BatchScorer} by default, which writes each question's result to the {@link StateStore} as it
 * completes (or from Databricks' eval runs, see {@link ScoringMode}); every stage's outcome is written there before
 * the next starts, so a session that crashed at any point continues with {@link #resume} (or
 * {@link Builder#resume}) without asking Genie again what it already answered. Stage methods of one session are
 * serialised.
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
 *
 * <p>What the session decides with is stored with it (the settings: policy, categories, scoring mode, limits...);
 * the objects it works with are given again on resume, and those a platform team may swap are small interfaces
 * with today's classes as defaults: {@link SpaceScorer}, {@link FixProposer}, {@link PlanValidator} and
 * {@link PlanApplier}. What it stores, and how it reads a stored session back ({@link #history}), is kept apart from
 * this stage machine.
 */
public final class EnhancementSession implements AutoCloseable {
    /**
     * The type of the event each stage (SCORE, PLAN, APPLY, VALIDATE) of each iteration leaves when it finishes,
     * with attributes iteration, stage, elapsedMillis, llmCalls, promptTokens and completionTokens; read back as
     * {@link SessionHistory#stageStats()}.
     */
    public static final String STAGE_FINISHED_EVENT = SessionLedger.STAGE_FINISHED_EVENT;
    /**
     * With {@link ScoringMode#SIDE_BY_SIDE}: Databricks' eval run made alongside the library's run with id R is
     * stored as a score run with id R followed by this suffix; read back as {@link SessionHistory#evalRuns()}.
     */
    public static final String EVAL_RUN_SUFFIX = SessionLedger.EVAL_RUN_SUFFIX;
    /**
     * With {@link ScoringMode#SIDE_BY_SIDE}: the type of the event that reports how the eval run agreed with the
     * library's run, with attributes iteration, runId (the library's), evalRunId (Databricks'), agreement (0 to 1,
     * over the questions both counted), counted (how many those are) and disagreements (comma-separated benchmark
     * ids); its message says the same.
     */
    public static final String EVAL_RUN_COMPARED_EVENT = SessionLedger.EVAL_RUN_COMPARED_EVENT;
    /**
     * With {@link ScoringMode#SIDE_BY_SIDE}: the type of the event of an eval run that failed (attributes iteration
     * and runId, the message says why); the library's run decided alone.
     */
    public static final String EVAL_RUN_FAILED_EVENT = SessionLedger.EVAL_RUN_FAILED_EVENT;

    private final SessionLedger ledger;
    private final SessionOwner owner;
    private final SpaceApi spaces;
    private final SpaceCloner cloner;
    private final Optional<SpaceScorer> scorer;
    private final Optional<EvalRunScorer> evalRuns;
    private final FixProposer proposer;
    private final PlanValidator validator;
    private final PlanApplier applier;
    private final ProgressListener listener;
    private final StageMeter meter;
    private final Clock clock;
    private final ApplyMode mode;
    private final Set<FixCategory> categories;
    private final Set<String> heldOutIds;

    private EnhancementSession(Parts parts, SessionLedger ledger, SessionOwner owner) {
        this.owner = owner;
        this.ledger = ledger.through(owner.store());
        SessionSettings settings = ledger.settings();
        this.clock = parts.clock();
        this.meter = new StageMeter(clock);
        this.spaces = SpaceApi.create(parts.workspace());
        this.cloner = SpaceCloner.create(spaces);
        // Every step of progress (a question scored, an LLM call) renews the claim when due.
        this.listener = ProgressListener.of(event -> owner.renewIfDue(), parts.listener());
        // The session's LLM calls (planning, the judge) are heard by the session's listener and counted per stage.
        ProgressListener llmListener = ProgressListener.of(meter, listener);
        this.mode = settings.applyMode();
        this.categories = settings.fixCategories();
        this.heldOutIds = SessionLedger.heldOutIds(settings);
        requireEvalRunsAllowed(settings.scoring(), mode, parts.scorer().isPresent());
        SqlExecutor warehouse = SqlExecutor.builder(parts.workspace()).warehouseId(settings.warehouseId()).build();
        Optional<Judge> judge = parts.judge().map(j -> j instanceof LlmJudge llm
                ? llm.within(llmListener, parts.prompts()) : j);
        this.scorer = settings.scoring() == ScoringMode.EVAL_RUNS ? Optional.empty()
                : Optional.of(parts.scorer().orElseGet(() -> batchScorer(parts, warehouse, settings, judge)));
        this.evalRuns = settings.scoring().usesEvalRuns() ? Optional.of(parts.evalRuns().orElseGet(() ->
                EvalRunScorer.builder(parts.workspace()).spaceApi(spaces).progressListener(listener).clock(clock)
                        .build())) : Optional.empty();
        this.proposer = parts.proposer().orElseGet(() -> parts.llm().<FixProposer>map(llm -> {
            CategoryEnhancer.Builder enhancer = CategoryEnhancer.builder(llm.newBuilder()
                    .progressListener(llmListener).build())
                    .categories(categories).promptTokenBudget(settings.promptTokenBudget());
            parts.prompts().ifPresent(enhancer::prompts);
            return enhancer.build();
        }).orElse(EnhancementSession::noModelToPlanWith));
        this.validator = parts.validator().orElseGet(() -> FixValidator.builder().benchmarks(settings.benchmarks())
                .warehouse(warehouse).build());
        Applier sessionApplier = Applier.builder(spaces, owner.store()).validator(validator)
                .progressListener(this.listener).sessionId(ledger.sessionId()).clock(clock).build();
        this.applier = Objects.requireNonNull(parts.applier().orElse(UnaryOperator.identity()).apply(sessionApplier),
                "the applier function returned null");
    }

    /** The proposer of a session resumed without a model: it can promote, roll back or report, never plan. */
    private static Proposals noModelToPlanWith(String spaceId, SpaceConfig space, List<QuestionResult> failures) {
        throw new ConfigurationException("This session was resumed without a model: give llm(...) on resume to plan "
                + "fixes");
    }

    /**
     * Eval runs write the session's benchmarks into the space they score: only a copy the session made may take
     * that, never the customer's space.
     */
    private static void requireEvalRunsAllowed(ScoringMode scoring, ApplyMode mode, boolean customScorer) {
        if (scoring.usesEvalRuns() && mode != ApplyMode.CLONE) {
            throw new ConfigurationException("Scoring with Databricks' eval runs (" + scoring.wireName() + ") "
                    + "writes the session's benchmarks into the space it scores, so it needs ApplyMode.CLONE, where "
                    + "that space is the session's own copy; in " + mode + " mode it would be the space itself");
        }
        if (scoring == ScoringMode.EVAL_RUNS && customScorer) {
            throw new ConfigurationException("A custom scorer replaces the library's run, which " + scoring.wireName()
                    + " scoring does not make; choose " + ScoringMode.LIBRARY.wireName() + " or "
                    + ScoringMode.SIDE_BY_SIDE.wireName());
        }
    }

    /**
     * The default scorer: scoring's {@link BatchScorer} with the session's comparison policy, writing each
     * question's result under this session as it completes, so a scoring run cut short resumes with its stable run
     * id without asking Genie again.
     */
    private SpaceScorer batchScorer(Parts parts, SqlExecutor warehouse, SessionSettings settings,
                                    Optional<Judge> judge) {
        GenieClient genie = parts.genie().orElseGet(() -> GenieClient.create(parts.workspace()));
        ScoringOptions.Builder options = ScoringOptions.builder().stateStore(owner.store())
                .sessionId(ledger.sessionId()).clock(clock).minCoverage(settings.minCoverage())
                .comparator(ResultComparator.of(settings.comparisonPolicy()));
        judge.ifPresent(options::judge);
        ScoringOptions base = options.build();
        return (runId, spaceId, benchmarks, progress) -> {
            // One batch per run: its threads end with the run, so a session needs no closing.
            try (BatchGenieClient batch = BatchGenieClient.create(genie);
                 BatchScorer batchScorer = BatchScorer.create(batch, warehouse, spaces,
                         base.toBuilder().progressListener(progress).build())) {
                return batchScorer.score(spaceId, benchmarks, runId);
            }
        };
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Continues a stored session where it stopped, with the settings it was created with, the default Genie client,
     * progress listener, prompts and collaborators, and no judge; {@link Builder#resume} gives those again.
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
        return ledger.sessionId();
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
        return ledger.stage();
    }

    /** The least share of a score's questions that must be counted for the session to decide anything on it. */
    public synchronized double minCoverage() {
        return ledger.settings().minCoverage();
    }

    /** The space changes go to: the copy in {@link ApplyMode#CLONE} mode once made, else the space itself. */
    public synchronized String workingSpaceId() {
        SessionSettings settings = ledger.settings();
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
            switch (ledger.stage()) {
                case CREATED -> score();
                case SCORED -> {
                    ScoreReport baseline = ledger.report(ledger.iteration().baselineRunId());
                    if (accuracy(baseline).tuning() >= ledger.settings().targetAccuracy()) {
                        return finish(StopReason.TARGET_REACHED);
                    }
                    plan(baseline);
                }
                case PLANNED -> {
                    // Decided here, not right after planning, so that a session resumed at PLANNED decides the same.
                    EnhancementPlan plan = ledger.currentPlan();
                    if (mode == ApplyMode.DRY_RUN) {
                        ledger.applied(ledger.iterationNumber(), applier.preview(workingSpaceId(), plan));
                        return finish(StopReason.DRY_RUN);
                    }
                    if (plan.isEmpty()) {
                        return finish(StopReason.NO_FIXES);
                    }
                    apply(plan);
                }
                case APPLIED -> validate();
                case VALIDATED -> {
                    Optional<StopReason> stop = stopReason(ledger.iteration());
                    if (stop.isPresent()) {
                        return finish(stop.get());
                    }
                    startNextIteration();
                }
                case FINISHED -> {
                    owner.release();
                    return result(ledger.stopReason().orElse(StopReason.ITERATION_LIMIT));
                }
                case FAILED -> throw new IllegalStateException("Session " + id() + " failed and cannot continue");
            }
        }
    }

    /**
     * Scores the working space against every benchmark, starting a new iteration with that score as its baseline.
     * With Databricks' eval runs ({@link ScoringMode}) the session's copy is made first, if it was not yet.
     *
     * @throws IllegalStateException    when the current iteration's plan is not applied and validated yet
     * @throws IncompleteScoreException when the score is incomplete: no iteration starts, the session stays at its
     *                                  stage, and scoring again resumes the run
     */
    public synchronized ScoreReport score() {
        requireStage("score", SessionStage.CREATED, SessionStage.VALIDATED);
        meter.start();
        int next = ledger.iterationNumber() + 1;
        if (ledger.settings().scoring().usesEvalRuns()) {
            workingCopy();
        }
        ScoreReport report = scoreRun("i" + next + "-baseline", Stage.SCORE, next);
        ledger.startIteration(next, report.runId(), accuracy(report).tuning());
        ledger.advance(SessionStage.SCORED, next);
        stageFinished(next, Stage.SCORE);
        return report;
    }

    /**
     * Analyses the baseline's failures on the tuning benchmarks and proposes fixes, validated against the working
     * space as it is now. Held-out benchmarks never drive fixes; a fix outside the session's
     * {@linkplain Builder#categories categories} is refused.
     *
     * @param baseline the current iteration's baseline (from {@link #score()})
     * @return the plan: the fixes that passed validation, and those refused with their reasons
     */
    public synchronized EnhancementPlan plan(ScoreReport baseline) {
        requireStage("plan", SessionStage.SCORED);
        meter.start();
        IterationRecord iteration = ledger.iteration();
        listener.onEvent(new ProgressEvent.StageStarted(Stage.PLAN, baseline.failures().size()));
        List<QuestionResult> tuningFailures = baseline.failures().stream()
                .filter(r -> !heldOutIds.contains(r.benchmarkId())).toList();
        Space working = spaces.get(workingSpaceId());
        Proposals proposals = proposer.propose(working.spaceId(), working.config(), tuningFailures);
        List<RejectedFix> rejected = new ArrayList<>(proposals.rejected());
        List<PlannedFix> chosen = new ArrayList<>();
        for (PlannedFix fix : proposals.fixes()) {
            if (categories.contains(fix.fix().category())) {
                chosen.add(fix);
            } else {
                rejected.add(new RejectedFix(fix, "a " + fix.fix().category().wireName() + " fix, not one of the "
                        + "session's categories " + categories.stream().map(FixCategory::wireName).toList()));
            }
        }
        FixValidation validation = validator.validate(chosen, working.config());
        rejected.addAll(validation.rejected());
        EnhancementPlan plan = new EnhancementPlan("i" + iteration.iteration() + "-plan", baseline.runId(),
                clock.instant(), validation.accepted(), rejected);
        ledger.savePlan(plan);
        proposals.failedCalls().forEach(failed -> ledger.failedCall(iteration.iteration(), failed));
        rejected.forEach(r -> listener.onEvent(new ProgressEvent.FixRejected(r)));
        ledger.saveIteration(with(iteration, Optional.of(plan.planId()), iteration.snapshotId(),
                iteration.validationRunId(), iteration.accuracyAfter(), iteration.kept()));
        ledger.advance(SessionStage.PLANNED, iteration.iteration());
        listener.onEvent(new ProgressEvent.StageFinished(Stage.PLAN, meter.elapsed()));
        stageFinished(iteration.iteration(), Stage.PLAN);
        return plan;
    }

    /**
     * Applies a plan to the working space in one update, after a snapshot. In {@link ApplyMode#CLONE} mode the first
     * apply makes the copy (unless scoring with eval runs made it already). In {@link ApplyMode#DRY_RUN} mode nothing
     * is written and the session does not advance: the result says what would change, with
     * {@link Applier#NO_SNAPSHOT} as its snapshot id.
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
        meter.start();
        IterationRecord iteration = ledger.iteration();
        listener.onEvent(new ProgressEvent.StageStarted(Stage.APPLY, plan.fixes().size()));
        workingCopy();
        ApplyResult result = interruptedApply(iteration.iteration(), plan).orElseGet(() -> {
            ledger.applyStarted(iteration.iteration(), "applying " + plan.planId() + " to " + workingSpaceId());
            return applier.apply(workingSpaceId(), plan);
        });
        ledger.applied(iteration.iteration(), result);
        ledger.saveIteration(with(iteration, iteration.planId(), Optional.of(result.snapshotId()),
                iteration.validationRunId(), iteration.accuracyAfter(), iteration.kept()));
        ledger.advance(SessionStage.APPLIED, iteration.iteration());
        listener.onEvent(new ProgressEvent.StageFinished(Stage.APPLY, meter.elapsed()));
        stageFinished(iteration.iteration(), Stage.APPLY);
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
        meter.start();
        SessionSettings settings = ledger.settings();
        IterationRecord iteration = ledger.iteration();
        Propagation.await(settings.propagationWait());
        ScoreReport report = scoreRun("i" + iteration.iteration() + "-validation", Stage.VALIDATE,
                iteration.iteration());
        double after = accuracy(report).tuning();
        PairedScore paired = PairedScore.of(ledger.report(iteration.baselineRunId()), report,
                id -> !heldOutIds.contains(id));
        boolean kept = !(settings.rollbackOnRegression() && paired.accuracyAfter() < paired.accuracyBefore());
        if (!kept) {
            String snapshotId = iteration.snapshotId().orElseThrow(() -> new StateStoreException(
                    "Iteration " + iteration.iteration() + " of session " + id() + " has no snapshot to roll back to"));
            applier.rollback(snapshotId);
            ledger.rolledBack(iteration.iteration(), snapshotId, "accuracy fell from " + paired.accuracyBefore()
                    + " to " + paired.accuracyAfter() + " on the " + paired.paired()
                    + " tuning questions counted in both runs");
        }
        ledger.saveIteration(new IterationRecord(id(), iteration.iteration(), iteration.baselineRunId(),
                iteration.planId(), iteration.snapshotId(), Optional.of(report.runId()), iteration.accuracyBefore(),
                Optional.of(after), Optional.of(kept), clock.instant(), Optional.of(paired)));
        ledger.advance(SessionStage.VALIDATED, iteration.iteration());
        stageFinished(iteration.iteration(), Stage.VALIDATE);
        listener.onEvent(new ProgressEvent.IterationFinished(iteration.iteration(), iteration.accuracyBefore(), after,
                kept));
        return report;
    }

    /**
     * Copies the working space's configuration onto the original space ({@link ApplyMode#CLONE} mode), after a
     * snapshot of the original; the original's benchmarks are kept (so benchmarks written into the copy for eval
     * runs never reach it).
     *
     * @return the change made to the original, with the fixes of every kept iteration
     * @throws IllegalStateException when the session is not in CLONE mode or made no copy yet
     */
    public synchronized ApplyResult promote() {
        SessionSettings settings = ledger.settings();
        if (mode != ApplyMode.CLONE || settings.workingSpaceId().isEmpty()) {
            throw new IllegalStateException("Only a CLONE session that applied a plan has a copy to promote");
        }
        // A finished session released its claim: claim it back, unless another process holds it now.
        owner.renew();
        SpaceConfig copy = spaces.get(settings.workingSpaceId().get()).config();
        List<PlannedFix> kept = new ArrayList<>();
        for (IterationResult i : ledger.iterations()) {
            if (i.kept()) {
                i.applied().ifPresent(a -> kept.addAll(a.applied()));
            }
        }
        return applier.replace(settings.spaceId(), copy, kept);
    }

    /**
     * Reads a stored session without a workspace and without claiming it: its settings, where it stands, every
     * iteration with its scores, plan and change, what each stage cost, and the eval runs made alongside. Safe
     * while another process runs it; reads sessions of every storage format.
     *
     * @throws StateStoreException when the store has no such session
     */
    public static SessionHistory history(StateStore store, String sessionId) {
        return SessionLedger.history(Objects.requireNonNull(store, "store"), sessionId);
    }

    // ---- loop helpers ------------------------------------------------------------------------------------------

    /**
     * The target is the kept validation's own tuning accuracy; a gain is one on the questions counted in both runs
     * (an iteration validated before pairing compares the two runs' own accuracies).
     */
    private Optional<StopReason> stopReason(IterationRecord last) {
        double after = last.accuracyAfter().orElse(last.accuracyBefore());
        boolean kept = last.kept().orElse(false);
        if (kept && after >= ledger.settings().targetAccuracy()) {
            return Optional.of(StopReason.TARGET_REACHED);
        }
        if (last.iteration() >= ledger.settings().maxIterations()) {
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
        IterationRecord last = ledger.iteration();
        boolean kept = last.kept().orElse(false);
        String baselineRunId = kept ? last.validationRunId().orElseThrow() : last.baselineRunId();
        double before = kept ? last.accuracyAfter().orElseThrow() : last.accuracyBefore();
        int next = last.iteration() + 1;
        ledger.startIteration(next, baselineRunId, before);
        ledger.advance(SessionStage.SCORED, next);
    }

    /** In {@link ApplyMode#CLONE} mode, makes the session's copy unless it has one. */
    private void workingCopy() {
        SessionSettings settings = ledger.settings();
        if (mode == ApplyMode.CLONE && settings.workingSpaceId().isEmpty()) {
            ledger.saveSettings(settings.withWorkingSpace(cloner.copy(settings.spaceId()).spaceId()));
        }
    }

    /**
     * After a crash during apply the plan may already be in the space. The snapshot the interrupted apply took is
     * the first one stored after its {@code apply_started} event; when the live space equals that snapshot with the
     * plan made, the update landed and is recorded instead of being applied a second time.
     */
    private Optional<ApplyResult> interruptedApply(int iteration, EnhancementPlan plan) {
        Optional<Integer> before = ledger.snapshotsBeforeApply(iteration);
        if (before.isEmpty()) {
            return Optional.empty();
        }
        List<SpaceSnapshot> snapshots = ledger.snapshots();
        Optional<SpaceSnapshot> taken = snapshots.subList(Math.min(before.get(), snapshots.size()), snapshots.size())
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
     * With {@link ScoringMode#SIDE_BY_SIDE}, the eval run is made once the library's run is complete, unless it is
     * stored already.
     *
     * @throws IncompleteScoreException when the run is incomplete; it is stored, and nothing is decided on it
     */
    private ScoreReport scoreRun(String runId, Stage stage, int iteration) {
        SessionSettings settings = ledger.settings();
        Optional<ScoreReport> stored = ledger.storedReport(runId);
        ScoreReport report;
        if (stored.isPresent() && stored.get().isComplete(settings.minCoverage())) {
            report = stored.get();
        } else {
            ScoreReport scored = scorer.isPresent()
                    ? scorer.get().score(runId, workingSpaceId(), settings.benchmarks(), relabelled(stage))
                    : evalRun(runId);
            ledger.saveReport(scored);
            report = scored.requireComplete(settings.minCoverage());
        }
        if (settings.scoring() == ScoringMode.SIDE_BY_SIDE
                && ledger.storedReport(runId + EVAL_RUN_SUFFIX).isEmpty()) {
            alongside(report, iteration);
        }
        return report;
    }

    /** Databricks' eval run of the working space, with the session's benchmarks, under the session's run id. */
    private ScoreReport evalRun(String runId) {
        ScoreReport run = evalRuns.orElseThrow().publishAndScore(workingSpaceId(), ledger.settings().benchmarks());
        return new ScoreReport(runId, run.spaceId(), run.spaceVersion(), run.startedAt(), run.finishedAt(),
                run.results(), run.spaceVersions());
    }

    /**
     * The eval run made alongside a complete library run, stored with the questions they disagree on. It only
     * informs: when it fails, the failure is recorded and the library's run still decides.
     */
    private void alongside(ScoreReport library, int iteration) {
        String runId = library.runId();
        ScoreReport eval;
        try {
            eval = evalRuns.orElseThrow().publishAndScore(workingSpaceId(), ledger.settings().benchmarks());
        } catch (ConfigurationException e) {
            throw e;
        } catch (GenieEnhancerException e) {
            ledger.evalRunFailed(iteration, runId, e.getMessage());
            return;
        }
        ledger.saveReport(new ScoreReport(runId + EVAL_RUN_SUFFIX, eval.spaceId(), eval.spaceVersion(),
                eval.startedAt(), eval.finishedAt(), eval.results(), eval.spaceVersions()));
        SideBySide compared = SideBySide.of("library", library, "Databricks eval run", eval);
        ledger.evalRunCompared(iteration, runId, eval.runId(), compared.agreement(),
                compared.rows().stream().filter(SideBySide.Row::comparable).count(),
                compared.disagreements().stream().map(SideBySide.Row::benchmarkId).toList());
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

    private void stageFinished(int iteration, Stage stage) {
        ledger.stageFinished(iteration, stage, meter.elapsed(), meter.calls(), meter.tokens());
    }

    private EnhancementResult finish(StopReason reason) {
        ledger.finish(reason);
        owner.release();
        return result(reason);
    }

    private EnhancementResult result(StopReason reason) {
        SessionSettings settings = ledger.settings();
        return new EnhancementResult(id(), settings.spaceId(), settings.workingSpaceId(), mode, ledger.iterations(),
                reason, settings.targetAccuracy(), settings.minCoverage());
    }

    private Accuracy accuracy(ScoreReport report) {
        return Accuracy.of(report, heldOutIds);
    }

    private IterationRecord with(IterationRecord i, Optional<String> planId, Optional<String> snapshotId,
                                 Optional<String> validationRunId, Optional<Double> after, Optional<Boolean> kept) {
        return new IterationRecord(id(), i.iteration(), i.baselineRunId(), planId, snapshotId, validationRunId,
                i.accuracyBefore(), after, kept, clock.instant(), i.paired());
    }

    private void requireStage(String action, SessionStage... allowed) {
        for (SessionStage s : allowed) {
            if (ledger.stage() == s) {
                return;
            }
        }
        throw new IllegalStateException("Cannot " + action + " session " + id() + " at stage " + ledger.stage()
                + "; expected " + List.of(allowed));
    }

    /** What a session is made of besides its stored settings: given again on resume. */
    private record Parts(StateStore store, WorkspaceClient workspace, Optional<LlmClient> llm,
                         Optional<GenieClient> genie,
                         Optional<Judge> judge, Optional<PromptRepository> prompts, Optional<SpaceScorer> scorer,
                         Optional<EvalRunScorer> evalRuns, Optional<FixProposer> proposer,
                         Optional<PlanValidator> validator, Optional<UnaryOperator<PlanApplier>> applier,
                         ProgressListener listener, Clock clock) {
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
        private PromptRepository prompts;
        private ComparisonPolicy comparisonPolicy = ComparisonPolicy.genie();
        private Set<FixCategory> categories = EnumSet.allOf(FixCategory.class);
        private int promptTokenBudget = SessionSettings.DEFAULT_PROMPT_TOKEN_BUDGET;
        private ScoringMode scoring = ScoringMode.LIBRARY;
        private EvalRunScorer evalRuns;
        private FixProposer proposer;
        private PlanValidator validator;
        private UnaryOperator<PlanApplier> applier;
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

        /**
         * The model that analyses failures and proposes fixes (required for a new session, unless a
         * {@link #fixProposer} is given). On {@link #resume} it may be left out for a session that will not plan
         * again (to promote, roll back or read it); planning then fails with a {@link ConfigurationException}.
         */
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
         * Reviews incorrect answers while the library's scorer scores, e.g. {@link LlmJudge}; one it flags becomes
         * {@code NEEDS_REVIEW}, still counted and never correct (default: none). An {@link LlmJudge} asks with the
         * session's {@linkplain #prompts prompts} when given, and its calls are counted in the stage's cost and heard
         * by the session's progress listener. Not stored: give it again on resume.
         */
        public Builder judge(Judge judge) {
            this.judge = Objects.requireNonNull(judge, "judge");
            return this;
        }

        /**
         * Where the prompt templates of planning and of an {@link LlmJudge} come from (default:
         * {@link PromptRepository#defaultRepository()}, then the templates in this module's jar). Templates the
         * repository lacks fall back to the jar's, so a directory overriding one template is enough, e.g.
         * {@code PromptRepository.directory(Path.of("prompts"))}. Ignored when a {@link #fixProposer} is given. Not
         * stored: give it again on resume.
         */
        public Builder prompts(PromptRepository prompts) {
            this.prompts = Objects.requireNonNull(prompts, "prompts");
            return this;
        }

        /**
         * How the library's scorer judges Genie's result equal to the expected one (default
         * {@link ComparisonPolicy#genie()}, Databricks' own rules; {@link ComparisonPolicy#lenient()} allows extra
         * columns, {@link ComparisonPolicy#spiderTestSuite()} is the Spider metric). Not used by Databricks' eval
         * runs, which apply their own rules. Stored with the session.
         */
        public Builder comparisonPolicy(ComparisonPolicy comparisonPolicy) {
            this.comparisonPolicy = Objects.requireNonNull(comparisonPolicy, "comparisonPolicy");
            return this;
        }

        /**
         * The fix categories the session proposes and applies (default: all nine). Failures are analysed as
         * before, but only these categories are asked for fixes; a fix of another category (from a custom
         * {@link #fixProposer}) is refused in the plan with its reason. Stored with the session.
         *
         * @throws ConfigurationException when the set is empty
         */
        public Builder categories(Set<FixCategory> categories) {
            this.categories = CategoryEnhancer.requireCategories(categories);
            return this;
        }

        /**
         * The most prompt tokens one fix-proposal call may use (default 24,000); a category with more failures is
         * split into several calls. Ignored when a {@link #fixProposer} is given. Stored with the session.
         *
         * @throws ConfigurationException when below 1,000
         */
        public Builder promptTokenBudget(int tokens) {
            this.promptTokenBudget = CategoryEnhancer.requirePromptTokenBudget(tokens);
            return this;
        }

        /**
         * Whose verdicts decide (default {@link ScoringMode#LIBRARY}, this library's comparison).
         * {@link ScoringMode#EVAL_RUNS} decides on Databricks' eval runs; {@link ScoringMode#SIDE_BY_SIDE} decides
         * on the library's run and stores Databricks' eval run of the same space next to it, with the questions on
         * which they disagree. Both eval-run modes write the session's benchmarks into the space they score, so
         * {@link #build()} refuses them unless the mode is {@link ApplyMode#CLONE}: the copy is made before the
         * first score and is the only space written to; {@link #promote()} keeps the original's benchmarks. An eval
         * run takes minutes (Databricks: about 17 for 30 to 40 questions). Stored with the session.
         */
        public Builder scoring(ScoringMode scoring) {
            this.scoring = Objects.requireNonNull(scoring, "scoring");
            return this;
        }

        /**
         * The eval-run scorer of the eval-run {@linkplain #scoring modes} (default
         * {@code EvalRunScorer.builder(workspace)} with the session's progress listener: polls every 20 s for at most
         * 45 minutes). Not stored: give it again on resume.
         */
        public Builder evalRunScorer(EvalRunScorer evalRuns) {
            this.evalRuns = Objects.requireNonNull(evalRuns, "evalRuns");
            return this;
        }

        /**
         * Replaces the library's scoring run (default: scoring's {@code BatchScorer} with the session's comparison
         * policy, judge and Genie client, storing each question's result as it completes so a run cut short
         * resumes). With {@link ScoringMode#SIDE_BY_SIDE} it is the run that decides; with
         * {@link ScoringMode#EVAL_RUNS} it is refused. Not stored: give it again on resume.
         */
        public Builder scorer(SpaceScorer scorer) {
            this.scorer = Objects.requireNonNull(scorer, "scorer");
            return this;
        }

        /**
         * Replaces what proposes fixes (default: a {@link CategoryEnhancer} with the session's LLM,
         * {@linkplain #prompts prompts}, {@linkplain #promptTokenBudget token budget} and
         * {@linkplain #categories categories}, whose calls are counted in the PLAN stage's cost). A custom proposer's
         * own LLM calls are not counted. Not stored: give it again on resume.
         *
         * <p>{@link SequentialEnhancer} is not a proposer and cannot be chosen here: it applies, re-scores and rolls
         * back category by category in one call, while the session's APPLY stage is one update whose snapshot and
         * {@code apply_started} record let a crashed apply resume without writing twice; its steps are not
         * resumable one by one. Use it on a plan of {@link #plan} outside the session.
         */
        public Builder fixProposer(FixProposer proposer) {
            this.proposer = Objects.requireNonNull(proposer, "proposer");
            return this;
        }

        /**
         * Replaces what checks proposed fixes (default: a {@link FixValidator} with the session's benchmarks and
         * warehouse). The default applier checks with it again right before writing. Not stored: give it again on
         * resume.
         */
        public Builder validator(PlanValidator validator) {
            this.validator = Objects.requireNonNull(validator, "validator");
            return this;
        }

        /**
         * Wraps what writes plans to the space and rolls them back (default: none, the session's {@link Applier}
         * as it is). The function receives the session's applier, which snapshots into the session's store under
         * its claim (so a crashed apply is recognised on resume) and checks with the session's
         * {@linkplain #validator validator}, and returns the one the session uses: typically one that delegates to
         * it after an approval, a log entry or a check of the platform's own. One that does not delegate must take
         * its own snapshots elsewhere: the session's store accepts writes only from the session while it holds its
         * claim. Not stored: give it again on resume.
         */
        public Builder applier(UnaryOperator<PlanApplier> applier) {
            this.applier = Objects.requireNonNull(applier, "applier");
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

        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Builds the session, stores it and claims it for this process.
         *
         * @throws ConfigurationException when a required option is missing, or eval-run scoring is chosen outside
         *                                {@link ApplyMode#CLONE} mode
         */
        public EnhancementSession build() {
            require(spaceId, "spaceId");
            require(warehouseId, "warehouseId");
            require(benchmarks, "benchmarks");
            if (benchmarks.size() == 0) {
                throw new ConfigurationException("benchmarks must hold at least one benchmark");
            }
            if (proposer == null) {
                require(llm, "llm");
            }
            Parts parts = parts();
            requireEvalRunsAllowed(scoring, applyMode, scorer != null);
            SessionSettings settings = SessionSettings.of(spaceId, warehouseId, benchmarks, targetAccuracy,
                    maxIterations, applyMode, propagationWait, heldOutFraction, rollbackOnRegression,
                    minCoverage != null ? minCoverage : ScoringOptions.DEFAULT_MIN_COVERAGE, comparisonPolicy,
                    categories, promptTokenBudget, scoring);
            String id = sessionId != null ? sessionId : "session-" + UUID.randomUUID();
            SessionLedger ledger = SessionLedger.create(parts.store(), id, settings, clock);
            return new EnhancementSession(parts, ledger, claim(parts, id, false));
        }

        /**
         * Continues a stored session where it stopped. The session keeps the settings it was created with (space,
         * warehouse, benchmarks, target, limits, mode, waits, comparison policy, categories, token budget, scoring
         * mode), whatever this builder says of them; of this builder only what is not stored is used: the workspace
         * (required), the LLM (needed only to plan again), the state store, the progress listener, the Genie client, the judge, the prompts,
         * the eval-run scorer and the custom collaborators (scorer, fix proposer, validator, applier), and the
         * {@link #minCoverage} when one is given, which replaces the stored one. Sessions stored by earlier versions
         * (their settings a flat text map) resume too, with the defaults of what they did not store.
         *
         * @param sessionId the session's id ({@link #id()}, {@link EnhancementResult#sessionId()})
         * @throws io.github.genieenhancer.core.SessionOwnedException naming the holder and until when, when another
         *                                                           process holds the session (see
         *                                                           {@link #takeOver})
         * @throws StateStoreException     when the store has no such session
         * @throws ConfigurationException  when the workspace is missing
         */
        public EnhancementSession resume(String sessionId) {
            Parts parts = parts();
            if (parts.store().session(requireText(sessionId, "sessionId")).isEmpty()) {
                throw new StateStoreException("No session '" + sessionId + "' in the state store");
            }
            // Claimed before anything is read to continue from: what another owner wrote up to now is all there is.
            SessionOwner owner = claim(parts, sessionId, takeOver);
            EnhancementSession session = new EnhancementSession(parts,
                    SessionLedger.open(parts.store(), sessionId, parts.clock()), owner);
            SessionSettings stored = session.ledger.settings();
            if (minCoverage != null && minCoverage != stored.minCoverage()) {
                session.ledger.saveSettings(stored.withMinCoverage(minCoverage));
            }
            return session;
        }

        private SessionOwner claim(Parts parts, String sessionId, boolean force) {
            return SessionOwner.builder(parts.store(), sessionId).leaseDuration(leaseDuration).takeOver(force)
                    .clock(parts.clock()).claim();
        }

        private Parts parts() {
            require(workspace, "workspace");
            return new Parts(stateStore != null ? stateStore : StateStore.defaultStore(), workspace,
                    Optional.ofNullable(llm),
                    Optional.ofNullable(genie), Optional.ofNullable(judge), Optional.ofNullable(prompts),
                    Optional.ofNullable(scorer), Optional.ofNullable(evalRuns), Optional.ofNullable(proposer),
                    Optional.ofNullable(validator), Optional.ofNullable(applier),
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
