package io.github.genieenhancer.enhancement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.fix.ApplyResult;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.fix.FixCategory;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.fix.RejectedFix;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.progress.Stage;
import io.github.genieenhancer.core.prompt.PromptRepository;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.space.SpaceDiff;
import io.github.genieenhancer.core.state.StateEvent;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.scoring.ComparisonPolicy;
import io.github.genieenhancer.scoring.EvalRunScorer;
import io.github.genieenhancer.testkit.Endpoint;
import io.github.genieenhancer.testkit.LlmMode;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each option of {@link EnhancementSession.Builder} that issue 14 added, through the public API on the local stack:
 * the real batch scorer asking the local Genie, the local warehouse, the local eval-run service, and the scripted
 * LLM (through a {@link FakeLlm} where a test reads what the prompts carried).
 */
class SessionBuilderOptionsTest {
    private static LocalWorkspace workspace;
    private static ScriptedAnswers scripted;

    private final StateStore store = StateStore.inMemory();
    private final FakeLlm llm = new FakeLlm();
    private final String space = LocalStack.sampleSpace(workspace, "Builder options test");

    @BeforeAll
    static void start() {
        workspace = LocalStack.start();
        scripted = new ScriptedAnswers(workspace);
    }

    @AfterAll
    static void stop() {
        workspace.close();
    }

    @AfterEach
    void stopLlm() {
        llm.close();
    }

    /** A session on the real stack whose LLM is the scripted one, each call recorded. */
    private EnhancementSession.Builder session(ApplyMode mode) {
        llm.answer(call -> scripted.answer(call, LlmMode.RULES));
        return LocalStack.session(workspace, store, ProgressListener.none()).spaceId(space).applyMode(mode)
                .llm(llm.client());
    }

    private EvalRunScorer fastEvalRuns() {
        return EvalRunScorer.builder(workspace.workspaceClient()).pollInterval(Duration.ofMillis(20))
                .progressListener(ProgressListener.none()).build();
    }

    @Test
    void categoriesLimitTheProposedFixesAndAreStoredWithTheSession() {
        EnhancementSession all = session(ApplyMode.DRY_RUN).build();
        EnhancementPlan unrestricted = all.plan(all.score());
        assertThat(unrestricted.fixes()).extracting(PlannedFix::category)
                .contains(FixCategory.JOIN_SPECS_ADD).anyMatch(c -> c != FixCategory.JOIN_SPECS_ADD);
        all.close();

        EnhancementSession limited = session(ApplyMode.DRY_RUN).categories(Set.of(FixCategory.JOIN_SPECS_ADD))
                .build();
        limited.score();
        limited.close();
        // Resumed with all categories asked for: the stored setting wins.
        EnhancementSession resumed = EnhancementSession.builder().workspace(workspace.workspaceClient())
                .llm(llm.client()).genie(LocalStack.genie(workspace)).stateStore(store)
                .progressListener(ProgressListener.none()).categories(Set.of(FixCategory.values()))
                .resume(limited.id());
        int callsBefore = llm.calls().size();
        EnhancementPlan plan = resumed.plan(store.report(limited.id(), "i1-baseline").orElseThrow());

        assertThat(plan.fixes()).isNotEmpty().extracting(PlannedFix::category).containsOnly(FixCategory.JOIN_SPECS_ADD);
        List<FakeLlm.Call> resumedCalls = llm.calls().subList(callsBefore, llm.calls().size());
        assertThat(resumedCalls).filteredOn(FakeLlm.Call::isFixes).isNotEmpty()
                .extracting(c -> c.category().orElseThrow()).containsOnly(FixCategory.JOIN_SPECS_ADD);
    }

    @Test
    void aSmallerPromptTokenBudgetSplitsTheFixCallsIntoMoreBatches() {
        Set<FixCategory> joins = Set.of(FixCategory.JOIN_SPECS_ADD);
        EnhancementSession roomy = session(ApplyMode.DRY_RUN).categories(joins).build();
        roomy.plan(roomy.score());
        roomy.close();
        long roomyCalls = llm.calls().stream().filter(FakeLlm.Call::isFixes).count();

        EnhancementSession tight = session(ApplyMode.DRY_RUN).categories(joins).promptTokenBudget(2_500).build();
        tight.plan(tight.score());
        long tightCalls = llm.calls().stream().filter(FakeLlm.Call::isFixes).count() - roomyCalls;

        assertThat(roomyCalls).isEqualTo(1);
        assertThat(tightCalls).isGreaterThan(roomyCalls);
    }

