package io.github.genieenhancer.genie.internal;

import com.databricks.sdk.service.sql.ServiceError;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import com.databricks.sdk.service.sql.StatementStatus;
import io.github.genieenhancer.genie.ErrorGroup;
import java.util.Optional;
import java.util.Set;

/** Reads why a statement did not succeed, and groups Statement Execution {@code ServiceErrorCode}s as Genie's. */
public final class StatementErrors {
    private static final Set<String> TRANSIENT = Set.of("ABORTED", "CANCELLED", "DEADLINE_EXCEEDED",
            "INTERNAL_ERROR", "IO_ERROR", "RESOURCE_EXHAUSTED", "SERVICE_UNDER_MAINTENANCE",
            "TEMPORARILY_UNAVAILABLE", "WORKSPACE_TEMPORARILY_UNAVAILABLE");
    private static final Set<String> ACCESS = Set.of("UNAUTHENTICATED", "PERMISSION_DENIED");

    /**
     * What a statement that did not succeed reported.
     *
     * @param state     how it ended ({@code FAILED}, {@code CANCELED}, {@code CLOSED}, ...), {@code UNKNOWN} when
     *                  the response has no status
     * @param errorCode the server's {@code ServiceErrorCode}, when it sent one
     * @param message   the server's error message, when it sent one
     * @param sqlState  the SQLSTATE of a SQL error
     * @param group     what kind of failure it is
     */
    public record Failure(String state, Optional<String> errorCode, Optional<String> message,
                          Optional<String> sqlState, ErrorGroup group) {
    }

    private StatementErrors() {
    }

    /** The group of a statement error code; SQL errors ({@code BAD_REQUEST}, unknown codes) are configuration. */
    public static ErrorGroup group(String errorCode) {
        if (TRANSIENT.contains(errorCode)) {
            return ErrorGroup.RETRYABLE;
        }
        if (ACCESS.contains(errorCode)) {
            return ErrorGroup.INFRASTRUCTURE;
        }
        return ErrorGroup.CONFIGURATION;
    }

    /**
     * Why a statement did not succeed. Without an error code, a FAILED statement counts as a configuration failure
     * (its SQL) and any other end (cancelled, closed, no status) as a retryable one.
     */
    public static Failure of(StatementResponse response) {
        StatementStatus status = response == null ? null : response.getStatus();
        StatementState state = status == null ? null : status.getState();
        ServiceError error = status == null ? null : status.getError();
        Optional<String> code = Optional.ofNullable(error).map(ServiceError::getErrorCode).map(Enum::name);
        ErrorGroup group = code.map(StatementErrors::group)
                .orElse(state == StatementState.FAILED ? ErrorGroup.CONFIGURATION : ErrorGroup.RETRYABLE);
        return new Failure(state == null ? "UNKNOWN" : state.name(), code,
                Optional.ofNullable(error).map(ServiceError::getMessage),
                Optional.ofNullable(status).map(StatementStatus::getSqlState), group);
    }
}
