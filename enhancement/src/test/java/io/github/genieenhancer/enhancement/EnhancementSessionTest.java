package io.github.genieenhancer.enhancement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.IncompleteScoreException;
import io.github.genieenhancer.core.SessionOwnedException;
import io.github.genieenhancer.core.SpaceConflictException;
import io.github.genieenhancer.core.StateStoreException;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.fix.ApplyResult;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.fix.FixCategory;
import io.github.genieenhancer.core.progress.ProgressEvent;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.score.PairedScore;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.core.space.SnippetKind;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.state.MutableClock;
import io.github.genieenhancer.core.state.SessionRecord;
import io.github.genieenhancer.core.state.SessionStage;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.genie.SpaceDraft;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The loop's decisions, against a local workspace's spaces and a scripted LLM. The scorer here is a rule per
 * benchmark over the live configuration (the end-to-end test with the real scorer and the local Genie is elsewhere),
 * so each test controls exactly which change helps and which hurts.
 */
class EnhancementSessionTest {
    private static LocalWorkspace workspace;
    private static SpaceApi spaces;

    private final FakeLlm llm = new FakeLlm();
    private final StateStore store = StateStore.inMemory();
    private final String space = spaces.create(SpaceDraft.of("Session test", workspace.warehouseId(),
            Fixtures.space())).spaceId();
    private final List<String> scoredSpaces = new ArrayList<>();

    /** Each benchmark passes when its rule holds for the live configuration of the space scored. */
    private final Map<String, Predicate<SpaceConfig>> rules = Map.of(
            "b1", c -> c.joinSpecs().stream().anyMatch(j -> j.condition().contains("cust_id")),
            "b2", c -> c.snippets(SnippetKind.FILTER).stream().anyMatch(s -> s.sql().contains("COMPLETED")),
            "b3", c -> c.exampleSqls().stream().anyMatch(e -> e.question().equals("How many orders per status?")),
            "h1", c -> c.joinSpecs().stream().anyMatch(j -> j.condition().contains("cust_id")));

    private final BenchmarkSet benchmarks = BenchmarkSet.of("session", List.of(
            Benchmark.of("b1", "How many orders did Corporate customers place?",
                    "SELECT COUNT(*) FROM retail.sales.orders o JOIN retail.sales.customers c "
                            + "ON o.cust_id = c.customer_id WHERE c.segment = 'Corporate'"),
            Benchmark.of("b2", "How many completed orders are there?",
                    "SELECT COUNT(*) FROM retail.sales.orders WHERE status = 'COMPLETED'"),
            Benchmark.of("b3", "Orders by status", "SELECT status, COUNT(*) FROM retail.sales.orders GROUP BY 1"),
            Benchmark.of("h1", "How many customers placed orders?",
                    "SELECT COUNT(DISTINCT c.customer_id) FROM retail.sales.orders o JOIN retail.sales.customers c "
                            + "ON o.cust_id = c.customer_id")));

    private final SpaceScorer scorer = (runId, spaceId, set, progress) -> {
        scoredSpaces.add(spaceId);
        SpaceConfig config = workspace.spaceConfig(spaceId).orElseThrow();
        List<QuestionResult> results = new ArrayList<>();
        for (Benchmark b : set.benchmarks()) {
            boolean correct = rules.get(b.id()).test(config);
            results.add(new QuestionResult(b.id(), b.question(), b.expectedSql(),
                    Optional.of("SELECT 1"), correct ? Verdict.CORRECT : Verdict.INCORRECT,
                    correct ? ReasonCode.RESULT_MATCH : ReasonCode.RESULT_MISSING_ROWS, "", List.of(), null, null,
                    Optional.empty(), Optional.empty()));
        }
        return new ScoreReport(runId, spaceId, config.fingerprint(), Instant.EPOCH, Instant.EPOCH, results);
    };

    /** Per run id, the benchmarks the {@link #flakyScorer} excludes, as rate-limited questions would be. */
    private final Map<String, Set<String>> excluded = new ConcurrentHashMap<>();

