package io.github.genieenhancer.scoring;

import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.state.StateStore;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Scorer} and {@link BatchScorer} share: how results are compared, where they are stored as they
 * complete, who hears about progress, and the optional judge.
 *
 * @param comparator       compares Genie's result with the expected one; default {@link ResultComparator#create()}
 * @param stateStore       receives each question's result as soon as it is scored, so a killed run resumes
 *                         without asking again; default {@link StateStore#inMemory()}
 * @param progressListener hears stage and question events, shielded so it cannot break a run; default none
 * @param judge            reviews incorrect answers and may flag them for review; default none
 * @param sessionId        the state-store session results are stored under; default {@code "scoring"}
 * @param clock            for the reports' start and finish times; default the system clock
 */
public record ScoringOptions(ResultComparator comparator, StateStore stateStore, ProgressListener progressListener,
                             Optional<Judge> judge, String sessionId, Clock clock) {

    /** Validates the components and shields the listener. */
    public ScoringOptions {
        Objects.requireNonNull(comparator, "comparator");
        Objects.requireNonNull(stateStore, "stateStore");
        progressListener = ProgressListener.isolated(Objects.requireNonNull(progressListener, "progressListener"));
        Objects.requireNonNull(judge, "judge");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(clock, "clock");
        if (sessionId.isBlank()) {
            throw new IllegalArgumentException("sessionId must not be blank");
        }
    }

    /** The defaults: Databricks' comparison rules, an in-memory store, no listener, no judge. */
    public static ScoringOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.comparator = comparator;
        builder.stateStore = stateStore;
        builder.progressListener = progressListener;
        builder.judge = judge.orElse(null);
        builder.sessionId = sessionId;
        builder.clock = clock;
        return builder;
    }

    /** Builds {@link ScoringOptions}. */
    public static final class Builder {
        private ResultComparator comparator = ResultComparator.create();
        private StateStore stateStore;
        private ProgressListener progressListener = ProgressListener.none();
        private Judge judge;
        private String sessionId = "scoring";
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Sets the comparator. */
        public Builder comparator(ResultComparator comparator) {
            this.comparator = comparator;
            return this;
        }

        /** Sets the store that receives each result as it completes. */
        public Builder stateStore(StateStore stateStore) {
            this.stateStore = stateStore;
            return this;
        }

        /** Sets the progress listener. */
        public Builder progressListener(ProgressListener progressListener) {
            this.progressListener = progressListener;
            return this;
        }

        /** Sets the judge of incorrect answers. */
        public Builder judge(Judge judge) {
            this.judge = Objects.requireNonNull(judge, "judge");
            return this;
        }

        /** Sets the state-store session the results go to. */
        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        /** Sets the clock for report times. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The options. */
        public ScoringOptions build() {
            return new ScoringOptions(comparator, stateStore == null ? StateStore.inMemory() : stateStore,
                    progressListener, Optional.ofNullable(judge), sessionId, clock);
        }
    }
}
