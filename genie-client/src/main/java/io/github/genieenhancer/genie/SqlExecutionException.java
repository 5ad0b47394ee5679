package io.github.genieenhancer.genie;

import io.github.genieenhancer.core.GenieEnhancerException;
import java.util.Optional;

/**
 * A SQL statement reached the warehouse but did not succeed: it failed (a SQL error, a missing table), was
 * cancelled, or ran past its deadline (state {@code TIMED_OUT}; the statement was then cancelled).
 */
public class SqlExecutionException extends GenieEnhancerException {
    private static final long serialVersionUID = 1L;

    private final String statementId;
    private final String state;
    private final String errorCode;
    private final String sqlState;
    private final ErrorGroup group;

    /**
     * Creates an exception.
     *
     * @param message     what happened, with the server's error message
     * @param statementId the statement's id, or {@code null} if it never got one
     * @param state       {@code FAILED}, {@code CANCELED}, {@code CLOSED} or {@code TIMED_OUT}
     * @param errorCode   the server's {@code ServiceErrorCode}, or {@code null}
     * @param sqlState    the SQLSTATE, or {@code null}
     * @param group       what kind of failure it is
     */
    public SqlExecutionException(String message, String statementId, String state, String errorCode, String sqlState,
            ErrorGroup group) {
        super(message);
        this.statementId = statementId;
        this.state = state;
        this.errorCode = errorCode;
        this.sqlState = sqlState;
        this.group = group;
    }

    /** The statement's id. */
    public Optional<String> statementId() {
        return Optional.ofNullable(statementId);
    }

    /** How the statement ended: {@code FAILED}, {@code CANCELED}, {@code CLOSED} or {@code TIMED_OUT}. */
    public String state() {
        return state;
    }

    /** The server's error code, e.g. {@code BAD_REQUEST} for a SQL error. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** The SQLSTATE of a SQL error, e.g. {@code 42703}. */
    public Optional<String> sqlState() {
        return Optional.ofNullable(sqlState);
    }

    /**
     * What kind of failure it is: RETRYABLE (timeouts, an overloaded warehouse), INFRASTRUCTURE (access) or
     * CONFIGURATION (the SQL itself is wrong).
     */
    public ErrorGroup group() {
        return group;
    }

    @Override
    public boolean isRetriable() {
        return group == ErrorGroup.RETRYABLE;
    }
}
