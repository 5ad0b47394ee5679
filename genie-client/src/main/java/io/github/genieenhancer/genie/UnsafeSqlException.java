package io.github.genieenhancer.genie;

import io.github.genieenhancer.core.GenieEnhancerException;

/** SQL that is not a single read-only query was refused before it reached a warehouse. */
public class UnsafeSqlException extends GenieEnhancerException {
    private static final long serialVersionUID = 1L;

    private final String statementKind;

    /** Creates an exception for a refused statement. */
    public UnsafeSqlException(String statementKind, String message) {
        super(message);
        this.statementKind = statementKind;
    }

    /** What the refused SQL is, e.g. {@code INSERT}, {@code DROP}, {@code MULTIPLE STATEMENTS}. */
    public String statementKind() {
        return statementKind;
    }
}
