package io.github.genieenhancer.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Several {@link StoreWriterMain} JVMs in {@code advance} mode on one store, released together, and what they
 * reported: the versions each won, the session creations won, and the conflicts lost.
 */
final class AdvancingProcesses {

    /** What the processes reported, all together. */
    record Outcome(List<Long> versionsWon, int creations, int conflicts) {
    }

    private AdvancingProcesses() {
    }

    static Outcome run(Path workDir, String location, String sessionId, int processes, int advancesEach)
            throws Exception {
        List<ChildJvm> children = new ArrayList<>();
        List<Long> versionsWon = new ArrayList<>();
        int creations = 0;
        int conflicts = 0;
        try {
            for (int i = 0; i < processes; i++) {
                children.add(ChildJvm.start(workDir.resolve("child-" + i + ".err"), "advance", location, sessionId,
                        Integer.toString(advancesEach)));
            }
            for (ChildJvm child : children) {
                assertThat(child.readLine()).as("child ready; stderr: %s", child.stderr()).isEqualTo("ready");
            }
            for (ChildJvm child : children) {
                child.send("go");
            }
            for (ChildJvm child : children) {
                for (String line = child.readLine(); line != null; line = child.readLine()) {
                    switch (line.charAt(0)) {
                        case 'C' -> conflicts++;
                        case 'N' -> creations++;
                        case 'S' -> versionsWon.add(Long.parseLong(line.substring(2)));
                        default -> throw new IllegalStateException("Unexpected line from a child: " + line);
                    }
                }
                assertThat(child.waitFor()).as("exit code; stderr: %s", child.stderr()).isZero();
            }
        } finally {
            for (ChildJvm child : children) {
                child.close();
            }
        }
        return new Outcome(versionsWon, creations, conflicts);
    }
}
