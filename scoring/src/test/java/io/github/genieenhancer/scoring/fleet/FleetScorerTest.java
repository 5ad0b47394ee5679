package io.github.genieenhancer.scoring.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.progress.ProgressEvent;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.genie.GenieClient;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.genie.SpaceDraft;
import io.github.genieenhancer.genie.SqlExecutor;
import io.github.genieenhancer.scoring.ScoringOptions;
import io.github.genieenhancer.testkit.Endpoint;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FleetScorerTest {
    private static LocalWorkspace workspace;
    private static SpaceApi spaces;
    private static SqlExecutor sql;
    private static String big;
    private static String east;
    private static String ops;
    /** Which space each sample benchmark id belongs to. */
    private static final Map<String, String> SPACE_OF = new HashMap<>();
    /** The slice of the sample benchmarks each space holds, under the sample ids. */
    private static final Map<String, BenchmarkSet> SLICES = new HashMap<>();

    @BeforeAll
    static void startWorkspace() {
        workspace = LocalWorkspace.builder().genieLatency(Duration.ofMillis(5), Duration.ofMillis(2))
                .statementLatency(Duration.ofMillis(2)).start();
        spaces = SpaceApi.create(workspace.workspaceClient());
        sql = SqlExecutor.builder(workspace.workspaceClient()).warehouseId(workspace.warehouseId()).build();
        big = clone("Sales West", 0, 6);
        east = clone("Sales <East> & \"co\"", 6, 8);
        ops = clone("Ops finance", 8, 10);
    }

    /** A copy of the sample space holding sample benchmarks {@code from} to {@code to}, created through the API. */
    private static String clone(String title, int from, int to) {
        BenchmarkSet slice = BenchmarkSet.of(title, workspace.sampleBenchmarks().benchmarks().subList(from, to));
        String id = spaces.create(SpaceDraft.of(title, workspace.warehouseId(),
                slice.toSpace(workspace.sampleSpaceConfig()))).spaceId();
        slice.benchmarks().forEach(benchmark -> SPACE_OF.put(benchmark.id(), id));
        SLICES.put(id, slice);
        return id;
    }

    @AfterAll
    static void stop() {
        workspace.close();
    }

    private static FleetScorer.Builder fleet(GenieClient genie, StateStore store, ProgressListener listener) {
        return FleetScorer.builder(genie, sql, spaces).options(ScoringOptions.builder().stateStore(store)
                .progressListener(listener).build());
    }

    private static GenieClient genie(double perMinute) {
        return GenieClient.builder(workspace.workspaceClient()).questionsPerMinute(perMinute)
                .pollInterval(Duration.ofMillis(5), Duration.ofMillis(20)).build();
    }

    @Test
    void questionsAreInterleavedRoundRobinSoABigSpaceDoesNotStarveTheOthers() {
        List<String> askedSpaces = Collections.synchronizedList(new ArrayList<>());
        ProgressListener listener = event -> {
            if (event instanceof ProgressEvent.QuestionAsked asked) {
                askedSpaces.add(SPACE_OF.get(asked.benchmarkId()));
            }
        };
        FleetReport report = fleet(genie(6000), StateStore.inMemory(), listener).maxConcurrency(1)
                .benchmarks(space -> SLICES.get(space.spaceId())).build()
                .score(FleetSelection.ids(List.of(big, east, ops)), "fair");

        assertThat(askedSpaces).containsExactly(big, east, ops, big, east, ops, big, big, big, big);
        assertThat(report.spaces()).extracting(SpaceScore::spaceId).containsExactly(big, east, ops);
        assertThat(report.spaces()).extracting(SpaceScore::questions).containsExactly(6, 2, 2);
        assertThat(report.spaces()).allSatisfy(space -> assertThat(space.counted()).isPositive());
    }

    @Test
    void everySpaceSharesOneBudget() {
        double perMinute = 600;
        long startsBefore = workspace.requestCount(Endpoint.START_CONVERSATION);
        long began = System.nanoTime();
        FleetReport report = fleet(genie(perMinute), StateStore.inMemory(), event -> { }).maxConcurrency(10)
                .build().score(FleetSelection.ids(List.of(big, east, ops)));
        double seconds = (System.nanoTime() - began) / 1e9;

        long starts = workspace.requestCount(Endpoint.START_CONVERSATION) - startsBefore;
        assertThat(starts).isEqualTo(10);
        // Ten starts through one limiter of 10 a second take at least 8 intervals, whatever the spaces.
        assertThat(seconds).isGreaterThanOrEqualTo((starts - 2) * 60 / perMinute);
        assertThat(report.isComplete()).isTrue();
    }

    @Test
    void aCrashedFleetRunResumesWithoutAskingAgainWhatWasAnswered() throws Exception {
        StateStore store = StateStore.inMemory();
        AtomicInteger scored = new AtomicInteger();
        AtomicReference<Thread> runner = new AtomicReference<>();
        ProgressListener crashAfterFour = event -> {
            if (event instanceof ProgressEvent.QuestionScored && scored.incrementAndGet() == 4) {
                runner.get().interrupt();
            }
        };
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                fleet(genie(6000), store, crashAfterFour).maxConcurrency(1).build()
                        .score(FleetSelection.ids(List.of(big, east, ops)), "nightly");
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        runner.set(thread);
        thread.start();
        thread.join();
        assertThat(failure.get()).isInstanceOf(GenieEnhancerException.class).hasMessageContaining("resumes");

        int stored = 0;
        for (String id : List.of(big, east, ops)) {
            stored += store.results(FleetScorer.sessionId(id), FleetScorer.runId("nightly", id)).size();
        }
        assertThat(stored).isBetween(4, 9);
        long startsBefore = workspace.requestCount(Endpoint.START_CONVERSATION);
        FleetReport resumed = fleet(genie(6000), store, event -> { }).build()
                .score(FleetSelection.ids(List.of(big, east, ops)), "nightly");

        assertThat(workspace.requestCount(Endpoint.START_CONVERSATION) - startsBefore).isEqualTo(10 - stored);
        assertThat(resumed.spaces()).extracting(SpaceScore::questions).containsExactly(6, 2, 2);
        long again = workspace.requestCount(Endpoint.START_CONVERSATION);
        fleet(genie(6000), store, event -> { }).build().score(FleetSelection.ids(List.of(big, east, ops)), "nightly");
        assertThat(workspace.requestCount(Endpoint.START_CONVERSATION)).isEqualTo(again);
    }

    @Test
    void spacesAreChosenByIdsByNamePatternOrAll() {
        FleetScorer scorer = fleet(genie(6000), StateStore.inMemory(), event -> { })
                .benchmarks(space -> BenchmarkSet.of("none", List.of())).build();

        assertThat(scorer.score(FleetSelection.namePattern("Sales*")).spaces()).extracting(SpaceScore::spaceId)
                .containsExactly(big, east);
        assertThat(scorer.score(FleetSelection.namePattern("regex:Ops .*")).spaces())
                .extracting(SpaceScore::spaceId).containsExactly(ops);
        assertThat(scorer.score(FleetSelection.namePattern("Sales <East>*")).spaces())
                .extracting(SpaceScore::title).containsExactly("Sales <East> & \"co\"");
        assertThat(scorer.score(FleetSelection.all()).spaces()).extracting(SpaceScore::spaceId)
                .contains(workspace.sampleSpaceId(), big, east, ops);
        FleetReport byId = scorer.score(FleetSelection.ids(List.of(ops, "no-such-space")));
        assertThat(byId.spaces()).extracting(SpaceScore::spaceId).containsExactly(ops, "no-such-space");
        assertThat(byId.spaces().get(0).title()).isEqualTo("Ops finance");
        assertThat(byId.spaces().get(1).error()).isPresent();
        assertThat(byId.isComplete()).isFalse();
        assertThatThrownBy(() -> FleetSelection.namePattern("regex:(")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("not a valid regular expression");
    }

    @Test
    void theReportShowsChangeTrendAndAGatePerSpaceWithEveryValueEscaped() {
        StateStore store = StateStore.inMemory();
        FleetScorer scorer = fleet(genie(6000), store, event -> { }).build();
        scorer.score(FleetSelection.ids(List.of(east, ops)), "monday");
        FleetReport report = scorer.score(FleetSelection.ids(List.of(east, ops)), "tuesday");

        SpaceScore first = report.spaces().get(0);
        assertThat(first.trend()).hasSize(2);
        assertThat(first.previousAccuracy()).isPresent();
        assertThat(first.change()).contains(0.0);
        String html = report.toHtml(0.5);
        assertThat(html).contains("Sales &lt;East&gt; &amp; &quot;co&quot;").doesNotContain("<East>")
                .contains("<svg").contains("<polyline").contains("over " + first.counted() + " of 2 questions")
                .contains("+0.0 points");
        assertThat(report.toMarkdown(0.5)).contains("| Sales &lt;East> & \"co\" (`" + east + "`) |");
        assertThat(report.toJson()).contains("\"spaceId\" : \"" + east + "\"").contains("\"trend\"")
                .contains("\"previousAccuracy\"");
        String junit = report.toJUnitXml(1.0);
        assertThat(junit).contains("tests=\"2\"").contains("name=\"Sales &lt;East&gt; &amp; &quot;co&quot; ("
                + east + ")\"");
        long failing = report.spaces().stream().filter(space -> !space.passes(1.0)).count();
        assertThat(junit).contains("failures=\"" + failing + "\"");
        assertThat(report.toJUnitXml(0.0)).contains("failures=\"0\"").doesNotContain("<failure");
    }
}
