package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.space.ExampleQuestionSql;
import io.github.genieenhancer.core.space.JoinSpec;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.space.SqlSnippet;
import java.util.List;

/** How each kind of {@link Fix} edits a {@link SpaceConfig}: one or two of its edits. */
public final class FixEdits {

    private FixEdits() {
    }

    /**
     * The configuration with the fix made.
     *
     * @throws IllegalArgumentException when the fix names a table the space does not have
     */
    public static SpaceConfig apply(SpaceConfig space, Fix fix) {
        if (fix instanceof Fix.InstructionFix f) {
            return f.replace() ? space.withInstructionText(f.text()) : space.withInstructionTextAppended(f.text());
        } else if (fix instanceof Fix.JoinSpecDelete f) {
            return space.withoutJoinSpecsBetween(f.leftTable(), f.rightTable());
        } else if (fix instanceof Fix.JoinSpecAdd f) {
            return space.withJoinSpec(JoinSpec.of(f.leftTable(), f.rightTable(), f.condition(), f.relationship(),
                    f.instruction()));
        } else if (fix instanceof Fix.SqlSnippetDelete f) {
            return space.withoutSnippetsNamed(f.kind(), f.name());
        } else if (fix instanceof Fix.SqlSnippetAdd f) {
            return space.withSnippet(SqlSnippet.of(f.kind(), f.displayName(), f.alias(), f.sql(), f.synonyms(),
                    f.instruction()));
        } else if (fix instanceof Fix.MetadataDelete f) {
            if (f.column().isEmpty()) {
                return space.withoutTableDescription(f.table());
            }
            return f.synonym().isPresent()
                    ? space.withoutColumnSynonyms(f.table(), f.column().get(), List.of(f.synonym().get()))
                    : space.withoutColumnDescription(f.table(), f.column().get());
        } else if (fix instanceof Fix.MetadataAdd f) {
            if (f.column().isEmpty()) {
                return f.description().map(d -> space.withTableDescription(f.table(), d)).orElse(space);
            }
            SpaceConfig described = f.description()
                    .map(d -> space.withColumnDescription(f.table(), f.column().get(), d)).orElse(space);
            return described.withColumnSynonyms(f.table(), f.column().get(), f.synonyms());
        } else if (fix instanceof Fix.SampleQueryDelete f) {
            return space.withoutExampleSqlsFor(f.question());
        } else if (fix instanceof Fix.SampleQueryAdd f) {
            return space.withExampleSql(ExampleQuestionSql.of(f.question(), f.sql(), f.usageGuidance()));
        }
        throw new IllegalArgumentException("Unknown kind of fix: " + fix);
    }

    /** The order fixes are made in: removals first, so a removal and an addition of one item replace it. */
    public static int phase(Fix fix) {
        return switch (fix.category()) {
            case JOIN_SPECS_DELETE, SQL_SNIPPETS_DELETE, METADATA_DELETE, SAMPLE_QUERIES_DELETE -> 0;
            case INSTRUCTION_FIX -> ((Fix.InstructionFix) fix).replace() ? 1 : 2;
            case JOIN_SPECS_ADD, SQL_SNIPPETS_ADD, METADATA_ADD, SAMPLE_QUERIES_ADD -> 3;
        };
    }
}
