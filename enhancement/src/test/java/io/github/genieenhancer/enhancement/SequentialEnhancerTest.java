package io.github.genieenhancer.enhancement;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.fix.FixCategory;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.space.SnippetKind;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.genie.BatchGenieClient;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.genie.SqlExecutor;
import io.github.genieenhancer.scoring.BatchScorer;
import io.github.genieenhancer.scoring.ScoringOptions;
import io.github.genieenhancer.testkit.Endpoint;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One category at a time on the local stack: the local Genie answers from the live configuration, so each step's
 * effect on the questions it names is real. The fixes are those the testkit documents as deciding sample answers.
 */
class SequentialEnhancerTest {
    private static LocalWorkspace workspace;
    private static SpaceApi spaces;

    private final StateStore store = StateStore.inMemory();
    private final String space = LocalStack.sampleSpace(workspace, "Sequential test");
    private final SqlExecutor warehouse = SqlExecutor.builder(workspace.workspaceClient())
            .warehouseId(workspace.warehouseId()).build();
    private BatchGenieClient genie;
    private BatchScorer scorer;

    @BeforeAll
    static void start() {
        workspace = LocalStack.start();
        spaces = SpaceApi.create(workspace.workspaceClient());
    }

    @AfterAll
    static void stop() {
        workspace.close();
    }

    @AfterEach
    void closeScorer() {
        scorer.close();
        genie.close();
    }

    private SequentialEnhancer enhancer() {
        genie = BatchGenieClient.create(LocalStack.genie(workspace));
        scorer = BatchScorer.create(genie, warehouse, spaces, ScoringOptions.builder().stateStore(store).build());
        Applier applier = Applier.builder(spaces, store).validator(FixValidator.builder().warehouse(warehouse).build())
                .build();
        return SequentialEnhancer.builder(applier, scorer).propagationWait(Duration.ZERO).build();
    }

    private static PlannedFix fix(String id, Fix fix, String... benchmarkIds) {
        return new PlannedFix(id, fix, "", List.of(benchmarkIds));
    }

    private static EnhancementPlan plan(PlannedFix... fixes) {
        return new EnhancementPlan("p1", "baseline", Instant.EPOCH, List.of(fixes), List.of());
    }

    private BenchmarkSet benchmarks(String... ids) {
        Set<String> wanted = Set.of(ids);
        return workspace.sampleBenchmarks().filter("some", b -> wanted.contains(b.id()));
    }

    private SpaceConfig live() {
        return workspace.spaceConfig(space).orElseThrow();
    }

