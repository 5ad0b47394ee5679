package io.github.genieenhancer.enhancement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.SpaceConflictException;
import io.github.genieenhancer.core.fix.ApplyResult;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.fix.FixCategory;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.fix.RejectedFix;
import io.github.genieenhancer.core.progress.ProgressEvent;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.progress.Stage;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.space.SnippetKind;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.state.SessionStage;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.testkit.Endpoint;
import io.github.genieenhancer.testkit.LlmMode;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole product on the local stack: {@link EnhancementSession} with its default batch scorer asking the local
 * Genie (which answers from the live configuration), fixes checked on the local warehouse, and the scripted LLM
 * (rule-based: it proposes what the reference configuration has and the space lacks). Where a test needs the model
 * to misbehave in one call but not another, a {@link FakeLlm} passes each call to the scripted LLM in the mode the
 * test picks.
 */
class EnhancementSessionEndToEndTest {
    private static LocalWorkspace workspace;
    private static SpaceApi spaces;
    private static ScriptedAnswers scripted;

    private final StateStore store = StateStore.inMemory();
    private final LocalStack.Events events = new LocalStack.Events();
    private final FakeLlm llm = new FakeLlm();
    private final String space = LocalStack.sampleSpace(workspace, "End-to-end test");

    @BeforeAll
    static void start() {
        workspace = LocalStack.start();
        spaces = SpaceApi.create(workspace.workspaceClient());
        scripted = new ScriptedAnswers(workspace);
    }

    @AfterAll
    static void stop() {
        workspace.close();
    }

    @AfterEach
    void cleanUp() {
        llm.close();
        workspace.llmMode(LlmMode.RULES);
        workspace.faults().reset();
    }

    private EnhancementSession.Builder session(ApplyMode mode) {
        return LocalStack.session(workspace, store, events).spaceId(space).applyMode(mode);
    }

    private SpaceConfig live() {
        return workspace.spaceConfig(space).orElseThrow();
    }

    private static long asked() {
        return workspace.requestCount(Endpoint.START_CONVERSATION);
    }

    private static long spaceRequests() {
        return workspace.requestCount(Endpoint.SPACES);
    }

    /**
     * The model answers as the rules say, except: the instruction call gives broken JSON while {@code broken} holds;
     * the snippet, example, metadata and join-spec calls also propose what the unsafe-SQL and unknown-columns modes
     * give for their category; the join-spec removal call also removes a join spec the space does not have.
     */
    private String mixedModel(FakeLlm.Call call, AtomicBoolean instructionsBroken) {
        if (!call.isFixes()) {
            return scripted.answer(call, LlmMode.RULES);
        }
        FixCategory category = call.category().orElseThrow();
        if (category == FixCategory.INSTRUCTION_FIX && instructionsBroken.get()) {
            return scripted.answer(call, LlmMode.INVALID_JSON);
        }
        String rules = scripted.answer(call, LlmMode.RULES);
        return switch (category) {
            case SQL_SNIPPETS_ADD, SAMPLE_QUERIES_ADD, METADATA_ADD, JOIN_SPECS_ADD -> ScriptedAnswers.withProposalsOf(
                    rules, category, scripted.answer(call, LlmMode.UNSAFE_SQL),
                    scripted.answer(call, LlmMode.UNKNOWN_COLUMNS));
            case JOIN_SPECS_DELETE -> ScriptedAnswers.withProposal(rules, "{\"fix\": {\"category\": "
                    + "\"join_specs_delete\", \"leftTable\": \"retail.sales.orders\", \"rightTable\": "
                    + "\"retail.sales.products\"}, \"rationale\": \"x\", \"questions\": []}");
            default -> rules;
        };
    }

