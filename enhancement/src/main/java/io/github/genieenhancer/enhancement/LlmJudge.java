package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.prompt.PromptRepository;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.enhancement.internal.FailureView;
import io.github.genieenhancer.enhancement.internal.JudgeReview;
import io.github.genieenhancer.llm.LlmClient;
import io.github.genieenhancer.scoring.Judge;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Scoring's {@link Judge} as an LLM: reviews an incorrect answer (question, both SQL texts, the comparison's reason
 * and explanation) and flags it when the difference is only a convention (rounding, an extra context column, an
 * ambiguous question read the other way). A flagged answer becomes {@code NEEDS_REVIEW}: still counted, never
 * correct, so the judge can draw a person's attention but never turn a failure into a pass.
 *
 * <pre>{@code
 * EnhancementSession.builder()...judge(LlmJudge.create(llm))...build();
 * // or alone, with a scorer:
 * ScoringOptions.builder().judge(LlmJudge.create(llm)).build();
 * }</pre>
 *
 * <p>Only {@code INCORRECT} answers with SQL are reviewed, and an empty result ({@code EMPTY_RESULT}) is never a
 * near miss: those are kept without asking the model. A call that fails throws, which the scorer records as a
 * {@code JUDGE_FAILED} note on a result it leaves incorrect. Prompts {@code judge_review} (system) and
 * {@code judge_review_input} (user); the answer is structured output named {@code JudgeReview}:
 * {@code {"nearMiss": false, "rationale": "..."}}. Immutable and thread-safe.
 */
public final class LlmJudge implements Judge {
    static final String TEMPLATE = "judge_review";
    static final String INPUT_TEMPLATE = "judge_review_input";

    private final LlmClient llm;
    private final PromptRepository prompts;

    private LlmJudge(Builder b) {
        this.llm = b.llm;
        this.prompts = b.prompts;
    }

    /** A judge with the bundled prompts. */
    public static LlmJudge create(LlmClient llm) {
        return builder(llm).build();
    }

    /**
     * Starts a builder.
     *
     * @param llm the model that reviews
     */
    public static Builder builder(LlmClient llm) {
        return new Builder(Objects.requireNonNull(llm, "llm"));
    }

    /**
     * Reviews one incorrect answer.
     *
     * @return {@code "LLM judge: <rationale>"} when the model finds a near miss, else empty
     * @throws io.github.genieenhancer.core.GenieEnhancerException when the model gives no usable answer
     */
    @Override
    public Optional<String> review(QuestionResult incorrect) {
        Objects.requireNonNull(incorrect, "incorrect");
        if (incorrect.verdict() != Verdict.INCORRECT || incorrect.genieSql().isEmpty()
                || incorrect.reason() == ReasonCode.EMPTY_RESULT) {
            return Optional.empty();
        }
        String system = prompts.render(TEMPLATE, Map.of());
        String user = prompts.render(INPUT_TEMPLATE, Map.of("failure", FailureView.of(incorrect, Optional.empty())));
        JudgeReview review = llm.chat().system(system).user(user).purpose(TEMPLATE).call(JudgeReview.class).value();
        String rationale = review.rationale().strip();
        // A flag without a reason would give the person nothing to check.
        return review.nearMiss() && !rationale.isEmpty() ? Optional.of("LLM judge: " + rationale) : Optional.empty();
    }

    /**
     * This judge asking through a client whose calls the given listener hears (replacing the client's own), and with
     * other templates when given: how a session counts its judge's calls and gives it the session's prompts.
     */
    LlmJudge within(ProgressListener listener, Optional<PromptRepository> templates) {
        Builder b = builder(llm.newBuilder().progressListener(listener).build());
        b.prompts = templates.map(t -> t.orElse(CategoryEnhancer.bundledPrompts())).orElse(prompts);
        return b.build();
    }

    /** Options of an {@link LlmJudge}; every one has a default. */
    public static final class Builder {
        private final LlmClient llm;
        private PromptRepository prompts =
                PromptRepository.defaultRepository().orElse(CategoryEnhancer.bundledPrompts());

        private Builder(LlmClient llm) {
            this.llm = llm;
        }

        /**
         * Where the templates come from (default: {@link PromptRepository#defaultRepository()}, then this jar's
         * {@code prompts/}). Templates the repository lacks fall back to this jar's.
         */
        public Builder prompts(PromptRepository prompts) {
            this.prompts = Objects.requireNonNull(prompts, "prompts").orElse(CategoryEnhancer.bundledPrompts());
            return this;
        }

        /** Builds the judge. */
        public LlmJudge build() {
            return new LlmJudge(this);
        }
    }
}
