package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.SpaceConflictException;
import io.github.genieenhancer.core.SpaceValidationException;
import io.github.genieenhancer.core.StateConflictException;
import io.github.genieenhancer.core.StateStoreException;
import io.github.genieenhancer.core.fix.ApplyResult;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.fix.RejectedFix;
import io.github.genieenhancer.core.progress.ProgressEvent;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.space.SpaceDiff;
import io.github.genieenhancer.core.state.SessionRecord;
import io.github.genieenhancer.core.state.SpaceSnapshot;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.genie.Space;
import io.github.genieenhancer.genie.SpaceApi;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes a plan's fixes to a space, safely:
 * <ol>
 *   <li>reads the space and its etag, and stores a {@link SpaceSnapshot} of the configuration exactly as read;</li>
 *   <li>validates the plan's fixes against that configuration ({@link FixValidator}), makes the accepted ones,
 *       {@linkplain SpaceConfig#normalized() normalises} the result and {@linkplain SpaceConfig#requireValid()
 *       checks} it against the API's rules;</li>
 *   <li>writes everything in ONE update carrying the etag, so an edit made by someone else since the read is never
 *       overwritten: the update is refused with a {@link SpaceConflictException} and nothing is lost (the space keeps
 *       the other edit, the snapshot and the plan stay in the store, and applying again re-reads the space).</li>
 * </ol>
 * {@link #rollback(String)} puts a snapshot back exactly, keeping the space's live {@code benchmarks} block, which is
 * evaluation state rather than configuration.
 *
 * <p>Every write (apply, replace, rollback, and so promote) sends the {@linkplain SpaceConfig#writable() writable}
 * form: normalised, then checked, as {@link SpaceApi} does for any write. A configuration read from the API, such as
 * a snapshot, is in the order the API exports, which it refuses on input (benchmark questions newest first, an
 * example's parameters unsorted); normalising puts it in the order the API accepts, which the diffs do not count as
 * a change, and which the API serves back in its export order.
 *
 * <p>Immutable and thread-safe; concurrent applies to one space are refused by the etag, not serialised here.
 */
public final class Applier implements PlanApplier {
    /** The snapshot id of a preview, which stores no snapshot. */
    public static final String NO_SNAPSHOT = "";

    private final SpaceApi spaces;
    private final StateStore store;
    private final PlanValidator validator;
    private final ProgressListener listener;
    private final String sessionId;
    private final Clock clock;

    private Applier(Builder b) {
        this.spaces = b.spaces;
        this.store = b.store;
        this.validator = b.validator;
        this.listener = ProgressListener.isolated(b.listener);
        this.sessionId = b.sessionId;
        this.clock = b.clock;
    }

    /**
     * Starts a builder.
     *
     * @param spaces reads and writes the spaces
     * @param store  where snapshots are kept
     */
    public static Builder builder(SpaceApi spaces, StateStore store) {
        return new Builder(Objects.requireNonNull(spaces, "spaces"), Objects.requireNonNull(store, "store"));
    }

    /**
     * Applies a plan's fixes to a space in one update, after storing a snapshot. Fixes the space no longer accepts
     * (it changed since the plan was made) are refused and reported, like those the plan already refused.
     *
     * @param spaceId the space to change
     * @param plan    the fixes
     * @return the snapshot id, the change made, the fixes written and those refused; when no fix is accepted the
     *         space is not written and the diff is empty
     * @throws SpaceConflictException   when the space changed between the read and the update; nothing was written
     * @throws SpaceValidationException when the configuration would break the API's rules even after normalising
     *                                  (then the space itself already did); nothing was written
     */
    @Override
    public ApplyResult apply(String spaceId, EnhancementPlan plan) {
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(plan, "plan");
        Space current = spaces.get(spaceId);
        SpaceSnapshot snapshot = snapshot(current);
        FixValidation validation = validator.validate(plan.fixes(), current.config());
        SpaceConfig edited = validation.edited().writable();
        SpaceDiff diff = current.config().diffTo(edited);
        Optional<String> etag = diff.isEmpty() ? current.etag() : spaces.update(current, edited).etag();
        validation.accepted().forEach(f -> listener.onEvent(new ProgressEvent.FixApplied(f)));
        validation.rejected().forEach(r -> listener.onEvent(new ProgressEvent.FixRejected(r)));
        return new ApplyResult(spaceId, snapshot.id(), diff, validation.accepted(),
                rejected(plan, validation), etag, clock.instant());
    }

    /**
     * What {@link #apply} would do now, without storing a snapshot or writing: the validation and the change.
     *
     * @return a result whose snapshot id is {@link #NO_SNAPSHOT}
     */
    @Override
    public ApplyResult preview(String spaceId, EnhancementPlan plan) {
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(plan, "plan");
        Space current = spaces.get(spaceId);
        FixValidation validation = validator.validate(plan.fixes(), current.config());
        return new ApplyResult(spaceId, NO_SNAPSHOT, current.config().diffTo(validation.edited()),
                validation.accepted(), rejected(plan, validation), current.etag(), clock.instant());
    }

    /**
     * Restores the configuration of a snapshot, keeping the space's live {@code benchmarks} block. The current
     * configuration is stored as a new snapshot first, so a rollback can itself be undone.
     *
     * @param snapshotId a snapshot taken by {@link #apply} (or any stored snapshot)
     * @return the change the restore made; empty when the space already had the snapshot's configuration
     * @throws StateStoreException      when the store has no such snapshot
     * @throws SpaceConflictException   when the space changed between the read and the update
     * @throws SpaceValidationException when the snapshot breaks the API's rules even after normalising (the API
     *                                  accepted it once, so its rules changed since); nothing was written
     */
    @Override
    public SpaceDiff rollback(String snapshotId) {
        SpaceSnapshot snapshot = store.snapshot(Objects.requireNonNull(snapshotId, "snapshotId"))
                .orElseThrow(() -> new StateStoreException("No snapshot '" + snapshotId + "' in the state store"));
        return replace(snapshot.spaceId(), SpaceConfig.parse(snapshot.serializedSpace(), "snapshot " + snapshotId),
                List.of()).diff();
    }

    /**
     * Gives a space another configuration as a whole, keeping the space's live {@code benchmarks} block, after
     * storing a snapshot of the current one. Promoting the copy a {@link ApplyMode#CLONE} session worked on does
     * this.
     *
     * @param spaceId the space to change
     * @param config  the configuration to give it
     * @param fixes   the fixes that configuration holds, reported as applied
     * @return the snapshot taken and the change made; the space is not written when nothing changes
     * @throws SpaceConflictException   when the space changed between the read and the update
     * @throws SpaceValidationException when the configuration breaks the API's rules even after normalising;
     *                                  nothing was written
     */
    @Override
    public ApplyResult replace(String spaceId, SpaceConfig config, List<PlannedFix> fixes) {
        Space current = spaces.get(Objects.requireNonNull(spaceId, "spaceId"));
        SpaceConfig target = config.withBenchmarksOf(current.config()).writable();
        SpaceDiff diff = current.config().diffTo(target);
        SpaceSnapshot snapshot = snapshot(current);
        Optional<String> etag = diff.isEmpty() ? current.etag() : spaces.update(current, target).etag();
        return new ApplyResult(spaceId, snapshot.id(), diff, fixes, List.of(), etag, clock.instant());
    }

    private SpaceSnapshot snapshot(Space current) {
        ensureSession(current.spaceId());
        SpaceSnapshot snapshot = new SpaceSnapshot("snap-" + UUID.randomUUID(), sessionId, current.spaceId(),
                clock.instant(), current.etag(), current.serializedSpace());
        store.saveSnapshot(snapshot);
        return snapshot;
    }

    /** The store keeps snapshots per session; a standalone applier records its own session on first use. */
    private void ensureSession(String spaceId) {
        if (store.session(sessionId).isEmpty()) {
            try {
                store.saveSession(SessionRecord.create(sessionId, spaceId, Map.of(), clock.instant()));
            } catch (StateConflictException e) {
                // Another thread stored it first, which is all that is needed.
            }
        }
    }

    private static List<RejectedFix> rejected(EnhancementPlan plan, FixValidation validation) {
        List<RejectedFix> all = new ArrayList<>(plan.rejected());
        all.addAll(validation.rejected());
        return all;
    }

    /** Options of an {@link Applier}; every one but the space API and the store has a default. */
    public static final class Builder {
        private final SpaceApi spaces;
        private final StateStore store;
        private PlanValidator validator = FixValidator.builder().build();
        private ProgressListener listener = ProgressListener.none();
        private String sessionId = "applier";
        private Clock clock = Clock.systemUTC();

        private Builder(SpaceApi spaces, StateStore store) {
            this.spaces = spaces;
            this.store = store;
        }

        /**
         * Validates fixes against the space as read before the update (default: {@code FixValidator.builder()
         * .build()}, without SQL checks or leakage guard; give one with a warehouse and the benchmarks).
         */
        public Builder validator(PlanValidator validator) {
            this.validator = Objects.requireNonNull(validator, "validator");
            return this;
        }

        /** Receives a fix applied or rejected event per fix (default: none). A listener that throws is ignored. */
        public Builder progressListener(ProgressListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The session snapshots are stored under (default {@code applier}); a session record is created when the
         * store has none.
         */
        public Builder sessionId(String sessionId) {
            if (Objects.requireNonNull(sessionId, "sessionId").isBlank()) {
                throw new ConfigurationException("sessionId must not be blank");
            }
            this.sessionId = sessionId;
            return this;
        }

        /** The clock that stamps snapshots and results (default: the system clock, UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Builds the applier. */
        public Applier build() {
            return new Applier(this);
        }
    }
}
