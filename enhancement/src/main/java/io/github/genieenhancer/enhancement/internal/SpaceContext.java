package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.space.ExampleQuestionSql;
import io.github.genieenhancer.core.space.JoinSpec;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.space.SqlSnippet;
import io.github.genieenhancer.core.space.TableConfig;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The part of a space's configuration a prompt shows: the tables the given SQL uses, the join specs, snippets and
 * example SQLs that touch them, and the general instructions. When the SQL names none of the space's tables the
 * whole configuration is shown, so the model can still find what is missing. Read by the
 * {@code shared/space_context} template.
 *
 * @param partial      whether parts of the configuration were left out
 * @param tables       the tables shown
 * @param joinSpecs    the join specs with a table shown on either side
 * @param snippets     the snippets whose SQL uses a table shown
 * @param exampleSqls  the example SQLs that use a table shown
 * @param instructions the general instructions, when the space has any
 */
public record SpaceContext(boolean partial, List<TableConfig> tables, List<JoinSpec> joinSpecs,
                           List<SqlSnippet> snippets, List<ExampleQuestionSql> exampleSqls,
                           Optional<String> instructions) {

    /** Copies the lists. */
    public SpaceContext {
        tables = List.copyOf(tables);
        joinSpecs = List.copyOf(joinSpecs);
        snippets = List.copyOf(snippets);
        exampleSqls = List.copyOf(exampleSqls);
    }

    /**
     * The context for questions whose SQL (expected and generated) is given.
     *
     * @param space the configuration
     * @param sql   every SQL text of the questions
     */
    public static SpaceContext of(SpaceConfig space, Collection<String> sql) {
        String text = sql.stream().map(Texts::key).collect(Collectors.joining("\n"));
        List<TableConfig> used = space.tables().stream().filter(t -> mentions(text, t.identifier())).toList();
        Optional<String> instructions = Optional.of(space.instructionText().strip()).filter(s -> !s.isEmpty());
        if (used.isEmpty()) {
            return new SpaceContext(false, space.tables(), space.joinSpecs(), space.snippets(), space.exampleSqls(),
                    instructions);
        }
        Set<String> identifiers = used.stream().map(t -> Texts.tableKey(t.identifier())).collect(Collectors.toSet());
        List<JoinSpec> joins = space.joinSpecs().stream()
                .filter(j -> identifiers.contains(Texts.tableKey(j.left().identifier()))
                        || identifiers.contains(Texts.tableKey(j.right().identifier())))
                .toList();
        List<SqlSnippet> snippets = space.snippets().stream()
                .filter(s -> used.stream().anyMatch(t -> mentions(Texts.key(s.sql()), t.identifier())))
                .toList();
        List<ExampleQuestionSql> examples = space.exampleSqls().stream()
                .filter(e -> used.stream().anyMatch(t -> mentions(Texts.key(e.sql()), t.identifier())))
                .toList();
        boolean partial = used.size() < space.tables().size() || joins.size() < space.joinSpecs().size()
                || snippets.size() < space.snippets().size() || examples.size() < space.exampleSqls().size();
        return new SpaceContext(partial, used, joins, snippets, examples, instructions);
    }

    /** Whether normalised SQL names the table by its identifier or its last part, as a whole word. */
    static boolean mentions(String sqlKey, String identifier) {
        String plain = sqlKey.replace("`", "");
        return plain.contains(Texts.tableKey(identifier))
                || Pattern.compile("(?<![\\w.])" + Pattern.quote(Texts.shortName(identifier)) + "(?!\\w)")
                .matcher(plain).find();
    }
}
