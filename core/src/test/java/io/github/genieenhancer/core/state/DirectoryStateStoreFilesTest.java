package io.github.genieenhancer.core.state;

import static io.github.genieenhancer.core.state.StateFixtures.T0;
import static io.github.genieenhancer.core.state.StateFixtures.event;
import static io.github.genieenhancer.core.state.StateFixtures.iteration;
import static io.github.genieenhancer.core.state.StateFixtures.planWithEveryFixKind;
import static io.github.genieenhancer.core.state.StateFixtures.report;
import static io.github.genieenhancer.core.state.StateFixtures.result;
import static io.github.genieenhancer.core.state.StateFixtures.session;
import static io.github.genieenhancer.core.state.StateFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.SessionOwnedException;
import io.github.genieenhancer.core.StateConflictException;
import io.github.genieenhancer.core.StateStoreException;
import io.github.genieenhancer.core.state.internal.StoreRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory store's files: the documented layout, safe names, and loud failures on damaged or foreign files. */
class DirectoryStateStoreFilesTest {

    @TempDir
    Path dir;

    private Path root;
    private StateStore store;

    @BeforeEach
    void open() {
        root = dir.resolve("state");
        store = StateStore.directory(root);
    }

    @Test
    void should_write_the_documented_layout_as_readable_json() throws IOException {
        writeOneOfEach();
        store.acquireLease("s1", "alice (pid 4242 on build-7)", Duration.ofMinutes(2), false);

        Path session = root.resolve("sessions/s1");
        assertThat(relativeFiles()).containsExactlyInAnyOrder(
                "store.json",
                "sessions/s1/.lock",
                "sessions/s1/session.json",
                "sessions/s1/lease.json",
                "sessions/s1/iterations/0001.json",
                "sessions/s1/runs/run-1/results/q1.json",
                "sessions/s1/runs/run-1/report.json",
                "sessions/s1/plans/plan-1.json",
                "sessions/s1/events/00000000000000000001.json",
                "snapshots/snap-1.json");
        assertThat(Files.readString(root.resolve("store.json")))
                .contains("\"format\" : \"genie-enhancer-state-directory\"").contains("\"version\" : 2");
        assertThat(Files.readString(session.resolve("lease.json")))
                .contains("\"owner\" : \"alice (pid 4242 on build-7)\"").contains("\"token\" : 1");
        assertThat(Files.readString(session.resolve("runs/run-1/results/q1.json")))
                .as("pretty-printed, with the first-write sequence").contains("\n  \"sequence\" : 1,")
                .contains("\"question\" : \"How many active users on q1? (r0)\"");
        assertThat(Files.readString(session.resolve("plans/plan-1.json")))
                .contains("\"category\" : \"join_specs_add\"");
        assertThat(Files.readString(root.resolve("snapshots/snap-1.json"), StandardCharsets.UTF_8))
                .as("non-ASCII text stays readable").contains("일간 활성 사용자 🚀");
    }

