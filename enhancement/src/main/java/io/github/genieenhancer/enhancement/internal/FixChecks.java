package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.space.ColumnConfig;
import io.github.genieenhancer.core.space.SnippetKind;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.space.SqlSnippet;
import io.github.genieenhancer.core.space.TableConfig;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks of one fix against the configuration as it stands: the things it names exist (or, for additions, do not
 * yet), and its parts have the shape the API demands. Each check returns the reason for refusing, or empty.
 */
public final class FixChecks {
    /** A column qualified by a table name: {@code orders.amount}, {@code `orders`.`amount`}. */
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.`])`?([A-Za-z_][\\w]*)`?\\s*\\.\\s*`?([A-Za-z_][\\w]*)`?(?![\\w`]*\\s*\\.)");
    /** A three-part table name: {@code catalog.schema.table}, parts optionally in backticks. */
    private static final Pattern THREE_PART = Pattern.compile(
            "(?<![\\w.`])(`?[A-Za-z_][\\w]*`?\\.`?[A-Za-z_][\\w]*`?\\.`?[A-Za-z_][\\w]*`?)(?![\\w`.])");
    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^'\\\\]|\\\\.|'')*'");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final SpaceConfig space;

    /** Checks against this configuration. */
    public FixChecks(SpaceConfig space) {
        this.space = space;
    }

    /**
     * The reason to refuse the fix as it relates to the configuration, or empty.
     *
     * @param removedInPlan whether the plan also removes the item this fix adds (a replacement)
     */
    public Optional<String> check(Fix fix, boolean removedInPlan) {
        if (fix instanceof Fix.InstructionFix f) {
            return instruction(f);
        } else if (fix instanceof Fix.JoinSpecDelete f) {
            return tables(f.leftTable(), f.rightTable()).or(() -> space.joinSpecs().stream()
                    .anyMatch(j -> j.connects(f.leftTable(), f.rightTable())) ? Optional.empty()
                    : Optional.of("no join spec between " + f.leftTable() + " and " + f.rightTable() + " exists"));
        } else if (fix instanceof Fix.JoinSpecAdd f) {
            return joinAdd(f, removedInPlan);
        } else if (fix instanceof Fix.SqlSnippetDelete f) {
            return space.snippets(f.kind()).stream().anyMatch(s -> s.isNamed(f.name())) ? Optional.empty()
                    : Optional.of("no " + f.kind().wireName() + " snippet named '" + f.name() + "' exists");
        } else if (fix instanceof Fix.SqlSnippetAdd f) {
            return snippetAdd(f, removedInPlan);
        } else if (fix instanceof Fix.MetadataDelete f) {
            return metadataDelete(f);
        } else if (fix instanceof Fix.MetadataAdd f) {
            return metadataAdd(f);
        } else if (fix instanceof Fix.SampleQueryDelete f) {
            return example(f.question()).isPresent() ? Optional.empty()
                    : Optional.of("no example question SQL asks '" + f.question() + "'");
        } else if (fix instanceof Fix.SampleQueryAdd f) {
            return sampleQueryAdd(f, removedInPlan);
        }
        throw new IllegalArgumentException("Unknown kind of fix: " + fix);
    }

    private Optional<String> instruction(Fix.InstructionFix f) {
        String current = Texts.key(space.instructionText());
        if (!f.replace() && current.contains(Texts.key(f.text()))) {
            return Optional.of("the general instructions already say this");
        }
        return Optional.empty();
    }

    private Optional<String> joinAdd(Fix.JoinSpecAdd f, boolean removedInPlan) {
        Optional<String> missing = tables(f.leftTable(), f.rightTable());
        if (missing.isPresent()) {
            return missing;
        }
        if (!removedInPlan && space.joinSpecs().stream().anyMatch(j -> j.connects(f.leftTable(), f.rightTable()))) {
            return Optional.of("a join spec between " + f.leftTable() + " and " + f.rightTable()
                    + " exists already; a replacement must delete it in the same plan");
        }
        Set<String> names = Set.of(Texts.shortName(f.leftTable()), Texts.shortName(f.rightTable()));
        Set<String> qualifiers = qualifiers(f.condition());
        if (qualifiers.isEmpty()) {
            return Optional.of("the condition '" + f.condition() + "' qualifies no column with a table name");
        }
        return qualifiers.stream().filter(q -> !names.contains(q)).findFirst()
                .map(q -> "the condition refers to '" + q + "', which is neither " + Texts.shortName(f.leftTable())
                        + " nor " + Texts.shortName(f.rightTable()));
    }

    private Optional<String> snippetAdd(Fix.SqlSnippetAdd f, boolean removedInPlan) {
        String kind = f.kind().wireName();
        if (f.kind() != SnippetKind.FILTER && f.alias().isBlank()) {
            return Optional.of("a " + kind + " needs an alias");
        }
        if (!f.alias().isBlank() && !IDENTIFIER.matcher(f.alias().strip()).matches()) {
            return Optional.of("the alias '" + f.alias() + "' is not a SQL identifier");
        }
        if (f.kind() == SnippetKind.FILTER && f.sql().strip().toUpperCase(Locale.ROOT).startsWith("WHERE ")) {
            return Optional.of("a filter leaves out WHERE");
        }
        if (!removedInPlan) {
            Optional<SqlSnippet> existing = space.snippets(f.kind()).stream()
                    .filter(s -> s.isNamed(f.displayName()) || !f.alias().isBlank() && s.isNamed(f.alias()))
                    .findFirst();
            if (existing.isPresent()) {
                return Optional.of("a " + kind + " snippet named '" + f.displayName()
                        + "' exists already; a replacement must delete it in the same plan");
            }
        }
        Set<String> qualifiers = qualifiers(f.sql());
        if (qualifiers.isEmpty()) {
            return Optional.of("the SQL qualifies no column with its table (write orders.amount, not amount)");
        }
        return qualifiers.stream().filter(q -> tableByShortName(q).isEmpty()).findFirst()
                .map(q -> "the SQL refers to '" + q + "', which is not a table of the space");
    }

    private Optional<String> metadataDelete(Fix.MetadataDelete f) {
        Optional<TableConfig> table = space.table(f.table());
        if (table.isEmpty()) {
            return Optional.of(notInSpace(f.table()));
        }
        if (f.column().isEmpty()) {
            return f.synonym().isPresent() ? Optional.of("a table has no synonyms; name the column")
                    : table.get().description().isPresent() ? Optional.empty()
                    : Optional.of("table " + f.table() + " has no description");
        }
        String column = f.column().get();
        Optional<ColumnConfig> config = table.get().column(column);
        if (config.isEmpty()) {
            return Optional.of("column " + column + " of " + f.table() + " has no configuration in the space");
        }
        if (f.synonym().isPresent()) {
            String synonym = f.synonym().get();
            return config.get().synonyms().stream().anyMatch(s -> s.strip().equalsIgnoreCase(synonym.strip()))
                    ? Optional.empty()
                    : Optional.of("column " + column + " of " + f.table() + " has no synonym '" + synonym + "'");
        }
        return config.get().description().isPresent() ? Optional.empty()
                : Optional.of("column " + column + " of " + f.table() + " has no description");
    }

    private Optional<String> metadataAdd(Fix.MetadataAdd f) {
        if (space.table(f.table()).isEmpty()) {
            return Optional.of(notInSpace(f.table()));
        }
        if (f.column().isEmpty() && !f.synonyms().isEmpty()) {
            return Optional.of("synonyms can only be given to a column");
        }
        if (f.column().isPresent() && f.synonyms().stream().anyMatch(String::isBlank)) {
            return Optional.of("a synonym is blank");
        }
        return Optional.empty();
    }

    private Optional<String> sampleQueryAdd(Fix.SampleQueryAdd f, boolean removedInPlan) {
        if (!removedInPlan && example(f.question()).isPresent()) {
            return Optional.of("an example for the question '" + f.question()
                    + "' exists already; a replacement must delete it in the same plan");
        }
        List<String> named = tablesNamed(f.sql());
        if (named.isEmpty()) {
            return Optional.of("the SQL names no table by its full identifier (catalog.schema.table)");
        }
        return named.stream().filter(t -> space.table(t).isEmpty()).findFirst().map(this::notInSpace);
    }

    /** Whether the space configures this column of this table (column names ignore case). */
    public boolean isConfiguredColumn(String table, String column) {
        return space.table(table).flatMap(t -> t.column(column)).isPresent();
    }

    /** The example with this question, ignoring case and spacing. */
    public Optional<io.github.genieenhancer.core.space.ExampleQuestionSql> example(String question) {
        return space.exampleSqls().stream().filter(e -> Texts.key(e.question()).equals(Texts.key(question)))
                .findFirst();
    }

    /** The space's table whose identifier ends in this name, ignoring case. */
    public Optional<TableConfig> tableByShortName(String name) {
        return space.tables().stream().filter(t -> Texts.shortName(t.identifier()).equalsIgnoreCase(name))
                .findFirst();
    }

    /** The lower-cased table names that qualify columns in a SQL fragment, string literals ignored. */
    public static Set<String> qualifiers(String sql) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = QUALIFIED.matcher(STRING_LITERAL.matcher(sql).replaceAll("''"));
        while (m.find()) {
            found.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        return found;
    }

    /** The three-part table names in a query, without backticks, string literals ignored. */
    public static List<String> tablesNamed(String sql) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = THREE_PART.matcher(STRING_LITERAL.matcher(sql).replaceAll("''"));
        while (m.find()) {
            found.add(Texts.tableKey(m.group(1)));
        }
        return List.copyOf(found);
    }

    private Optional<String> tables(String... identifiers) {
        for (String t : identifiers) {
            if (space.table(t).isEmpty()) {
                return Optional.of(notInSpace(t));
            }
        }
        return Optional.empty();
    }

    private String notInSpace(String table) {
        return "table " + table + " is not in the space";
    }
}
