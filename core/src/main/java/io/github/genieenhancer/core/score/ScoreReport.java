package io.github.genieenhancer.core.score;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of scoring a benchmark set against a space.
 *
 * @param runId        identifies this scoring run within its session
 * @param spaceId      the space scored
 * @param spaceVersion the version of the configuration scored (its fingerprint or etag)
 * @param startedAt    when scoring started
 * @param finishedAt   when the last question was scored
 * @param results      one result per benchmark, in benchmark order
 */
@JsonIgnoreProperties(value = {"accuracy", "counts"}, allowGetters = true)
public record ScoreReport(String runId, String spaceId, String spaceVersion, Instant startedAt, Instant finishedAt,
                          List<QuestionResult> results) {

    /** Validates and copies the components. */
    public ScoreReport {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(spaceVersion, "spaceVersion");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        results = List.copyOf(results);
    }

    /**
     * Correct answers divided by the counted questions (all but {@link Verdict#EXCLUDED}); 0 when none counts.
     */
    @JsonProperty("accuracy")
    public double accuracy() {
        long counted = results.stream().filter(r -> r.verdict().counted()).count();
        return counted == 0 ? 0.0 : (double) correct() / counted;
    }

    /** The number of correct answers. */
    public long correct() {
        return results.stream().filter(QuestionResult::isCorrect).count();
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
