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

    /** Parses {@code MANY_TO_ONE}, {@code many-to-one} or a whole marker. */
    @JsonCreator
    public static RelationshipType parse(String text) {
        String t = text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        if (t.startsWith("--RT=")) {
            t = t.substring(5).replace("--", "");
        }
        t = t.replace("FROM_RELATIONSHIP_TYPE_", "");
        return valueOf(t);
    }
}
