package io.github.genieenhancer.scoring;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.state.StateStore;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Scorer} and {@link BatchScorer} share: how results are compared, where they are stored as they
 * complete, who hears about progress, the optional judge, and how much of a run must be counted for it to be
 * complete.
 *
 * @param comparator       compares Genie's result with the expected one; default {@link ResultComparator#create()}
 * @param stateStore       receives each question's result as soon as it is scored, so a killed run resumes
 *                         without asking again; default {@link StateStore#defaultStore()} (in memory unless a
 *                         provider is registered)
 * @param progressListener hears stage and question events, shielded so it cannot break a run; default
 *                         {@link ProgressListener#defaultListener()} (SLF4J logging unless a provider is registered)
 * @param judge            reviews incorrect answers and may flag them for review; default none
 * @param sessionId        the state-store session results are stored under; default {@code "scoring"}
 * @param clock            for the reports' start and finish times; default the system clock
 * @param minCoverage      the least share of a run's questions, 0 to 1, that must be counted (not excluded) for
 *                         the run to be complete; default {@value #DEFAULT_MIN_COVERAGE}. A run below it, or one
 *                         whose space was edited while it was scored, is stored and then refused with an
 *                         {@link io.github.genieenhancer.core.IncompleteScoreException}
 */
public record ScoringOptions(ResultComparator comparator, StateStore stateStore, ProgressListener progressListener,
                             Optional<Judge> judge, String sessionId, Clock clock, double minCoverage) {

    /** The default minimum coverage: nine questions in ten counted. */
    public static final double DEFAULT_MIN_COVERAGE = 0.9;

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
        requireFraction(minCoverage);
    }

    /**
     * Checks a minimum coverage.
     *
     * @throws ConfigurationException unless it is within [0, 1]
     */
    public static double requireFraction(double minCoverage) {
        if (!(minCoverage >= 0 && minCoverage <= 1)) {
            throw new ConfigurationException("minCoverage must be within [0, 1], got " + minCoverage);
        }
        return minCoverage;
    }

    /**
     * The defaults: Databricks' comparison rules, the SPIs' default store and listener (in memory and SLF4J logging
     * unless providers are registered), no judge.
     */
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
        builder.minCoverage = minCoverage;
        return builder;
    }

    /** Builds {@link ScoringOptions}. */
    public static final class Builder {
        private ResultComparator comparator = ResultComparator.create();
        private StateStore stateStore;
        private ProgressListener progressListener;
        private Judge judge;
        private String sessionId = "scoring";
        private Clock clock = Clock.systemUTC();
        private double minCoverage = DEFAULT_MIN_COVERAGE;

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

        /**
         * Sets the least share of a run's questions, 0 to 1, that must be counted for the run to be complete
         * (default {@value ScoringOptions#DEFAULT_MIN_COVERAGE}); 0 accepts any run whose space did not change.
         *
         * @throws ConfigurationException unless it is within [0, 1]
         */
        public Builder minCoverage(double minCoverage) {
            this.minCoverage = requireFraction(minCoverage);
            return this;
        }

        /** The options. */
        public ScoringOptions build() {
            return new ScoringOptions(comparator, stateStore == null ? StateStore.defaultStore() : stateStore,
                    progressListener == null ? ProgressListener.defaultListener() : progressListener,
                    Optional.ofNullable(judge), sessionId, clock, minCoverage);
        }
    }
}