    @Test
    void fullLoopAppliesOnlyValidFixesInOneUpdatePerIterationAndRaisesAccuracyToTheTarget() {
        AtomicBoolean instructionsBroken = new AtomicBoolean(true);
        llm.answer(call -> mixedModel(call, instructionsBroken));
        EnhancementSession session = session(ApplyMode.IN_PLACE).benchmarks(workspace.sampleBenchmarks())
                .llm(llm.client()).targetAccuracy(0.9).maxIterations(3).build();
        SpaceConfig original = live();

        // Score: the sample space answers 15 of the 42 questions; every one was asked once.
        long askedBefore = asked();
        ScoreReport baseline = session.score();
        assertThat(baseline.runId()).isEqualTo("i1-baseline");
        assertThat(baseline.correct()).isEqualTo(15);
        assertThat(baseline.results()).hasSize(42);
        assertThat(asked() - askedBefore).isEqualTo(42);
        assertThat(store.results(session.id(), "i1-baseline")).hasSize(42);
        assertThat(events.of(ProgressEvent.StageStarted.class)).extracting(ProgressEvent.StageStarted::stage)
                .containsExactly(Stage.SCORE);

        // Plan: every category but the instructions (whose call failed) is proposed; the invalid fixes are refused.
        EnhancementPlan plan = session.plan(baseline);
        assertThat(plan.fixes()).extracting(PlannedFix::category).containsAll(
                EnumSet.complementOf(EnumSet.of(FixCategory.INSTRUCTION_FIX)));
        assertThat(plan.fixes()).extracting(PlannedFix::category).doesNotContain(FixCategory.INSTRUCTION_FIX);
        assertThat(plan.rejected()).extracting(RejectedFix::reason).anySatisfy(r -> assertThat(r)
                        .contains("is not a single read-only query").contains("DROP TABLE"))
                .anySatisfy(r -> assertThat(r).contains("is not a single read-only query").contains("DELETE"))
                .anySatisfy(r -> assertThat(r).startsWith("the SQL fails on the warehouse").contains("margin_usd"))
                .anySatisfy(r -> assertThat(r).startsWith("column order_total does not exist"))
                .anySatisfy(r -> assertThat(r).isEqualTo("table retail.sales.loyalty_accounts is not in the space"))
                .anySatisfy(r -> assertThat(r).startsWith("no join spec between"));
        assertThat(plan.rejected()).hasSize(6);
        assertThat(session.stage()).isEqualTo(SessionStage.PLANNED);
        assertThat(live()).isEqualTo(original);

        // Apply: one read, one update with every accepted fix, after a snapshot of the configuration as read.
        long spaceRequestsBefore = spaceRequests();
        ApplyResult applied = session.apply(plan);
        assertThat(spaceRequests() - spaceRequestsBefore).isEqualTo(2);
        assertThat(applied.applied()).containsExactlyElementsOf(plan.fixes());
        assertThat(store.snapshot(applied.snapshotId()).orElseThrow().serializedSpace())
                .satisfies(json -> assertThat(SpaceConfig.parse(json)).isEqualTo(original));
        SpaceConfig afterApply = live();
        assertThat(applied.diff()).isEqualTo(original.diffTo(afterApply));
        assertThat(afterApply.snippets(SnippetKind.FILTER)).noneMatch(s -> s.isNamed("recent orders"));
        assertThat(afterApply.snippets(SnippetKind.MEASURE)).noneMatch(s -> s.isNamed("Gross margin"))
                .anyMatch(s -> s.isNamed("Net revenue"));
        assertThat(afterApply.exampleSqls()).noneMatch(e -> e.question().equals("Remove cancelled orders"));
        assertThat(afterApply.joinSpecs()).noneMatch(j -> j.connects("retail.sales.orders",
                "retail.sales.loyalty_accounts"));
        assertThat(afterApply.instructionText()).isEqualTo(original.instructionText());

        // Validate: better, but the missing instructions keep it under the target.
        ScoreReport firstValidation = session.validate();
        assertThat(firstValidation.runId()).isEqualTo("i1-validation");
        assertThat(firstValidation.accuracy()).isGreaterThan(baseline.accuracy()).isLessThan(0.9);
        assertThat(session.stage()).isEqualTo(SessionStage.VALIDATED);
        assertThat(events.of(ProgressEvent.IterationFinished.class)).singleElement()
                .satisfies(e -> assertThat(e.kept()).isTrue());
        assertThat(events.of(ProgressEvent.StageStarted.class)).extracting(ProgressEvent.StageStarted::stage)
                .containsExactly(Stage.SCORE, Stage.PLAN, Stage.APPLY, Stage.VALIDATE);
        assertThat(events.of(ProgressEvent.QuestionScored.class)).hasSize(2 * 42);

        // The model recovers; the loop runs on by itself.
        instructionsBroken.set(false);
        EnhancementResult result = session.run();

        assertThat(result.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
        assertThat(result.iterations()).hasSize(2);
        IterationResult first = result.iterations().get(0);
        assertThat(first.failedCalls()).extracting(FailedCall::purpose)
                .allSatisfy(p -> assertThat(p).startsWith("categories/instruction_fix"));
        assertThat(first.failedCalls()).isNotEmpty();
        IterationResult second = result.iterations().get(1);
        assertThat(second.baseline().runId()).isEqualTo("i1-validation");
        assertThat(second.plan().orElseThrow().fixes()).extracting(PlannedFix::category)
                .contains(FixCategory.INSTRUCTION_FIX);
        assertThat(second.failedCalls()).isEmpty();
        assertThat(second.kept()).isTrue();
        assertThat(result.finalAccuracy().tuning()).isGreaterThanOrEqualTo(0.9);
        assertThat(live().instructionText()).contains("2024-12-31");
        // Two updates in all, one per iteration, each after its own snapshot.
        assertThat(store.snapshots(session.id())).hasSize(2);
        // The reports across iterations: baseline, then each validation.
        assertThat(result.runs()).extracting(ScoreReport::runId)
                .containsExactly("i1-baseline", "i1-validation", "i2-validation");
        String html = result.reports().toHtml();
        assertThat(html).contains("i1-baseline", "i1-validation", "i2-validation", "<svg", "90.0%");
        assertThat(result.reports().toJUnitXml()).contains("i2-validation");
    }

    @Test
    void anIterationThatScoresLowerIsRolledBack() {
        // The stale example is removed together with the good one that b32 relies on.
        llm.answer(call -> !call.isFixes() ? scripted.answer(call, LlmMode.RULES)
                : call.category().orElseThrow() != FixCategory.SAMPLE_QUERIES_DELETE ? "{\"fixes\": []}"
                : "{\"fixes\": [{\"fix\": {\"category\": \"sample_queries_delete\", \"question\": \"What are the top "
                + "5 products by units sold?\"}, \"rationale\": \"r\", \"questions\": []}]}");
        SpaceConfig original = live();

        EnhancementResult result = session(ApplyMode.IN_PLACE).llm(llm.client()).build().run();

        assertThat(result.stopReason()).isEqualTo(StopReason.NO_GAIN);
        IterationResult only = result.iterations().get(0);
        assertThat(only.applied().orElseThrow().applied()).singleElement()
                .satisfies(f -> assertThat(f.category()).isEqualTo(FixCategory.SAMPLE_QUERIES_DELETE));
        assertThat(only.validation().orElseThrow().result("b32")).hasValueSatisfying(r ->
                assertThat(r.isCorrect()).isFalse());
        assertThat(only.after().orElseThrow().tuning()).isLessThan(only.before().tuning());
        assertThat(only.kept()).isFalse();
        assertThat(live()).isEqualTo(original);
        assertThat(store.events(result.sessionId())).anySatisfy(e -> assertThat(e.type()).isEqualTo("rolled_back"));
        assertThat(result.finalAccuracy()).isEqualTo(result.initialAccuracy());
    }

    @Test
    void aSpaceEditedUnderneathIsNeverOverwritten() {
        EnhancementSession session = session(ApplyMode.IN_PLACE).llm(LocalStack.scriptedLlm(workspace)).build();
        EnhancementPlan plan = session.plan(session.score());

        // Edited after planning: the apply reads the space again and adds the plan to the colleague's edit.
        workspace.faults().editSpaceUnderneath(space, tree -> SpaceConfig.parse(tree.toString())
                .withInstructionTextAppended("A colleague's rule.").toTree());
        // Edited between the apply's read and its update: refused, nothing written.
        workspace.faults().editSpaceAfterNextRead(space, tree -> SpaceConfig.parse(tree.toString())
                .withInstructionTextAppended("Another colleague's rule.").toTree());
        SpaceConfig edited = live();
        assertThatThrownBy(() -> session.apply(plan)).isInstanceOf(SpaceConflictException.class);

        SpaceConfig afterConflict = live();
        assertThat(afterConflict.instructionText()).contains("A colleague's rule.", "Another colleague's rule.");
        assertThat(afterConflict.withInstructionText(edited.instructionText())).isEqualTo(edited);
        assertThat(session.stage()).isEqualTo(SessionStage.PLANNED);
        assertThat(store.plan(session.id(), plan.planId())).contains(plan);
        assertThat(store.snapshots(session.id())).singleElement()
                .satisfies(s -> assertThat(SpaceConfig.parse(s.serializedSpace())).isEqualTo(edited));

        EnhancementResult result = session.run();

        assertThat(result.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
        assertThat(live().instructionText()).contains("A colleague's rule.", "Another colleague's rule.",
                "2024-12-31");
        assertThat(result.iterations().get(0).applied().orElseThrow().applied()).hasSameSizeAs(plan.fixes());
    }

    @Test
    void aCrashBetweenApplyAndValidateResumesWithoutAskingAnsweredQuestionsAgain() {
        int storedBeforeTheCrash = 10;
        StateStore crashing = CrashingStore.afterResults(store, "i1-validation", storedBeforeTheCrash);
        EnhancementSession first = LocalStack.session(workspace, crashing, ProgressListener.none()).spaceId(space)
                .applyMode(ApplyMode.IN_PLACE).llm(LocalStack.scriptedLlm(workspace)).build();
        first.apply(first.plan(first.score()));
        SpaceConfig applied = live();
        // The process dies here; the next one takes over its claim, resumes, and is killed while validating.
        EnhancementSession second = LocalStack.session(workspace, crashing, ProgressListener.none())
                .llm(LocalStack.scriptedLlm(workspace)).takeOver(true).resume(first.id());
        assertThat(second.stage()).isEqualTo(SessionStage.APPLIED);
        assertThatThrownBy(second::validate).isInstanceOf(GenieEnhancerException.class)
                .hasMessageContaining("i1-validation");
        assertThat(store.results(first.id(), "i1-validation")).hasSize(storedBeforeTheCrash);
        long askedBefore = asked();
        long llmCallsBefore = workspace.requestCount(Endpoint.SERVING_ENDPOINT);

        EnhancementSession third = LocalStack.session(workspace, store, ProgressListener.none())
                .llm(LocalStack.scriptedLlm(workspace)).takeOver(true).resume(first.id());
        assertThat(third.stage()).isEqualTo(SessionStage.APPLIED);
        EnhancementResult result = third.run();

        int benchmarks = LocalStack.quickBenchmarks(workspace).size();
        assertThat(asked() - askedBefore).isEqualTo(benchmarks - storedBeforeTheCrash);
        assertThat(workspace.requestCount(Endpoint.SERVING_ENDPOINT)).isEqualTo(llmCallsBefore);
        assertThat(result.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
        assertThat(result.iterations()).singleElement().satisfies(i -> {
            assertThat(i.kept()).isTrue();
            assertThat(i.validation().orElseThrow().results()).hasSize(benchmarks);
        });
        assertThat(store.snapshots(first.id())).hasSize(1);
        assertThat(live()).isEqualTo(applied);
    }

    @Test
    void dryRunScoresAndPlansButChangesNothing() {
        Optional<String> etag = spaces.get(space).etag();
        SpaceConfig original = live();
        long askedBefore = asked();

        EnhancementResult result = session(ApplyMode.DRY_RUN).llm(LocalStack.scriptedLlm(workspace)).build().run();

        assertThat(result.stopReason()).isEqualTo(StopReason.DRY_RUN);
        assertThat(spaces.get(space).etag()).isEqualTo(etag);
        assertThat(live()).isEqualTo(original);
        assertThat(store.snapshots(result.sessionId())).isEmpty();
        assertThat(asked() - askedBefore).isEqualTo(LocalStack.quickBenchmarks(workspace).size());
        IterationResult only = result.iterations().get(0);
        assertThat(only.plan().orElseThrow().fixes()).isNotEmpty();
        assertThat(only.applied()).hasValueSatisfying(preview -> {
            assertThat(preview.snapshotId()).isEqualTo(Applier.NO_SNAPSHOT);
            assertThat(preview.applied()).hasSameSizeAs(only.plan().orElseThrow().fixes());
            assertThat(preview.diff().changes()).isNotEmpty();
        });
        assertThat(only.validation()).isEmpty();
    }

    /** Each broken mode of the scripted LLM: its output is refused or reported, and the space is never touched. */
    @ParameterizedTest
    @EnumSource(value = LlmMode.class, names = {"INVALID_JSON", "UNSAFE_SQL", "UNKNOWN_COLUMNS"})
    void invalidModelOutputIsRefusedOrReportedAndNeverCorruptsTheSpace(LlmMode mode) {
        workspace.llmMode(mode);
        Optional<String> etag = spaces.get(space).etag();

        EnhancementResult result = session(ApplyMode.IN_PLACE).llm(LocalStack.scriptedLlm(workspace)).build().run();

        assertThat(result.stopReason()).isEqualTo(StopReason.NO_FIXES);
        assertThat(spaces.get(space).etag()).isEqualTo(etag);
        IterationResult only = result.iterations().get(0);
        EnhancementPlan plan = only.plan().orElseThrow();
        assertThat(plan.fixes()).isEmpty();
        if (mode == LlmMode.INVALID_JSON) {
            assertThat(only.failedCalls()).isNotEmpty()
                    .allSatisfy(f -> assertThat(f.purpose()).startsWith("categories/"));
            assertThat(plan.rejected()).isEmpty();
        } else {
            assertThat(only.failedCalls()).isEmpty();
            assertThat(plan.rejected()).isNotEmpty();
            String reasons = plan.rejected().stream().map(RejectedFix::reason).collect(Collectors.joining("\n"));
            assertThat(reasons).contains(mode == LlmMode.UNSAFE_SQL ? "is not a single read-only query"
                    : "does not exist");
        }
    }
}
