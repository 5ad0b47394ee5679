package io.github.genieenhancer.genie;

import io.github.genieenhancer.genie.internal.SqlLexer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.statement.DescribeStatement;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.ShowColumnsStatement;
import net.sf.jsqlparser.statement.ShowStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.UnsupportedStatement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.show.ShowIndexStatement;
import net.sf.jsqlparser.statement.show.ShowTablesStatement;

/**
 * Decides whether SQL is a single read-only query (SELECT, WITH, VALUES, TABLE, SHOW, DESCRIBE, EXPLAIN) before it
 * is run on a warehouse. Used by {@link SqlExecutor} and by anything that runs SQL an LLM or a user wrote.
 *
 * <p>The SQL is parsed with JSqlParser; data-changing statements (INSERT, UPDATE, DELETE, MERGE, DDL, GRANT, SET,
 * ...), {@code SELECT ... INTO} and data-changing {@code WITH} items are refused, as is more than one statement.
 * JSqlParser does not read all of Databricks SQL (e.g. {@code DESCRIBE TABLE x}, {@code SHOW TABLES IN c.s},
 * {@code TIMESTAMP AS OF}, {@code TABLESAMPLE}, {@code CLUSTER BY}); such text falls back to a token-level check
 * that ignores comments, strings and quoted identifiers: a single statement must start with a query keyword and,
 * unless it is SHOW or DESCRIBE, contain none of INSERT, UPDATE, DELETE, MERGE, CREATE, DROP, ALTER, TRUNCATE,
 * GRANT, REVOKE, COPY, OPTIMIZE, VACUUM, RESTORE, REFRESH, CACHE, UNCACHE, MSCK, REPAIR, CALL, EXECUTE, OVERWRITE,
 * LOAD as a bare word. A column so named must then be backtick-quoted. Stateless and thread-safe.
 */
