package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.space.SpaceConfig;
import java.util.List;

/**
 * Proposes fixes for failed questions: the PLAN stage's first half, before the {@link PlanValidator} checks them.
 * The default is a {@link CategoryEnhancer} built from the session's LLM, prompts, token budget and categories;
 * give another with {@link EnhancementSession.Builder#fixProposer}. Whatever proposes, the session refuses a fix
 * outside its {@linkplain EnhancementSession.Builder#categories categories}.
 */
@FunctionalInterface
public interface FixProposer {

    /**
     * Analyses the failures and proposes fixes for them. A call to a model that fails belongs in
     * {@link Proposals#failedCalls()}, not in an exception, so one bad answer costs only its own fixes.
     *
     * @param spaceId  the space the failures come from
     * @param space    its current configuration
     * @param failures the failed tuning questions (held-out ones never reach a proposer)
     * @return the proposals, not validated yet
     */
    Proposals propose(String spaceId, SpaceConfig space, List<QuestionResult> failures);
}
