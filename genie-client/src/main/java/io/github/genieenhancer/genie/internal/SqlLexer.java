package io.github.genieenhancer.genie.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into tokens and top-level statements the way Databricks SQL reads it: {@code 'strings'} and
 * {@code "strings"} with backslash escapes (raw {@code r'...'} without), {@code `quoted identifiers`} with
 * doubled backticks, {@code --} line comments and nestable {@code /* *}{@code /} comments. Statements end at
 * semicolons outside all of those. Used where a full SQL parser cannot read the dialect.
 */
public final class SqlLexer {

    /** What a token is. */
    public enum Kind {
        /** An unquoted identifier or keyword. */
        WORD,
        /** A backtick-quoted identifier. */
        QUOTED_IDENTIFIER,
        /** A string literal. */
        STRING,
        /** A numeric literal, suffixes included ({@code 1L}, {@code 1.5e3}, {@code 3BD}). */
        NUMBER,
        /** Any other single character. */
        SYMBOL
    }

    /** One token and where it starts in the text. */
    public record Token(Kind kind, String text, int start) {
    }

    /** One statement: its tokens and its span in the text (trailing semicolon excluded). */
    public record Statement(List<Token> tokens, int start, int end) {
    }

    private final String sql;
    private int pos;

    private SqlLexer(String sql) {
        this.sql = sql;
    }

    /**
     * The non-empty statements of a text.
     *
     * @throws IllegalArgumentException when a string, quoted identifier or comment is not terminated
     */
    public static List<Statement> statements(String sql) {
        return new SqlLexer(sql).split();
    }

    private List<Statement> split() {
        List<Statement> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int statementStart = -1;
        while (true) {
            skipSpaceAndComments();
            if (pos >= sql.length()) {
                break;
            }
            Token token = next();
            if (token.kind() == Kind.SYMBOL && token.text().equals(";")) {
                if (!current.isEmpty()) {
                    statements.add(new Statement(List.copyOf(current), statementStart, token.start()));
                    current.clear();
                }
                continue;
            }
            if (current.isEmpty()) {
                statementStart = token.start();
            }
            current.add(token);
        }
        if (!current.isEmpty()) {
            Token last = current.get(current.size() - 1);
            statements.add(new Statement(List.copyOf(current), statementStart, last.start() + last.text().length()));
        }
        return statements;
    }

    private void skipSpaceAndComments() {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && peek(1) == '-') {
                int eol = sql.indexOf('\n', pos);
                pos = eol < 0 ? sql.length() : eol + 1;
            } else if (c == '/' && peek(1) == '*') {
                skipBlockComment();
            } else {
                return;
            }
        }
    }

    private void skipBlockComment() {
        int start = pos;
        int depth = 0;
        while (pos < sql.length()) {
            if (sql.charAt(pos) == '/' && peek(1) == '*') {
                depth++;
                pos += 2;
            } else if (sql.charAt(pos) == '*' && peek(1) == '/') {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                pos++;
            }
        }
        throw new IllegalArgumentException("unterminated /* comment starting at offset " + start);
    }

    private Token next() {
        int start = pos;
        char c = sql.charAt(pos);
        if (c == '\'' || c == '"') {
            boolean raw = start > 0 && (sql.charAt(start - 1) == 'r' || sql.charAt(start - 1) == 'R');
            return new Token(Kind.STRING, quoted(c, !raw, "string"), start);
        }
        if (c == '`') {
            return new Token(Kind.QUOTED_IDENTIFIER, backticked(), start);
        }
        if (Character.isLetter(c) || c == '_') {
            // A raw-string prefix belongs to the string that follows it.
            if ((c == 'r' || c == 'R') && (peek(1) == '\'' || peek(1) == '"')) {
                pos++;
                return next();
            }
            while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_')) {
                pos++;
            }
            return new Token(Kind.WORD, sql.substring(start, pos), start);
        }
        if (Character.isDigit(c)) {
            while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
                pos++;
            }
            return new Token(Kind.NUMBER, sql.substring(start, pos), start);
        }
        pos++;
        return new Token(Kind.SYMBOL, String.valueOf(c), start);
    }

    private String quoted(char quote, boolean backslashEscapes, String what) {
        int start = pos;
        pos++;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (backslashEscapes && c == '\\') {
                pos += 2;
            } else if (c == quote) {
                pos++;
                return sql.substring(start, pos);
            } else {
                pos++;
            }
        }
        throw new IllegalArgumentException("unterminated " + what + " starting at offset " + start);
    }

    private String backticked() {
        int start = pos;
        pos++;
        while (pos < sql.length()) {
            if (sql.charAt(pos) == '`') {
                if (peek(1) == '`') {
                    pos += 2;
                    continue;
                }
                pos++;
                return sql.substring(start, pos);
            }
            pos++;
        }
        throw new IllegalArgumentException("unterminated `identifier` starting at offset " + start);
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < sql.length() ? sql.charAt(i) : '\0';
    }
}
