package io.github.genieenhancer.llm;

/** How the client asks the model for JSON that follows the schema. */
public enum StructuredOutputMode {
    /**
     * Send the schema as {@code response_format: {type: json_schema, json_schema: {name, schema, strict: true}}}:
     * the endpoint constrains decoding to the schema. Supported by Databricks Foundation Model APIs and OpenAI.
     */
    NATIVE,
    /**
     * Put the schema into the system message (template {@code llm_json_schema}) and send no
     * {@code response_format}, for endpoints that reject it. The answer is validated the same way.
     */
    PROMPT,
    /**
     * {@link #NATIVE} first; when the endpoint rejects the request with HTTP 400 or 422 naming
     * {@code response_format}, {@code json_schema} or structured output, the call is repeated in {@link #PROMPT}
     * mode and the client stays in that mode. The default.
     */
    AUTO
}
