package io.github.genieenhancer.genie;

import java.util.Objects;
import java.util.Optional;

/**
 * The verdict of {@link ReadOnlySqlGuard#check(String)} on one SQL text.
 *
 * @param readOnly      whether the text is a single read-only query
 * @param statementKind what the text is, in SQL words: {@code SELECT}, {@code WITH}, {@code SHOW}, {@code INSERT},
 *                      {@code CREATE TABLE}, {@code MULTIPLE STATEMENTS}, {@code EMPTY}, {@code UNREADABLE}, ...
 * @param reason        why the text was refused; empty when it is read-only
 * @param basis         whether the SQL parser or the token-level fallback decided
 */
public record SqlCheck(boolean readOnly, String statementKind, Optional<String> reason, Basis basis) {

    /** What the verdict was based on. */
    public enum Basis {
        /** The statement was parsed into a syntax tree by JSqlParser. */
        PARSER,
        /**
         * JSqlParser could not read this Databricks SQL; the verdict comes from its tokens (comments, strings and
         * quoted identifiers excluded): a single statement starting with a query keyword and containing no
         * data-changing keyword.
         */
        TOKENS
    }

    /** Validates the components. */
    public SqlCheck {
        Objects.requireNonNull(statementKind, "statementKind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(basis, "basis");
    }
}
