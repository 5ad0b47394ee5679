package io.github.genieenhancer.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.fix.ApplyResult;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.fix.FixCategory;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.progress.ProgressEvent;
import io.github.genieenhancer.core.progress.Stage;
import io.github.genieenhancer.core.score.PairedScore;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.core.space.SnippetKind;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.state.IterationRecord;
import io.github.genieenhancer.core.state.SessionStage;
import io.github.genieenhancer.core.state.SpaceSnapshot;
import io.github.genieenhancer.core.state.StateEvent;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.enhancement.EnhancementResult;
import io.github.genieenhancer.enhancement.EnhancementSession;
import io.github.genieenhancer.enhancement.IterationResult;
import io.github.genieenhancer.enhancement.StopReason;
import io.github.genieenhancer.genie.Space;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.testkit.Endpoint;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop on the 42 sample benchmarks, from the sample space's 15 of 42 (36 %) to the target, one stage at a
 * time as the original wizard runs it, with each stage's output checked against the workspace and against what the
 * state directory holds, then {@code run()} deciding to stop. The model is the workspace's scripted LLM, reached
 * through {@code LlmClient.databricks} on its serving endpoint; scores come from the session's own batch scorer.
 */
class FullLoopEndToEndTest {
    /** The benchmarks the sample space answers right: simple counts, one-table filters, the one good example. */
    private static final Set<String> CORRECT_ON_THE_SAMPLE = Set.of("b01", "b03", "b04", "b05", "b06", "b10", "b23",
            "b26", "b30", "b31", "b32", "b38", "b39", "b41", "b42");
    /** Where the sample space lacks a join path, the local Genie asks which column links the tables. */
    private static final Set<String> TEXT_ANSWERS_ON_THE_SAMPLE = Set.of("b16", "b24", "b27", "b36");

    private static final FastForward TIME = new FastForward();
    private static LocalWorkspace workspace;

    @TempDir
    Path stateDirectory;

    @BeforeAll
    static void start() {
        workspace = LocalStack.start();
    }

    @AfterAll
    static void stop() {
        workspace.close();
    }