    /** The rule scorer, except that it excludes the benchmarks {@link #excluded} names for each run. */
    private final SpaceScorer flakyScorer = (runId, spaceId, set, progress) -> {
        ScoreReport scored = scorer.score(runId, spaceId, set, progress);
        Set<String> ids = excluded.getOrDefault(runId, Set.of());
        return new ScoreReport(runId, spaceId, scored.spaceVersion(), Instant.EPOCH, Instant.EPOCH,
                scored.results().stream().map(r -> !ids.contains(r.benchmarkId()) ? r : new QuestionResult(
                        r.benchmarkId(), r.question(), r.expectedSql(), Optional.empty(), Verdict.EXCLUDED,
                        ReasonCode.INFRASTRUCTURE, "Not a failure of the space: RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION",
                        List.of(), null, null, Optional.empty(), Optional.empty())).toList());
    };

    @BeforeAll
    static void start() {
        workspace = LocalWorkspace.builder().statementLatency(Duration.ofMillis(1)).start();
        spaces = SpaceApi.create(workspace.workspaceClient());
    }

    @AfterAll
    static void stop() {
        workspace.close();
    }

    @AfterEach
    void stopLlm() {
        llm.close();
    }

    private EnhancementSession.Builder session(ApplyMode mode) {
        return EnhancementSession.builder().workspace(workspace.workspaceClient()).spaceId(space)
                .warehouseId(workspace.warehouseId()).benchmarks(benchmarks).llm(llm.client()).applyMode(mode)
                .stateStore(store).progressListener(ProgressListener.none()).propagationWait(Duration.ZERO)
                .targetAccuracy(1.0).scorer(scorer);
    }

    /** The analysis names the categories the question's rule needs; the fixes are the ones that help. */
    private String helpfulAnswers(FakeLlm.Call call) {
        if (call.isAnalysis()) {
            String categories = call.user().contains("Corporate") || call.user().contains("customers placed")
                    ? "\"join_specs_delete\",\"join_specs_add\"" : "\"sql_snippets_delete\",\"sql_snippets_add\"";
            return "{\"analyses\":[{\"question\":\"q\",\"categories\":[" + categories + "],\"rationale\":\"r\"}]}";
        }
        return switch (call.category().orElseThrow()) {
            case JOIN_SPECS_DELETE -> "{\"fixes\":[{\"fix\":{\"category\":\"join_specs_delete\","
                    + "\"leftTable\":\"retail.sales.orders\",\"rightTable\":\"retail.sales.customers\"},"
                    + "\"rationale\":\"wrong\",\"questions\":[]},"
                    // Invalid: no such join spec.
                    + "{\"fix\":{\"category\":\"join_specs_delete\",\"leftTable\":\"retail.sales.orders\","
                    + "\"rightTable\":\"retail.sales.products\"},\"rationale\":\"x\",\"questions\":[]}]}";
            case JOIN_SPECS_ADD -> "{\"fixes\":[{\"fix\":{\"category\":\"join_specs_add\","
                    + "\"leftTable\":\"retail.sales.orders\",\"rightTable\":\"retail.sales.customers\","
                    + "\"condition\":\"orders.cust_id = customers.customer_id\",\"relationship\":\"MANY_TO_ONE\","
                    + "\"instruction\":\"\"},\"rationale\":\"right\",\"questions\":[]}]}";
            case SQL_SNIPPETS_DELETE -> "{\"fixes\":[{\"fix\":{\"category\":\"sql_snippets_delete\","
                    + "\"kind\":\"filter\",\"name\":\"completed orders\"},\"rationale\":\"r\",\"questions\":[]}]}";
            case SQL_SNIPPETS_ADD -> "{\"fixes\":[{\"fix\":{\"category\":\"sql_snippets_add\",\"kind\":\"filter\","
                    + "\"displayName\":\"completed orders\",\"alias\":\"\",\"sql\":\"orders.status = 'COMPLETED'\","
                    + "\"synonyms\":[],\"instruction\":\"\"},\"rationale\":\"r\",\"questions\":[]},"
                    // Invalid: not a read-only query.
                    + "{\"fix\":{\"category\":\"sql_snippets_add\",\"kind\":\"filter\",\"displayName\":\"recent\","
                    + "\"alias\":\"\",\"sql\":\"orders.order_date > DATE '2024-01-01'; DROP TABLE retail.sales.orders\","
                    + "\"synonyms\":[],\"instruction\":\"\"},\"rationale\":\"r\",\"questions\":[]}]}";
            default -> "{\"fixes\":[]}";
        };
    }

