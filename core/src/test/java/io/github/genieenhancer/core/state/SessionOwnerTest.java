package io.github.genieenhancer.core.state;

import static io.github.genieenhancer.core.state.StateFixtures.T0;
import static io.github.genieenhancer.core.state.StateFixtures.result;
import static io.github.genieenhancer.core.state.StateFixtures.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.SessionOwnedException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Claiming, renewing and releasing a session through {@link SessionOwner}, with time and heartbeats by hand. */
class SessionOwnerTest {

    private static final Duration LEASE = Duration.ofMinutes(2);

    private final MutableClock clock = new MutableClock(T0);
    private final StateStore store = StateStore.inMemory(clock);
    private final ManualHeartbeat heartbeat = new ManualHeartbeat();

    /** Records the renewal task the owner schedules, and runs it when the test says a period has passed. */
    private static final class ManualHeartbeat implements SessionOwner.Heartbeat {
        final List<Duration> periods = new ArrayList<>();
        Runnable task;
        boolean running;

        @Override
        public AutoCloseable every(Duration period, Runnable task) {
            periods.add(period);
            this.task = task;
            this.running = true;
            return () -> running = false;
        }

        void beat() {
            if (running) {
                task.run();
            }
        }
    }

    private SessionOwner claim(String owner) {
        return SessionOwner.builder(store, "s1").owner(owner).leaseDuration(LEASE).clock(clock)
                .heartbeat(heartbeat).claim();
    }

    @Test
    void should_keep_a_long_running_owner_s_lease_alive_in_the_background() {
        store.saveSession(session("s1", T0));
        SessionOwner owner = claim("scorer");

        // A scoring run of ten minutes, five times the lease: the heartbeat renews it every 40 s.
        for (int i = 0; i < 15; i++) {
            clock.advance(Duration.ofSeconds(40));
            heartbeat.beat();
            owner.store().saveResult("s1", "run-1", result("q" + i, 0));
        }

        assertThat(heartbeat.periods).containsExactly(Duration.ofSeconds(40));
        assertThat(owner.lease().expiresAt()).isAfter(clock.instant());
        assertThat(owner.lease().token()).isEqualTo(1);
        assertThatThrownBy(() -> SessionOwner.claim(store, "s1")).isInstanceOf(SessionOwnedException.class)
                .hasMessageContaining("held by scorer");
        assertThat(store.results("s1", "run-1")).hasSize(15);
    }

    @Test
    void should_renew_only_when_a_third_of_the_lease_has_passed() {
        store.saveSession(session("s1", T0));
        SessionOwner owner = claim("worker");
        SessionLease claimed = owner.lease();

        clock.advance(Duration.ofSeconds(39));
        owner.renewIfDue();
        assertThat(store.lease("s1")).contains(claimed);

        clock.advance(Duration.ofSeconds(1));
        owner.renewIfDue();
        assertThat(store.lease("s1")).hasValueSatisfying(l -> assertThat(l.expiresAt())
                .isEqualTo(claimed.expiresAt().plusSeconds(40)));
        assertThat(owner.lease()).isEqualTo(store.lease("s1").orElseThrow());
    }

    @Test
    void should_stop_renewing_a_lease_taken_over_and_be_refused_at_its_next_write() {
        store.saveSession(session("s1", T0));
        SessionOwner owner = claim("paused");
        StateStore writer = owner.store();

        SessionLease rescuer = store.acquireLease("s1", "rescuer", LEASE, true);
        clock.advance(Duration.ofSeconds(40));
        heartbeat.beat();

        assertThat(heartbeat.running).as("renewing stopped").isFalse();
        assertThat(store.lease("s1")).contains(rescuer);
        assertThatThrownBy(() -> writer.saveResult("s1", "run-1", result("q1", 0)))
                .isInstanceOf(SessionOwnedException.class).hasMessageContaining("taken over by rescuer");
        assertThatThrownBy(owner::renew).isInstanceOf(SessionOwnedException.class);
        owner.close();
        assertThat(store.lease("s1")).as("closing a lost lease changes nothing").contains(rescuer);
    }

    @Test
    void should_free_the_session_when_released_and_claim_it_back_unless_taken() {
        store.saveSession(session("s1", T0));
        SessionOwner owner = claim("finished");

        owner.close();

        assertThat(heartbeat.running).isFalse();
        assertThat(store.lease("s1")).hasValueSatisfying(l -> assertThat(l.isHeldAt(clock.instant())).isFalse());
        assertThatThrownBy(() -> owner.store().saveResult("s1", "run-1", result("q1", 0)))
                .isInstanceOf(SessionOwnedException.class);
        owner.renew();
        assertThat(heartbeat.running).as("renewing again").isTrue();
        owner.store().saveResult("s1", "run-1", result("q1", 0));
        owner.release();
        SessionOwner next = SessionOwner.claim(store, "s1");
        assertThat(next.lease().token()).isEqualTo(2);
        assertThatThrownBy(owner::renew).isInstanceOf(SessionOwnedException.class);
        next.close();
    }

    @Test
    void should_refuse_a_claim_while_held_and_take_over_when_asked() {
        store.saveSession(session("s1", T0));
        claim("first");

        assertThatThrownBy(() -> claim("second")).isInstanceOf(SessionOwnedException.class)
                .hasMessageContaining("held by first until " + T0.plus(LEASE).truncatedTo(ChronoUnit.MILLIS));
        SessionOwner second = SessionOwner.builder(store, "s1").owner("second").takeOver(true)
                .heartbeat(heartbeat).claim();
        assertThat(second.lease().owner()).isEqualTo("second");
        assertThat(second.sessionId()).isEqualTo("s1");
    }

    @Test
    void should_describe_this_process_for_people() {
        assertThat(SessionOwner.thisProcess()).contains("pid " + ProcessHandle.current().pid() + " on ")
                .hasSizeLessThanOrEqualTo(200);
    }
}
