package io.github.genieenhancer.core.space;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genieenhancer.core.DocumentFormatException;
import io.github.genieenhancer.core.SpaceValidationException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A Genie space's configuration: the parsed {@code serialized_space} JSON. Immutable; every edit returns a new
 * instance and changes only its part. Fields the library does not model are kept as they are, so
 * {@code parse(json).toJson()} is lossless and edits never drop them.
 *
 * <pre>{@code
 * SpaceConfig space = SpaceConfig.parse(genieSpace.getSerializedSpace(), "space " + spaceId);
 * SpaceConfig edited = space
 *         .withExampleSql(ExampleQuestionSql.of("Top 10 customers by revenue", "SELECT ...", ""))
 *         .withColumnSynonyms("main.sales.orders", "region", List.of("territory"))
 *         .writable();                    // normalized(), then requireValid()
 * String json = edited.toJson();          // send as serialized_space
 * SpaceDiff diff = space.diffTo(edited);  // for the report
 * }</pre>
 *
 * <p>Parsing checks the structure of every modelled field (wrong types, missing required fields) and fails early
 * with a {@link DocumentFormatException}; the API's own rules (id format, sorting, budgets) are checked by
 * {@link #validate()} and mostly fixed by {@link #normalized()}. The API exports a configuration in an order it
 * refuses on input (benchmark questions newest first, an example's parameters as its SQL names them), so what was
 * read is written back through {@link #writable()}; {@link #diffTo} does not count such order as a change.
 */
public final class SpaceConfig {
    private static final String EDITED = "edited serialized_space";

    private final ObjectNode root;
    private final SpaceReader.Model model;

    private SpaceConfig(ObjectNode root, String document, String source) {
        this.root = root;
        this.model = SpaceReader.read(root, document, source);
    }

    /**
     * Parses a {@code serialized_space} document.
     *
     * @throws DocumentFormatException when the text is not a JSON object or a modelled field is malformed
     */
    public static SpaceConfig parse(String json) {
        return parse(json, "serialized_space");
    }

    /**
     * Parses a {@code serialized_space} document.
     *
     * @param document a name for error messages, e.g. the file path or "serialized_space of space 01ef..."
     * @throws DocumentFormatException naming the document, line, field path and what was expected, when the text
     *                                 is not a JSON object, or a modelled field has the wrong type or is missing
     */
    public static SpaceConfig parse(String json, String document) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(document, "document");
        JsonNode node;
        try {
            node = SpaceJson.readTree(json);
        } catch (JsonProcessingException e) {
            // Not GenieJson.formatError: reading a tree involves no target type, only syntax (including duplicate
            // keys and trailing content), so the parser's own message is the useful part.
            JsonLocation at = e.getLocation();
            Integer line = at == null || at.getLineNr() < 1 ? null : at.getLineNr();
            throw new DocumentFormatException(document, line, null,
                    "well-formed JSON for serialized_space (" + e.getOriginalMessage() + ")", e);
        }
        if (node == null || !node.isObject()) {
            throw new DocumentFormatException(document, 1, null, "a JSON object (the serialized_space)", null);
        }
        return new SpaceConfig((ObjectNode) node, document, json);
    }

    /** The configuration as compact JSON, the form the API's {@code serialized_space} takes. */
    public String toJson() {
        return SpaceJson.write(root);
    }

    /** A deep copy of the JSON tree. */
    public ObjectNode toTree() {
        return root.deepCopy();
    }

    /**
     * A stable hash of the configuration: SHA-256, as 64 lowercase hex characters, of its JSON with object keys
     * sorted. Equal configurations have equal fingerprints whatever their key order or whitespace, so it serves as
     * the space's version and as a cache key.
     */
    public String fingerprint() {
        return SpaceJson.fingerprint(root);
    }

    // ---- views ---------------------------------------------------------------------------------------------------

    /** The tables, then the metric views, in document order. */
    public List<TableConfig> tables() {
        return model.tables();
    }

    /** The table or metric view with this identifier, ignoring case and backticks. */
    public Optional<TableConfig> table(String identifier) {
        return model.tables().stream().filter(t -> JoinSpec.sameTable(t.identifier(), identifier)).findFirst();
    }

    /** The text instructions; the API allows one, {@link #normalized()} merges several. */
    public List<TextInstruction> textInstructions() {
        return model.textInstructions();
    }

    /**
     * The general instructions: the text instruction's text, or the texts of several joined on separate lines in
     * document order; empty when there are none.
     */
    public String instructionText() {
        return SpaceJson.joinTexts(model.textInstructions().stream().map(TextInstruction::text).toList());
    }

    /** The example question SQLs. */
    public List<ExampleQuestionSql> exampleSqls() {
        return model.exampleSqls();
    }

    /** The join specs of {@code instructions.join_specs}. */
    public List<JoinSpec> joinSpecs() {
        return model.joinSpecs();
    }

    /** Every SQL snippet: filters, then measures, then expressions. */
    public List<SqlSnippet> snippets() {
        return model.snippets();
    }

    /** The SQL snippets of one kind. */
    public List<SqlSnippet> snippets(SnippetKind kind) {
        return model.snippets().stream().filter(s -> s.kind() == kind).toList();
    }

    /** The Unity Catalog functions the space may call. */
    public List<SqlFunction> sqlFunctions() {
        return model.sqlFunctions();
    }

    /** The questions the space suggests to its users. */
    public List<SampleQuestion> sampleQuestions() {
        return model.sampleQuestions();
    }

    /** The benchmark questions stored in the space. */
    public List<BenchmarkQuestion> benchmarkQuestions() {
        return model.benchmarkQuestions();
    }

    // ---- edits ---------------------------------------------------------------------------------------------------

    /**
     * Makes {@code text} the general instructions: the first text instruction keeps its id and unknown fields and
     * gets the text, any others are removed. A blank text removes the text instructions.
     */
    public SpaceConfig withInstructionText(String text) {
        Objects.requireNonNull(text, "text");
        return edit(tree -> SpaceEditor.setInstructionText(tree, text));
    }

    /** Adds {@code text} on a new line at the end of the general instructions (creating them when absent). */
    public SpaceConfig withInstructionTextAppended(String text) {
        requireText(text, "text");
        return edit(tree -> SpaceEditor.appendInstructionText(tree, text));
    }

    /**
     * Adds an example question SQL, or rewrites the one with the same id: its modelled fields become the record's,
     * its unknown fields stay. A new example keeps its id when it is valid and unused anywhere in the document,
     * otherwise it gets a new one after every existing id.
     */
    public SpaceConfig withExampleSql(ExampleQuestionSql example) {
        requireText(example.question(), "question");
        requireText(example.sql(), "sql");
        return edit(tree -> SpaceEditor.put(tree, Section.EXAMPLE_SQLS, example.id(),
                item -> SpaceEditor.writeExample(item, example)));
    }

    /** Removes the example question SQL with this id; returns this configuration when there is none. */
    public SpaceConfig withoutExampleSql(String id) {
        return without(Section.EXAMPLE_SQLS, model.exampleSqls(), e -> e.id().equals(id));
    }

    /**
     * Removes every example question SQL with this question, ignoring case and spacing; returns this configuration
     * when there is none.
     */
    public SpaceConfig withoutExampleSqlsFor(String question) {
        return without(Section.EXAMPLE_SQLS, model.exampleSqls(), e -> SpaceEditor.sameText(e.question(), question));
    }

    /**
     * Adds a join spec, or rewrites the one with the same id (modelled fields from the record, unknown fields
     * kept); new ids as for {@link #withExampleSql}. Its {@code sql} is written as the API wants it: the condition,
     * then the relationship's {@code --rt=} marker.
     */
    public SpaceConfig withJoinSpec(JoinSpec join) {
        requireText(join.condition(), "condition");
        return edit(tree -> SpaceEditor.put(tree, Section.JOIN_SPECS, join.id(),
                item -> SpaceEditor.writeJoin(item, join)));
    }

    /** Removes the join spec with this id; returns this configuration when there is none. */
    public SpaceConfig withoutJoinSpec(String id) {
        return without(Section.JOIN_SPECS, model.joinSpecs(), j -> j.id().equals(id));
    }

    /**
     * Removes every join spec between the two tables, in either direction, ignoring case and backticks; returns
     * this configuration when there is none.
     */
    public SpaceConfig withoutJoinSpecsBetween(String table, String otherTable) {
        return without(Section.JOIN_SPECS, model.joinSpecs(), j -> j.connects(table, otherTable));
    }

    /**
     * Adds a SQL snippet to the array of its kind, or rewrites the one of that kind with the same id (modelled
     * fields from the record, unknown fields kept); new ids as for {@link #withExampleSql}.
     *
     * @throws IllegalArgumentException when the SQL is blank, or a measure or expression has no alias
     */
    public SpaceConfig withSnippet(SqlSnippet snippet) {
        requireText(snippet.sql(), "sql");
        if (snippet.kind() != SnippetKind.FILTER && snippet.alias().isEmpty()) {
            throw new IllegalArgumentException("a " + snippet.kind().wireName() + " needs an alias");
        }
        return edit(tree -> SpaceEditor.put(tree, Section.of(snippet.kind()), snippet.id(),
                item -> SpaceEditor.writeSnippet(item, snippet)));
    }

    /** Removes the snippet with this id, whatever its kind; returns this configuration when there is none. */
    public SpaceConfig withoutSnippet(String id) {
        SpaceConfig result = this;
        for (SnippetKind kind : SnippetKind.values()) {
            result = result.without(Section.of(kind), result.snippets(kind), s -> s.id().equals(id));
        }
        return result;
    }

    /**
     * Removes every snippet of a kind whose display name or alias is {@code name}, ignoring case; returns this
     * configuration when there is none.
     */
    public SpaceConfig withoutSnippetsNamed(SnippetKind kind, String name) {
        return without(Section.of(kind), snippets(kind), s -> s.isNamed(name));
    }

    /**
     * Sets the description of a table or metric view.
     *
     * @throws IllegalArgumentException when the space has no such table, or the description is blank
     */
    public SpaceConfig withTableDescription(String table, String description) {
        requireText(description, "description");
        return edit(tree -> SpaceEditor.setText(SpaceEditor.table(tree, table), "description",
                Optional.of(description)));
    }

    /**
     * Removes the description of a table or metric view.
     *
     * @throws IllegalArgumentException when the space has no such table
     */
    public SpaceConfig withoutTableDescription(String table) {
        return edit(tree -> SpaceEditor.setText(SpaceEditor.table(tree, table), "description", Optional.empty()));
    }

    /**
     * Sets the description of a column (ignoring case), adding a config for the column when it has none.
     *
     * @throws IllegalArgumentException when the space has no such table, or the description is blank
     */
    public SpaceConfig withColumnDescription(String table, String column, String description) {
        requireText(description, "description");
        requireText(column, "column");
        return edit(tree -> SpaceEditor.column(SpaceEditor.table(tree, table), column, true)
                .ifPresent(config -> SpaceEditor.setText(config, "description", Optional.of(description))));
    }

    /**
     * Removes the description of a column; returns this configuration when it has none.
     *
     * @throws IllegalArgumentException when the space has no such table
     */
    public SpaceConfig withoutColumnDescription(String table, String column) {
        return edit(tree -> SpaceEditor.column(SpaceEditor.table(tree, table), column, false)
                .ifPresent(config -> SpaceEditor.setText(config, "description", Optional.empty())));
    }

    /**
     * Adds synonyms to a column, skipping blank ones and ones it has already (ignoring case), and adding a config
     * for the column when it has none.
     *
     * @throws IllegalArgumentException when the space has no such table
     */
    public SpaceConfig withColumnSynonyms(String table, String column, Collection<String> synonyms) {
        requireText(column, "column");
        if (synonyms.stream().allMatch(String::isBlank)) {
            return this;
        }
        return edit(tree -> SpaceEditor.column(SpaceEditor.table(tree, table), column, true)
                .ifPresent(config -> SpaceEditor.addSynonyms(config, synonyms)));
    }

    /**
     * Removes synonyms from a column, ignoring case; returns this configuration when it has none of them.
     *
     * @throws IllegalArgumentException when the space has no such table
     */
    public SpaceConfig withoutColumnSynonyms(String table, String column, Collection<String> synonyms) {
        return edit(tree -> SpaceEditor.column(SpaceEditor.table(tree, table), column, false)
                .ifPresent(config -> SpaceEditor.removeSynonyms(config, synonyms)));
    }

    /**
     * Replaces the benchmark questions, in the given order. A question whose id is already a benchmark's keeps that
     * item's unknown fields; a question with a valid unused id keeps it; the others get ids after every existing id.
     */
    public SpaceConfig withBenchmarkQuestions(List<BenchmarkQuestion> questions) {
        questions.forEach(q -> requireText(q.question(), "question"));
        return edit(tree -> SpaceEditor.replaceBenchmarks(tree, questions));
    }

    /**
     * This configuration with the {@code benchmarks} block of {@code other}, copied verbatim (removed when other
     * has none). A rollback restores a snapshot this way while keeping the live benchmarks, which are evaluation
     * state rather than configuration.
     */
    public SpaceConfig withBenchmarksOf(SpaceConfig other) {
        return edit(tree -> {
            JsonNode benchmarks = other.root.get("benchmarks");
            if (benchmarks == null) {
                tree.remove("benchmarks");
            } else {
                tree.set("benchmarks", benchmarks.deepCopy());
            }
        });
    }

    // ---- API rules -----------------------------------------------------------------------------------------------

    /**
     * This configuration rewritten the way the Genie API demands: read-only top-level metadata removed, misplaced
     * {@code data_sources.join_specs} moved to {@code instructions}, join spec {@code sql} as the condition and the
     * {@code --rt=} marker (MANY_TO_ONE when missing), missing, invalid and clashing ids replaced by new ones after
     * every existing id, several text instructions merged into one with lines ending in {@code \n}, repeated column
     * configs merged, and every array sorted as required. A part that already conforms is left untouched, so a
     * normal configuration comes back equal. What it cannot fix (empty SQL, missing aliases, budgets, sizes) is
     * left for {@link #validate()} to report.
     */
    public SpaceConfig normalized() {
        ObjectNode normal = SpaceNormalizer.normalize(root);
        return normal.equals(root) ? this : new SpaceConfig(normal, EDITED, null);
    }

    /**
     * Every way this configuration breaks the Genie API's rules, that is what an update carrying it would be refused
     * for, each with its JSON path: a {@code version} other than 1 or 2, id format, sorting, id uniqueness, join spec
     * shape and marker, more than one text instruction, empty snippet SQL, missing aliases, benchmark answers, the
     * 100-instruction and 200-snippet budgets, 500 benchmark questions, strings over 25,000 characters and arrays
     * over 10,000 items, read-only metadata and misplaced join specs. Empty when valid. Advice about what the API
     * accepts is in {@link #warnings()}.
     */
    public List<SpaceViolation> validate() {
        return SpaceValidator.validate(root);
    }

    /**
     * Returns this configuration when {@link #validate()} finds nothing.
     *
     * @throws SpaceValidationException listing every violation otherwise
     */
    public SpaceConfig requireValid() {
        List<SpaceViolation> violations = validate();
        if (!violations.isEmpty()) {
            throw new SpaceValidationException(violations);
        }
        return this;
    }

    /**
     * Advice about what the API accepts but probably reads differently than meant, each with its JSON path: a
     * text-instruction line (other than the last) without a trailing {@code \n}, which the API joins to the next line
     * without a separator. Warnings never make a configuration invalid or block an update. Empty when there is none.
     */
    public List<SpaceWarning> warnings() {
        return SpaceValidator.warnings(root);
    }

    /**
     * What a write sends: this configuration {@linkplain #normalized() normalised}, then {@linkplain #requireValid()
     * checked}. {@code SpaceApi} sends nothing else on an update or a create, so no write path can skip it.
     *
     * @return the normal form; this instance when it is normal and valid already
     * @throws SpaceValidationException when the normal form still breaks a rule of the API (what normalising cannot
     *                                  fix: empty snippet SQL, missing aliases, budgets, sizes, the version...)
     */
    public SpaceConfig writable() {
        return normalized().requireValid();
    }

    /**
     * What changed from this configuration to {@code after}: items added, removed or changed per section and id
     * (tables by identifier, columns as {@code table.column}), and other fields that changed. Order carries no
     * meaning: neither the order of the items of a section nor that of an example's parameters is a change, so a
     * configuration and its {@linkplain #normalized() normal form} differ only where normalising changed content.
     */
    public SpaceDiff diffTo(SpaceConfig after) {
        return SpaceDiffer.diff(root, after.root);
    }

    // ---- object ----------------------------------------------------------------------------------------------

    /** Whether the other configuration has an equal JSON tree (object key order aside). */
    @Override
    public boolean equals(Object o) {
        return o instanceof SpaceConfig other && root.equals(other.root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    @Override
    public String toString() {
        return "SpaceConfig{tables=" + model.tables().size() + ", exampleSqls=" + model.exampleSqls().size()
                + ", joinSpecs=" + model.joinSpecs().size() + ", snippets=" + model.snippets().size()
                + ", benchmarkQuestions=" + model.benchmarkQuestions().size() + ", fingerprint="
                + fingerprint().substring(0, 12) + "}";
    }

    private SpaceConfig edit(Consumer<ObjectNode> change) {
        ObjectNode copy = root.deepCopy();
        change.accept(copy);
        return copy.equals(root) ? this : new SpaceConfig(copy, EDITED, null);
    }

    /** Removes the items of a section whose views match; {@code views} are the section's items in array order. */
    private <T> SpaceConfig without(Section section, List<T> views, Predicate<T> match) {
        return edit(tree -> SpaceEditor.removeItems(tree, section, i -> match.test(views.get(i))));
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
