package io.github.genieenhancer.core.score;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.genieenhancer.core.IncompleteScoreException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of scoring a benchmark set against a space.
 *
 * <p>Its accuracy is taken over the counted questions only (all but {@link Verdict#EXCLUDED}), so every accuracy
 * comes with its {@link #coverage()}: "accuracy over N of M questions". A run is {@link #isComplete complete} when
 * its coverage reaches a minimum and all its answers were given against one version of the space; nothing (keep,
 * roll back, target reached, a CI gate) is decided on an incomplete run.
 *
 * @param runId         identifies this scoring run within its session
 * @param spaceId       the space scored
 * @param spaceVersion  the version of the configuration scored (its fingerprint), as read when the run started
 * @param startedAt     when scoring started
 * @param finishedAt    when the last question was scored
 * @param results       one result per benchmark, in benchmark order
 * @param spaceVersions every version of the configuration seen while the run was scored, oldest first, the first
 *                      being {@code spaceVersion}; more than one means the space was edited during the run, and its
 *                      answers were not all given against one configuration (see each result's
 *                      {@link QuestionResult#spaceVersion()}). Defaults to {@code spaceVersion} alone.
 */
@JsonIgnoreProperties(value = {"accuracy", "counts", "counted", "coverage", "mixedVersions"}, allowGetters = true)
public record ScoreReport(String runId, String spaceId, String spaceVersion, Instant startedAt, Instant finishedAt,
                          List<QuestionResult> results, List<String> spaceVersions) {

    /** Validates and copies the components. */
    public ScoreReport {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(spaceVersion, "spaceVersion");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        results = List.copyOf(results);
        spaceVersions = spaceVersions == null || spaceVersions.isEmpty() ? List.of(spaceVersion)
                : List.copyOf(spaceVersions);
    }

    /** A report of a run that saw one version of the space: {@code spaceVersion}. */
    public ScoreReport(String runId, String spaceId, String spaceVersion, Instant startedAt, Instant finishedAt,
                       List<QuestionResult> results) {
        this(runId, spaceId, spaceVersion, startedAt, finishedAt, results, List.of(spaceVersion));
    }

    /**
     * Correct answers divided by the counted questions (all but {@link Verdict#EXCLUDED}); 0 when none counts.
     * Read it with {@link #counted()} and {@link #coverage()}.
     */
    @JsonProperty("accuracy")
    public double accuracy() {
        long counted = counted();
        return counted == 0 ? 0.0 : (double) correct() / counted;
    }

    /** The number of correct answers. */
    public long correct() {
        return results.stream().filter(QuestionResult::isCorrect).count();
    }

    /** The number of questions the accuracy is taken over: every result but the excluded ones. */
    @JsonProperty("counted")
    public long counted() {
        return results.stream().filter(r -> r.verdict().counted()).count();
    }

    /** The share of questions counted, {@link #counted()} over all results, 0 to 1; 0 for a run without results. */
    @JsonProperty("coverage")
    public double coverage() {
        return results.isEmpty() ? 0.0 : (double) counted() / results.size();
    }

    /** Whether the space was edited while the run was scored, so its answers span several configurations. */
    @JsonProperty("mixedVersions")
    public boolean mixedVersions() {
        return spaceVersions.size() > 1;
    }

    /**
     * Whether anything may be decided on this run: its coverage is at least {@code minCoverage} and every answer
     * was given against one version of the space.
     *
     * @param minCoverage the least share of questions that must be counted, 0 to 1
     */
    public boolean isComplete(double minCoverage) {
        return coverage() >= minCoverage && !mixedVersions();
    }

    /**
     * This report, when it {@link #isComplete is complete}.
     *
     * @param minCoverage the least share of questions that must be counted, 0 to 1
     * @throws IncompleteScoreException saying why it is not: counted, total, minimum and the main exclusion causes,
     *                                  or the versions the space had while it was scored
     */
    public ScoreReport requireComplete(double minCoverage) {
        if (!isComplete(minCoverage)) {
            throw new IncompleteScoreException(this, minCoverage);
        }
        return this;
    }

    /** The number of results per verdict, every verdict present (zero when none). */
    @JsonProperty("counts")
    public Map<Verdict, Long> counts() {
        Map<Verdict, Long> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counts.put(v, 0L);
        }
        results.forEach(r -> counts.merge(r.verdict(), 1L, Long::sum));
        return counts;
    }

    /** The results that are neither correct nor excluded: what the enhancer works on. */
    public List<QuestionResult> failures() {
        return results.stream().filter(r -> !r.isCorrect() && r.verdict().counted()).toList();
    }

    /** The result for one benchmark. */
    public Optional<QuestionResult> result(String benchmarkId) {
        return results.stream().filter(r -> r.benchmarkId().equals(benchmarkId)).findFirst();
    }
}
