package io.github.genieenhancer.genie;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What kind of failure a Genie answer had, following the grouping of {@code MessageErrorType} values in the
 * reference (genie-api.md §1.7). Scoring uses it to decide what counts against a space's accuracy.
 */
public enum ErrorGroup {
    /**
     * Transient: rate limits, LLM timeouts, network trouble. Asking again later may succeed, so {@link GenieClient}
     * asks such a question again (its re-ask policy); one still failing after that is excluded from the accuracy,
     * like an infrastructure failure.
     */
    RETRYABLE,
    /**
     * Infrastructure or permissions: the warehouse, model deployments, catalog access, a refused request. Nothing
     * the space configuration can fix, so scoring excludes these questions from the accuracy denominator.
     */
    INFRASTRUCTURE,
    /**
     * Genie failed in a way that counts against the space: the configuration influences it (invalid SQL, missing
     * tables, a context too large), the enhancer's signal; or Genie did not answer within the question's deadline
     * ({@code TIMED_OUT}) or cancelled the message ({@code CANCELLED}). Also the group of types this version does
     * not know, so an unknown failure still counts as a failure instead of silently leaving the denominator.
     */
    CONFIGURATION;

    private static final Set<String> RETRYABLE_TYPES = Set.of(
            "BLOCK_MULTIPLE_EXECUTIONS_EXCEPTION",
            "CHAT_COMPLETION_CLIENT_EXCEPTION",
            "CHAT_COMPLETION_CLIENT_TIMEOUT_EXCEPTION",
            "CHAT_COMPLETION_NETWORK_EXCEPTION",
            "DESCRIBE_QUERY_TIMEOUT",
            "GENERIC_CHAT_COMPLETION_EXCEPTION",
            "GENERIC_CHAT_COMPLETION_SERVICE_EXCEPTION",
            "INTERNAL_CATALOG_ASSET_CREATION_ONGOING_EXCEPTION",
            "INVALID_CHAT_COMPLETION_JSON_EXCEPTION",
            "MESSAGE_CANCELLED_WHILE_EXECUTING_EXCEPTION",
            "MESSAGE_DELETED_WHILE_EXECUTING_EXCEPTION",
            "MESSAGE_UPDATED_WHILE_EXECUTING_EXCEPTION",
            "RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION",
            "RATE_LIMIT_EXCEEDED_SPECIFIED_WAIT_EXCEPTION",
            "REPLY_PROCESS_TIMEOUT_EXCEPTION",
            "RETRYABLE_PROCESSING_EXCEPTION",
            "STOP_PROCESS_DUE_TO_AUTO_REGENERATE",
            "UNEXPECTED_REPLY_PROCESS_EXCEPTION");

    private static final Set<String> INFRASTRUCTURE_TYPES = Set.of(
            // A platform policy blocked the question: nothing in the space can change that.
            "CONTENT_FILTER_EXCEPTION",
            "COULD_NOT_GET_DASHBOARD_SCHEMA_EXCEPTION",
            "COULD_NOT_GET_MODEL_DEPLOYMENTS_EXCEPTION",
            "COULD_NOT_GET_UC_SCHEMA_EXCEPTION",
            "DEPLOYMENT_NOT_FOUND_EXCEPTION",
            "FUNCTIONS_NOT_AVAILABLE_EXCEPTION",
            "GENERIC_SQL_EXEC_API_CALL_EXCEPTION",
            "INTERNAL_CATALOG_ASSET_CREATION_FAILED_EXCEPTION",
            "INTERNAL_CATALOG_ASSET_CREATION_UNSUPPORTED_EXCEPTION",
            "INTERNAL_CATALOG_MISSING_UC_PATH_EXCEPTION",
            "INTERNAL_CATALOG_PATH_OVERLAP_EXCEPTION",
            "NO_DEPLOYMENTS_AVAILABLE_TO_WORKSPACE",
            "UNKNOWN_AI_MODEL",
            "UNSUPPORTED_CONVERSATION_TYPE_EXCEPTION",
            "WAREHOUSE_ACCESS_MISSING_EXCEPTION",
            "WAREHOUSE_NOT_FOUND_EXCEPTION");

