package io.github.genieenhancer.core.space;

import java.util.Objects;
import java.util.Optional;

/**
 * How two tables of the space join ({@code instructions.join_specs[]}). In JSON its {@code sql} holds the condition
 * and then the {@code --rt=} relationship marker.
 *
 * @param id           32 lowercase hex characters; empty for a new join spec, which gets an id when added
 * @param left         the left table
 * @param right        the right table
 * @param condition    the join condition on the aliases, e.g. {@code `orders`.`customer_id` = `customers`.`id`}
 * @param relationship the relationship from the {@code --rt=} marker; empty when the marker is missing
 * @param instruction  when Genie should use the join, when given
 * @param comment      a note for people, when given
 */
public record JoinSpec(String id, Side left, Side right, String condition, Optional<RelationshipType> relationship,
                       Optional<String> instruction, Optional<String> comment) {

    /** Validates the components. */
    public JoinSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        Objects.requireNonNull(condition, "condition");
        relationship = relationship == null ? Optional.empty() : relationship;
        instruction = instruction == null ? Optional.empty() : instruction;
        comment = comment == null ? Optional.empty() : comment;
    }

    /**
     * A new join spec between two tables, aliased by the last part of their identifiers.
     *
     * @param instruction when Genie should use the join; blank for none
     */
    public static JoinSpec of(String leftTable, String rightTable, String condition, RelationshipType relationship,
                              String instruction) {
        Objects.requireNonNull(relationship, "relationship");
        return new JoinSpec("", Side.of(leftTable), Side.of(rightTable), condition, Optional.of(relationship),
                SpaceJson.nonBlank(instruction), Optional.empty());
    }

    /** Whether this join connects the two tables, in either direction, ignoring case and backticks. */
    public boolean connects(String table, String otherTable) {
        return left.is(table) && right.is(otherTable) || left.is(otherTable) && right.is(table);
    }

    /**
     * One side of a join.
     *
     * @param identifier the table's three-part name
     * @param alias      the name the condition uses for it, when given
     */
    public record Side(String identifier, Optional<String> alias) {

        /** Validates the components. */
        public Side {
            Objects.requireNonNull(identifier, "identifier");
            alias = alias == null ? Optional.empty() : alias;
        }

        /** A side aliased by the last part of the identifier, as the API's own join specs are. */
        public static Side of(String identifier) {
            String plain = identifier.replace("`", "");
            return new Side(plain, Optional.of(plain.substring(plain.lastIndexOf('.') + 1)));
        }

        /** Whether this side is the table, ignoring case and backticks. */
        public boolean is(String table) {
            return sameTable(identifier, table);
        }
    }

    static boolean sameTable(String a, String b) {
        return a.replace("`", "").equalsIgnoreCase(b.replace("`", "").strip());
    }
}
