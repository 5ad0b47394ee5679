package io.github.genieenhancer.testkit;

import java.time.Duration;

/** One fast workspace per test class: latencies in milliseconds. */
final class WorkspaceFixture {
    private WorkspaceFixture() {
    }

    static LocalWorkspace.Builder fast() {
        return LocalWorkspace.builder().genieLatency(Duration.ofMillis(5), Duration.ofMillis(2))
                .statementLatency(Duration.ofMillis(2));
    }
}
