package io.github.genieenhancer.testkit;

/** The groups of REST endpoints a fault can target. */
public enum Endpoint {
    /** {@code POST /api/2.0/genie/spaces/{id}/start-conversation}. */
    START_CONVERSATION,
    /** {@code POST .../conversations/{id}/messages} (a follow-up question). */
    CREATE_MESSAGE,
    /** Reading a space's conversations and messages: {@code GET .../messages/{id}} (polling), listing and deleting conversations. */
    GET_MESSAGE,
    /** A message's query result: {@code GET .../query-result} and {@code POST .../execute-query}. */
    QUERY_RESULT,
    /** The caller's identity: {@code GET /api/2.0/preview/scim/v2/Me}. */
    CURRENT_USER,
    /** Space management: list, get, create, update, trash. */
    SPACES,
    /** SQL statement execution: execute, get, result chunks, cancel. */
    STATEMENTS,
    /** The serving endpoint (both the native and the OpenAI-compatible path). */
    SERVING_ENDPOINT,
    /** Benchmark eval runs. */
    EVAL_RUNS,
    /** Every endpoint above (never the SDK's discovery probes). */
    ANY
}
