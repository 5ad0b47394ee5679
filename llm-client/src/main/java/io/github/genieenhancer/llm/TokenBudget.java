package io.github.genieenhancer.llm;

import io.github.genieenhancer.core.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A prompt's token budget, and the batching of a list of items under it: when a category has more failing
 * questions than one prompt can hold, {@link #split} cuts them into prompts that each fit.
 *
 * <pre>{@code
 * TokenBudget budget = TokenBudget.of(24_000).reserve(templateText);
 * List<List<Failure>> batches = budget.split(failures, Failure::describe);
 * }</pre>
 *
 * <p>Immutable; {@link #reserve} and {@link #withEstimator} return new budgets.
 */
public final class TokenBudget {
    /** Tokens charged per item for the line break that separates items in a prompt. */
    private static final int SEPARATOR_TOKENS = 1;

    private final int limit;
    private final int reserved;
    private final TokenEstimator estimator;

    private TokenBudget(int limit, int reserved, TokenEstimator estimator) {
        this.limit = limit;
        this.reserved = reserved;
        this.estimator = estimator;
    }

    /**
     * A budget of this many prompt tokens, counted with {@link TokenEstimator#o200k()}.
     *
     * @throws ConfigurationException when the limit is not positive
     */
    public static TokenBudget of(int tokens) {
        if (tokens <= 0) {
            throw new ConfigurationException("token budget must be positive, got " + tokens);
        }
        return new TokenBudget(tokens, 0, TokenEstimator.o200k());
    }

    /** The same budget counted with another estimator. */
    public TokenBudget withEstimator(TokenEstimator estimator) {
        return new TokenBudget(limit, reserved, Objects.requireNonNull(estimator, "estimator"));
    }

    /** A budget with the tokens of a fixed prompt part (instructions, schema, template text) set aside. */
    public TokenBudget reserve(String fixedText) {
        return reserve(estimator.count(fixedText));
    }

    /** A budget with this many tokens set aside (e.g. for the answer, when it shares the context window). */
    public TokenBudget reserve(int tokens) {
        if (tokens < 0) {
            throw new ConfigurationException("reserved tokens must not be negative, got " + tokens);
        }
        return new TokenBudget(limit, reserved + tokens, estimator);
    }

    /** The tokens left for items: the limit less everything reserved; may be negative. */
    public int remaining() {
        return limit - reserved;
    }

    /** The estimated tokens of a text. */
    public int count(String text) {
        return estimator.count(text);
    }

    /** Whether a text fits in what remains. */
    public boolean fits(String text) {
        return count(text) <= remaining();
    }

    /**
     * Splits items, in order, into consecutive batches whose rendered texts fit in what remains. Items are never
     * reordered or dropped. An item too large for the budget on its own gets a batch of its own, so it is still
     * sent (and the endpoint decides); check {@link #fits} first to treat it differently.
     *
     * @param items  the items
     * @param render the text each item contributes to the prompt
     * @return the batches; empty for no items
     * @throws ConfigurationException when the reserved parts already use the whole budget
     */
    public <T> List<List<T>> split(List<T> items, Function<? super T, String> render) {
        Objects.requireNonNull(render, "render");
        if (remaining() <= 0) {
            throw new ConfigurationException("the fixed prompt parts use " + reserved + " of " + limit
                    + " tokens; nothing is left for items");
        }
        List<List<T>> batches = new ArrayList<>();
        List<T> current = new ArrayList<>();
        int used = 0;
        for (T item : items) {
            int cost = estimator.count(render.apply(item)) + SEPARATOR_TOKENS;
            if (!current.isEmpty() && used + cost > remaining()) {
                batches.add(List.copyOf(current));
                current.clear();
                used = 0;
            }
            current.add(item);
            used += cost;
        }
        if (!current.isEmpty()) {
            batches.add(List.copyOf(current));
        }
        return List.copyOf(batches);
    }

    @Override
    public String toString() {
        return "TokenBudget{limit=" + limit + ", reserved=" + reserved + "}";
    }
}
