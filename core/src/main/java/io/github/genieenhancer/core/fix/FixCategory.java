package io.github.genieenhancer.core.fix;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The nine kinds of change the enhancer makes to a space, with the wire names used in prompts and JSON. */
public enum FixCategory {
    /** Change the space's general text instructions. */
    INSTRUCTION_FIX("instruction_fix"),
    /** Remove a join spec that misleads Genie. */
    JOIN_SPECS_DELETE("join_specs_delete"),
    /** Add a join spec between two tables. */
    JOIN_SPECS_ADD("join_specs_add"),
    /** Remove a SQL snippet (filter, measure or expression). */
    SQL_SNIPPETS_DELETE("sql_snippets_delete"),
    /** Add a SQL snippet (filter, measure or expression). */
    SQL_SNIPPETS_ADD("sql_snippets_add"),
    /** Remove a table or column description or synonym. */
    METADATA_DELETE("metadata_delete"),
    /** Add a table or column description or synonyms. */
    METADATA_ADD("metadata_add"),
    /** Remove an example question SQL. */
    SAMPLE_QUERIES_DELETE("sample_queries_delete"),
    /** Add an example question SQL. */
    SAMPLE_QUERIES_ADD("sample_queries_add");

    private final String wireName;

    FixCategory(String wireName) {
        this.wireName = wireName;
    }

    /** The name used on the wire, e.g. {@code sample_queries_add}. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * The category with this wire name (or enum constant name), ignoring case.
     *
     * @throws IllegalArgumentException naming the valid wire names
     */
    @JsonCreator
    public static FixCategory fromWireName(String name) {
        for (FixCategory c : values()) {
            if (c.wireName.equalsIgnoreCase(name) || c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown fix category '" + name + "', expected one of "
                + Arrays.stream(values()).map(FixCategory::wireName).toList());
    }
}
