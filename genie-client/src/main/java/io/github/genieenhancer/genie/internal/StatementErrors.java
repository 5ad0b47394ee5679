package io.github.genieenhancer.genie.internal;

import io.github.genieenhancer.genie.ErrorGroup;
import java.util.Set;

/** Groups Statement Execution {@code ServiceErrorCode}s the way Genie message errors are grouped. */
public final class StatementErrors {
    private static final Set<String> TRANSIENT = Set.of("ABORTED", "CANCELLED", "DEADLINE_EXCEEDED",
            "INTERNAL_ERROR", "IO_ERROR", "RESOURCE_EXHAUSTED", "SERVICE_UNDER_MAINTENANCE",
            "TEMPORARILY_UNAVAILABLE", "WORKSPACE_TEMPORARILY_UNAVAILABLE");
    private static final Set<String> ACCESS = Set.of("UNAUTHENTICATED", "PERMISSION_DENIED");

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
}
