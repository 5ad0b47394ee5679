package io.github.genieenhancer.llm;

import io.github.genieenhancer.llm.internal.Tokenizers;

/**
 * Counts the tokens of a text, to size prompts before sending them.
 *
 * <p>The built-in estimators are real BPE tokenizers (jtokkit): {@link #o200k()} is the exact encoding of
 * OpenAI's GPT-4o family and {@link #cl100k()} the one of GPT-4 and GPT-3.5. Other models (Claude, Llama, Gemini)
 * have their own vocabularies, which split English prose and SQL into a similar but not equal number of tokens,
 * so for them the count is an approximation: keep a margin in the budget. A lambda works too, e.g.
 * {@code text -> text.length() / 4}.
 */
@FunctionalInterface
public interface TokenEstimator {

    /** The (estimated) number of tokens in the text. */
    int count(String text);

    /** OpenAI's {@code o200k_base} encoding (GPT-4o, o1, o3); the default. Loads its vocabulary on first use. */
    static TokenEstimator o200k() {
        return Tokenizers::o200k;
    }

    /** OpenAI's {@code cl100k_base} encoding (GPT-4, GPT-3.5). Loads its vocabulary on first use. */
    static TokenEstimator cl100k() {
        return Tokenizers::cl100k;
    }
}
