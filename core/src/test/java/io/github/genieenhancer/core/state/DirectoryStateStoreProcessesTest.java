package io.github.genieenhancer.core.state;

import static io.github.genieenhancer.core.state.StateFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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

        AdvancingProcesses.Outcome outcome = AdvancingProcesses.run(dir, path.toString(), "shared", processes,
                advancesEach);
        System.out.println("conflicts between processes: " + outcome.conflicts());

        long total = (long) processes * advancesEach;
        assertThat(outcome.versionsWon()).as("every version won by exactly one process")
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(2, total + 1).boxed().toList());
        try (StateStore store = StateStore.directory(path)) {
            SessionRecord session = store.session("shared").orElseThrow();
            assertThat(session.version()).isEqualTo(total + 1);
            assertThat(session.iteration()).as("no advance lost").isEqualTo(total);
        }
    }
}
