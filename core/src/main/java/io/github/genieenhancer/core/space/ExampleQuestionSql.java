package io.github.genieenhancer.core.space;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An example question with the SQL that answers it ({@code instructions.example_question_sqls[]}).
 *
 * @param id            32 lowercase hex characters; empty for a new example, which gets an id when added
 * @param question      the question
 * @param sql           the SQL that answers it
 * @param usageGuidance when Genie should follow the example, when given
 * @param parameters    the SQL's named parameters
 */
public record ExampleQuestionSql(String id, String question, String sql, Optional<String> usageGuidance,
                                 List<SqlParameter> parameters) {

    /** Validates and copies the components. */
    public ExampleQuestionSql {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(sql, "sql");
        usageGuidance = usageGuidance == null ? Optional.empty() : usageGuidance;
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }

    /**
     * A new example without parameters.
     *
     * @param usageGuidance when Genie should follow it; blank for none
     */
    public static ExampleQuestionSql of(String question, String sql, String usageGuidance) {
        return new ExampleQuestionSql("", question, sql, SpaceJson.nonBlank(usageGuidance), List.of());
    }
}
