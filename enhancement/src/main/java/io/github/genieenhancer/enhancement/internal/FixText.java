package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.enhancement.internal.ReportModel.DiffKind;
import io.github.genieenhancer.enhancement.internal.ReportModel.DiffLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A fix as a reviewer reads it in a diff: the section of {@code serialized_space} it edits and its content as added
 * or removed lines (the whole SQL of an example, the whole text of an instruction), not as JSON.
 */
final class FixText {
    private final String section;
    private final List<DiffLine> lines = new ArrayList<>();

    private FixText(String section) {
        this.section = section;
    }

    /** The JSON path of the section the fix edits, as {@code SpaceDiff} names sections. */
    String section() {
        return section;
    }

    /** The fix's content, one diff line per line of text. */
    List<DiffLine> lines() {
        return List.copyOf(lines);
    }

    static FixText of(Fix fix) {
        if (fix instanceof Fix.InstructionFix f) {
            FixText text = new FixText("instructions.text_instructions");
            if (f.replace()) {
                text.lines.add(new DiffLine(DiffKind.NOTE, "replaces the whole text instructions with:"));
            }
            return text.added(f.text());
        }
        if (fix instanceof Fix.JoinSpecDelete f) {
            return new FixText("instructions.join_specs").removed(f.leftTable() + " JOIN " + f.rightTable());
        }
        if (fix instanceof Fix.JoinSpecAdd f) {
            return new FixText("instructions.join_specs").added(f.leftTable() + " JOIN " + f.rightTable() + " ON "
                    + f.condition() + " (" + words(f.relationship().name()) + ")").added("when: ", f.instruction());
        }
        if (fix instanceof Fix.SqlSnippetDelete f) {
            return new FixText(snippets(f.kind().section())).removed(words(f.kind().name()) + " " + f.name());
        }
        if (fix instanceof Fix.SqlSnippetAdd f) {
            return new FixText(snippets(f.kind().section()))
                    .added(words(f.kind().name()) + " " + f.displayName() + (f.alias().isEmpty() ? ""
                            : " AS " + f.alias()))
                    .added(f.sql()).added("synonyms: ", String.join(", ", f.synonyms()))
                    .added("when: ", f.instruction());
        }
        if (fix instanceof Fix.MetadataDelete f) {
            return new FixText(tables(f.column())).removed(f.table() + f.column().map(c -> "." + c).orElse("")
                    + f.synonym().map(s -> " synonym " + s).orElse(" description"));
        }
        if (fix instanceof Fix.MetadataAdd f) {
            String where = f.table() + f.column().map(c -> "." + c).orElse("");
            return new FixText(tables(f.column())).added(where + " description: ", f.description().orElse(""))
                    .added(where + " synonyms: ", String.join(", ", f.synonyms()));
        }
        if (fix instanceof Fix.SampleQueryDelete f) {
            return new FixText("instructions.example_question_sqls").removed("question: " + f.question());
        }
        Fix.SampleQueryAdd f = (Fix.SampleQueryAdd) fix;
        return new FixText("instructions.example_question_sqls").added("question: " + f.question()).added(f.sql())
                .added("usage: ", f.usageGuidance());
    }

    private static String snippets(String kindSection) {
        return "instructions.sql_snippets." + kindSection;
    }

    private static String tables(Optional<String> column) {
        return column.isPresent() ? "data_sources.tables.column_configs" : "data_sources.tables";
    }

    private static String words(String constant) {
        return constant.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** Adds {@code label + text} when the text is not blank. */
    private FixText added(String label, String text) {
        return text.isBlank() ? this : added(label + text);
    }

    private FixText added(String text) {
        text.lines().forEach(line -> lines.add(new DiffLine(DiffKind.ADDED, line)));
        return this;
    }

    private FixText removed(String text) {
        text.lines().forEach(line -> lines.add(new DiffLine(DiffKind.REMOVED, line)));
        return this;
    }
}
