package io.github.genieenhancer.core.state;

import static io.github.genieenhancer.core.state.StateFixtures.T0;
import static io.github.genieenhancer.core.state.StateFixtures.planWithEveryFixKind;
import static io.github.genieenhancer.core.state.StateFixtures.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.SessionOwnedException;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several JVMs on one session of a directory store: the file lock makes the compare-and-set and the owner's lease
 * hold across processes.
 */
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

    /**
     * Issue 12's finding across two real processes: a child JVM owns the session and has written its plan and
     * iteration; this JVM, the late second process, is refused the claim and every write; the child writes on;
     * after a forced take-over the child is refused.
     */
    @Test
    @Timeout(60)
    void should_refuse_a_second_process_and_then_the_owner_it_took_over_from() throws Exception {
        Path path = dir.resolve("state");
        try (StateStore store = StateStore.directory(path)) {
            store.saveSession(StateFixtures.session("shared", T0));
        }
        try (ChildJvm first = ChildJvm.start(dir.resolve("first.err"), "own", path.toString(), "shared", "120")) {
            assertThat(first.readLine()).as("stderr: %s", first.stderr()).isEqualTo("owned 1");
            first.send("write first");
            assertThat(first.readLine()).isEqualTo("W first");

            StateStore second = StateStore.directory(path);
            assertThatThrownBy(() -> second.acquireLease("shared", "second", Duration.ofMinutes(2), false))
                    .isInstanceOf(SessionOwnedException.class)
                    .hasMessageContaining("pid " + first.pid() + " on ");
            assertThatThrownBy(() -> second.savePlan("shared", planWithEveryFixKind("i1-plan", "second")))
                    .isInstanceOf(SessionOwnedException.class);
            assertThatThrownBy(() -> second.saveIteration(new IterationRecord("shared", 1, "second",
                    Optional.empty(), Optional.empty(), Optional.empty(), 0.349, Optional.empty(), Optional.empty(),
                    T0))).isInstanceOf(SessionOwnedException.class);
            assertThat(second.plans("shared")).extracting(EnhancementPlan::sourceRunId).containsExactly("first");
            assertThat(second.iterations("shared")).extracting(IterationRecord::baselineRunId)
                    .containsExactly("first");

            first.send("write again");
            assertThat(first.readLine()).as("the owner writes on").isEqualTo("W again");

            SessionOwner rescuer = SessionOwner.builder(second, "shared").owner("rescuer").takeOver(true).claim();
            first.send("write stale");
            assertThat(first.readLine()).startsWith("R Session 'shared' was taken over by rescuer (lease 2");
            rescuer.store().saveResult("shared", "i1-baseline", result("rescued", 0));
            assertThat(second.plans("shared")).extracting(EnhancementPlan::sourceRunId).containsExactly("again");
            assertThat(second.results("shared", "i1-baseline")).extracting(r -> r.benchmarkId())
                    .containsExactly("first", "again", "rescued");
            rescuer.close();
        }
    }

    /** A killed owner never releases: its lease expires, then another process claims the session without force. */
    @Test
    @Timeout(60)
    void should_let_another_process_claim_a_killed_owner_s_session_once_its_lease_expired() throws Exception {
        Path path = dir.resolve("state");
        try (StateStore store = StateStore.directory(path)) {
            store.saveSession(StateFixtures.session("shared", T0));
        }
        try (ChildJvm owner = ChildJvm.start(dir.resolve("owner.err"), "own", path.toString(), "shared", "120")) {
            assertThat(owner.readLine()).as("stderr: %s", owner.stderr()).isEqualTo("owned 1");
            owner.kill();
            owner.waitFor();
        }
        StateStore now = StateStore.directory(path);
        assertThatThrownBy(() -> now.acquireLease("shared", "next", Duration.ofMinutes(2), false))
                .as("not before the lease expires").isInstanceOf(SessionOwnedException.class);

        // This process's clock, three minutes on: the killed owner's two-minute lease has expired.
        StateStore later = DirectoryStateStore.open(path, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(3)));
        SessionLease next = later.acquireLease("shared", "next", Duration.ofMinutes(2), false);

        assertThat(next.token()).isEqualTo(2);
        later.withLease(next).saveResult("shared", "run-1", result("q1", 0));
    }
}
