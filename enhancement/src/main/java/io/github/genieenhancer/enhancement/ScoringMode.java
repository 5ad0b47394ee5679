package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.ConfigurationException;
import java.util.Arrays;

/**
 * Which scorer's verdicts an {@link EnhancementSession} decides on ({@link EnhancementSession.Builder#scoring}).
 * Databricks' eval runs ask the questions stored in the space, so both modes that use them write the session's
 * benchmarks into the space first: they are allowed only in {@link ApplyMode#CLONE} mode, where that space is the
 * session's own copy (made before the first score), never the customer's space.
 */
public enum ScoringMode {
    /** This library's comparison: scoring's {@code BatchScorer} with the session's comparison policy. */
    LIBRARY("library"),
    /** Databricks' own benchmark evaluation (scoring's {@code EvalRunScorer}, a Beta API) decides. */
    EVAL_RUNS("eval-runs"),
    /**
     * The library's run decides; Databricks' eval run of the same space is made after it and stored alongside
     * (run id {@code <library run id>-eval-run}), with the questions on which the two disagree.
     */
    SIDE_BY_SIDE("side-by-side");

    private final String wireName;

    ScoringMode(String wireName) {
        this.wireName = wireName;
    }

    /** The name used on the command line and in stored settings, e.g. {@code side-by-side}. */
    public String wireName() {
        return wireName;
    }

    /** Whether Databricks' eval runs are made (and the session's benchmarks written into the space for them). */
    public boolean usesEvalRuns() {
        return this != LIBRARY;
    }

    /**
     * The mode of a wire name or constant name, in any case.
     *
     * @throws ConfigurationException naming the valid ones
     */
    public static ScoringMode fromWireName(String name) {
        for (ScoringMode mode : values()) {
            if (mode.wireName.equalsIgnoreCase(name) || mode.name().equalsIgnoreCase(name)) {
                return mode;
            }
        }
        throw new ConfigurationException("Unknown scoring mode '" + name + "'; expected one of "
                + Arrays.stream(values()).map(m -> m.wireName).toList());
    }
}
