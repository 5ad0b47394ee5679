package io.github.genieenhancer.core.state;

import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.SessionOwnedException;
import io.github.genieenhancer.core.state.internal.StoreRules;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process's ownership of a stored session: claims the session's {@linkplain SessionLease lease}, keeps it
 * renewed while held, and releases it when closed, so no other process writes to the session meanwhile.
 *
 * <pre>{@code
 * try (SessionOwner owner = SessionOwner.claim(store, "s-1")) {
 *     StateStore mine = owner.store();                // every write checked against the lease
 *     mine.saveResult("s-1", "run-1", result);
 * }
 * }</pre>
 *
 * <p>While held, the lease is renewed every third of its duration by a daemon thread, and also by
 * {@link #renewIfDue()}, which long work calls as it progresses (the enhancement session does on every progress
 * event). A process that dies stops renewing: its lease expires after at most its duration, and then any process
 * may claim the session; with {@code takeOver} one may claim it at once. A holder whose session was taken over is
 * refused by the store at its next write, with a {@link SessionOwnedException}.
 */
public final class SessionOwner implements AutoCloseable {

    /** How long a lease holds without renewal unless set: long enough for a slow store, short for a crash. */
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(SessionOwner.class);

    private final StateStore store;
    private final StateStore view;
    private final Duration duration;
    private final Clock clock;
    private final Heartbeat heartbeat;
    /** Held while renewing or releasing, so a progress event never waits for a renewal already under way. */
    private final ReentrantLock changing = new ReentrantLock();
    private volatile SessionLease lease;
    private volatile Instant renewedAt;
    private volatile boolean released;
    private AutoCloseable beating;

    /** Runs a task every period until the returned handle is closed (replaced by tests). */
    @FunctionalInterface
    interface Heartbeat {
        AutoCloseable every(Duration period, Runnable task);
    }

    private SessionOwner(Builder builder, SessionLease lease) {
        this.store = builder.store;
        this.view = store.withLease(lease);
        this.duration = builder.leaseDuration;
        this.clock = builder.clock;
        this.heartbeat = builder.heartbeat;
        this.lease = lease;
        this.renewedAt = clock.instant();
        startBeating();
    }

    /**
     * Claims a stored session with the defaults: this process as owner, {@link #DEFAULT_LEASE_DURATION}, no take
     * over.
     *
     * @throws SessionOwnedException naming the holder and until when, when another process holds the session
     */
    public static SessionOwner claim(StateStore store, String sessionId) {
        return builder(store, sessionId).claim();
    }

    /** A builder to claim {@code sessionId} in {@code store}. */
    public static Builder builder(StateStore store, String sessionId) {
        return new Builder(store, sessionId);
    }

    /**
     * A description of this process for a lease's owner: the user, the process id and the host, e.g.
     * {@code alice (pid 4242 on build-7)}.
     */
    public static String thisProcess() {
        ProcessHandle process = ProcessHandle.current();
        String where = "pid " + process.pid() + " on " + HostName.NAME;
        String owner = process.info().user().map(user -> user + " (" + where + ")").orElse(where);
        return owner.length() <= StoreRules.MAX_OWNER_LENGTH ? owner
                : owner.substring(0, StoreRules.MAX_OWNER_LENGTH);
    }

    /** The session owned. */
    public String sessionId() {
        return lease.sessionId();
    }

    /** The lease as last claimed or renewed. */
    public SessionLease lease() {
        return lease;
    }

    /** The store as this owner writes to it: each write to the session is checked against the lease. */
    public StateStore store() {
        return view;
    }

    /**
     * Renews the lease now, and keeps renewing it in the background; after {@link #release()} this claims the
     * session back, as long as nobody else claimed it since.
     *
     * @throws SessionOwnedException when the session was claimed by another
     */
    public SessionLease renew() {
        changing.lock();
        try {
            lease = store.renewLease(lease, duration);
            renewedAt = clock.instant();
            if (released) {
                released = false;
                startBeating();
            }
            return lease;
        } finally {
            changing.unlock();
        }
    }

    /**
     * Renews the lease when a third of its duration has passed since it was last renewed, unless it is released
     * or another thread is renewing it. Never throws: a failure is logged, and a lease that was lost shows at the
     * next write, which the store refuses.
     */
    public void renewIfDue() {
        if (released || clock.instant().isBefore(renewedAt.plus(duration.dividedBy(3)))) {
            return;
        }
        if (!changing.tryLock()) {
            return;
        }
        try {
            if (released) {
                return;
            }
            lease = store.renewLease(lease, duration);
            renewedAt = clock.instant();
        } catch (SessionOwnedException e) {
            LOG.warn("Lost the lease on session '{}': {}", lease.sessionId(), e.getMessage());
            released = true;
            stopBeating();
        } catch (GenieEnhancerException e) {
            LOG.warn("Cannot renew the lease on session '{}' yet (it holds until {}): {}", lease.sessionId(),
                    lease.expiresAt(), e.getMessage());
        } finally {
            changing.unlock();
        }
    }