    @Test
    void fromTheLowBaselineToTheTargetWithEveryStageCheckedAndStored() throws IOException {
        String space = LocalStack.sampleSpace(workspace, "Full loop");
        SpaceApi spaces = SpaceApi.create(workspace.workspaceClient());
        Space before = spaces.get(space);
        SpaceConfig original = before.config();
        BenchmarkSet benchmarks = workspace.sampleBenchmarks();
        SpaceWatcher watcher = new SpaceWatcher(workspace, space);
        StateStore store = StateStore.directory(stateDirectory);
        EnhancementSession session = LocalStack.session(workspace, space, store, watcher, TIME)
                .benchmarks(benchmarks).targetAccuracy(0.9).maxIterations(3).build();
        String id = session.id();
        long questionsBefore = workspace.requestCount(Endpoint.START_CONVERSATION);

        // Score: every benchmark asked once, each result stored with its verdict and reason.
        ScoreReport baseline = session.score();
        assertThat(baseline.runId()).isEqualTo("i1-baseline");
        assertThat(baseline.spaceId()).isEqualTo(space);
        assertThat(baseline.spaceVersion()).isEqualTo(original.fingerprint());
        assertThat(baseline.correct()).isEqualTo(15);
        assertThat(baseline.accuracy()).isEqualTo(15.0 / 42);
        assertThat(ids(baseline, Verdict.CORRECT)).isEqualTo(CORRECT_ON_THE_SAMPLE);
        assertThat(ids(baseline, Verdict.NO_SQL)).isEqualTo(TEXT_ANSWERS_ON_THE_SAMPLE);
        assertThat(baseline.counts()).containsEntry(Verdict.INCORRECT, 23L).containsEntry(Verdict.ERROR, 0L)
                .containsEntry(Verdict.EXCLUDED, 0L);
        assertThat(baseline.results()).allSatisfy(r -> {
            assertThat(r.conversationId()).isPresent();
            switch (r.verdict()) {
                case CORRECT -> assertThat(r.reason()).isEqualTo(ReasonCode.RESULT_MATCH);
                case NO_SQL -> assertThat(r.reason()).isEqualTo(ReasonCode.TEXT_ANSWER);
                default -> {
                    assertThat(r.genieSql()).isPresent();
                    assertThat(r.reason()).isIn(ReasonCode.RESULT_MISSING_ROWS, ReasonCode.RESULT_EXTRA_ROWS,
                            ReasonCode.SINGLE_CELL_DIFFERENCE);
                    assertThat(r.explanation()).isNotBlank();
                }
            }
        });
        // b02 "How many orders were placed in 2024?": the first date column of orders is the load time.
        assertThat(baseline.result("b02")).hasValueSatisfying(r -> assertThat(r.genieSql().orElseThrow())
                .contains("created_at"));
        assertThat(workspace.requestCount(Endpoint.START_CONVERSATION) - questionsBefore).isEqualTo(42);
        assertThat(store.results(id, "i1-baseline")).containsExactlyInAnyOrderElementsOf(baseline.results());
        assertThat(store.report(id, "i1-baseline")).contains(baseline);
        assertThat(store.session(id).orElseThrow().stage()).isEqualTo(SessionStage.SCORED);
        assertThat(store.iterations(id)).singleElement().satisfies(i -> {
            assertThat(i.baselineRunId()).isEqualTo("i1-baseline");
            assertThat(i.accuracyBefore()).isEqualTo(15.0 / 42);
            assertThat(i.planId()).isEmpty();
        });

        // Plan: fixes of all nine categories, together addressing every failure and only failures; nothing refused.
        EnhancementPlan plan = session.plan(baseline);
        Set<String> failures = baseline.failures().stream().map(QuestionResult::benchmarkId)
                .collect(Collectors.toSet());
        assertThat(failures).hasSize(27);
        assertThat(plan.planId()).isEqualTo("i1-plan");
        assertThat(plan.sourceRunId()).isEqualTo("i1-baseline");
        assertThat(plan.fixes()).extracting(PlannedFix::category).containsAll(EnumSet.allOf(FixCategory.class));
        assertThat(plan.rejected()).isEmpty();
        assertThat(plan.fixes()).allSatisfy(f -> {
            assertThat(f.rationale()).isNotBlank();
            assertThat(f.benchmarkIds()).isNotEmpty().isSubsetOf(failures);
        });
        assertThat(plan.fixes().stream().flatMap(f -> f.benchmarkIds().stream()).collect(Collectors.toSet()))
                .isEqualTo(failures);
        // The four misleading items of the sample space are removed.
        assertThat(plan.fixes()).extracting(PlannedFix::fix).contains(
                new Fix.JoinSpecDelete("retail.sales.customers", "retail.sales.stores"),
                new Fix.SqlSnippetDelete(SnippetKind.FILTER, "active customers"),
                new Fix.MetadataDelete("retail.sales.stores", Optional.of("store_type"), Optional.of("channel")),
                new Fix.SampleQueryDelete("What is the total revenue by region?"));
        // No example copies a benchmark's question or expected SQL.
        assertThat(plan.fixes()).extracting(PlannedFix::fix).filteredOn(Fix.SampleQueryAdd.class::isInstance)
                .map(Fix.SampleQueryAdd.class::cast).isNotEmpty().allSatisfy(example -> {
                    assertThat(benchmarks.benchmarks()).extracting(Benchmark::question)
                            .doesNotContain(example.question());
                    assertThat(benchmarks.benchmarks()).extracting(Benchmark::expectedSql)
                            .doesNotContain(example.sql());
                });
        assertThat(store.plan(id, "i1-plan")).contains(plan);
        assertThat(store.session(id).orElseThrow().stage()).isEqualTo(SessionStage.PLANNED);
        assertThat(spaces.get(space).etag()).isEqualTo(before.etag());

        // Apply: a snapshot of the configuration as read, then every fix in one update.
        ApplyResult applied = session.apply(plan);
        Space after = spaces.get(space);
        SpaceSnapshot snapshot = store.snapshot(applied.snapshotId()).orElseThrow();
        assertThat(snapshot.sessionId()).isEqualTo(id);
        assertThat(snapshot.spaceId()).isEqualTo(space);
        assertThat(snapshot.etag()).isEqualTo(before.etag());
        assertThat(SpaceConfig.parse(snapshot.serializedSpace())).isEqualTo(original);
        assertThat(applied.spaceId()).isEqualTo(space);
        assertThat(applied.applied()).isEqualTo(plan.fixes());
        assertThat(applied.rejected()).isEmpty();
        assertThat(applied.etag()).isEqualTo(after.etag()).isNotEqualTo(before.etag());
        assertThat(applied.diff()).isEqualTo(original.diffTo(after.config()));
        assertThat(applied.diff().changes()).isNotEmpty();
        assertThat(applied.applied()).allSatisfy(f -> {
            assertThat(FixEffects.visibleIn(after.config(), f.fix())).as("%s in the space", f.fix()).isTrue();
            assertThat(FixEffects.visibleIn(original, f.fix())).as("%s before", f.fix()).isFalse();
        });
        // served in the API's export order (benchmarks newest first), which it refuses back; valid in its order
        assertThat(after.config().validate()).isNotEmpty();
        assertThat(after.config().normalized().validate()).isEmpty();
        assertThat(watcher.configurationsSeen()).containsExactly(original, after.config());
        assertThat(watcher.events(ProgressEvent.FixApplied.class)).extracting(ProgressEvent.FixApplied::fix)
                .containsExactlyInAnyOrderElementsOf(plan.fixes());
        List<StateEvent> applyEvents = store.events(id).stream().filter(e -> e.type().startsWith("appl")).toList();
        assertThat(applyEvents).extracting(StateEvent::type).containsExactly("apply_started", "applied");
        assertThat(GenieJson.read(applyEvents.get(1).attributes().get("result"), ApplyResult.class, "event"))
                .isEqualTo(applied);
        assertThat(store.session(id).orElseThrow().stage()).isEqualTo(SessionStage.APPLIED);

        // Validate: every question asked again, on the new configuration; all 42 right.
        ScoreReport validation = session.validate();
        assertThat(validation.runId()).isEqualTo("i1-validation");
        assertThat(validation.spaceVersion()).isEqualTo(after.config().fingerprint());
        assertThat(validation.results()).hasSize(42)
                .allSatisfy(r -> assertThat(r.verdict()).isEqualTo(Verdict.CORRECT));
        assertThat(workspace.requestCount(Endpoint.START_CONVERSATION) - questionsBefore).isEqualTo(84);
        assertThat(store.results(id, "i1-validation")).containsExactlyInAnyOrderElementsOf(validation.results());
        assertThat(watcher.events(ProgressEvent.IterationFinished.class)).singleElement()
                .isEqualTo(new ProgressEvent.IterationFinished(1, 15.0 / 42, 1.0, true));

        // The loop sees the target reached and stops without asking anything more.
        EnhancementResult result = session.run();
        assertThat(result.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
        assertThat(result.initialAccuracy().tuning()).isEqualTo(15.0 / 42);
        assertThat(result.finalAccuracy().tuning()).isEqualTo(1.0);
        assertThat(result.iterations()).singleElement().satisfies(i -> {
            assertThat(i.baseline()).isEqualTo(baseline);
            assertThat(i.plan()).contains(plan);
            assertThat(i.applied()).contains(applied);
            assertThat(i.validation()).contains(validation);
            assertThat(i.kept()).isTrue();
            assertThat(i.failedCalls()).isEmpty();
        });
        assertThat(result.runs()).extracting(ScoreReport::runId).containsExactly("i1-baseline", "i1-validation");
        assertThat(result.reports().toJUnitXml()).contains("i1-validation");
        assertThat(workspace.requestCount(Endpoint.START_CONVERSATION) - questionsBefore).isEqualTo(84);
        assertThat(watcher.events(ProgressEvent.StageStarted.class)).extracting(ProgressEvent.StageStarted::stage)
                .containsExactly(Stage.SCORE, Stage.PLAN, Stage.APPLY, Stage.VALIDATE);
        assertThat(watcher.configurationsSeen()).containsExactly(original, after.config());

        // What a new process finds in the state directory: the whole session, and no secret.
        StateStore reopened = StateStore.directory(stateDirectory);
        assertThat(reopened.session(id)).hasValueSatisfying(s -> {
            assertThat(s.stage()).isEqualTo(SessionStage.FINISHED);
            assertThat(s.iteration()).isEqualTo(1);
            assertThat(s.spaceId()).isEqualTo(space);
            assertThat(EnhancementSession.history(reopened, id).stopReason()).contains(StopReason.TARGET_REACHED);
        });
        assertThat(reopened.iterations(id)).singleElement().isEqualTo(new IterationRecord(id, 1, "i1-baseline",
                Optional.of("i1-plan"), Optional.of(applied.snapshotId()), Optional.of("i1-validation"), 15.0 / 42,
                Optional.of(1.0), Optional.of(true), reopened.iterations(id).get(0).updatedAt(),
                Optional.of(new PairedScore("i1-baseline", "i1-validation", 42, 15, 42))));
        assertThat(reopened.reports(id)).containsExactly(baseline, validation);
        assertThat(reopened.plans(id)).containsExactly(plan);
        assertThat(reopened.snapshots(id)).containsExactly(snapshot);
        assertThat(reopened.events(id)).extracting(StateEvent::type).containsExactly("stage_finished",
                "stage_finished", "apply_started", "applied", "stage_finished", "stage_finished");
        assertThat(EnhancementSession.history(reopened, id).stageStats()).extracting(s -> s.stage())
                .containsExactly(Stage.SCORE, Stage.PLAN, Stage.APPLY, Stage.VALIDATE);
        String token = workspace.databricksConfig().getToken();
        try (Stream<Path> files = Files.walk(stateDirectory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(token);
            }
        }
        IterationResult only = EnhancementSession.resume(reopened, id, workspace.workspaceClient(),
                LocalStack.llm(workspace, TIME)).run().iterations().get(0);
        assertThat(only.applied()).contains(applied);
    }

    private static Set<String> ids(ScoreReport report, Verdict verdict) {
        return report.results().stream().filter(r -> r.verdict() == verdict).map(QuestionResult::benchmarkId)
                .collect(Collectors.toSet());
    }
}