    @Test
    void theComparisonPolicyDecidesAVerdict() {
        // Genie answers the average unrounded: equal to 4 significant digits (genie), not exactly (Spider).
        BenchmarkSet rounded = BenchmarkSet.of("rounded", List.of(Benchmark.of("p1",
                "What is the average list price of products?",
                "SELECT ROUND(AVG(list_price), 2) FROM retail.sales.products")));
        EnhancementSession genie = session(ApplyMode.DRY_RUN).benchmarks(rounded).build();
        ScoreReport byGenie = genie.score();
        genie.close();
        EnhancementSession spider = session(ApplyMode.DRY_RUN).benchmarks(rounded)
                .comparisonPolicy(ComparisonPolicy.spiderTestSuite()).build();
        ScoreReport bySpider = spider.score();

        assertThat(byGenie.results().get(0).verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(bySpider.results().get(0).verdict()).isEqualTo(Verdict.INCORRECT);
        assertThat(bySpider.results().get(0).reason()).isEqualTo(ReasonCode.SINGLE_CELL_DIFFERENCE);
    }

    @Test
    void promptsAreUsedByPlanningAndTheJudgeAndEveryStageRecordsItsCost() {
        PromptRepository bundled = CategoryEnhancer.bundledPrompts();
        PromptRepository overrides = PromptRepository.of(Map.of(
                "analyze_failure", bundled.template("analyze_failure").orElseThrow() + "\nHOUSE-RULE-ANALYSIS",
                "judge_review", bundled.template("judge_review").orElseThrow() + "\nHOUSE-RULE-JUDGE"));
        EnhancementSession session = session(ApplyMode.CLONE).maxIterations(1).prompts(overrides)
                .judge(LlmJudge.create(llm.client())).build();

        session.run();

        List<FakeLlm.Call> calls = llm.calls();
        assertThat(calls).filteredOn(FakeLlm.Call::isAnalysis).isNotEmpty()
                .allMatch(c -> c.system().contains("HOUSE-RULE-ANALYSIS"));
        List<FakeLlm.Call> judged = calls.stream().filter(c -> c.schemaName().equals("JudgeReview")).toList();
        assertThat(judged).isNotEmpty().allMatch(c -> c.system().contains("HOUSE-RULE-JUDGE"));

        SessionHistory history = EnhancementSession.history(store, session.id());
        assertThat(history.stageStats()).extracting(StageStats::stage)
                .containsExactly(Stage.SCORE, Stage.PLAN, Stage.APPLY, Stage.VALIDATE);
        assertThat(history.stageStats()).allMatch(s -> s.iteration() == 1 && !s.elapsed().isNegative());
        long planCalls = calls.stream().filter(c -> c.isAnalysis() || c.isFixes()).count();
        StageStats plan = history.stageStats().get(1);
        assertThat(plan.llmCalls()).isEqualTo(planCalls);
        // The fake LLM reports 100 prompt and 20 completion tokens a call.
        assertThat(plan.tokens().promptTokens()).isEqualTo(100 * planCalls);
        assertThat(plan.tokens().completionTokens()).isEqualTo(20 * planCalls);
        assertThat(history.stageStats().get(0).llmCalls() + history.stageStats().get(3).llmCalls())
                .isEqualTo(judged.size());
        assertThat(history.stageStats().get(2).llmCalls()).isZero();
        assertThat(store.events(session.id())).filteredOn(e -> e.type().equals(EnhancementSession.STAGE_FINISHED_EVENT))
                .allSatisfy(e -> assertThat(e.attributes()).containsKeys("iteration", "stage", "elapsedMillis",
                        "llmCalls", "promptTokens", "completionTokens"));
    }

    @Test
    void sideBySideStoresTheEvalRunNextToTheLibraryRunAndWritesBenchmarksOnlyIntoTheCopy() {
        SpaceConfig original = workspace.spaceConfig(space).orElseThrow();
        long evalCalls = workspace.requestCount(Endpoint.EVAL_RUNS);
        EnhancementSession session = session(ApplyMode.CLONE).scoring(ScoringMode.SIDE_BY_SIDE)
                .evalRunScorer(fastEvalRuns()).build();

        ScoreReport baseline = session.score();

        assertThat(baseline.runId()).isEqualTo("i1-baseline");
        assertThat(workspace.requestCount(Endpoint.EVAL_RUNS)).isGreaterThan(evalCalls);
        SessionHistory history = EnhancementSession.history(store, session.id());
        assertThat(history.evalRuns()).containsOnlyKeys("i1-baseline");
        ScoreReport evalRun = history.evalRuns().get("i1-baseline");
        assertThat(evalRun.runId()).isEqualTo("i1-baseline" + EnhancementSession.EVAL_RUN_SUFFIX);
        assertThat(evalRun.results()).extracting(r -> r.benchmarkId())
                .containsExactlyInAnyOrderElementsOf(baseline.results().stream().map(r -> r.benchmarkId()).toList());
        StateEvent compared = store.events(session.id()).stream()
                .filter(e -> e.type().equals("eval_run_compared")).findFirst().orElseThrow();
        assertThat(compared.attributes()).containsEntry("runId", "i1-baseline").containsKeys("agreement",
                "disagreements", "evalRunId");
        // The benchmarks went into the session's copy, never into the customer's space.
        assertThat(session.workingSpaceId()).isNotEqualTo(space);
        assertThat(workspace.spaceConfig(space).orElseThrow()).isEqualTo(original);
        assertThat(workspace.spaceConfig(session.workingSpaceId()).orElseThrow().benchmarkQuestions())
                .hasSize(baseline.results().size());
    }

    @Test
    void evalRunsDecideWhenChosen() {
        EnhancementSession session = session(ApplyMode.CLONE).scoring(ScoringMode.EVAL_RUNS)
                .evalRunScorer(fastEvalRuns()).build();

        ScoreReport baseline = session.score();

        assertThat(baseline.runId()).isEqualTo("i1-baseline");
        assertThat(baseline.spaceId()).isEqualTo(session.workingSpaceId()).isNotEqualTo(space);
        assertThat(baseline.results()).hasSize(LocalStack.quickBenchmarks(workspace).size());
        assertThat(EnhancementSession.history(store, session.id()).evalRuns()).isEmpty();
    }

    @Test
    void evalRunsAreRefusedOutsideCloneModeBeforeAnythingIsStored() {
        for (ApplyMode mode : List.of(ApplyMode.IN_PLACE, ApplyMode.DRY_RUN)) {
            for (ScoringMode scoring : List.of(ScoringMode.EVAL_RUNS, ScoringMode.SIDE_BY_SIDE)) {
                assertThatThrownBy(() -> session(mode).scoring(scoring).build())
                        .isInstanceOf(ConfigurationException.class)
                        .hasMessageContaining("needs ApplyMode.CLONE").hasMessageContaining(mode.name());
            }
        }
        assertThatThrownBy(() -> session(ApplyMode.CLONE).scoring(ScoringMode.EVAL_RUNS)
                .scorer((runId, spaceId, set, progress) -> { throw new AssertionError(); }).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("custom scorer");
        assertThat(store.sessions()).isEmpty();
    }

    @Test
    void injectedCollaboratorsAreCalledAndFixesOutsideTheCategoriesRefused() {
        AtomicInteger scored = new AtomicInteger();
        AtomicInteger proposed = new AtomicInteger();
        AtomicInteger validated = new AtomicInteger();
        AtomicInteger applied = new AtomicInteger();
        FixValidator checks = FixValidator.builder().build();
        EnhancementSession reference = session(ApplyMode.DRY_RUN).build();
        ScoreReport truth = reference.score();
        reference.close();

        EnhancementSession session = session(ApplyMode.IN_PLACE).maxIterations(1)
                .categories(Set.of(FixCategory.JOIN_SPECS_ADD))
                .scorer((runId, spaceId, set, progress) -> {
                    scored.incrementAndGet();
                    return new ScoreReport(runId, spaceId, truth.spaceVersion(), truth.startedAt(),
                            truth.finishedAt(), truth.results());
                })
                .fixProposer((id, config, failures) -> {
                    proposed.incrementAndGet();
                    return CategoryEnhancer.builder(llm.client()).build().propose(id, config, failures);
                })
                .validator((fixes, config) -> {
                    validated.incrementAndGet();
                    return checks.validate(fixes, config);
                })
                .applier(writer -> new PlanApplier() {
                    @Override
                    public ApplyResult apply(String spaceId, EnhancementPlan plan) {
                        applied.incrementAndGet();
                        return writer.apply(spaceId, plan);
                    }

                    @Override
                    public ApplyResult preview(String spaceId, EnhancementPlan plan) {
                        return writer.preview(spaceId, plan);
                    }

                    @Override
                    public SpaceDiff rollback(String snapshotId) {
                        return writer.rollback(snapshotId);
                    }

                    @Override
                    public ApplyResult replace(String spaceId, SpaceConfig config, List<PlannedFix> fixes) {
                        return writer.replace(spaceId, config, fixes);
                    }
                })
                .build();

        EnhancementResult result = session.run();

        assertThat(scored).hasValue(2);
        assertThat(proposed).hasValue(1);
        assertThat(validated).hasPositiveValue();
        assertThat(applied).hasValue(1);
        assertThat(store.snapshots(session.id())).hasSize(1);
        EnhancementPlan plan = result.iterations().get(0).plan().orElseThrow();
        assertThat(plan.fixes()).isNotEmpty().extracting(PlannedFix::category).containsOnly(FixCategory.JOIN_SPECS_ADD);
        assertThat(plan.rejected()).extracting(RejectedFix::reason)
                .anyMatch(r -> r.contains("not one of the session's categories [join_specs_add]"));
    }
}
