package io.github.genieenhancer.enhancement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.LlmOutputException;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LlmJudgeTest {
    private static LocalWorkspace workspace;

    private final FakeLlm llm = new FakeLlm();

    @BeforeAll
    static void start() {
        workspace = LocalStack.start();
    }

    @AfterAll
    static void stop() {
        workspace.close();
    }

    @AfterEach
    void stopLlm() {
        llm.close();
    }

    private static QuestionResult result(Verdict verdict, ReasonCode reason, String genieSql) {
        return new QuestionResult("b1", "Revenue by region", "SELECT region, SUM(x) FROM t GROUP BY 1",
                Optional.ofNullable(genieSql), verdict, reason, "expected 4 columns, Genie returned 5", List.of(),
                null, null, Optional.empty(), Optional.empty());
    }

    private static final QuestionResult EXTRA_COLUMN = result(Verdict.INCORRECT, ReasonCode.RESULT_EXTRA_COLUMNS,
            "SELECT region_id, region, SUM(x) FROM t GROUP BY 1, 2");

    @Test
    void flagsANearMissWithTheModelsReasonAndSendsTheWholeFailure() {
        llm.answer(call -> "{\"nearMiss\": true, \"rationale\": \" The extra column is the region's id. \"}");

        Optional<String> review = LlmJudge.create(llm.client()).review(EXTRA_COLUMN);

        assertThat(review).contains("LLM judge: The extra column is the region's id.");
        FakeLlm.Call call = llm.calls().get(0);
        assertThat(call.schemaName()).isEqualTo("JudgeReview");
        assertThat(call.system()).contains("cannot make an answer correct");
        assertThat(call.user()).contains("Revenue by region", "SELECT region, SUM(x) FROM t GROUP BY 1",
                "SELECT region_id, region, SUM(x) FROM t GROUP BY 1, 2", "RESULT_EXTRA_COLUMNS",
                "expected 4 columns, Genie returned 5");
    }

    @Test
    void keepsTheAnswerIncorrectWhenTheModelSeesARealDifferenceOrGivesNoReason() {
        llm.answer(call -> "{\"nearMiss\": false, \"rationale\": \"Wrong grouping.\"}");
        assertThat(LlmJudge.create(llm.client()).review(EXTRA_COLUMN)).isEmpty();

        llm.answer(call -> "{\"nearMiss\": true, \"rationale\": \"  \"}");
        assertThat(LlmJudge.create(llm.client()).review(EXTRA_COLUMN)).isEmpty();
    }

    @Test
    void neverAsksAboutAnswersThatAreNotIncorrectSqlOrThatAreEmpty() {
        llm.answer(call -> "{\"nearMiss\": true, \"rationale\": \"close enough\"}");
        LlmJudge judge = LlmJudge.create(llm.client());

        assertThat(judge.review(result(Verdict.CORRECT, ReasonCode.RESULT_MATCH, "SELECT 1"))).isEmpty();
        assertThat(judge.review(result(Verdict.NO_SQL, ReasonCode.TEXT_ANSWER, null))).isEmpty();
        assertThat(judge.review(result(Verdict.ERROR, ReasonCode.GENIE_SQL_FAILED, "SELECT nope"))).isEmpty();
        assertThat(judge.review(result(Verdict.INCORRECT, ReasonCode.EMPTY_RESULT, "SELECT 1 WHERE false")))
                .isEmpty();
        assertThat(llm.calls()).isEmpty();
    }

    @Test
    void aModelThatGivesNoUsableAnswerThrows() {
        llm.answer(call -> "I think it is fine.");

        assertThatThrownBy(() -> LlmJudge.create(llm.client()).review(EXTRA_COLUMN))
                .isInstanceOf(LlmOutputException.class);
    }

    /**
     * Through the session's batch scorer on the local stack: every incorrect answer the judge flags becomes
     * NEEDS_REVIEW with the comparison's reason kept, and nothing else changes, the accuracy least of all.
     */
    @Test
    void inASessionFlaggedAnswersNeedReviewAndTheAccuracyIsUnchanged() {
        String space = LocalStack.sampleSpace(workspace, "Judge test");
        ScoreReport plain = LocalStack.session(workspace, StateStore.inMemory(), ProgressListener.none())
                .spaceId(space).llm(LocalStack.scriptedLlm(workspace)).build().score();
        llm.answer(call -> call.user().contains("Question: " + plain.failures().get(0).question())
                ? "{\"nearMiss\": false, \"rationale\": \"Different rows.\"}"
                : "{\"nearMiss\": true, \"rationale\": \"Only a convention differs.\"}");

        ScoreReport judged = LocalStack.session(workspace, StateStore.inMemory(), ProgressListener.none())
                .spaceId(space).llm(LocalStack.scriptedLlm(workspace)).judge(LlmJudge.create(llm.client()))
                .build().score();

        assertThat(judged.accuracy()).isEqualTo(plain.accuracy()).isEqualTo(15 / 38.0);
        List<QuestionResult> reviewable = plain.results().stream().filter(r -> r.verdict() == Verdict.INCORRECT
                && r.reason() != ReasonCode.EMPTY_RESULT).toList();
        assertThat(reviewable).hasSizeGreaterThan(1);
        assertThat(llm.calls()).hasSize(reviewable.size());
        for (QuestionResult before : plain.results()) {
            QuestionResult after = judged.result(before.benchmarkId()).orElseThrow();
            boolean flagged = reviewable.contains(before) && before != plain.failures().get(0);
            if (flagged) {
                assertThat(after.verdict()).isEqualTo(Verdict.NEEDS_REVIEW);
                assertThat(after.reason()).isEqualTo(ReasonCode.JUDGE_REVIEW);
                assertThat(after.explanation()).contains("LLM judge: Only a convention differs.");
                assertThat(after.notes()).anySatisfy(n -> assertThat(n).contains(before.reason().name()));
            } else {
                assertThat(after.verdict()).isEqualTo(before.verdict());
                assertThat(after.reason()).isEqualTo(before.reason());
            }
        }
    }
}
