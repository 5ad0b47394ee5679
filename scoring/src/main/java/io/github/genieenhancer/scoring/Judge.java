package io.github.genieenhancer.scoring;

import io.github.genieenhancer.core.score.QuestionResult;
import java.util.Optional;

/**
 * Reviews an incorrect answer, for the near-misses an exact comparison is too strict about (a rounding convention,
 * an extra but harmless column). The enhancement module implements it with an LLM.
 *
 * <p>A judge can only flag: when it returns a rationale the result becomes {@code NEEDS_REVIEW} (still counted,
 * still not correct) with the original reason kept in the notes; when it returns nothing the result stays
 * {@code INCORRECT}. It is never asked about correct answers and can never turn a failure into a pass. A judge
 * that throws leaves the result {@code INCORRECT} with a note.
 */
@FunctionalInterface
public interface Judge {

    /**
     * Reviews one incorrect result.
     *
     * @param incorrect the result, with the question, both SQL texts and the comparison's explanation
     * @return why a person should look at it, or empty to keep it incorrect
     */
    Optional<String> review(QuestionResult incorrect);
}