    private static final Set<String> CONFIGURATION_TYPES = Set.of(
            "CONTEXT_EXCEEDED_EXCEPTION",
            "DESCRIBE_QUERY_INVALID_SQL_ERROR",
            "DESCRIBE_QUERY_UNEXPECTED_FAILURE",
            "EXCEEDED_MAX_TOKEN_LENGTH_EXCEPTION",
            "FUNCTION_ARGUMENTS_INVALID_EXCEPTION",
            "FUNCTION_ARGUMENTS_INVALID_JSON_EXCEPTION",
            "FUNCTION_ARGUMENTS_INVALID_TYPE_EXCEPTION",
            "FUNCTION_CALL_MISSING_PARAMETER_EXCEPTION",
            "GENERATED_SQL_QUERY_TOO_LONG_EXCEPTION",
            "ILLEGAL_PARAMETER_DEFINITION_EXCEPTION",
            "INVALID_CERTIFIED_ANSWER_FUNCTION_EXCEPTION",
            "INVALID_CERTIFIED_ANSWER_IDENTIFIER_EXCEPTION",
            "INVALID_COMPLETION_REQUEST_EXCEPTION",
            "INVALID_FUNCTION_CALL_EXCEPTION",
            "INVALID_SQL_MULTIPLE_DATASET_REFERENCES_EXCEPTION",
            "INVALID_SQL_MULTIPLE_STATEMENTS_EXCEPTION",
            "INVALID_SQL_UNKNOWN_TABLE_EXCEPTION",
            "INVALID_TABLE_IDENTIFIER_EXCEPTION",
            "LOCAL_CONTEXT_EXCEEDED_EXCEPTION",
            "MESSAGE_ATTACHMENT_TOO_LONG_ERROR",
            "MISSING_SQL_QUERY_EXCEPTION",
            "NO_QUERY_TO_VISUALIZE_EXCEPTION",
            "NO_TABLES_TO_QUERY_EXCEPTION",
            "SQL_EXECUTION_EXCEPTION",
            "TABLES_MISSING_EXCEPTION",
            "TOO_MANY_CERTIFIED_ANSWERS_EXCEPTION",
            "TOO_MANY_TABLES_EXCEPTION");

    // Words that, in a type name this version has never seen, say which group it belongs to. Checked in order.
    private static final Map<String, ErrorGroup> UNKNOWN_TYPE_HINTS = orderedHints();

    private static Map<String, ErrorGroup> orderedHints() {
        Map<String, ErrorGroup> hints = new LinkedHashMap<>();
        hints.put("RATE_LIMIT", RETRYABLE);
        hints.put("RETRYABLE", RETRYABLE);
        hints.put("TIMEOUT", RETRYABLE);
        hints.put("NETWORK", RETRYABLE);
        hints.put("WAREHOUSE", INFRASTRUCTURE);
        hints.put("PERMISSION", INFRASTRUCTURE);
        hints.put("ACCESS", INFRASTRUCTURE);
        hints.put("DEPLOYMENT", INFRASTRUCTURE);
        hints.put("DELEGATION", INFRASTRUCTURE);
        return Collections.unmodifiableMap(hints);
    }

    /**
     * The group of a Genie {@code MessageErrorType} name. Every value of SDK 0.141.0 is mapped explicitly; an
     * unknown name is grouped by the words it contains (rate limit, timeout, warehouse, permission, ...) and
     * otherwise counts as {@link #CONFIGURATION}.
     *
     * @param messageErrorType the {@code error.type} of a FAILED message, e.g. {@code WAREHOUSE_NOT_FOUND_EXCEPTION}
     */
    public static ErrorGroup of(String messageErrorType) {
        String type = messageErrorType.trim().toUpperCase(Locale.ROOT);
        if (RETRYABLE_TYPES.contains(type)) {
            return RETRYABLE;
        }
        if (INFRASTRUCTURE_TYPES.contains(type)) {
            return INFRASTRUCTURE;
        }
        if (CONFIGURATION_TYPES.contains(type)) {
            return CONFIGURATION;
        }
        for (Map.Entry<String, ErrorGroup> hint : UNKNOWN_TYPE_HINTS.entrySet()) {
            if (type.contains(hint.getKey())) {
                return hint.getValue();
            }
        }
        return CONFIGURATION;
    }

    /** Whether a type name is one this version maps explicitly (all values of SDK 0.141.0). */
    static boolean isKnownType(String messageErrorType) {
        return RETRYABLE_TYPES.contains(messageErrorType) || INFRASTRUCTURE_TYPES.contains(messageErrorType)
                || CONFIGURATION_TYPES.contains(messageErrorType);
    }
}
