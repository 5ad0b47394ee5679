package io.github.genieenhancer.core.state;

import static io.github.genieenhancer.core.state.StateFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.genieenhancer.core.score.QuestionResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that is writing to a directory store (SIGKILL, at a random moment, several times) and proves that every
 * write the child reported as done is intact after reopening, and that nothing in the store is corrupt. Rerun a
 * failure with {@code -Dcrash.seed=<seed>} from the failure message.
 */
class DirectoryStateStoreCrashTest {

    private static final String SESSION = "crash-session";
    private static final int ROUNDS = 6;

    @TempDir
    Path dir;

    /** What the children reported as completed, across rounds. */
    private final Map<String, Map<String, Integer>> results = new LinkedHashMap<>();
    private final Map<String, List<Integer>> events = new LinkedHashMap<>();
    private final List<String> snapshots = new ArrayList<>();
    private long sessionVersion;

    @Test
    @Timeout(60)
    void should_keep_every_completed_write_when_the_writer_is_killed() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("DirectoryStateStoreCrashTest seed: " + seed);
        Random random = new Random(seed);
        Path store = dir.resolve("state");

        for (int round = 0; round < ROUNDS; round++) {
            int killAfter = 5 + random.nextInt(150);
            long started = System.nanoTime();
            try (ChildJvm child = ChildJvm.start(dir.resolve("child-" + round + ".err"), "crash", store.toString(),
                    SESSION, Integer.toString(round))) {
                int lines = 0;
                for (String line = child.readLine(); line != null; line = child.readLine()) {
                    record(line);
                    if (++lines == killAfter) {
                        child.kill();
                    }
                }
                child.waitFor();
                assertThat(lines).as("seed %d round %d: the child must still be writing when killed; stderr:%n%s",
                        seed, round, child.stderr()).isGreaterThanOrEqualTo(killAfter);
            }
            verify(store, round, "seed " + seed + " round " + round);
            System.out.printf("round %d: killed after %d writes, %d ms%n", round, killAfter,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    private void record(String line) {
        String[] p = line.split(" ");
        switch (p[0]) {
            case "R" -> results.computeIfAbsent(p[1], r -> new LinkedHashMap<>()).put(p[2], 0);
            case "R2" -> results.get(p[1]).put(p[2], 1);
            case "E" -> events.computeIfAbsent(p[1], w -> new ArrayList<>()).add(Integer.parseInt(p[2]));
            case "S" -> sessionVersion = Long.parseLong(p[1]);
            case "P" -> snapshots.add(p[1]);
            default -> throw new IllegalStateException("unexpected line from child: " + line);
        }
    }

    /** Reopens the store and checks it against what the children reported. */
    private void verify(Path path, int round, String context) throws IOException {
        // A killed writer may have finished one more write than it reported: at most one extra per round.
        int unreported = 0;
        SoftAssertions soft = new SoftAssertions();
        try (StateStore store = StateStore.directory(path)) {
            try (Stream<Path> files = Files.walk(path)) {
                soft.assertThat(files.filter(f -> f.getFileName().toString().endsWith(".tmp")))
                        .as("%s: temporary files of the dead writer are removed on open", context).isEmpty();
            }

            SessionRecord session = store.session(SESSION).orElseThrow();
            soft.assertThat(session.version()).as("%s: session version", context)
                    .isBetween(sessionVersion, sessionVersion + 1);
            soft.assertThat(session.iteration()).as("%s: session record intact", context)
                    .isEqualTo(session.version() - 1);
            unreported += (int) (session.version() - sessionVersion);
            soft.assertThat(store.sessions()).as(context).containsExactly(session);

            for (Map.Entry<String, Map<String, Integer>> run : results.entrySet()) {
                List<QuestionResult> stored = store.results(SESSION, run.getKey());
                List<String> storedIds = stored.stream().map(QuestionResult::benchmarkId).toList();
                soft.assertThat(storedIds).as("%s: results of %s in first-write order", context, run.getKey())
                        .startsWith(run.getValue().keySet().toArray(String[]::new));
                unreported += stored.size() - run.getValue().size();
                for (QuestionResult result : stored) {
                    int revision = run.getValue().getOrDefault(result.benchmarkId(), 0);
                    // A replacement may have landed without being reported; an older revision never comes back.
                    soft.assertThat(result).as("%s: result %s", context, result.benchmarkId())
                            .isIn(revision == 1 ? List.of(StateFixtures.result(result.benchmarkId(), 1))
                                    : List.of(StateFixtures.result(result.benchmarkId(), 0),
                                    StateFixtures.result(result.benchmarkId(), 1)));
                }
            }

            List<StateEvent> storedEvents = store.events(SESSION);
            for (Map.Entry<String, List<Integer>> writer : events.entrySet()) {
                List<StateEvent> ofWriter = storedEvents.stream()
                        .filter(e -> e.attributes().get("writer").equals(writer.getKey())).toList();
                soft.assertThat(ofWriter).as("%s: events of %s", context, writer.getKey())
                        .startsWith(writer.getValue().stream()
                                .map(n -> StateFixtures.event(SESSION, writer.getKey(), n))
                                .toArray(StateEvent[]::new));
            }
            unreported += storedEvents.size() - events.values().stream().mapToInt(List::size).sum();

            List<SpaceSnapshot> storedSnapshots = store.snapshots(SESSION);
            soft.assertThat(storedSnapshots).extracting(SpaceSnapshot::id).as("%s: snapshots", context)
                    .containsAll(snapshots);
            for (SpaceSnapshot snapshot : storedSnapshots) {
                int written = Integer.parseInt(snapshot.id().substring(snapshot.id().lastIndexOf('-') + 1));
                soft.assertThat(snapshot).as("%s: snapshot %s", context, snapshot.id())
                        .isEqualTo(StateFixtures.snapshot(snapshot.id(), SESSION, T0.plusSeconds(written)));
                soft.assertThat(store.snapshot(snapshot.id())).contains(snapshot);
            }
            unreported += storedSnapshots.size() - snapshots.size();

            soft.assertThat(store.iterations(SESSION)).isEmpty();
            soft.assertThat(store.reports(SESSION)).isEmpty();
            soft.assertThat(store.plans(SESSION)).isEmpty();
        }
        soft.assertThat(unreported).as("%s: writes done but not reported (one per kill at most)", context)
                .isBetween(0, round + 1);
        soft.assertAll();
    }
}
