package io.github.genieenhancer.scoring;

import io.github.genieenhancer.scoring.internal.OrderByParser;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Whether, and by what, the expected result is ordered. {@link #parse(String)} reads it from the expected SQL's
 * top-level {@code ORDER BY} with a SQL parser (an {@code ORDER BY} inside a subquery, a CTE or a window does not
 * order the result); {@link ResultComparator#orderOf(String)} applies the policy's rule.
 */
public final class ResultOrder {
    private static final ResultOrder UNORDERED = new ResultOrder(Kind.UNORDERED, List.of(), false, null);
    private static final ResultOrder EXACT = new ResultOrder(Kind.EXACT_ROW_ORDER, List.of(), false, null);

    private final Kind kind;
    private final List<SortKey> sortKeys;
    private final boolean limited;
    private final String parseProblem;

    /** The kinds of order. */
    public enum Kind {
        /** The rows' order does not matter. */
        UNORDERED,
        /** The sort keys' sequence matters; rows with equal keys may come in any order. */
        SORT_KEYS,
        /** Every row must be in the same place (Spider's rule). */
        EXACT_ROW_ORDER
    }

    /**
     * One {@code ORDER BY} item. The comparator finds its column by position when known, else by name among the
     * expected result's columns; a key it cannot find (an expression not in the select list) ends the usable keys.
     *
     * @param text       the item as written, for explanations
     * @param position   the 1-based position in the select list, when known
     * @param column     the output column's name (alias or column name), when known
     * @param descending whether the item sorts descending
     */
    public record SortKey(String text, OptionalInt position, Optional<String> column, boolean descending) {
        /** Validates the components. */
        public SortKey {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(position, "position");
            Objects.requireNonNull(column, "column");
        }

        /** A key naming an output column. */
        public static SortKey column(String name, boolean descending) {
            return new SortKey(name + (descending ? " DESC" : ""), OptionalInt.empty(), Optional.of(name), descending);
        }

        /** A key by 1-based position in the result. */
        public static SortKey position(int position, boolean descending) {
            if (position < 1) {
                throw new IllegalArgumentException("position is 1-based, got " + position);
            }
            return new SortKey(position + (descending ? " DESC" : ""), OptionalInt.of(position), Optional.empty(),
                    descending);
        }
    }

    private ResultOrder(Kind kind, List<SortKey> sortKeys, boolean limited, String parseProblem) {
        this.kind = kind;
        this.sortKeys = List.copyOf(sortKeys);
        this.limited = limited;
        this.parseProblem = parseProblem;
    }

    /** Row order does not matter. */
    public static ResultOrder unordered() {
        return UNORDERED;
    }

    /** Every row must be in the same place. */
    public static ResultOrder exactRowOrder() {
        return EXACT;
    }

    /**
     * Ordered by these keys.
     *
     * @param limited whether the query has a {@code LIMIT}, so rows tied with the last row may differ
     */
    public static ResultOrder bySortKeys(List<SortKey> keys, boolean limited) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("an ordered result needs at least one sort key");
        }
        return new ResultOrder(Kind.SORT_KEYS, keys, limited, null);
    }

    /**
     * The order of a query's top-level result, read with a SQL parser. A statement the parser cannot read is
     * scanned token by token for a top-level {@code ORDER BY} (outside parentheses, strings and comments), and
     * {@link #parseProblem()} says so.
     */
    public static ResultOrder parse(String sql) {
        Objects.requireNonNull(sql, "sql");
        OrderByParser.Parsed parsed = OrderByParser.parse(sql);
        if (parsed.keys().isEmpty()) {
            return parsed.problem().isEmpty() ? UNORDERED
                    : new ResultOrder(Kind.UNORDERED, List.of(), false, parsed.problem().get());
        }
        return new ResultOrder(Kind.SORT_KEYS, parsed.keys(), parsed.limited(), parsed.problem().orElse(null));
    }

    /** Spider's rule: every row in place when the text contains "order by" anywhere, else unordered. */
    public static ResultOrder fromOrderByText(String sql) {
        return sql.toLowerCase(Locale.ROOT).contains("order by") ? EXACT : UNORDERED;
    }

    /** The kind of order. */
    public Kind kind() {
        return kind;
    }

    /** The sort keys, in {@code ORDER BY} order; empty unless {@link Kind#SORT_KEYS}. */
    public List<SortKey> sortKeys() {
        return sortKeys;
    }

    /** Whether the ordered query has a top-level {@code LIMIT}, {@code FETCH} or {@code TOP}. */
    public boolean limited() {
        return limited;
    }

    /** Why the SQL parser could not read the query, when the fallback scanner was used. */
    public Optional<String> parseProblem() {
        return Optional.ofNullable(parseProblem);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case UNORDERED -> "unordered";
            case EXACT_ROW_ORDER -> "exact row order";
            case SORT_KEYS -> "ORDER BY " + String.join(", ", sortKeys.stream().map(SortKey::text).toList())
                    + (limited ? " (LIMIT)" : "");
        };
    }
}