    @Test
    void loopAppliesOnlyValidFixesKeepsTheGainAndStopsAtTheTarget() {
        llm.answer(this::helpfulAnswers);
        EnhancementSession session = session(ApplyMode.IN_PLACE).heldOutFraction(0.0).build();

        EnhancementResult result = session.run();

        assertThat(result.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
        assertThat(result.iterations()).hasSize(1);
        IterationResult first = result.iterations().get(0);
        assertThat(first.before().tuning()).isEqualTo(0.25);
        assertThat(first.after()).hasValueSatisfying(a -> assertThat(a.tuning()).isEqualTo(1.0));
        assertThat(first.kept()).isTrue();
        EnhancementPlan plan = first.plan().orElseThrow();
        assertThat(plan.fixes()).extracting(f -> f.category()).containsExactlyInAnyOrder(
                FixCategory.JOIN_SPECS_DELETE, FixCategory.JOIN_SPECS_ADD, FixCategory.SQL_SNIPPETS_DELETE,
                FixCategory.SQL_SNIPPETS_ADD);
        assertThat(plan.rejected()).extracting(r -> r.reason()).anySatisfy(r -> assertThat(r)
                .startsWith("no join spec between")).anySatisfy(r -> assertThat(r).contains("not a single read-only"));
        ApplyResult applied = first.applied().orElseThrow();
        assertThat(applied.applied()).hasSize(4);
        assertThat(store.snapshot(applied.snapshotId())).isPresent();
        assertThat(session.stage()).isEqualTo(SessionStage.FINISHED);
        assertThat(result.finalAccuracy().tuning()).isEqualTo(1.0);
    }

    @Test
    void regressionIsRolledBack() {
        llm.answer(call -> call.isAnalysis()
                ? "{\"analyses\":[{\"question\":\"q\",\"categories\":[\"sample_queries_delete\"],\"rationale\":\"r\"}]}"
                : "{\"fixes\":[{\"fix\":{\"category\":\"sample_queries_delete\",\"question\":\"How many orders per "
                + "status?\"},\"rationale\":\"r\",\"questions\":[]}]}");
        SpaceConfig before = workspace.spaceConfig(space).orElseThrow();
        // Only b3 passes at first: the example it needs is what the plan deletes.
        EnhancementResult result = session(ApplyMode.IN_PLACE).build().run();

        assertThat(result.stopReason()).isEqualTo(StopReason.NO_GAIN);
        IterationResult first = result.iterations().get(0);
        assertThat(first.before().tuning()).isEqualTo(0.25);
        assertThat(first.after()).hasValueSatisfying(a -> assertThat(a.tuning()).isZero());
        assertThat(first.kept()).isFalse();
        assertThat(workspace.spaceConfig(space).orElseThrow()).isEqualTo(before);
        assertThat(result.finalAccuracy().tuning()).isEqualTo(0.25);
    }

    @Test
    void anIncompleteBaselineDecidesNothingAndRunningAgainResumesIt() {
        llm.answer(this::helpfulAnswers);
        // Every question fails as an infrastructure failure: nothing is counted.
        excluded.put("i1-baseline", Set.of("b1", "b2", "b3", "h1"));
        EnhancementSession session = session(ApplyMode.IN_PLACE).scorer(flakyScorer).build();

        assertThatThrownBy(session::run).isInstanceOfSatisfying(IncompleteScoreException.class, e -> {
            assertThat(e.report().runId()).isEqualTo("i1-baseline");
            assertThat(e.report().counted()).isZero();
        }).hasMessageContaining("accuracy over 0 of 4 questions (coverage 0.0%, below the minimum of 90.0%)");

        assertThat(session.stage()).isEqualTo(SessionStage.CREATED);
        assertThat(store.iterations(session.id())).isEmpty();
        assertThat(llm.calls()).isEmpty();
        assertThat(store.report(session.id(), "i1-baseline")).isPresent();

        excluded.clear();
        EnhancementResult result = session.run();

        assertThat(result.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
        assertThat(result.iterations().get(0).baseline().counted()).isEqualTo(4);
    }

    @Test
    void anIncompleteValidationIsNeitherKeptNorRolledBackNorATargetAndRunningAgainValidatesIt() {
        llm.answer(this::helpfulAnswers);
        // Three of four excluded: the one counted is right, 100 % on a quarter of the questions.
        excluded.put("i1-validation", Set.of("b1", "b2", "b3"));
        EnhancementSession session = session(ApplyMode.IN_PLACE).scorer(flakyScorer).build();
        SpaceConfig original = workspace.spaceConfig(space).orElseThrow();

        assertThatThrownBy(session::run).isInstanceOf(IncompleteScoreException.class)
                .hasMessageContaining("Score run i1-validation").hasMessageContaining("1 of 4 questions");

        assertThat(session.stage()).isEqualTo(SessionStage.APPLIED);
        assertThat(store.iterations(session.id())).singleElement().satisfies(i -> {
            assertThat(i.validationRunId()).isEmpty();
            assertThat(i.kept()).isEmpty();
            assertThat(i.paired()).isEmpty();
        });
        assertThat(store.events(session.id())).noneMatch(e -> e.type().equals("rolled_back"));
        assertThat(workspace.spaceConfig(space).orElseThrow()).isNotEqualTo(original);

        excluded.clear();
        EnhancementResult result = session.run();

        assertThat(result.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
        IterationResult only = result.iterations().get(0);
        assertThat(only.validation().orElseThrow().counted()).isEqualTo(4);
        assertThat(only.paired()).contains(new PairedScore("i1-baseline", "i1-validation", 4, 1, 4));
    }

    @Test
    void keepingOrRollingBackComparesTheQuestionsCountedInBothRuns() {
        // A change that leaves every answer as it was: a filter no benchmark rule looks at.
        llm.answer(call -> call.isAnalysis()
                ? "{\"analyses\":[{\"question\":\"q\",\"categories\":[\"sql_snippets_add\"],\"rationale\":\"r\"}]}"
                : "{\"fixes\":[{\"fix\":{\"category\":\"sql_snippets_add\",\"kind\":\"filter\","
                + "\"displayName\":\"recent orders\",\"alias\":\"\",\"sql\":\"orders.order_date > DATE '2024-01-01'\","
                + "\"synonyms\":[],\"instruction\":\"\"},\"rationale\":\"r\",\"questions\":[]}]}");
        // Two wrong answers were rate-limited in the baseline only: its own accuracy is 1 of 2, the validation's
        // 1 of 4. On the two questions both counted nothing changed, so nothing is rolled back.
        excluded.put("i1-baseline", Set.of("b1", "b2"));
        EnhancementSession session = session(ApplyMode.IN_PLACE).scorer(flakyScorer).minCoverage(0.5).build();

        EnhancementResult result = session.run();

        IterationResult only = result.iterations().get(0);
        assertThat(only.before().tuning()).isEqualTo(0.5);
        assertThat(only.after().orElseThrow().tuning()).isEqualTo(0.25);
        assertThat(only.paired()).contains(new PairedScore("i1-baseline", "i1-validation", 2, 1, 1));
        assertThat(only.kept()).isTrue();
        assertThat(result.stopReason()).isEqualTo(StopReason.NO_GAIN);
        assertThat(store.iterations(session.id()).get(0).paired()).isEqualTo(only.paired());
        assertThat(workspace.spaceConfig(space).orElseThrow().snippets(SnippetKind.FILTER))
                .anyMatch(f -> f.isNamed("recent orders"));
        assertThat(result.reports().toMarkdown()).contains("## Paired comparisons",
                "| i1-baseline | i1-validation | 2 | 50.0% (1 correct) | 50.0% (1 correct) |");
    }

    @Test
    void aMinimumCoverageGivenOnResumeReplacesTheStoredOne() {
        llm.answer(this::helpfulAnswers);
        // One question can never be answered: three of four is below the default minimum.
        excluded.put("i1-baseline", Set.of("h1"));
        EnhancementSession session = session(ApplyMode.IN_PLACE).scorer(flakyScorer).build();
        assertThatThrownBy(session::run).isInstanceOf(IncompleteScoreException.class);
        session.close();

        EnhancementSession resumed = EnhancementSession.builder().workspace(workspace.workspaceClient())
                .llm(llm.client()).stateStore(store).progressListener(ProgressListener.none()).scorer(flakyScorer)
                .minCoverage(0.75).resume(session.id());
        EnhancementResult result = resumed.run();

        assertThat(result.minCoverage()).isEqualTo(0.75);
        assertThat(EnhancementSession.history(store, session.id()).minCoverage()).isEqualTo(0.75);
        assertThat(result.iterations().get(0).baseline().coverage()).isEqualTo(0.75);
        assertThat(result.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
    }

    /** The settings map sessions were stored with before the typed settings document: one text entry each. */
    private Map<String, String> formerFlatSettings() {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        map.put("spaceId", space);
        map.put("warehouseId", workspace.warehouseId());
        map.put("targetAccuracy", "1.0");
        map.put("maxIterations", "3");
        map.put("applyMode", "IN_PLACE");
        map.put("propagationWait", "PT0S");
        map.put("heldOutFraction", "0.0");
        map.put("rollbackOnRegression", "true");
        map.put("benchmarks", io.github.genieenhancer.core.GenieJson.write(benchmarks));
        return map;
    }

    @Test
    void aSessionStoredInTheFormerFlatFormatLoadsResumesAndFinishes() {
        llm.answer(this::helpfulAnswers);
        // As stored before the settings document, and before the minimum coverage existed.
        store.saveSession(SessionRecord.create("former", space, formerFlatSettings(), Instant.EPOCH));

        EnhancementSession resumed = EnhancementSession.builder().workspace(workspace.workspaceClient())
                .llm(llm.client()).stateStore(store).progressListener(ProgressListener.none()).scorer(scorer)
                .resume("former");
        assertThat(resumed.minCoverage()).isEqualTo(0.9);
        EnhancementResult result = resumed.run();

        assertThat(result.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
        assertThat(result.finalAccuracy().tuning()).isEqualTo(1.0);
        SessionHistory history = EnhancementSession.history(store, "former");
        assertThat(history.stage()).isEqualTo(SessionStage.FINISHED);
        assertThat(history.stopReason()).contains(StopReason.TARGET_REACHED);
        assertThat(history.mode()).isEqualTo(ApplyMode.IN_PLACE);
        // Written in the current format once it changed: a settings document and a typed stop.
        assertThat(store.session("former").orElseThrow().settings()).containsOnlyKeys("settings", "stop")
                .hasEntrySatisfying("settings", json -> assertThat(json).containsPattern("\"formatVersion\"\\s*:\\s*2")
                        .containsPattern("\"scoring\"\\s*:\\s*\"LIBRARY\"").contains("\"comparisonPolicy\""))
                .hasEntrySatisfying("stop", json -> assertThat(json)
                        .containsPattern("\"reason\"\\s*:\\s*\"TARGET_REACHED\""));
    }

    @Test
    void aFinishedSessionOfTheFormerFormatReadsItsStopReason() {
        Map<String, String> settings = formerFlatSettings();
        settings.put("minCoverage", "0.5");
        settings.put("stopReason", "NO_GAIN");
        store.saveSession(new SessionRecord("former-finished", space, SessionStage.FINISHED, 0, Instant.EPOCH,
                Instant.EPOCH, 0, settings));

        assertThat(EnhancementSession.history(store, "former-finished").stopReason()).contains(StopReason.NO_GAIN);
        EnhancementSession resumed = EnhancementSession.builder().workspace(workspace.workspaceClient())
                .llm(llm.client()).stateStore(store).progressListener(ProgressListener.none()).scorer(scorer)
                .resume("former-finished");
        assertThat(resumed.minCoverage()).isEqualTo(0.5);
        assertThat(resumed.stage()).isEqualTo(SessionStage.FINISHED);
    }

    @Test
    void dryRunChangesNothing() {
        llm.answer(this::helpfulAnswers);
        SpaceConfig before = workspace.spaceConfig(space).orElseThrow();

        EnhancementResult result = session(ApplyMode.DRY_RUN).build().run();

        assertThat(result.stopReason()).isEqualTo(StopReason.DRY_RUN);
        assertThat(workspace.spaceConfig(space).orElseThrow()).isEqualTo(before);
        IterationResult only = result.iterations().get(0);
        assertThat(only.plan().orElseThrow().fixes()).hasSize(4);
        assertThat(only.applied()).hasValueSatisfying(preview -> {
            assertThat(preview.snapshotId()).isEqualTo(Applier.NO_SNAPSHOT);
            assertThat(preview.diff().changes()).isNotEmpty();
        });
        assertThat(only.validation()).isEmpty();
        assertThat(store.snapshots(result.sessionId())).isEmpty();
    }

    @Test
    void heldOutBenchmarksNeverDriveFixesAndBothAccuraciesAreReported() {
        llm.answer(this::helpfulAnswers);
        EnhancementSession session = session(ApplyMode.IN_PLACE).heldOutFraction(0.5).build();
        ScoreReport baseline = session.score();

        EnhancementPlan plan = session.plan(baseline);

        BenchmarkSet heldOut = benchmarks.split(0.5).get("held-out");
        assertThat(heldOut.size()).isPositive();
        for (Benchmark b : heldOut.benchmarks()) {
            assertThat(llm.calls()).noneSatisfy(c -> assertThat(c.user()).contains(b.question()));
        }
        // Every tuning benchmark already passes, so the plan is empty: applied and validated stage by stage, since
        // run() stops at an empty plan.
        session.apply(plan);
        session.validate();
        EnhancementResult result = session.run();
        assertThat(result.initialAccuracy().heldOut()).isPresent();
        assertThat(result.iterations().get(0).after().orElseThrow().heldOut()).isPresent();
    }

    @Test
    void crashBetweenApplyAndValidateIsResumed() {
        llm.answer(this::helpfulAnswers);
        EnhancementSession first = session(ApplyMode.IN_PLACE).build();
        ScoreReport baseline = first.score();
        first.apply(first.plan(baseline));
        // The process dies here; a new one resumes from the store, taking over the claim the dead one left.

        EnhancementSession resumed = EnhancementSession.builder().workspace(workspace.workspaceClient())
                .llm(llm.client()).stateStore(store).progressListener(ProgressListener.none()).scorer(scorer)
                .takeOver(true).resume(first.id());
        assertThat(resumed.stage()).isEqualTo(SessionStage.APPLIED);
        int llmCalls = llm.calls().size();
        EnhancementResult result = resumed.run();

        assertThat(result.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
        assertThat(result.iterations()).singleElement().satisfies(i -> {
            assertThat(i.kept()).isTrue();
            assertThat(i.applied()).isPresent();
            assertThat(i.after().orElseThrow().tuning()).isEqualTo(1.0);
        });
        // Nothing was planned or asked again.
        assertThat(llm.calls()).hasSize(llmCalls);
    }

    /**
     * Kills the session at each of its writes in turn (the store refuses that write and every later one, as a
     * killed process would), then resumes it from what was stored: every time it ends as an uninterrupted run does,
     * with each plan in the space exactly once. Two iterations: the joins first, the snippets once the joins are
     * right.
     */
    @Test
    void aCrashAtAnyWriteIsResumedToTheSameOutcome() {
        llm.answer(call -> call.isAnalysis() || call.category().orElseThrow().ordinal()
                < FixCategory.SQL_SNIPPETS_DELETE.ordinal() || call.user().contains("cust_id = customers.customer_id")
                ? helpfulAnswers(call) : "{\"fixes\":[]}");
        CrashingStore counting = CrashingStore.afterWrites(StateStore.inMemory(), Integer.MAX_VALUE);
        EnhancementResult reference = session(ApplyMode.IN_PLACE).stateStore(counting).build().run();
        SpaceConfig expected = workspace.spaceConfig(space).orElseThrow();
        assertThat(reference.iterations()).extracting(i -> i.after().orElseThrow().tuning()).containsExactly(0.75,
                1.0);
        assertThat(counting.writes()).isGreaterThan(20);

        for (int crashAt = 1; crashAt < counting.writes(); crashAt++) {
            String fresh = spaces.create(SpaceDraft.of("Crash " + crashAt, workspace.warehouseId(),
                    Fixtures.space())).spaceId();
            StateStore durable = StateStore.inMemory();
            EnhancementSession.Builder builder = session(ApplyMode.IN_PLACE).spaceId(fresh)
                    .sessionId("crash-" + crashAt);
            StateStore dying = CrashingStore.afterWrites(durable, crashAt);
            assertThatThrownBy(() -> builder.stateStore(dying).build().run())
                    .isInstanceOf(StateStoreException.class);

            // The crashed run's claim has not expired: the next process takes it over.
            EnhancementResult resumed = builder.stateStore(durable).takeOver(true).resume("crash-" + crashAt).run();

            String at = "crash at write " + crashAt;
            assertThat(resumed.stopReason()).as(at).isEqualTo(reference.stopReason());
            assertThat(resumed.finalAccuracy()).as(at).isEqualTo(reference.finalAccuracy());
            assertThat(resumed.iterations()).as(at).hasSize(2).allSatisfy(i -> {
                assertThat(i.kept()).isTrue();
                assertThat(i.applied().orElseThrow().applied()).hasSize(2);
            });
            assertThat(workspace.spaceConfig(fresh).orElseThrow()).as(at).isEqualTo(expected);
        }
    }

    @Test
    void conflictIsRefusedAndNothingIsLost() {
        llm.answer(this::helpfulAnswers);
        EnhancementSession session = session(ApplyMode.IN_PLACE).build();
        EnhancementPlan plan = session.plan(session.score());
        workspace.faults().editSpaceAfterNextRead(space, tree -> SpaceConfig.parse(tree.toString())
                .withInstructionTextAppended("Someone else's rule.").toTree());

        assertThatThrownBy(() -> session.apply(plan)).isInstanceOf(SpaceConflictException.class);

        assertThat(session.stage()).isEqualTo(SessionStage.PLANNED);
        assertThat(workspace.spaceConfig(space).orElseThrow().instructionText()).contains("Someone else's rule.");
        assertThat(store.plan(session.id(), plan.planId())).contains(plan);
        // Running on applies the stored plan to the space as it now is, keeping the other edit.
        EnhancementResult result = session.run();
        assertThat(result.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
        assertThat(workspace.spaceConfig(space).orElseThrow().instructionText()).contains("Someone else's rule.");
    }

    @Test
    void cloneModeLeavesTheOriginalUntilPromoted() {
        llm.answer(this::helpfulAnswers);
        SpaceConfig before = workspace.spaceConfig(space).orElseThrow();
        EnhancementSession session = session(ApplyMode.CLONE).build();

        EnhancementResult result = session.run();

        String copy = result.workingSpaceId().orElseThrow();
        assertThat(copy).isNotEqualTo(space);
        assertThat(workspace.spaceConfig(space).orElseThrow()).isEqualTo(before);
        assertThat(scoredSpaces).last().isEqualTo(copy);
        ApplyResult promoted = session.promote();
        assertThat(promoted.spaceId()).isEqualTo(space);
        assertThat(promoted.applied()).hasSize(4);
        SpaceConfig original = workspace.spaceConfig(space).orElseThrow();
        assertThat(original.withBenchmarksOf(before)).isEqualTo(original);
        assertThat(rules.get("b1").test(original)).isTrue();
    }

    @Test
    void aSessionResumedWithoutAModelPromotesButRefusesToPlan() {
        llm.answer(this::helpfulAnswers);
        EnhancementSession finished = session(ApplyMode.CLONE).build();
        finished.run();
        EnhancementSession scored = session(ApplyMode.CLONE).maxIterations(1).build();
        scored.score();
        scored.close();
        EnhancementSession.Builder withoutModel = EnhancementSession.builder().workspace(workspace.workspaceClient())
                .stateStore(store).progressListener(ProgressListener.none()).scorer(scorer);

        assertThat(withoutModel.resume(finished.id()).promote().spaceId()).isEqualTo(space);
        EnhancementSession planless = withoutModel.resume(scored.id());
        assertThatThrownBy(planless::run).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("resumed without a model");
        assertThat(planless.stage()).isEqualTo(SessionStage.SCORED);
        assertThatThrownBy(() -> EnhancementSession.builder().workspace(workspace.workspaceClient()).spaceId(space)
                .warehouseId(workspace.warehouseId()).benchmarks(benchmarks).stateStore(store).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("llm(...)");
    }

    /**
     * Issue 12: a second process resumed the session while the first worked on it, overwrote the plan and the
     * iteration the first had just written, and only then was refused (its session write lost the version race);
     * the first then applied the second's empty plan. A session has one owner: the second is refused when it
     * resumes, before it writes anything, and the first carries on undisturbed.
     */
    @Test
    void aSecondProcessIsRefusedTheSessionBeforeItWritesAnything() {
        llm.answer(this::helpfulAnswers);
        EnhancementSession first = session(ApplyMode.IN_PLACE).build();
        EnhancementPlan plan = first.plan(first.score());
        int llmCalls = llm.calls().size();

        assertThatThrownBy(() -> resumer().resume(first.id()))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("'" + first.id() + "'").hasMessageContaining("held by")
                .hasMessageContaining("until");

        assertThat(store.plans(first.id())).containsExactly(plan);
        assertThat(llm.calls()).hasSize(llmCalls);
        EnhancementResult result = first.run();
        assertThat(result.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
        assertThat(result.iterations()).singleElement().satisfies(i -> {
            assertThat(i.applied().orElseThrow().applied()).hasSize(4);
            assertThat(i.after().orElseThrow().tuning()).isEqualTo(1.0);
        });
    }

    @Test
    void aSessionTakenOverRefusesItsFormerOwnerAtItsNextWrite() {
        llm.answer(this::helpfulAnswers);
        EnhancementSession first = session(ApplyMode.IN_PLACE).build();
        ScoreReport baseline = first.score();

        EnhancementSession second = resumer().takeOver(true).resume(first.id());

        assertThatThrownBy(() -> first.plan(baseline)).isInstanceOf(SessionOwnedException.class)
                .hasMessageContaining("was taken over by ");
        assertThat(store.plans(first.id())).isEmpty();
        assertThat(store.session(first.id()).orElseThrow().stage()).isEqualTo(SessionStage.SCORED);
        EnhancementResult result = second.run();
        assertThat(result.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
        assertThat(result.iterations().get(0).applied().orElseThrow().applied()).hasSize(4);
    }

    /** Each question scored renews the claim: a scoring run longer than the claim's duration keeps it. */
    @Test
    void aLongScoringRunKeepsTheSessionClaimed() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
        StateStore timed = StateStore.inMemory(clock);
        SpaceScorer slow = (runId, spaceId, set, progress) -> {
            for (int i = 0; i < set.size(); i++) {
                clock.advance(Duration.ofSeconds(50));
                progress.onEvent(new ProgressEvent.QuestionScored(set.benchmarks().get(i).id(), i + 1, set.size(),
                        Verdict.CORRECT));
            }
            return scorer.score(runId, spaceId, set, progress);
        };
        EnhancementSession session = session(ApplyMode.IN_PLACE).stateStore(timed).clock(clock).scorer(slow)
                .leaseDuration(Duration.ofMinutes(2)).build();

        session.score();

        assertThat(clock.instant()).isAfter(Instant.parse("2026-12-07T10:03:00Z"));
        assertThat(timed.lease(session.id())).hasValueSatisfying(lease -> {
            assertThat(lease.token()).isEqualTo(1);
            assertThat(lease.isHeldAt(clock.instant())).isTrue();
        });
        assertThatThrownBy(() -> resumer().stateStore(timed).resume(session.id()))
                .isInstanceOf(SessionOwnedException.class);
    }

    @Test
    void aSessionIsFreeForTheNextProcessOnceClosedOrFinished() {
        llm.answer(this::helpfulAnswers);
        EnhancementSession staged = session(ApplyMode.IN_PLACE).build();
        staged.score();
        staged.close();

        EnhancementSession next = resumer().resume(staged.id());
        EnhancementResult finished = next.run();

        assertThat(finished.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
        assertThat(resumer().resume(staged.id()).run()).isEqualTo(finished);
    }

    /** What a process that continues a stored session gives again: the workspace, the model, the store. */
    private EnhancementSession.Builder resumer() {
        return EnhancementSession.builder().workspace(workspace.workspaceClient()).llm(llm.client()).stateStore(store)
                .progressListener(ProgressListener.none()).scorer(scorer);
    }
}
