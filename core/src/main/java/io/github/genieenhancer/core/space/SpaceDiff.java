package io.github.genieenhancer.core.space;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The structural difference between two space configurations, for reports: what was added, removed or changed,
 * by section and id. Made by {@link SpaceConfig#diffTo(SpaceConfig)}.
 *
 * @param changes every change, by section and id
 */
public record SpaceDiff(List<Change> changes) {

    /** Copies the changes. */
    public SpaceDiff {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /** Whether nothing changed. */
    @JsonIgnore
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The changes in one section, e.g. {@code instructions.join_specs}. */
    public List<Change> in(String section) {
        return changes.stream().filter(c -> c.section().equals(section)).toList();
    }

    /** One line per change, e.g. {@code + instructions.example_question_sqls 01f0...: Top 10 customers}. */
    public String describe() {
        return changes.stream().map(Change::toString).collect(Collectors.joining("\n"));
    }

    /** What happened to an item. */
    public enum Kind {
        /** The item is new. */
        ADDED("+"),
        /** The item is gone. */
        REMOVED("-"),
        /** The item exists on both sides with different content. */
        CHANGED("~");

        private final String symbol;

        Kind(String symbol) {
            this.symbol = symbol;
        }
    }

    /**
     * One changed item.
     *
     * @param section the JSON path of the collection, e.g. {@code instructions.join_specs}; empty for a top-level
     *                field such as {@code version}
     * @param key     the item's id (or identifier, or {@code table.column} for columns, or a field's name)
     * @param kind    added, removed or changed
     * @param summary a short human description, e.g. the question of an example SQL and the fields that changed
     */
    public record Change(String section, String key, Kind kind, String summary) {
        /** Validates the components. */
        public Change {
            Objects.requireNonNull(section, "section");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(kind, "kind");
            summary = summary == null ? "" : summary;
        }

        @Override
        public String toString() {
            String where = section.isEmpty() ? key : section + " " + key;
            return kind.symbol + " " + where + (summary.isEmpty() ? "" : ": " + summary);
        }
    }
}
