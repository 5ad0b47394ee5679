package io.github.genieenhancer.core.space;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A reusable SQL fragment ({@code instructions.sql_snippets.filters[]}, {@code .measures[]} or
 * {@code .expressions[]}).
 *
 * @param id          32 lowercase hex characters; empty for a new snippet, which gets an id when added
 * @param kind        filter, measure or expression
 * @param alias       the column alias of a measure or expression (required by the API for those); always empty
 *                    for filters
 * @param displayName the name shown to users, when given
 * @param sql         the table-qualified fragment; a filter leaves out {@code WHERE}
 * @param synonyms    other words users say for it
 * @param instruction when Genie should use it, when given
 * @param comment     a note for people, when given
 */
public record SqlSnippet(String id, SnippetKind kind, Optional<String> alias, Optional<String> displayName,
                         String sql, List<String> synonyms, Optional<String> instruction, Optional<String> comment) {

    /** Validates and copies the components. */
    public SqlSnippet {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sql, "sql");
        alias = alias == null || kind == SnippetKind.FILTER ? Optional.empty() : alias;
        displayName = displayName == null ? Optional.empty() : displayName;
        synonyms = synonyms == null ? List.of() : List.copyOf(synonyms);
        instruction = instruction == null ? Optional.empty() : instruction;
        comment = comment == null ? Optional.empty() : comment;
    }

    /**
     * A new snippet.
     *
     * @param alias       the alias of a measure or expression; ignored for a filter
     * @param instruction when Genie should use it; blank for none
     */
    public static SqlSnippet of(SnippetKind kind, String displayName, String alias, String sql,
                                List<String> synonyms, String instruction) {
        return new SqlSnippet("", kind, SpaceJson.nonBlank(alias), SpaceJson.nonBlank(displayName),
                sql, synonyms, SpaceJson.nonBlank(instruction), Optional.empty());
    }

    /** Whether the display name or alias is this name, ignoring case and surrounding spaces. */
    public boolean isNamed(String name) {
        String wanted = name.strip();
        return displayName.map(d -> d.strip().equalsIgnoreCase(wanted)).orElse(false)
                || alias.map(a -> a.strip().equalsIgnoreCase(wanted)).orElse(false);
    }
}
