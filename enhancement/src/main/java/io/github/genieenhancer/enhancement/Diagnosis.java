package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.fix.FixCategory;
import java.util.Objects;
import java.util.Set;

/**
 * Why one benchmark question failed, as the failure analysis found.
 *
 * @param benchmarkId the benchmark
 * @param question    its question
 * @param categories  the categories of change that would fix it; empty when the configuration is not at fault or the
 *                    analysis failed
 * @param rationale   what went wrong and what would fix it
 */
public record Diagnosis(String benchmarkId, String question, Set<FixCategory> categories, String rationale) {

    /** Validates and copies the components. */
    public Diagnosis {
        Objects.requireNonNull(benchmarkId, "benchmarkId");
        Objects.requireNonNull(question, "question");
        categories = categories == null ? Set.of() : Set.copyOf(categories);
        rationale = rationale == null ? "" : rationale;
    }
}
