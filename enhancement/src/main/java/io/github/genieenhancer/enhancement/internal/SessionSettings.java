package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.DocumentFormatException;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.scoring.ScoringOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of an enhancement session as stored in its {@code SessionRecord}, so a resumed session runs with the
 * same ones. Never holds secrets: the workspace and the LLM client are given again on resume.
 *
 * @param spaceId              the space being enhanced
 * @param warehouseId          the SQL warehouse that runs expected SQL and fix checks
 * @param benchmarks           every benchmark, tuning and held-out
 * @param targetAccuracy       the tuning accuracy at which the loop stops
 * @param maxIterations        the most iterations
 * @param applyMode            the apply mode's name
 * @param propagationWait      the wait after an update before re-scoring
 * @param heldOutFraction      the share of benchmarks held out
 * @param rollbackOnRegression whether an iteration that scores lower is rolled back
 * @param workingSpaceId       the copy made in CLONE mode, once made
 * @param minCoverage          the least share of a run's questions that must be counted for anything to be decided
 *                             on it; sessions stored before it existed read as the default, 0.9
 */
public record SessionSettings(String spaceId, String warehouseId, BenchmarkSet benchmarks, double targetAccuracy,
                              int maxIterations, String applyMode, Duration propagationWait, double heldOutFraction,
                              boolean rollbackOnRegression, Optional<String> workingSpaceId, double minCoverage) {

    /** Replaces a missing working space by empty. */
    public SessionSettings {
        workingSpaceId = workingSpaceId == null ? Optional.empty() : workingSpaceId;
    }

    /** These settings with the working space set. */
    public SessionSettings withWorkingSpace(String id) {
        return new SessionSettings(spaceId, warehouseId, benchmarks, targetAccuracy, maxIterations, applyMode,
                propagationWait, heldOutFraction, rollbackOnRegression, Optional.of(id), minCoverage);
    }

    /** These settings with another minimum coverage. */
    public SessionSettings withMinCoverage(double coverage) {
        return new SessionSettings(spaceId, warehouseId, benchmarks, targetAccuracy, maxIterations, applyMode,
                propagationWait, heldOutFraction, rollbackOnRegression, workingSpaceId, coverage);
    }

    /** The settings as the text map a session record stores. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("spaceId", spaceId);
        map.put("warehouseId", warehouseId);
        map.put("targetAccuracy", Double.toString(targetAccuracy));
        map.put("maxIterations", Integer.toString(maxIterations));
        map.put("applyMode", applyMode);
        map.put("propagationWait", propagationWait.toString());
        map.put("heldOutFraction", Double.toString(heldOutFraction));
        map.put("rollbackOnRegression", Boolean.toString(rollbackOnRegression));
        workingSpaceId.ifPresent(id -> map.put("workingSpaceId", id));
        map.put("minCoverage", Double.toString(minCoverage));
        map.put("benchmarks", GenieJson.write(benchmarks));
        return map;
    }

    /**
     * Reads settings a session record stored.
     *
     * @param sessionId names the session in errors
     * @throws DocumentFormatException naming the setting when one is missing or malformed
     */
    public static SessionSettings fromMap(String sessionId, Map<String, String> map) {
        String document = "settings of session " + sessionId;
        try {
            return new SessionSettings(require(map, "spaceId", document), require(map, "warehouseId", document),
                    GenieJson.read(require(map, "benchmarks", document), BenchmarkSet.class, document + " (benchmarks)"),
                    Double.parseDouble(require(map, "targetAccuracy", document)),
                    Integer.parseInt(require(map, "maxIterations", document)),
                    require(map, "applyMode", document),
                    Duration.parse(require(map, "propagationWait", document)),
                    Double.parseDouble(require(map, "heldOutFraction", document)),
                    Boolean.parseBoolean(require(map, "rollbackOnRegression", document)),
                    Optional.ofNullable(map.get("workingSpaceId")),
                    map.containsKey("minCoverage") ? Double.parseDouble(map.get("minCoverage"))
                            : ScoringOptions.DEFAULT_MIN_COVERAGE);
        } catch (RuntimeException e) {
            if (e instanceof DocumentFormatException d) {
                throw d;
            }
            throw new DocumentFormatException(document, null, null, "well-formed session settings (" + e.getMessage()
                    + ")", e);
        }
    }

    private static String require(Map<String, String> map, String key, String document) {
        String value = map.get(key);
        if (value == null) {
            throw new DocumentFormatException(document, key, "the setting '" + key + "'");
        }
        return value;
    }
}
