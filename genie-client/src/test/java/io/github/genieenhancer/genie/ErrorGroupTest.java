package io.github.genieenhancer.genie;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.dashboards.MessageErrorType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorGroupTest {

    @Test
    void everyErrorTypeOfTheSdkIsMappedExplicitly() {
        assertThat(Arrays.stream(MessageErrorType.values()).map(Enum::name))
                .allSatisfy(type -> assertThat(ErrorGroup.isKnownType(type)).as(type).isTrue());
    }

    @ParameterizedTest
    @CsvSource({
        "RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION, RETRYABLE",
        "REPLY_PROCESS_TIMEOUT_EXCEPTION, RETRYABLE",
        "CHAT_COMPLETION_NETWORK_EXCEPTION, RETRYABLE",
        "WAREHOUSE_ACCESS_MISSING_EXCEPTION, INFRASTRUCTURE",
        "COULD_NOT_GET_UC_SCHEMA_EXCEPTION, INFRASTRUCTURE",
        "NO_DEPLOYMENTS_AVAILABLE_TO_WORKSPACE, INFRASTRUCTURE",
        "INVALID_SQL_UNKNOWN_TABLE_EXCEPTION, CONFIGURATION",
        "SQL_EXECUTION_EXCEPTION, CONFIGURATION",
        "CONTEXT_EXCEEDED_EXCEPTION, CONFIGURATION",
        "TABLES_MISSING_EXCEPTION, CONFIGURATION",
        "sql_execution_exception, CONFIGURATION",
    })
    void knownTypesFollowTheReferenceGrouping(String type, ErrorGroup group) {
        assertThat(ErrorGroup.of(type)).isEqualTo(group);
    }

    @ParameterizedTest
    @CsvSource({
        "DELEGATION_NOT_FOUND_EXCEPTION, INFRASTRUCTURE",
        "NEW_RATE_LIMIT_EXCEPTION, RETRYABLE",
        "SOME_FUTURE_TIMEOUT, RETRYABLE",
        "SERVERLESS_WAREHOUSE_MISSING, INFRASTRUCTURE",
        "SOMETHING_ELSE_ENTIRELY, CONFIGURATION",
        "UNKNOWN, CONFIGURATION",
    })
    void unknownTypesAreToleratedAndGroupedByTheirWords(String type, ErrorGroup group) {
        assertThat(ErrorGroup.isKnownType(type)).isFalse();
        assertThat(ErrorGroup.of(type)).isEqualTo(group);
    }
}
