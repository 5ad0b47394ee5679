package io.github.genieenhancer.core.benchmark;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One benchmark question with the SQL whose result is the right answer.
 *
 * @param id          unique within its set
 * @param question    the natural-language question asked to Genie
 * @param expectedSql the SQL whose result set is the expected answer
 * @param category    an optional grouping such as "revenue" or "joins"
 * @param tags        free-form labels; extra fields of a source file are kept here
 */
public record Benchmark(String id, String question, String expectedSql, Optional<String> category,
                        Map<String, String> tags) {

    /** Validates and copies the components. */
    public Benchmark {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(expectedSql, "expectedSql");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        if (question.isBlank()) {
            throw new IllegalArgumentException("question must not be blank (benchmark '" + id + "')");
        }
        category = category == null ? Optional.empty() : category;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** A benchmark with no category and no tags. */
    public static Benchmark of(String id, String question, String expectedSql) {
        return new Benchmark(id, question, expectedSql, Optional.empty(), Map.of());
    }

    /** The tag names, sorted, for display. */
    public List<String> tagNames() {
        return tags.keySet().stream().sorted().toList();
    }
}
