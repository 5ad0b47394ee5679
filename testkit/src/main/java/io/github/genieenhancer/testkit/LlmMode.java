package io.github.genieenhancer.testkit;

/**
 * How the workspace's scripted LLM answers. It is a rule-based stand-in, not a model: see docs/testkit.md.
 */
public enum LlmMode {
    /** Proposals derived by rules from the failing questions quoted in the prompt (the default). */
    RULES,
    /** A reply that is not valid JSON (truncated mid-object, wrapped in prose). */
    INVALID_JSON,
    /** Well-formed proposals whose SQL writes or drops data. */
    UNSAFE_SQL,
    /** Well-formed proposals that name tables and columns that do not exist. */
    UNKNOWN_COLUMNS
}
