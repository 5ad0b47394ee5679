package io.github.genieenhancer.examples.e2e;

import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.space.ColumnConfig;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.space.TableConfig;
import java.util.List;
import java.util.Optional;

/**
 * Whether a configuration shows a fix's change, read back from the configuration's own typed view. Lets a test
 * check that what an {@code ApplyResult} lists as applied is really in the space, and was not before.
 */
final class FixEffects {
    private FixEffects() {
    }

    /** Whether the configuration holds the fix's change (an addition present, a removal absent). */
    static boolean visibleIn(SpaceConfig config, Fix fix) {
        if (fix instanceof Fix.InstructionFix f) {
            return config.instructionText().contains(f.text().strip());
        }
        if (fix instanceof Fix.JoinSpecDelete f) {
            return config.joinSpecs().stream().noneMatch(j -> j.connects(f.leftTable(), f.rightTable()));
        }
        if (fix instanceof Fix.JoinSpecAdd f) {
            return config.joinSpecs().stream().anyMatch(j -> j.connects(f.leftTable(), f.rightTable())
                    && j.condition().equalsIgnoreCase(f.condition()));
        }
        if (fix instanceof Fix.SqlSnippetDelete f) {
            return config.snippets(f.kind()).stream().noneMatch(s -> s.isNamed(f.name()));
        }
        if (fix instanceof Fix.SqlSnippetAdd f) {
            return config.snippets(f.kind()).stream().anyMatch(s -> s.isNamed(f.displayName()));
        }
        if (fix instanceof Fix.MetadataDelete f) {
            return f.synonym().isPresent()
                    ? column(config, f.table(), f.column()).map(c -> !c.synonyms().contains(f.synonym().get()))
                            .orElse(true)
                    : description(config, f.table(), f.column()).isEmpty();
        }
        if (fix instanceof Fix.MetadataAdd f) {
            boolean described = f.description().isEmpty()
                    || description(config, f.table(), f.column()).equals(f.description());
            return described && column(config, f.table(), f.column()).map(ColumnConfig::synonyms)
                    .orElse(List.of()).containsAll(f.synonyms());
        }
        if (fix instanceof Fix.SampleQueryDelete f) {
            return config.exampleSqls().stream().noneMatch(e -> e.question().equals(f.question()));
        }
        if (fix instanceof Fix.SampleQueryAdd f) {
            return config.exampleSqls().stream()
                    .anyMatch(e -> e.question().equals(f.question()) && e.sql().strip().equals(f.sql().strip()));
        }
        throw new IllegalArgumentException("unknown kind of fix: " + fix);
    }

    private static Optional<ColumnConfig> column(SpaceConfig config, String table, Optional<String> column) {
        return column.flatMap(name -> config.table(table).flatMap(t -> t.column(name)));
    }

    private static Optional<String> description(SpaceConfig config, String table, Optional<String> column) {
        return column.isPresent() ? column(config, table, column).flatMap(ColumnConfig::description)
                : config.table(table).flatMap(TableConfig::description);
    }
}
