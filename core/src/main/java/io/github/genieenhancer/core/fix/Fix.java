package io.github.genieenhancer.core.fix;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.github.genieenhancer.core.space.ExampleQuestionSql;
import io.github.genieenhancer.core.space.JoinSpec;
import io.github.genieenhancer.core.space.RelationshipType;
import io.github.genieenhancer.core.space.SnippetKind;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.space.SqlSnippet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One change to a space's configuration, a record per kind. In JSON the {@code category} property carries the
 * kind's wire name ({@link FixCategory}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "category")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Fix.InstructionFix.class, name = "instruction_fix"),
        @JsonSubTypes.Type(value = Fix.JoinSpecDelete.class, name = "join_specs_delete"),
        @JsonSubTypes.Type(value = Fix.JoinSpecAdd.class, name = "join_specs_add"),
        @JsonSubTypes.Type(value = Fix.SqlSnippetDelete.class, name = "sql_snippets_delete"),
        @JsonSubTypes.Type(value = Fix.SqlSnippetAdd.class, name = "sql_snippets_add"),
        @JsonSubTypes.Type(value = Fix.MetadataDelete.class, name = "metadata_delete"),
        @JsonSubTypes.Type(value = Fix.MetadataAdd.class, name = "metadata_add"),
        @JsonSubTypes.Type(value = Fix.SampleQueryDelete.class, name = "sample_queries_delete"),
        @JsonSubTypes.Type(value = Fix.SampleQueryAdd.class, name = "sample_queries_add")
})
public sealed interface Fix {

    /** The category of this change. */
    FixCategory category();

    /**
     * The configuration with this change made, through one or two of {@link SpaceConfig}'s edits; the given
     * configuration is unchanged.
     *
     * @param space the configuration to change
     * @return the changed copy
     * @throws IllegalArgumentException when the change names a table the space does not have
     */
    SpaceConfig applyTo(SpaceConfig space);

    /**
     * Changes the general text instructions.
     *
     * @param text    the text to add, or the whole new text
     * @param replace whether {@code text} replaces the instructions rather than being appended to them
     */
    record InstructionFix(String text, boolean replace) implements Fix {
        /** Validates the text. */
        public InstructionFix {
            requireText(text, "text");
        }

        @Override
        public FixCategory category() {
            return FixCategory.INSTRUCTION_FIX;
        }

        @Override
        public SpaceConfig applyTo(SpaceConfig space) {
            return replace ? space.withInstructionText(text) : space.withInstructionTextAppended(text);
        }
    }

    /**
     * Removes the join spec between two tables.
     *
     * @param leftTable  the left table's identifier ({@code catalog.schema.table})
     * @param rightTable the right table's identifier
     */
    record JoinSpecDelete(String leftTable, String rightTable) implements Fix {
        /** Validates the tables. */
        public JoinSpecDelete {
            requireText(leftTable, "leftTable");
            requireText(rightTable, "rightTable");
        }

        @Override
        public FixCategory category() {
            return FixCategory.JOIN_SPECS_DELETE;
        }

        @Override
        public SpaceConfig applyTo(SpaceConfig space) {
            return space.withoutJoinSpecsBetween(leftTable, rightTable);
        }
    }

    /**
     * Adds a join spec.
     *
     * @param leftTable    the left table's identifier
     * @param rightTable   the right table's identifier
     * @param condition    the join condition on the tables' short names, e.g. {@code orders.customer_id = customers.id}
     * @param relationship how many rows on each side match
     * @param instruction  when Genie should use the join; may be empty
     */
    record JoinSpecAdd(String leftTable, String rightTable, String condition, RelationshipType relationship,
                       String instruction) implements Fix {
        /** Validates the components. */
        public JoinSpecAdd {
            requireText(leftTable, "leftTable");
            requireText(rightTable, "rightTable");
            requireText(condition, "condition");
            Objects.requireNonNull(relationship, "relationship");
            instruction = instruction == null ? "" : instruction;
        }

        @Override
        public FixCategory category() {
            return FixCategory.JOIN_SPECS_ADD;
        }

        @Override
        public SpaceConfig applyTo(SpaceConfig space) {
            return space.withJoinSpec(JoinSpec.of(leftTable, rightTable, condition, relationship, instruction));
        }
    }

    /**
     * Removes a SQL snippet.
     *
     * @param kind filter, measure or expression
     * @param name the snippet's display name or alias
     */
    record SqlSnippetDelete(SnippetKind kind, String name) implements Fix {
        /** Validates the components. */
        public SqlSnippetDelete {
            Objects.requireNonNull(kind, "kind");
            requireText(name, "name");
        }

        @Override
        public FixCategory category() {
            return FixCategory.SQL_SNIPPETS_DELETE;
        }

