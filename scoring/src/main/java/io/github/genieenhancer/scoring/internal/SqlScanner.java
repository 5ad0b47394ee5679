package io.github.genieenhancer.scoring.internal;

import io.github.genieenhancer.scoring.ResultOrder.SortKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A SQL tokenizer that knows strings, quoted identifiers, comments and parentheses, for the statements JSqlParser
 * cannot read: a top-level {@code ORDER BY} is one outside every parenthesis (so not in a subquery, a CTE or a
 * window).
 */
final class SqlScanner {
    private static final Set<String> CLAUSE_AFTER_ORDER_BY = Set.of("LIMIT", "OFFSET", "FETCH");
    private static final Set<String> KEY_MODIFIERS = Set.of("ASC", "DESC", "NULLS", "FIRST", "LAST");

    /** What the scan found. */
    record Found(List<SortKey> keys, boolean limited) {
    }

    private enum Type { WORD, NUMBER, QUOTED_IDENTIFIER, STRING, SYMBOL }

    private record Token(Type type, String text, int depth) {
        boolean isWord(String word) {
            return type == Type.WORD && text.equalsIgnoreCase(word);
        }
    }

    private SqlScanner() {
    }

    /** The statement without trailing semicolons and whitespace (Genie and seed files often end with ';'). */
    static String stripTrailingSemicolons(String sql) {
        int end = sql.length();
        while (end > 0 && (Character.isWhitespace(sql.charAt(end - 1)) || sql.charAt(end - 1) == ';')) {
            end--;
        }
        return sql.substring(0, end);
    }

    /** The keys of the last {@code ORDER BY} outside all parentheses. */
    static Found topLevelOrderBy(String sql) {
        List<Token> tokens = tokenize(sql);
        int start = -1;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).depth() == 0 && tokens.get(i).isWord("ORDER") && tokens.get(i + 1).isWord("BY")) {
                start = i + 2;
            }
        }
        if (start < 0) {
            return new Found(List.of(), false);
        }
        List<SortKey> keys = new ArrayList<>();
        List<Token> key = new ArrayList<>();
        boolean limited = false;
        boolean inKeys = true;
        for (int i = start; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            boolean topLevel = token.depth() == 0;
            if (topLevel && token.type() == Type.WORD
                    && CLAUSE_AFTER_ORDER_BY.contains(token.text().toUpperCase(Locale.ROOT))) {
                inKeys = false;
                limited |= !token.isWord("OFFSET");
            } else if (inKeys && topLevel && token.text().equals(",")) {
                addKey(keys, key);
                key = new ArrayList<>();
            } else if (inKeys) {
                key.add(token);
            }
        }
        addKey(keys, key);
        return new Found(keys, limited);
    }

    private static void addKey(List<SortKey> keys, List<Token> tokens) {
        boolean descending = false;
        int end = tokens.size();
        while (end > 0 && tokens.get(end - 1).type() == Type.WORD
                && KEY_MODIFIERS.contains(tokens.get(end - 1).text().toUpperCase(Locale.ROOT))) {
            descending |= tokens.get(end - 1).isWord("DESC");
            end--;
        }
        if (end == 0) {
            return;
        }
        List<Token> expression = tokens.subList(0, end);
        StringBuilder text = new StringBuilder();
        expression.forEach(t -> text.append(text.length() == 0 || t.text().equals(".")
                || text.charAt(text.length() - 1) == '.' ? "" : " ").append(t.text()));
        String written = text + (descending ? " DESC" : "");
        if (expression.size() == 1 && expression.get(0).type() == Type.NUMBER) {
            keys.add(new SortKey(written, OptionalInt.of(Integer.parseInt(expression.get(0).text())),
                    Optional.empty(), descending));
        } else if (isIdentifierChain(expression)) {
            Token last = expression.get(expression.size() - 1);
            keys.add(new SortKey(written, OptionalInt.empty(),
                    Optional.of(OrderByParser.unquote(last.text())), descending));
        } else {
            keys.add(new SortKey(written, OptionalInt.empty(), Optional.empty(), descending));
        }
    }

    private static boolean isIdentifierChain(List<Token> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            boolean expectName = i % 2 == 0;
            boolean isName = t.type() == Type.WORD || t.type() == Type.QUOTED_IDENTIFIER;
            if (expectName != isName || !expectName && !t.text().equals(".")) {
                return false;
            }
        }
        return tokens.size() % 2 == 1;
    }

    private static List<Token> tokenize(String sql) {
        List<Token> tokens = new ArrayList<>();
        int depth = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '\'' || c == '"' || c == '`') {
                int end = closingQuote(sql, i, c);
                Type type = c == '\'' ? Type.STRING : Type.QUOTED_IDENTIFIER;
                tokens.add(new Token(type, sql.substring(i, end), depth));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(Type.WORD, sql.substring(start, i), depth));
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Type.NUMBER, sql.substring(start, i), depth));
            } else {
                if (c == ')') {
                    depth = Math.max(0, depth - 1);
                }
                tokens.add(new Token(Type.SYMBOL, String.valueOf(c), depth));
                if (c == '(') {
                    depth++;
                }
                i++;
            }
        }
        return tokens;
    }

    /** The index after the closing quote; a doubled quote or a backslash escapes it. */
    private static int closingQuote(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }
}