    @Test
    void should_name_files_safely_and_distinctly_for_any_id() throws IOException {
        store.saveSession(session("s1", T0));
        for (String id : List.of("Q1", "q1", "a/b", "../up", "con", "x".repeat(500), "한".repeat(100))) {
            store.saveResult("s1", "run-1", result(id, 0));
        }

        try (Stream<Path> files = Files.list(root.resolve("sessions/s1/runs/run-1/results"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertThat(names).hasSize(7).contains("%511.json", "q1.json", "a%2Fb.json", "%2E.%2Fup.json",
                    "%63on.json");
            assertThat(names).allSatisfy(name -> {
                assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(160);
                assertThat(name).matches("([a-z0-9._~-]|%[0-9A-F]{2})+");
            });
        }
        assertThat(Files.exists(root.resolve("sessions/up.json"))).isFalse();
    }

    @Test
    void should_report_a_truncated_file_with_its_path() throws IOException {
        writeOneOfEach();
        List<Path> files = List.of(
                root.resolve("sessions/s1/runs/run-1/results/q1.json"),
                root.resolve("sessions/s1/session.json"),
                root.resolve("sessions/s1/events/00000000000000000001.json"),
                root.resolve("snapshots/snap-1.json"));
        for (Path file : files) {
            byte[] whole = Files.readAllBytes(file);
            Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        }

        assertCorrupt(() -> store.results("s1", "run-1"), files.get(0));
        assertCorrupt(() -> store.session("s1"), files.get(1));
        assertCorrupt(store::sessions, files.get(1));
        assertCorrupt(() -> store.events("s1"), files.get(2));
        assertCorrupt(() -> store.snapshot("snap-1"), files.get(3));
        assertCorrupt(() -> store.snapshots("s1"), files.get(3));
        assertCorrupt(() -> store.saveResult("s1", "run-1", result("q1", 1)), files.get(0));
    }

    @Test
    void should_report_empty_malformed_and_wrong_shaped_files() throws IOException {
        writeOneOfEach();
        Path report = root.resolve("sessions/s1/runs/run-1/report.json");
        Path plan = root.resolve("sessions/s1/plans/plan-1.json");
        Path iteration = root.resolve("sessions/s1/iterations/0001.json");
        Files.write(report, new byte[0]);
        byte[] latin1 = Files.readString(plan).replace("Korea only", "Kor\u00e9a")
                .getBytes(StandardCharsets.ISO_8859_1);
        Files.write(plan, latin1);
        Files.writeString(iteration, "{\"sessionId\": \"s1\", \"iteration\": \"first\"}");

        assertCorrupt(() -> store.reports("s1"), report).hasMessageContaining("empty");
        assertCorrupt(() -> store.plan("s1", "plan-1"), plan).hasMessageContaining("UTF-8");
        assertCorrupt(() -> store.iterations("s1"), iteration).hasMessageContaining("field 'iteration'");
    }

    @Test
    void should_report_a_foreign_file_with_its_path() throws IOException {
        writeOneOfEach();
        Path notes = Files.writeString(root.resolve("sessions/s1/runs/run-1/results/notes.txt"), "mine");
        Path backup = Files.createDirectory(root.resolve("sessions/s1/backup"));
        Path badEvent = Files.writeString(root.resolve("sessions/s1/events/2.json"), "{}");
        Path hidden = Files.writeString(root.resolve("snapshots/.old.json"), "{}");

        assertForeign(() -> store.results("s1", "run-1"), notes);
        assertForeign(store::sessions, backup);
        assertForeign(() -> store.events("s1"), badEvent);
        assertForeign(() -> store.snapshots("s1"), hidden);

        Files.writeString(root.resolve("README.md"), "my notes");
        assertForeign(() -> StateStore.directory(root), root.resolve("README.md"));
    }

    @Test
    void should_report_a_file_copied_under_another_name() throws IOException {
        writeOneOfEach();
        Path results = root.resolve("sessions/s1/runs/run-1/results");
        Path copy = Files.copy(results.resolve("q1.json"), results.resolve("q2.json"));

        assertThatThrownBy(() -> store.results("s1", "run-1"))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining(copy.toString()).hasMessageContaining("'q1'");
    }

    @Test
    void should_tolerate_desktop_metadata_files() throws IOException {
        writeOneOfEach();
        Files.writeString(root.resolve(".DS_Store"), "x");
        Files.writeString(root.resolve("sessions/s1/runs/run-1/results/Thumbs.db"), "x");

        try (StateStore reopened = StateStore.directory(root)) {
            assertThat(reopened.results("s1", "run-1")).containsExactly(result("q1", 0));
        }
    }

    @Test
    void should_refuse_a_directory_that_is_not_a_store() throws IOException {
        Path other = Files.createDirectory(dir.resolve("home"));
        Files.writeString(other.resolve("thesis.txt"), "precious");
        Path tempLike = Files.writeString(Files.createDirectory(other.resolve("drafts"))
                .resolve("." + Long.MAX_VALUE + ".1.tmp"), "also precious");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Files.writeString(root.resolve("store.json"),
                "{\"format\": \"genie-enhancer-state-directory\", \"version\": 9}");

        assertThatThrownBy(() -> StateStore.directory(other))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining(other.toString()).hasMessageContaining("empty");
        assertThatThrownBy(() -> StateStore.directory(file)).isInstanceOf(StateStoreException.class)
                .hasMessageContaining(file.toString());
        assertThatThrownBy(() -> StateStore.directory(root)).isInstanceOf(StateStoreException.class)
                .hasMessageContaining("store.json").hasMessageContaining("version 9");
        assertThat(Files.readString(other.resolve("thesis.txt"))).isEqualTo("precious");
        assertThat(tempLike).as("nothing is cleaned up in a directory that is not a store").exists();
    }

    /** A store written before sessions had owners (format version 1) loads, and its sessions can be claimed. */
    @Test
    void should_open_a_store_of_the_format_before_leases() throws IOException {
        Path old = dir.resolve("old");
        Path session = Files.createDirectories(old.resolve("sessions/s1/runs/run-1/results"));
        Files.writeString(old.resolve("store.json"),
                "{\n  \"format\" : \"genie-enhancer-state-directory\",\n  \"version\" : 1\n}\n");
        SessionRecord stored = StateFixtures.session("s1", T0).advance(SessionStage.SCORED, 1, T0);
        Files.writeString(old.resolve("sessions/s1/session.json"), GenieJson.write(StoreRules.nextVersion(stored)));
        Files.createFile(old.resolve("sessions/s1/.lock"));
        Files.writeString(session.resolve("q1.json"), "{\"sequence\": 1, \"value\": "
                + GenieJson.write(result("q1", 0)) + "}");

        try (StateStore reopened = StateStore.directory(old)) {
            assertThat(Files.readString(old.resolve("store.json"))).contains("\"version\" : 2");
            assertThat(reopened.session("s1")).map(SessionRecord::version).contains(1L);
            assertThat(reopened.results("s1", "run-1")).containsExactly(result("q1", 0));
            assertThat(reopened.lease("s1")).isEmpty();
            reopened.saveResult("s1", "run-1", result("q2", 0));
            SessionLease lease = reopened.acquireLease("s1", "owner", Duration.ofMinutes(2), false);
            assertThatThrownBy(() -> reopened.saveResult("s1", "run-1", result("q3", 0)))
                    .isInstanceOf(SessionOwnedException.class);
            reopened.withLease(lease).saveResult("s1", "run-1", result("q3", 0));
            assertThat(reopened.results("s1", "run-1")).extracting(r -> r.benchmarkId())
                    .containsExactly("q1", "q2", "q3");
        }
    }

    @Test
    void should_remove_temp_files_of_dead_writers_and_ignore_those_of_live_ones() throws IOException {
        writeOneOfEach();
        Path results = root.resolve("sessions/s1/runs/run-1/results");
        Path dead = Files.writeString(results.resolve("." + Long.MAX_VALUE + ".7.tmp"), "{\"seq");
        Path live = Files.writeString(results.resolve("." + ProcessHandle.current().pid() + ".999999.tmp"), "{");

        try (StateStore reopened = StateStore.directory(root)) {
            assertThat(dead).doesNotExist();
            assertThat(live).as("a live process may be about to rename it").exists();
            assertThat(reopened.results("s1", "run-1")).containsExactly(result("q1", 0));
        }
    }

    @Test
    void should_treat_an_unfinished_session_creation_as_no_session() throws IOException {
        Path unfinished = Files.createDirectories(root.resolve("sessions/s2"));
        Files.createFile(unfinished.resolve(".lock"));
        Files.writeString(unfinished.resolve("." + Long.MAX_VALUE + ".1.tmp"), "{\"id\": \"s2\"");

        try (StateStore reopened = StateStore.directory(root)) {
            assertThat(reopened.sessions()).isEmpty();
            assertThat(reopened.session("s2")).isEmpty();
            assertThat(reopened.saveSession(session("s2", T0)).version()).isEqualTo(1);
        }
    }

    @Test
    void should_share_session_locks_between_instances_on_one_directory() throws Exception {
        store.saveSession(session("s1", T0));
        List<StateStore> stores = List.of(store, StateStore.directory(root),
                StateStore.directory(dir.resolve("./state")));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            StateStore mine = stores.get(t % stores.size());
            futures.add(pool.submit(() -> {
                start.await();
                List<Long> won = new ArrayList<>();
                while (won.size() < 30) {
                    SessionRecord current = mine.session("s1").orElseThrow();
                    try {
                        won.add(mine.saveSession(current.advance(SessionStage.SCORED, current.iteration() + 1, T0))
                                .version());
                    } catch (StateConflictException e) {
                        // lost this version to another thread: read again
                    }
                }
                return won;
            }));
        }
        start.countDown();
        List<Long> won = new ArrayList<>();
        for (Future<List<Long>> future : futures) {
            won.addAll(future.get());
        }
        pool.shutdown();

        assertThat(won).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(2, 181).boxed().toList());
        assertThat(store.session("s1").orElseThrow().iteration()).isEqualTo(180);
    }

