package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.DocumentFormatException;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.fix.FixCategory;
import io.github.genieenhancer.enhancement.ApplyMode;
import io.github.genieenhancer.enhancement.ScoringMode;
import io.github.genieenhancer.scoring.ComparisonPolicy;
import io.github.genieenhancer.scoring.ScoringOptions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of an enhancement session, stored with it so a resumed session runs the same: one JSON document with
 * a format version ({@value #FORMAT_VERSION}). Never holds secrets or objects: the workspace, the LLM client, the
 * judge, the prompts and custom collaborators are given again on resume.
 *
 * @param formatVersion        the version of this document's format
 * @param spaceId              the space being enhanced
 * @param warehouseId          the SQL warehouse that runs expected SQL and fix checks
 * @param benchmarks           every benchmark, tuning and held-out
 * @param targetAccuracy       the tuning accuracy at which the loop stops
 * @param maxIterations        the most iterations
 * @param applyMode            how spaces are changed
 * @param propagationWait      the wait after an update before re-scoring
 * @param heldOutFraction      the share of benchmarks held out
 * @param rollbackOnRegression whether an iteration that scores lower is rolled back
 * @param workingSpaceId       the copy made in CLONE mode, once made
 * @param minCoverage          the least share of a run's questions that must be counted for anything to be decided
 * @param comparisonPolicy     how the library's scorer compares results
 * @param categories           the fix categories proposed, by wire name in {@link FixCategory} order
 * @param promptTokenBudget    the most prompt tokens of one fix-proposal call
 * @param scoring              whose verdicts decide
 */
public record SessionSettings(int formatVersion, String spaceId, String warehouseId, BenchmarkSet benchmarks,
                              double targetAccuracy, int maxIterations, ApplyMode applyMode,
                              Duration propagationWait, double heldOutFraction, boolean rollbackOnRegression,
                              Optional<String> workingSpaceId, double minCoverage, ComparisonPolicy comparisonPolicy,
                              List<String> categories, int promptTokenBudget, ScoringMode scoring) {

    /** The format this version writes. Format 1 is the flat text map of sessions stored before it. */
    public static final int FORMAT_VERSION = 2;
    /** The default most prompt tokens of one fix-proposal call. */
    public static final int DEFAULT_PROMPT_TOKEN_BUDGET = 24_000;
    /** The key of the settings document in a session record's settings map. */
    static final String KEY = "settings";

    /** Validates the components. */
    public SessionSettings {
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(warehouseId, "warehouseId");
        Objects.requireNonNull(benchmarks, "benchmarks");
        Objects.requireNonNull(applyMode, "applyMode");
        Objects.requireNonNull(propagationWait, "propagationWait");
        Objects.requireNonNull(comparisonPolicy, "comparisonPolicy");
        Objects.requireNonNull(scoring, "scoring");
        workingSpaceId = workingSpaceId == null ? Optional.empty() : workingSpaceId;
        categories = List.copyOf(categories);
    }

    /** Settings of a new session in this format, with the categories as a set. */
    public static SessionSettings of(String spaceId, String warehouseId, BenchmarkSet benchmarks,
                                     double targetAccuracy, int maxIterations, ApplyMode applyMode,
                                     Duration propagationWait, double heldOutFraction, boolean rollbackOnRegression,
                                     double minCoverage, ComparisonPolicy policy, Set<FixCategory> categories,
                                     int promptTokenBudget, ScoringMode scoring) {
        return new SessionSettings(FORMAT_VERSION, spaceId, warehouseId, benchmarks, targetAccuracy, maxIterations,
                applyMode, propagationWait, heldOutFraction, rollbackOnRegression, Optional.empty(), minCoverage,
                policy, wireNames(categories), promptTokenBudget, scoring);
    }

    /** The fix categories, as a set. */
    public Set<FixCategory> fixCategories() {
        Set<FixCategory> set = EnumSet.noneOf(FixCategory.class);
        categories.forEach(c -> set.add(FixCategory.fromWireName(c)));
        return set;
    }

    /** These settings with the working space set. */
    public SessionSettings withWorkingSpace(String id) {
        return new SessionSettings(formatVersion, spaceId, warehouseId, benchmarks, targetAccuracy, maxIterations,
                applyMode, propagationWait, heldOutFraction, rollbackOnRegression, Optional.of(id), minCoverage,
                comparisonPolicy, categories, promptTokenBudget, scoring);
    }

    /** These settings with another minimum coverage. */
    public SessionSettings withMinCoverage(double coverage) {
        return new SessionSettings(formatVersion, spaceId, warehouseId, benchmarks, targetAccuracy, maxIterations,
                applyMode, propagationWait, heldOutFraction, rollbackOnRegression, workingSpaceId, coverage,
                comparisonPolicy, categories, promptTokenBudget, scoring);
    }

    /** The JSON document stored under {@value #KEY}, in this version's format. */
    String toJson() {
        return GenieJson.write(formatVersion == FORMAT_VERSION ? this : new SessionSettings(FORMAT_VERSION, spaceId,
                warehouseId, benchmarks, targetAccuracy, maxIterations, applyMode, propagationWait, heldOutFraction,
                rollbackOnRegression, workingSpaceId, minCoverage, comparisonPolicy, categories, promptTokenBudget,
                scoring));
    }

    /**
     * Reads the settings document.
     *
     * @throws DocumentFormatException naming the session when it is malformed or of a newer format
     */
    static SessionSettings fromJson(String sessionId, String json) {
        String document = "settings of session " + sessionId;
        SessionSettings read = GenieJson.read(json, SessionSettings.class, document);
        if (read.formatVersion() > FORMAT_VERSION) {
            throw new DocumentFormatException(document, "formatVersion", "a format version up to " + FORMAT_VERSION
                    + " (found " + read.formatVersion() + "; stored by a newer version of this library)");
        }
        try {
            read.fixCategories();
        } catch (IllegalArgumentException e) {
            throw new DocumentFormatException(document, "categories", "fix category wire names (" + e.getMessage()
                    + ")");
        }
        return read;
    }

    /**
     * Reads settings stored before the settings document (format 1): a flat text map, one entry per setting. What
     * that format did not store reads as its default then: the genie comparison policy, every category, the default
     * token budget, the library's scorer, and a minimum coverage of 0.9.
     *
     * @throws DocumentFormatException naming the setting when one is missing or malformed
     */
    static SessionSettings fromFlatMap(String sessionId, Map<String, String> map) {
        String document = "settings of session " + sessionId;
        try {
            return new SessionSettings(1, require(map, "spaceId", document), require(map, "warehouseId", document),
                    GenieJson.read(require(map, "benchmarks", document), BenchmarkSet.class,
                            document + " (benchmarks)"),
                    Double.parseDouble(require(map, "targetAccuracy", document)),
                    Integer.parseInt(require(map, "maxIterations", document)),
                    ApplyMode.valueOf(require(map, "applyMode", document)),
                    Duration.parse(require(map, "propagationWait", document)),
                    Double.parseDouble(require(map, "heldOutFraction", document)),
                    Boolean.parseBoolean(require(map, "rollbackOnRegression", document)),
                    Optional.ofNullable(map.get("workingSpaceId")),
                    map.containsKey("minCoverage") ? Double.parseDouble(map.get("minCoverage"))
                            : ScoringOptions.DEFAULT_MIN_COVERAGE,
                    ComparisonPolicy.genie(), wireNames(EnumSet.allOf(FixCategory.class)),
                    DEFAULT_PROMPT_TOKEN_BUDGET, ScoringMode.LIBRARY);
        } catch (RuntimeException e) {
            if (e instanceof DocumentFormatException d) {
                throw d;
            }
            throw new DocumentFormatException(document, null, null, "well-formed session settings (" + e.getMessage()
                    + ")", e);
        }
    }

    private static List<String> wireNames(Set<FixCategory> categories) {
        return EnumSet.copyOf(categories).stream().map(FixCategory::wireName).toList();
    }

    private static String require(Map<String, String> map, String key, String document) {
        String value = map.get(key);
        if (value == null) {
            throw new DocumentFormatException(document, key, "the setting '" + key + "'");
        }
        return value;
    }
}
