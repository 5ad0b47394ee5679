package io.github.genieenhancer.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TokenBudgetTest {

    @Test
    void should_count_tokens_with_real_bpe_encodings() {
        assertThat(TokenEstimator.o200k().count("Hello, world!")).isEqualTo(4);
        assertThat(TokenEstimator.cl100k().count("Hello, world!")).isEqualTo(4);
        assertThat(TokenEstimator.o200k().count("")).isZero();
        // Special-token markers are counted as text, never rejected.
        assertThat(TokenEstimator.o200k().count("<|endoftext|>")).isGreaterThan(1);
        String sql = "SELECT c.region, SUM(o.amount) AS revenue FROM main.shop.orders o "
                + "JOIN main.shop.customers c ON o.customer_id = c.id GROUP BY c.region ORDER BY revenue DESC";
        assertThat(TokenEstimator.o200k().count(sql)).isBetween(30, 50);
    }

    @Test
    void should_split_items_in_order_into_batches_that_fit() {
        List<String> items = IntStream.range(0, 40)
                .mapToObj(i -> "Question " + i + ": what was the revenue of region " + i + " in 2024?")
                .toList();
        TokenEstimator estimator = TokenEstimator.o200k();
        TokenBudget budget = TokenBudget.of(200);

        List<List<String>> batches = budget.split(items, Function.identity());

        assertThat(batches).hasSizeGreaterThan(1);
        List<String> flattened = new ArrayList<>();
        batches.forEach(flattened::addAll);
        assertThat(flattened).containsExactlyElementsOf(items);
        for (List<String> batch : batches) {
            int tokens = batch.stream().mapToInt(item -> estimator.count(item) + 1).sum();
            assertThat(tokens).isLessThanOrEqualTo(200);
        }
        // Greedy: a batch is only closed when the next item would not fit.
        for (int i = 0; i < batches.size() - 1; i++) {
            int used = batches.get(i).stream().mapToInt(item -> estimator.count(item) + 1).sum();
            String next = batches.get(i + 1).get(0);
            assertThat(used + estimator.count(next) + 1).isGreaterThan(200);
        }
    }

    @Test
    void should_leave_room_for_reserved_prompt_parts() {
        TokenBudget budget = TokenBudget.of(100).withEstimator(String::length).reserve("x".repeat(30)).reserve(10);

        assertThat(budget.remaining()).isEqualTo(60);
        assertThat(budget.fits("y".repeat(60))).isTrue();
        assertThat(budget.fits("y".repeat(61))).isFalse();
        assertThat(budget.split(List.of("a".repeat(29), "b".repeat(29), "c".repeat(29)), Function.identity()))
                .extracting(List::size).containsExactly(2, 1);
    }

    @Test
    void should_give_an_oversized_item_a_batch_of_its_own() {
        TokenBudget budget = TokenBudget.of(10).withEstimator(String::length);

        assertThat(budget.split(List.of("aaa", "b".repeat(50), "ccc"), Function.identity()))
                .containsExactly(List.of("aaa"), List.of("b".repeat(50)), List.of("ccc"));
        assertThat(budget.split(List.<String>of(), Function.identity())).isEmpty();
    }

    @Test
    void should_refuse_a_budget_with_nothing_left() {
        assertThatThrownBy(() -> TokenBudget.of(0)).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> TokenBudget.of(10).reserve(-1)).isInstanceOf(ConfigurationException.class);
        TokenBudget full = TokenBudget.of(10).withEstimator(String::length).reserve("0123456789");
        assertThatThrownBy(() -> full.split(List.of("a"), Function.identity()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("use 10 of 10 tokens");
    }
}