    @Test
    void should_leave_no_file_of_a_deleted_session() throws IOException {
        writeOneOfEach();
        store.saveSession(session("s2", T0));
        store.saveSnapshot(snapshot("snap-2", "s2", T0));

        store.deleteSession("s1");

        assertThat(relativeFiles()).containsExactlyInAnyOrder("store.json", "sessions/s2/.lock",
                "sessions/s2/session.json", "snapshots/snap-2.json");
        assertThat(Files.exists(root.resolve("sessions/s1"))).isFalse();
    }

    /**
     * A process killed after the session's directory was renamed (the delete's one atomic step) and before its
     * files and snapshots were removed: the session is gone for every reader at once, and the next open finishes.
     */
    @Test
    void should_finish_a_deletion_that_a_crash_interrupted() throws IOException {
        writeOneOfEach();
        store.saveSession(session("s2", T0));
        store.saveSnapshot(snapshot("snap-2", "s2", T0));
        Files.move(root.resolve("sessions/s1"), root.resolve("sessions/.deleting-crashed"));

        assertThat(store.sessions()).extracting(SessionRecord::id).containsExactly("s2");
        assertThat(store.session("s1")).isEmpty();
        assertThat(store.iterations("s1")).isEmpty();

        StateStore reopened = StateStore.directory(root);

        assertThat(relativeFiles()).containsExactlyInAnyOrder("store.json", "sessions/s2/.lock",
                "sessions/s2/session.json", "snapshots/snap-2.json");
        assertThat(reopened.snapshots("s1")).isEmpty();
        assertThat(reopened.snapshot("snap-2")).isPresent();
    }

    private void writeOneOfEach() {
        store.saveSession(session("s1", T0));
        store.saveIteration(iteration("s1", 1, Optional.empty()));
        store.saveResult("s1", "run-1", result("q1", 0));
        store.saveReport("s1", report("run-1", 2));
        store.savePlan("s1", planWithEveryFixKind("plan-1", "run-1"));
        store.saveSnapshot(snapshot("snap-1", "s1", T0));
        store.appendEvent(event("s1", "main", 1));
    }

    private List<String> relativeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .toList();
        }
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertCorrupt(
            Runnable read, Path file) {
        return assertThatThrownBy(read::run).isInstanceOf(StateStoreException.class)
                .hasMessageStartingWith("Corrupt state file " + file);
    }

    private static void assertForeign(Runnable read, Path entry) {
        assertThatThrownBy(read::run).isInstanceOf(StateStoreException.class)
                .hasMessageContaining("Unexpected entry " + entry);
    }
}