    /**
     * Stops renewing and ends the lease, so another process may claim the session at once. Does nothing when
     * already released. Never throws: when the store cannot be reached the failure is logged, and the lease ends
     * when it expires.
     */
    public void release() {
        changing.lock();
        try {
            if (released) {
                return;
            }
            released = true;
            stopBeating();
            store.releaseLease(lease);
        } catch (GenieEnhancerException e) {
            LOG.warn("Cannot release the lease on session '{}'; it ends at {}: {}", lease.sessionId(),
                    lease.expiresAt(), e.getMessage());
        } finally {
            changing.unlock();
        }
    }

    /** {@link #release()}, for try-with-resources. */
    @Override
    public void close() {
        release();
    }

    @Override
    public String toString() {
        return "SessionOwner[" + lease + "]";
    }

    private void startBeating() {
        beating = heartbeat.every(duration.dividedBy(3), this::renewIfDue);
    }

    private void stopBeating() {
        try {
            beating.close();
        } catch (Exception e) {
            LOG.debug("Cannot stop renewing the lease on session '{}': {}", lease.sessionId(), e.toString());
        }
    }

    /** Options of a claim; {@link #claim()} makes it. */
    public static final class Builder {
        private final StateStore store;
        private final String sessionId;
        private String owner = thisProcess();
        private Duration leaseDuration = DEFAULT_LEASE_DURATION;
        private boolean takeOver;
        private Clock clock = Clock.systemUTC();
        private Heartbeat heartbeat = Renewals::every;

        private Builder(StateStore store, String sessionId) {
            this.store = Objects.requireNonNull(store, "store");
            this.sessionId = StoreRules.requireId(sessionId, "session id");
        }

        /** Who claims the session, as people read it (default {@link SessionOwner#thisProcess()}). */
        public Builder owner(String owner) {
            this.owner = StoreRules.requireOwner(owner);
            return this;
        }

        /**
         * How long the lease holds without renewal (default {@link SessionOwner#DEFAULT_LEASE_DURATION}): after a
         * crash, the time before another process may claim the session without taking it over.
         */
        public Builder leaseDuration(Duration leaseDuration) {
            this.leaseDuration = StoreRules.requireDuration(leaseDuration);
            return this;
        }

        /**
         * Whether to claim the session even while another process holds an unexpired lease on it (default false).
         * For a holder known to be gone; one still running is refused at its next write.
         */
        public Builder takeOver(boolean takeOver) {
            this.takeOver = takeOver;
            return this;
        }

        /** The clock that says when a renewal is due (default the UTC system clock); the store decides expiry. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        Builder heartbeat(Heartbeat heartbeat) {
            this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
            return this;
        }

        /**
         * Claims the session and starts renewing its lease.
         *
         * @throws SessionOwnedException naming the holder and until when, when another holds an unexpired lease
         *                               and taking over was not asked for
         * @throws io.github.genieenhancer.core.StateStoreException when the session is not stored
         */
        public SessionOwner claim() {
            return new SessionOwner(this, store.acquireLease(sessionId, owner, leaseDuration, takeOver));
        }
    }

    /** The daemon thread that renews every owner's lease in the background. */
    private static final class Renewals {
        private static final ScheduledExecutorService EXECUTOR = executor();

        private Renewals() {
        }

        static AutoCloseable every(Duration period, Runnable task) {
            ScheduledFuture<?> future = EXECUTOR.scheduleWithFixedDelay(task, period.toMillis(), period.toMillis(),
                    TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        }

        private static ScheduledExecutorService executor() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "genie-enhancer-lease-renewal");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }

    /** The host's name, looked up once: a lookup can take seconds where name resolution is slow. */
    private static final class HostName {
        static final String NAME = lookUp();

        private HostName() {
        }

        private static String lookUp() {
            String fromEnvironment = Optional.ofNullable(System.getenv("HOSTNAME"))
                    .or(() -> Optional.ofNullable(System.getenv("COMPUTERNAME"))).orElse("");
            if (!fromEnvironment.isBlank()) {
                return fromEnvironment;
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "an unknown host";
            }
        }
    }
}
