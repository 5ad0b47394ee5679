package io.github.genieenhancer.core.space;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The three kinds of SQL snippet, named as in {@code instructions.sql_snippets}. */
public enum SnippetKind {
    /** A condition, written without {@code WHERE}. */
    FILTER("filters"),
    /** An aggregate such as {@code SUM(orders.amount)}; has an alias. */
    MEASURE("measures"),
    /** A row-level expression (a dimension) such as {@code YEAR(orders.order_date)}; has an alias. */
    EXPRESSION("expressions");

    private final String section;

    SnippetKind(String section) {
        this.section = section;
    }

    /** The array name under {@code instructions.sql_snippets}. */
    public String section() {
        return section;
    }

    /** The lower-case singular name used in JSON: {@code filter}, {@code measure}, {@code expression}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The kind for a singular or plural name, ignoring case. */
    @JsonCreator
    public static SnippetKind fromName(String name) {
        for (SnippetKind k : values()) {
            if (k.name().equalsIgnoreCase(name) || k.section.equalsIgnoreCase(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown snippet kind '" + name + "', expected filter, measure or expression");
    }
}
