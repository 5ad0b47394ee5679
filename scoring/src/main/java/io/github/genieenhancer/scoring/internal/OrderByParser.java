package io.github.genieenhancer.scoring.internal;

import io.github.genieenhancer.scoring.ResultOrder.SortKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AllValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;

/**
 * Finds the sort keys of a query's top-level {@code ORDER BY} with JSqlParser, resolving each key to a position in
 * the select list (by ordinal, alias, column or identical expression) where it can. Falls back to
 * {@link SqlScanner} for statements the parser cannot read.
 */
public final class OrderByParser {

    /**
     * What was found.
     *
     * @param keys    the sort keys, empty when the result is not ordered
     * @param limited whether the ordered query has a top-level LIMIT, FETCH or TOP
     * @param problem why the parser failed, when the scanner was used instead
     */
    public record Parsed(List<SortKey> keys, boolean limited, Optional<String> problem) {
    }

    private OrderByParser() {
    }

    /** Reads the top-level order of a query. */
    public static Parsed parse(String sql) {
        String statement = SqlScanner.stripTrailingSemicolons(sql);
        Statement parsed;
        try {
            parsed = CCJSqlParserUtil.newParser(statement).Statement();
        } catch (Exception | StackOverflowError e) {
            // JSqlParser does not know every Databricks construct; a token scan still finds a top-level ORDER BY.
            String message = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("");
            SqlScanner.Found found = SqlScanner.topLevelOrderBy(statement);
            return new Parsed(found.keys(), found.limited(),
                    Optional.of("JSqlParser could not parse the expected SQL (" + message
                            + "); its ORDER BY was found by a token scan"));
        }
        if (!(parsed instanceof Select select)) {
            return new Parsed(List.of(), false, Optional.empty());
        }
        return fromSelect(select);
    }

    private static Parsed fromSelect(Select select) {
        List<OrderByElement> orderBy = select.getOrderByElements();
        if ((orderBy == null || orderBy.isEmpty()) && select instanceof ParenthesedSelect parenthesed
                && parenthesed.getSelect() != null) {
            return fromSelect(parenthesed.getSelect());
        }
        if (orderBy == null || orderBy.isEmpty()) {
            return new Parsed(List.of(), false, Optional.empty());
        }
        boolean limited = select.getLimit() != null || select.getFetch() != null
                || select instanceof PlainSelect plain && plain.getTop() != null;
        List<SelectItem<?>> items = selectItems(select);
        List<SortKey> keys = new ArrayList<>();
        if (orderBy.size() == 1 && isOrderByAll(orderBy.get(0))) {
            // Databricks' ORDER BY ALL sorts by every column of the select list, left to right.
            boolean descending = !orderBy.get(0).isAsc();
            for (int i = 0; i < items.size(); i++) {
                SelectItem<?> item = items.get(i);
                keys.add(new SortKey(item + (descending ? " DESC" : ""), positionOf(i + 1, items),
                        Optional.ofNullable(outputName(item)), descending));
            }
            return new Parsed(keys, limited, Optional.empty());
        }
        for (OrderByElement element : orderBy) {
            keys.add(resolve(element, items));
        }
        return new Parsed(keys, limited, Optional.empty());
    }

    private static boolean isOrderByAll(OrderByElement element) {
        return element.getExpression() instanceof AllValue;
    }

    /** The select list that names the result's columns: a set operation's first branch names them. */
    private static List<SelectItem<?>> selectItems(Select select) {
        if (select instanceof PlainSelect plain) {
            return plain.getSelectItems() == null ? List.of() : plain.getSelectItems();
        }
        if (select instanceof SetOperationList setOperation && !setOperation.getSelects().isEmpty()) {
            return selectItems(setOperation.getSelects().get(0));
        }
        if (select instanceof ParenthesedSelect parenthesed && parenthesed.getSelect() != null) {
            return selectItems(parenthesed.getSelect());
        }
        return List.of();
    }

    private static SortKey resolve(OrderByElement element, List<SelectItem<?>> items) {
        Expression expression = element.getExpression();
        boolean descending = !element.isAsc();
        String text = element.toString();
        if (expression instanceof LongValue ordinal) {
            int position = (int) ordinal.getValue();
            return new SortKey(text, positionOf(position, items), Optional.empty(), descending);
        }
        for (int i = 0; i < items.size(); i++) {
            SelectItem<?> item = items.get(i);
            String alias = aliasOf(item);
            boolean matches = expression instanceof Column column && alias != null
                    && column.getTable() == null && unquote(column.getColumnName()).equalsIgnoreCase(alias)
                    || sameExpression(item.getExpression(), expression);
            if (matches) {
                return new SortKey(text, positionOf(i + 1, items), Optional.ofNullable(outputName(item)),
                        descending);
            }
        }
        if (expression instanceof Column column) {
            // A column not in the select list by that spelling: match it by name against the result's columns.
            return new SortKey(text, OptionalInt.empty(), Optional.of(unquote(column.getColumnName())), descending);
        }
        return new SortKey(text, OptionalInt.empty(), Optional.empty(), descending);
    }

    /** A select-list position is a result position only when no {@code *} before it expands to unknown columns. */
    private static OptionalInt positionOf(int position, List<SelectItem<?>> items) {
        if (position < 1) {
            return OptionalInt.empty();
        }
        for (int i = 0; i < Math.min(position, items.size()); i++) {
            if (items.get(i).getExpression() instanceof AllColumns) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.of(position);
    }

    private static boolean sameExpression(Expression selected, Expression ordered) {
        if (selected == null) {
            return false;
        }
        if (selected instanceof Column a && ordered instanceof Column b) {
            boolean sameName = unquote(a.getColumnName()).equalsIgnoreCase(unquote(b.getColumnName()));
            boolean sameTable = b.getTable() == null || a.getTable() == null
                    || unquote(a.getTable().getFullyQualifiedName())
                    .equalsIgnoreCase(unquote(b.getTable().getFullyQualifiedName()));
            return sameName && sameTable;
        }
        return normalise(selected.toString()).equals(normalise(ordered.toString()));
    }

    private static String aliasOf(SelectItem<?> item) {
        Alias alias = item.getAlias();
        return alias == null ? null : unquote(alias.getName());
    }

    private static String outputName(SelectItem<?> item) {
        String alias = aliasOf(item);
        if (alias != null) {
            return alias;
        }
        return item.getExpression() instanceof Column column ? unquote(column.getColumnName()) : null;
    }

    private static String normalise(String expression) {
        return unquote(expression).replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    static String unquote(String identifier) {
        return identifier.replace("`", "").replace("\"", "");
    }
}
