package io.github.genieenhancer.core.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code sql} array of a join spec: the condition, then the {@code --rt=FROM_RELATIONSHIP_TYPE_...--} marker.
 * Reading is lenient (a marker inside the condition, in another case or missing); writing is exact.
 */
final class JoinSql {
    private static final Pattern MARKER = Pattern.compile(
            "--\\s*rt\\s*=\\s*(?:FROM_RELATIONSHIP_TYPE_)?([A-Za-z_]+?)\\s*--", Pattern.CASE_INSENSITIVE);

    private JoinSql() {
    }

    /** The condition: every element with any marker removed, joined and trimmed. */
    static String condition(List<String> sql) {
        StringBuilder sb = new StringBuilder();
        sql.forEach(element -> sb.append(MARKER.matcher(element).replaceAll("")));
        return sb.toString().strip();
    }

    /** The first marker's relationship, when a marker names a known one. */
    static Optional<RelationshipType> relationship(List<String> sql) {
        for (String element : sql) {
            Matcher m = MARKER.matcher(element);
            while (m.find()) {
                Optional<RelationshipType> type = type(m.group(1));
                if (type.isPresent()) {
                    return type;
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the array has exactly the condition and then an exact, known marker, as the API requires. */
    static boolean isWellFormed(List<String> sql) {
        return sql.size() == 2
                && !sql.get(0).isBlank()
                && !MARKER.matcher(sql.get(0)).find()
                && isMarker(sql.get(1));
    }

    static boolean isMarker(String element) {
        for (RelationshipType type : RelationshipType.values()) {
            if (type.marker().equals(element)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The two-element form of a malformed array: its condition and its marker, or MANY_TO_ONE when it has none.
     * Empty when the array cannot be repaired: no condition, or a marker naming an unknown relationship.
     */
    static Optional<List<String>> repaired(List<String> sql) {
        String condition = condition(sql);
        if (condition.isEmpty() || hasUnknownMarker(sql)) {
            return Optional.empty();
        }
        RelationshipType type = relationship(sql).orElse(RelationshipType.MANY_TO_ONE);
        return Optional.of(List.of(condition, type.marker()));
    }

    /** The array for a new join spec. */
    static List<String> of(String condition, RelationshipType relationship) {
        return new ArrayList<>(List.of(condition.strip(), relationship.marker()));
    }

    private static boolean hasUnknownMarker(List<String> sql) {
        for (String element : sql) {
            Matcher m = MARKER.matcher(element);
            while (m.find()) {
                if (type(m.group(1)).isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Optional<RelationshipType> type(String name) {
        try {
            return Optional.of(RelationshipType.parse(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
