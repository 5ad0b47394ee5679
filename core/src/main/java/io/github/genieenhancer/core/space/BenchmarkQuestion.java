package io.github.genieenhancer.core.space;

import java.util.Objects;
import java.util.Optional;

/**
 * A benchmark question stored in the space ({@code benchmarks.questions[]}), which Databricks' eval runs score.
 *
 * @param id       32 lowercase hex characters; empty for a new question, which gets an id when written
 * @param question the question
 * @param sql      the SQL answer, whose result is the right one; empty for a question that needs manual review
 */
public record BenchmarkQuestion(String id, String question, Optional<String> sql) {

    /** Validates the components. */
    public BenchmarkQuestion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(question, "question");
        sql = sql == null ? Optional.empty() : sql;
    }

    /** A new question with its SQL answer. */
    public static BenchmarkQuestion of(String question, String sql) {
        return new BenchmarkQuestion("", question, SpaceJson.nonBlank(sql));
    }
}
