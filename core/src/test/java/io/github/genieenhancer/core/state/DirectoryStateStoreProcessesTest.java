package io.github.genieenhancer.core.state;

import static io.github.genieenhancer.core.state.StateFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Several JVMs advancing one session of a directory store: the file lock makes the compare-and-set hold. */
class DirectoryStateStoreProcessesTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void should_let_exactly_one_process_win_each_version() throws Exception {
        int processes = 3;
        int advancesEach = 60;
        Path path = dir.resolve("state");
        try (StateStore store = StateStore.directory(path)) {
            store.saveSession(StateFixtures.session("shared", T0));
        }
        List<ChildJvm> children = new ArrayList<>();
        List<Long> versionsWon = new ArrayList<>();
        int conflicts = 0;
        try {
            for (int i = 0; i < processes; i++) {
                ChildJvm child = ChildJvm.start(dir.resolve("child-" + i + ".err"), "advance", path.toString(),
                        "shared", Integer.toString(advancesEach));
                children.add(child);
            }
            for (ChildJvm child : children) {
                assertThat(child.readLine()).as("child ready; stderr: %s", child.stderr()).isEqualTo("ready");
            }
            for (ChildJvm child : children) {
                child.send("go");
            }
            for (ChildJvm child : children) {
                for (String line = child.readLine(); line != null; line = child.readLine()) {
                    if (line.equals("C")) {
                        conflicts++;
                    } else {
                        versionsWon.add(Long.parseLong(line.substring(2)));
                    }
                }
                assertThat(child.waitFor()).as("exit code; stderr: %s", child.stderr()).isZero();
            }
        } finally {
            for (ChildJvm child : children) {
                child.close();
            }
        }
        System.out.println("conflicts between processes: " + conflicts);

        long total = (long) processes * advancesEach;
        assertThat(versionsWon).as("every version won by exactly one process")
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(2, total + 1).boxed().toList());
        try (StateStore store = StateStore.directory(path)) {
            SessionRecord session = store.session("shared").orElseThrow();
            assertThat(session.version()).isEqualTo(total + 1);
            assertThat(session.iteration()).as("no advance lost").isEqualTo(total);
        }
    }
}