        @Override
        public SpaceConfig applyTo(SpaceConfig space) {
            return space.withoutSnippetsNamed(kind, name);
        }
    }

    /**
     * Adds a SQL snippet.
     *
     * @param kind        filter, measure or expression
     * @param displayName the name shown to users
     * @param alias       the alias (required by measures and expressions; ignored for filters)
     * @param sql         the table-qualified SQL fragment (a filter leaves out {@code WHERE})
     * @param synonyms    other words users say for it
     * @param instruction when Genie should use it; may be empty
     */
    record SqlSnippetAdd(SnippetKind kind, String displayName, String alias, String sql, List<String> synonyms,
                         String instruction) implements Fix {
        /** Validates the components. */
        public SqlSnippetAdd {
            Objects.requireNonNull(kind, "kind");
            requireText(displayName, "displayName");
            requireText(sql, "sql");
            alias = alias == null ? "" : alias;
            synonyms = synonyms == null ? List.of() : List.copyOf(synonyms);
            instruction = instruction == null ? "" : instruction;
        }

        @Override
        public FixCategory category() {
            return FixCategory.SQL_SNIPPETS_ADD;
        }

        @Override
        public SpaceConfig applyTo(SpaceConfig space) {
            return space.withSnippet(SqlSnippet.of(kind, displayName, alias, sql, synonyms, instruction));
        }
    }

    /**
     * Removes metadata: a table or column description, or one synonym of a column.
     *
     * @param table   the table's identifier
     * @param column  the column, or empty for the table itself
     * @param synonym the synonym to remove, or empty to remove the description
     */
    record MetadataDelete(String table, Optional<String> column, Optional<String> synonym) implements Fix {
        /** Validates the components. */
        public MetadataDelete {
            requireText(table, "table");
            column = column == null ? Optional.empty() : column;
            synonym = synonym == null ? Optional.empty() : synonym;
        }

        @Override
        public FixCategory category() {
            return FixCategory.METADATA_DELETE;
        }

        @Override
        public SpaceConfig applyTo(SpaceConfig space) {
            if (column.isEmpty()) {
                return space.withoutTableDescription(table);
            }
            return synonym.isPresent() ? space.withoutColumnSynonyms(table, column.get(), List.of(synonym.get()))
                    : space.withoutColumnDescription(table, column.get());
        }
    }

    /**
     * Adds metadata to a table or column.
     *
     * @param table       the table's identifier
     * @param column      the column, or empty for the table itself
     * @param description a description to set, or empty to leave it
     * @param synonyms    synonyms to add to the column (ignored for a table)
     */
    record MetadataAdd(String table, Optional<String> column, Optional<String> description, List<String> synonyms)
            implements Fix {
        /** Validates the components. */
        public MetadataAdd {
            requireText(table, "table");
            column = column == null ? Optional.empty() : column;
            description = description == null ? Optional.empty() : description;
            synonyms = synonyms == null ? List.of() : List.copyOf(synonyms);
            if (description.isEmpty() && synonyms.isEmpty()) {
                throw new IllegalArgumentException("metadata_add needs a description or synonyms");
            }
        }

        @Override
        public FixCategory category() {
            return FixCategory.METADATA_ADD;
        }

        @Override
        public SpaceConfig applyTo(SpaceConfig space) {
            if (column.isEmpty()) {
                return description.map(d -> space.withTableDescription(table, d)).orElse(space);
            }
            SpaceConfig described = description.map(d -> space.withColumnDescription(table, column.get(), d))
                    .orElse(space);
            return described.withColumnSynonyms(table, column.get(), synonyms);
        }
    }

    /**
     * Removes an example question SQL.
     *
     * @param question the example's question text
     */
    record SampleQueryDelete(String question) implements Fix {
        /** Validates the question. */
        public SampleQueryDelete {
            requireText(question, "question");
        }

        @Override
        public FixCategory category() {
            return FixCategory.SAMPLE_QUERIES_DELETE;
        }

        @Override
        public SpaceConfig applyTo(SpaceConfig space) {
            return space.withoutExampleSqlsFor(question);
        }
    }

    /**
     * Adds an example question SQL.
     *
     * @param question      the example question
     * @param sql           its SQL
     * @param usageGuidance when Genie should follow the example; may be empty
     */
    record SampleQueryAdd(String question, String sql, String usageGuidance) implements Fix {
        /** Validates the components. */
        public SampleQueryAdd {
            requireText(question, "question");
            requireText(sql, "sql");
            usageGuidance = usageGuidance == null ? "" : usageGuidance;
        }

        @Override
        public FixCategory category() {
            return FixCategory.SAMPLE_QUERIES_ADD;
        }

        @Override
        public SpaceConfig applyTo(SpaceConfig space) {
            return space.withExampleSql(ExampleQuestionSql.of(question, sql, usageGuidance));
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