public final class ReadOnlySqlGuard {
    private static final Set<String> QUERY_STARTS = Set.of("SELECT", "WITH", "VALUES", "TABLE", "FROM", "SHOW",
            "DESCRIBE", "DESC", "EXPLAIN");
    private static final Set<String> ALWAYS_READ_ONLY_STARTS = Set.of("SHOW", "DESCRIBE", "DESC");
    private static final Set<String> WRITE_WORDS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "DROP",
            "ALTER", "TRUNCATE", "GRANT", "REVOKE", "COPY", "OPTIMIZE", "VACUUM", "RESTORE", "REFRESH", "CACHE",
            "UNCACHE", "MSCK", "REPAIR", "CALL", "EXECUTE", "OVERWRITE", "LOAD");
    /** Deeper parenthesis nesting goes to the token check: the recursive-descent parser could exhaust the stack. */
    private static final int MAX_PARSER_NESTING = 100;

    private ReadOnlySqlGuard() {
    }

    /** Checks SQL text without throwing. */
    public static SqlCheck check(String sql) {
        if (sql == null || sql.isBlank()) {
            return refused("EMPTY", "the SQL text is empty", SqlCheck.Basis.TOKENS);
        }
        List<SqlLexer.Statement> statements;
        try {
            statements = SqlLexer.statements(sql);
        } catch (IllegalArgumentException e) {
            return refused("UNREADABLE", "the SQL text cannot be read: " + e.getMessage(), SqlCheck.Basis.TOKENS);
        }
        if (statements.isEmpty()) {
            return refused("EMPTY", "the SQL text holds only comments", SqlCheck.Basis.TOKENS);
        }
        if (statements.size() > 1) {
            return refused("MULTIPLE STATEMENTS", statements.size() + " statements were given; only a single query"
                    + " may run", SqlCheck.Basis.TOKENS);
        }
        SqlLexer.Statement statement = statements.get(0);
        String text = sql.substring(statement.start(), statement.end());
        Optional<Statement> parsed = parse(text);
        if (parsed.isPresent() && !(parsed.get() instanceof UnsupportedStatement)) {
            return checkTree(parsed.get(), firstWord(statement.tokens()));
        }
        return checkTokens(statement.tokens());
    }

    /**
     * Throws unless the SQL is a single read-only query.
     *
     * @throws UnsafeSqlException naming the kind of statement and why it was refused
     */
    public static void requireReadOnly(String sql) {
        SqlCheck check = check(sql);
        if (!check.readOnly()) {
            throw new UnsafeSqlException(check.statementKind(), "Refused to run SQL (" + check.statementKind()
                    + "): " + check.reason().orElse("") + ". Only a single SELECT, WITH, VALUES, TABLE, SHOW,"
                    + " DESCRIBE or EXPLAIN query may run.");
        }
    }

    private static Optional<Statement> parse(String statement) {
        if (CCJSqlParserUtil.getNestingDepth(statement) > MAX_PARSER_NESTING) {
            return Optional.empty();
        }
        // CCJSqlParserUtil.parse runs the parser on a thread of its own; parse on the caller's thread instead:
        // simple mode first, complex mode only where it can finish (as CCJSqlParserUtil itself does).
        Optional<Statement> simple = parseWith(statement, false);
        if (simple.isPresent() || CCJSqlParserUtil.getNestingDepth(statement)
                > CCJSqlParserUtil.ALLOWED_NESTING_DEPTH) {
            return simple;
        }
        return parseWith(statement, true);
    }

    private static Optional<Statement> parseWith(String statement, boolean complex) {
        try {
            CCJSqlParser parser = CCJSqlParserUtil.newParser(statement).withAllowComplexParsing(complex);
            Statements parsed = parser.Statements();
            return parsed.size() == 1 ? Optional.of(parsed.get(0)) : Optional.empty();
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static SqlCheck checkTree(Statement statement, String firstWord) {
        if (statement instanceof Select select) {
            return selectRefusal(select)
                    .map(reason -> refused(kindOf(statement, reason), reason, SqlCheck.Basis.PARSER))
                    .orElseGet(() -> allowed(firstWord, SqlCheck.Basis.PARSER));
        }
        if (statement instanceof ExplainStatement explain) {
            if (explain.getStatement() != null) {
                Optional<String> refusal = selectRefusal(explain.getStatement());
                if (refusal.isPresent()) {
                    return refused("EXPLAIN", refusal.get(), SqlCheck.Basis.PARSER);
                }
            }
            return allowed(firstWord, SqlCheck.Basis.PARSER);
        }
        if (statement instanceof ShowStatement || statement instanceof ShowTablesStatement
                || statement instanceof ShowColumnsStatement || statement instanceof ShowIndexStatement
                || statement instanceof DescribeStatement) {
            return allowed(firstWord, SqlCheck.Basis.PARSER);
        }
        String kind = kindOf(statement, null);
        return refused(kind, "a " + kind + " statement changes data, schema, permissions or session state",
                SqlCheck.Basis.PARSER);
    }

    /** Why a parsed query is not read-only after all, if it is not. */
    private static Optional<String> selectRefusal(Select select) {
        if (select.getWithItemsList() != null) {
            for (WithItem<?> item : select.getWithItemsList()) {
                if (!(item.getParenthesedStatement() instanceof ParenthesedSelect nested)) {
                    return Optional.of("the WITH item " + item.getAliasName() + " changes data");
                }
                Optional<String> inner = selectRefusal(nested.getSelect());
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        if (select instanceof PlainSelect plain && plain.getIntoTables() != null
                && !plain.getIntoTables().isEmpty()) {
            return Optional.of("SELECT ... INTO creates a table");
        }
        if (select instanceof SetOperationList setOperations) {
            for (Select part : setOperations.getSelects()) {
                Optional<String> inner = selectRefusal(part);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        if (select instanceof ParenthesedSelect parenthesed && parenthesed.getSelect() != null) {
            return selectRefusal(parenthesed.getSelect());
        }
        return Optional.empty();
    }

    private static SqlCheck checkTokens(List<SqlLexer.Token> tokens) {
        String first = firstWord(tokens);
        if (!QUERY_STARTS.contains(first)) {
            return refused(first.isEmpty() ? "UNREADABLE" : first, "a statement starting with "
                    + (first.isEmpty() ? "no keyword" : first) + " is not a query", SqlCheck.Basis.TOKENS);
        }
        if (!ALWAYS_READ_ONLY_STARTS.contains(first)) {
            for (SqlLexer.Token token : tokens) {
                String word = token.text().toUpperCase(Locale.ROOT);
                if (token.kind() == SqlLexer.Kind.WORD && WRITE_WORDS.contains(word)) {
                    return refused(word, "the SQL parser could not read this statement and it contains the keyword "
                            + word + " outside quotes (quote a column so named with backticks)",
                            SqlCheck.Basis.TOKENS);
                }
            }
        }
        return allowed(first, SqlCheck.Basis.TOKENS);
    }

    private static String firstWord(List<SqlLexer.Token> tokens) {
        for (SqlLexer.Token token : tokens) {
            if (token.kind() == SqlLexer.Kind.WORD) {
                return token.text().toUpperCase(Locale.ROOT);
            }
            if (!(token.kind() == SqlLexer.Kind.SYMBOL && token.text().equals("("))) {
                return "";
            }
        }
        return "";
    }

    /** {@code CreateTable} → {@code CREATE TABLE}, {@code SetStatement} → {@code SET}. */
    private static String kindOf(Statement statement, String selectRefusal) {
        if (selectRefusal != null) {
            return selectRefusal.startsWith("SELECT ... INTO") ? "SELECT INTO" : "WITH";
        }
        String name = statement.getClass().getSimpleName().replaceAll("Statement$", "");
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
    }

    private static SqlCheck allowed(String kind, SqlCheck.Basis basis) {
        return new SqlCheck(true, kind, Optional.empty(), basis);
    }

    private static SqlCheck refused(String kind, String reason, SqlCheck.Basis basis) {
        return new SqlCheck(false, kind, Optional.of(reason), basis);
    }
}
