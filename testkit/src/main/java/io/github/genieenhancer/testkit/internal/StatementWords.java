package io.github.genieenhancer.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of a SQL text outside comments, strings and quoted identifiers, per statement: just enough reading for
 * the warehouse to decide what a statement is, whatever comments precede it, as a real warehouse does. It reads the
 * text DuckDB runs (after {@link Warehouse#translate}) the way DuckDB does, so that what it finds is what runs:
 * {@code --} comments to the end of the line, nesting {@code /* *}{@code /} comments, {@code '...'} strings and
 * {@code "..."} identifiers (a doubled quote inside; a backslash escapes nothing), {@code $tag$...$tag$} strings.
 */
final class StatementWords {
    private static final Pattern DOLLAR_QUOTE = Pattern.compile("\\$(?:[A-Za-z_][A-Za-z0-9_]*)?\\$");
    private static final Set<String> QUERY_STARTS = Set.of("SELECT", "WITH", "VALUES", "SHOW", "DESCRIBE",
            "EXPLAIN");
    /** Words that change data, schema, settings or files; none has a place in a query. */
    private static final Set<String> WRITE_WORDS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "DROP",
            "ALTER", "TRUNCATE", "COPY", "ATTACH", "DETACH", "INSTALL", "LOAD", "PRAGMA", "CALL", "EXPORT", "IMPORT",
            "CHECKPOINT", "VACUUM", "GRANT", "REVOKE");

    private final List<List<String>> statements;

    private StatementWords(List<List<String>> statements) {
        this.statements = statements;
    }

    /** Reads a SQL text; an unterminated comment, string or identifier ends at the end of the text. */
    static StatementWords of(String sql) {
        List<List<String>> statements = new ArrayList<>();
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = afterBlockComment(sql, i);
            } else if (c == '\'' || c == '"' || c == '`') {
                int end = sql.indexOf(c, i + 1);
                i = end < 0 ? n : end + 1;
            } else if (c == '$' && dollarQuote(sql, i) != null) {
                String quote = dollarQuote(sql, i);
                int end = sql.indexOf(quote, i + quote.length());
                i = end < 0 ? n : end + quote.length();
            } else if (c == ';') {
                if (!words.isEmpty()) {
                    statements.add(words);
                    words = new ArrayList<>();
                }
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                        || sql.charAt(i) == '$')) {
                    i++;
                }
                words.add(sql.substring(start, i).toUpperCase(Locale.ROOT));
            } else {
                i++;
            }
        }
        if (!words.isEmpty()) {
            statements.add(words);
        }
        return new StatementWords(statements);
    }

    /** How many statements the text holds; empty ones (a trailing {@code ;}) do not count. */
    int statementCount() {
        return statements.size();
    }

    /** The first word of the first statement, upper-case; empty when there is none. */
    String firstWord() {
        return statements.isEmpty() ? "" : statements.get(0).get(0);
    }

    /** One statement that starts as a query does and has no word that writes, even in a subquery or an EXPLAIN. */
    boolean isReadOnlyQuery() {
        return statements.size() == 1 && QUERY_STARTS.contains(firstWord())
                && statements.get(0).stream().noneMatch(WRITE_WORDS::contains);
    }

    private static int afterBlockComment(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    /** The {@code $tag$} that opens a dollar-quoted string at {@code i}, or {@code null}. */
    private static String dollarQuote(String sql, int i) {
        Matcher m = DOLLAR_QUOTE.matcher(sql).region(i, sql.length());
        return m.lookingAt() ? m.group() : null;
    }
}
