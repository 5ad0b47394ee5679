package io.github.genieenhancer.core.space;

import com.fasterxml.jackson.annotation.JsonCreator;

/** How rows of a join spec's two tables match, written into the join spec as the {@code --rt=} marker. */
public enum RelationshipType {
    /** Many left rows match one right row. */
    MANY_TO_ONE,
    /** One left row matches many right rows. */
    ONE_TO_MANY,
    /** One to one. */
    ONE_TO_ONE,
    /** Many to many. */
    MANY_TO_MANY;

    /** The marker the API requires as the second element of a join spec's {@code sql}. */
    public String marker() {
        return "--rt=FROM_RELATIONSHIP_TYPE_" + name() + "--";
    }

    /**
     * Parses {@code MANY_TO_ONE}, {@code many-to-one}, {@code FROM_RELATIONSHIP_TYPE_MANY_TO_ONE} or a whole marker
     * such as {@code --rt=FROM_RELATIONSHIP_TYPE_MANY_TO_ONE--}.
     *
     * @throws IllegalArgumentException naming the text and the valid types
     */
    @JsonCreator
    public static RelationshipType parse(String text) {
        String t = text.trim().toUpperCase(java.util.Locale.ROOT);
        // The marker's own dashes must go before the dashes of "many-to-one" become underscores.
        if (t.startsWith("--RT=") && t.endsWith("--")) {
            t = t.substring(5, t.length() - 2);
        }
        t = t.replace('-', '_').replace("FROM_RELATIONSHIP_TYPE_", "");
        for (RelationshipType type : values()) {
            if (type.name().equals(t)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown relationship type '" + text + "', expected one of "
                + java.util.Arrays.toString(values()));
    }
}