    @Test
    void keepsTheCategoriesThatHelpAndRollsBackTheOthersReScoringOnlyTheirQuestions() {
        SequentialEnhancer enhancer = enhancer();
        ScoreReport baseline = scorer.score(space, benchmarks("b02", "b08", "b28", "b32"));
        assertThat(baseline.results()).extracting(r -> r.benchmarkId() + " " + r.isCorrect())
                .containsExactly("b02 false", "b08 false", "b28 false", "b32 true");
        SpaceConfig before = live();
        // "last month" needs today's date AND the right date column: the instruction alone gains nothing.
        PlannedFix today = fix("f1", new Fix.InstructionFix("Treat 2024-12-31 as today.", false), "b28");
        PlannedFix misleadingFilter = fix("f2", new Fix.SqlSnippetDelete(SnippetKind.FILTER, "active customers"),
                "b08");
        PlannedFix dateSynonym = fix("f3", new Fix.MetadataAdd("retail.sales.orders", Optional.of("order_date"),
                Optional.of("The day the order was placed."), List.of("date")), "b02", "b28");
        // Harmful: the one good example, which b32 relies on.
        PlannedFix goodExample = fix("f4", new Fix.SampleQueryDelete("What are the top 5 products by units sold?"),
                "b32");
        long asked = workspace.requestCount(Endpoint.START_CONVERSATION);

        SequentialResult result = enhancer.apply(space, plan(goodExample, dateSynonym, today, misleadingFilter),
                baseline);

        assertThat(result.steps()).extracting(SequentialResult.Step::category).containsExactly(
                FixCategory.INSTRUCTION_FIX, FixCategory.SQL_SNIPPETS_DELETE, FixCategory.METADATA_ADD,
                FixCategory.SAMPLE_QUERIES_DELETE);
        assertThat(result.steps()).extracting(s -> s.affected() + " " + s.correctBefore() + "->" + s.correctAfter()
                + " " + s.kept()).containsExactly(
                "[b28] 0->0 false",
                "[b08] 0->1 true",
                "[b02, b28] 0->1 true",
                "[b32] 1->0 false");
        assertThat(result.kept()).containsExactly(misleadingFilter, dateSynonym);
        // Only the questions each step names were asked again.
        assertThat(workspace.requestCount(Endpoint.START_CONVERSATION) - asked).isEqualTo(1 + 1 + 2 + 1);
        assertThat(result.steps()).allSatisfy(s -> assertThat(s.rescore()).hasValueSatisfying(r ->
                assertThat(r.results()).extracting(q -> q.benchmarkId()).containsExactlyElementsOf(s.affected())));
        // The space holds exactly the kept steps: each rolled-back step restored its snapshot.
        SpaceConfig after = live();
        assertThat(after.instructionText()).isEqualTo(before.instructionText());
        assertThat(after.exampleSqls()).isEqualTo(before.exampleSqls());
        assertThat(after.snippets(SnippetKind.FILTER)).noneMatch(s -> s.isNamed("active customers"));
        assertThat(after.table("retail.sales.orders").flatMap(t -> t.column("order_date")).orElseThrow().synonyms())
                .contains("date");
        // (in the order the API accepts: it serves benchmarks and parameters in its export order)
        assertThat(after.normalized()).isEqualTo(FixValidator.builder().warehouse(warehouse).build()
                .validate(List.of(misleadingFilter, dateSynonym), before).edited().withBenchmarksOf(after)
                .normalized());
        for (SequentialResult.Step step : result.steps()) {
            assertThat(store.snapshot(step.applied().snapshotId())).isPresent();
        }
    }

    @Test
    void aStepWhoseReScoreIsIncompleteCannotShowItHelpsAndIsRolledBack() {
        SequentialEnhancer enhancer = enhancer();
        ScoreReport baseline = scorer.score(space, benchmarks("b08"));
        SpaceConfig before = live();
        PlannedFix misleadingFilter = fix("f1", new Fix.SqlSnippetDelete(SnippetKind.FILTER, "active customers"),
                "b08");
        // The re-score's only answer fails for want of warehouse access: nothing is counted.
        workspace.faults().failMessages(1, "WAREHOUSE_ACCESS_MISSING_EXCEPTION");

        SequentialResult result = enhancer.apply(space, plan(misleadingFilter), baseline);

        assertThat(result.steps()).singleElement().satisfies(s -> {
            assertThat(s.kept()).isFalse();
            assertThat(s.paired()).isZero();
            assertThat(s.rescore()).hasValueSatisfying(r -> assertThat(r.coverage()).isZero());
        });
        assertThat(live()).isEqualTo(before.withBenchmarksOf(live()));
        assertThat(result.kept()).isEmpty();
    }

    @Test
    void aCategoryWhoseFixesAreAllRefusedWritesNothingAndAsksNothing() {
        SequentialEnhancer enhancer = enhancer();
        ScoreReport baseline = scorer.score(space, benchmarks("b02"));
        SpaceConfig before = live();
        long asked = workspace.requestCount(Endpoint.START_CONVERSATION);

        SequentialResult result = enhancer.apply(space, plan(fix("f1", new Fix.MetadataAdd("retail.sales.orders",
                Optional.of("order_total"), Optional.of("Total."), List.of()), "b02")), baseline);

        assertThat(result.steps()).singleElement().satisfies(s -> {
            assertThat(s.kept()).isFalse();
            assertThat(s.applied().applied()).isEmpty();
            assertThat(s.applied().rejected()).singleElement()
                    .satisfies(r -> assertThat(r.reason()).startsWith("column order_total does not exist"));
            assertThat(s.affected()).isEmpty();
            assertThat(s.rescore()).isEmpty();
        });
        assertThat(workspace.requestCount(Endpoint.START_CONVERSATION)).isEqualTo(asked);
        assertThat(live()).isEqualTo(before);
        assertThat(result.kept()).isEmpty();
    }
}
