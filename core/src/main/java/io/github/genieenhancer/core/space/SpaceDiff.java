package io.github.genieenhancer.core.space;

import java.util.List;
import java.util.Objects;

/**
 * The structural difference between two space configurations, for reports.
 *
 * @param changes every change, by section and id
 */
public record SpaceDiff(List<Change> changes) {

    /** Copies the changes. */
    public SpaceDiff {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /** Whether nothing changed. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** What happened to an item. */
    public enum Kind {
        /** The item is new. */
        ADDED,
        /** The item is gone. */
        REMOVED,
        /** The item exists on both sides with different content. */
        CHANGED
    }

    /**
     * One changed item.
     *
     * @param section the JSON path of the collection, e.g. {@code instructions.join_specs}
     * @param key     the item's id (or identifier, or {@code table.column} for columns)
     * @param kind    added, removed or changed
     * @param summary a short human description, e.g. the question of an example SQL
     */
    public record Change(String section, String key, Kind kind, String summary) {
        /** Validates the components. */
        public Change {
            Objects.requireNonNull(section, "section");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(kind, "kind");
            summary = summary == null ? "" : summary;
        }
    }
}
