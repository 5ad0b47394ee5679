package io.github.genieenhancer.testkit.internal;

import io.github.genieenhancer.testkit.internal.SpaceModel.Column;
import io.github.genieenhancer.testkit.internal.SpaceModel.ColumnTarget;
import io.github.genieenhancer.testkit.internal.SpaceModel.DefinitionTarget;
import io.github.genieenhancer.testkit.internal.SpaceModel.Join;
import io.github.genieenhancer.testkit.internal.SpaceModel.Snippet;
import io.github.genieenhancer.testkit.internal.SpaceModel.SnippetTarget;
import io.github.genieenhancer.testkit.internal.SpaceModel.Table;
import io.github.genieenhancer.testkit.internal.SpaceModel.TableTarget;
import io.github.genieenhancer.testkit.internal.SpaceModel.Target;
import io.github.genieenhancer.testkit.internal.SpaceModel.ValueTarget;
import io.github.genieenhancer.testkit.internal.Text.Token;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The deterministic Genie: turns a question into SQL using only what the space configuration provides. The rules
 * are documented in docs/testkit.md ("How the local Genie answers"); in short:
 * <ol>
 *   <li>an example question SQL whose question shares at least 70% of its content words with the question is
 *       answered with that example's SQL;</li>
 *   <li>otherwise phrases are looked up, longest first, among snippet names and synonyms, known column values,
 *       column synonyms, table names and column names (in that order of precedence);</li>
 *   <li>a measure comes from a measure snippet, an aggregate word before a numeric column, a count of a table, or
 *       is guessed as the sum of the first decimal column when the question names a metric the space does not
 *       define;</li>
 *   <li>tables are joined along join specs, else on a column name the two tables share, else Genie asks which
 *       column links them;</li>
 *   <li>dates filter the column the question names, else a column with the synonym "date", else the table's first
 *       date column; relative dates use the day a text instruction declares as today, else CURRENT_DATE.</li>
 * </ol>
 */
public final class GenieEngine {
    private static final double EXAMPLE_MATCH = 0.7;
    private static final Set<String> DIMENSION_WORDS = Set.of("by", "per", "each", "every", "across");
    private static final Set<String> COUNT_WORDS = Set.of("count", "number");
    private static final Map<String, String> AGGREGATES = Map.ofEntries(Map.entry("total", "SUM"),
            Map.entry("sum", "SUM"), Map.entry("average", "AVG"), Map.entry("avg", "AVG"), Map.entry("mean", "AVG"),
            Map.entry("maximum", "MAX"), Map.entry("max", "MAX"), Map.entry("highest", "MAX"),
            Map.entry("largest", "MAX"), Map.entry("minimum", "MIN"), Map.entry("min", "MIN"),
            Map.entry("lowest", "MIN"), Map.entry("smallest", "MIN"));
    private static final Set<String> DESCENDING = Set.of("top", "highest", "most", "largest", "best", "biggest");
    private static final Set<String> ASCENDING = Set.of("bottom", "lowest", "least", "fewest", "worst", "smallest");
    private static final Set<String> METRIC_WORDS = Set.of("revenue", "sale", "spend", "spent", "income",
            "turnover", "earning");
    private static final Set<String> DISTINCT_WORDS = Set.of("distinct", "unique", "different");

    /**
     * Genie's reply to one question.
     *
     * @param sql      the generated SQL, or empty when Genie answered in text
     * @param text     the explanation or clarifying question
     * @param used     the configuration items the answer relied on, as keys (see {@link #answer})
     * @param thoughts Genie's reasoning steps, shown as query attachment thoughts
     */
    public record Answer(Optional<String> sql, String text, List<String> used, List<String> thoughts) {
    }

    private GenieEngine() {
    }

    /**
     * Answers a question. The {@code used} keys name configuration items: {@code example:<id>},
     * {@code snippet:<id>}, {@code join:<id>}, {@code column:<table identifier>:<column>} (its description or
     * synonyms were needed), {@code synonym:<table identifier>:<column>:<synonym>} and {@code instruction:<line>}.
     */
    public static Answer answer(String question, SpaceModel model) {
        return new Planner(question, model).plan();
    }

    private record Mention(int start, int end, Target target) {
    }

    private record Dimension(String expression, String alias, boolean temporal) {
    }

    private static final class Planner {
        private final String question;
        private final SpaceModel model;
        private final List<Token> tokens;
        private final List<String> stems;
        private final Set<String> used = new LinkedHashSet<>();
        private final List<String> thoughts = new ArrayList<>();
        private final List<Mention> mentions = new ArrayList<>();
        private final boolean[] consumed;
        private final List<Dimension> dimensions = new ArrayList<>();
        private final List<String> filters = new ArrayList<>();
        private final LinkedHashSet<String> tables = new LinkedHashSet<>();
        private final Set<String> context = new HashSet<>();
        private String measure;
        private String measureAlias;
        private String base;
        private Snippet measureSnippet;
        private Column preferredDate;
        private boolean pluralDimension;

        Planner(String question, SpaceModel model) {
            this.question = question;
            this.model = model;
            this.tokens = Text.tokens(question);
            this.stems = tokens.stream().map(Token::stem).toList();
            this.consumed = new boolean[tokens.size()];
        }

        Answer plan() {
            Optional<Answer> example = fromExample();
            if (example.isPresent()) {
                return example.get();
            }
            findMentions();
            if (mentions.isEmpty() && stems.stream().noneMatch(METRIC_WORDS::contains)) {
                return text("I could not relate this question to the tables of this space. Could you rephrase it "
                        + "using the names of the data you are interested in?");
            }
            assignRoles();
            chooseMeasure();
            addDateFilters();
            addInstructionFilters();
            addBuiltinTimeDimension();
            return buildSql();
        }

        // ---- 1. example question SQLs

        private Optional<Answer> fromExample() {
            Set<String> q = new HashSet<>(Text.contentStems(question));
            SpaceModel.Example best = null;
            double bestScore = 0;
            for (SpaceModel.Example e : model.examples()) {
                Set<String> eq = new HashSet<>(Text.contentStems(e.question()));
                Set<String> union = new HashSet<>(q);
                union.addAll(eq);
                Set<String> both = new HashSet<>(q);
                both.retainAll(eq);
                double score = union.isEmpty() ? 0 : (double) both.size() / union.size();
                if (score > bestScore) {
                    best = e;
                    bestScore = score;
                }
            }
            if (best == null || bestScore < EXAMPLE_MATCH) {
                return Optional.empty();
            }
            used.add("example:" + best.id());
            thoughts.add("The question matches the example \"" + best.question() + "\"; using its SQL.");
            return Optional.of(new Answer(Optional.of(best.sql().strip()), "This follows the example \""
                    + best.question() + "\".", List.copyOf(used), List.copyOf(thoughts)));
        }

        // ---- 2. phrases

        private void findMentions() {
            relativePhrase();
            for (int i = 0; i < tokens.size(); ) {
                int matched = 0;
                for (int n = Math.min(5, tokens.size() - i); n >= 1 && matched == 0; n--) {
                    if (anyConsumed(i, i + n)) {
                        continue;
                    }
                    String key = String.join(" ", stems.subList(i, i + n));
                    if (n == 1 && (Text.STOPWORDS.contains(key) || key.matches("\\d+"))) {
                        continue;
                    }
                    List<Target> targets = lookup(key, i, n);
                    if (!targets.isEmpty()) {
                        Target t = resolve(targets, i);
                        mentions.add(new Mention(i, i + n, t));
                        for (int k = i; k < i + n; k++) {
                            consumed[k] = true;
                        }
                        if (t instanceof TableTarget tt) {
                            context.add(tt.table().name());
                        }
                        matched = n;
                    }
                }
                i += Math.max(1, matched);
            }
        }

        private boolean anyConsumed(int from, int to) {
            for (int k = from; k < to; k++) {
                if (consumed[k]) {
                    return true;
                }
            }
            return false;
        }

        /** Snippets and definitions by stem, then values by exact words, then columns and tables by stem. */
        private List<Target> lookup(String key, int start, int n) {
            List<Target> byStem = model.lookup(key);
            List<Target> values = model.lookupValue(String.join(" ", tokens.subList(start, start + n).stream()
                    .map(t -> t.original().toLowerCase(Locale.ROOT)).toList()));
            List<Target> out = new ArrayList<>();
            byStem.stream().filter(t -> t instanceof SnippetTarget || t instanceof DefinitionTarget).forEach(out::add);
            out.addAll(values);
            byStem.stream().filter(t -> !(t instanceof SnippetTarget || t instanceof DefinitionTarget)).forEach(out::add);
            return out;
        }

        /** Among targets of one phrase: the most specific kind, then a table the question mentions, then order. */
        private Target resolve(List<Target> targets, int position) {
            Class<?> kind = targets.get(0).getClass();
            List<Target> sameKind = targets.stream().filter(t -> t.getClass() == kind).toList();
            if (sameKind.size() > 1) {
                Set<String> mentioned = tablesMentionedIn(position);
                for (Target t : sameKind) {
                    if (mentioned.contains(tableOf(t))) {
                        return t;
                    }
                }
            }
            return sameKind.get(0);
        }

        private Set<String> tablesMentionedIn(int exceptPosition) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < tokens.size(); i++) {
                for (int n = 1; n <= 2 && i + n <= tokens.size(); n++) {
                    if (i <= exceptPosition && exceptPosition < i + n) {
                        continue;
                    }
                    for (Target t : model.lookup(String.join(" ", stems.subList(i, i + n)))) {
                        if (t instanceof TableTarget tt) {
                            names.add(tt.table().name());
                        }
                    }
                }
            }
            return names;
        }

        private static String tableOf(Target t) {
            if (t instanceof ColumnTarget c) {
                return c.column().table().name();
            }
            if (t instanceof ValueTarget v) {
                return v.column().table().name();
            }
            if (t instanceof TableTarget tt) {
                return tt.table().name();
            }
            return "";
        }

        // ---- 3. roles

        private void assignRoles() {
            for (int m = 0; m < mentions.size(); m++) {
                Mention mention = mentions.get(m);
                Target t = mention.target();
                boolean qualified = m > 0 && mentions.get(m - 1).end() == mention.start()
                        && mentions.get(m - 1).target() instanceof TableTarget qt
                        && qt.table().name().equals(tableOf(t));
                boolean dimensionPosition = isDimensionPosition(qualified ? mentions.get(m - 1).start() : mention.start());
                if (t instanceof SnippetTarget st) {
                    useSnippet(st.snippet(), dimensionPosition);
                } else if (t instanceof DefinitionTarget d) {
                    used.add("instruction:" + d.line());
                    thoughts.add("Instruction applied: " + d.line());
                    addFilter(d.condition());
                } else if (t instanceof ValueTarget v) {
                    usedColumnConfig(v.column(), Optional.empty());
                    tables.add(v.column().table().name());
                    addFilter(v.column().ref() + " = '" + v.value().replace("'", "''") + "'");
                } else if (t instanceof ColumnTarget c) {
                    useColumn(c, mention, dimensionPosition, m);
                } else if (t instanceof TableTarget tt) {
                    useTable(tt.table(), mention, dimensionPosition, m);
                }
            }
        }

        private void useSnippet(Snippet s, boolean dimensionPosition) {
            used.add("snippet:" + s.id());
            switch (s.kind()) {
                case "measures" -> {
                    if (measure == null) {
                        measure = s.sql();
                        measureAlias = s.alias();
                        measureSnippet = s;
                        base = s.tables().isEmpty() ? null : s.tables().get(0);
                        tables.addAll(s.tables());
                        thoughts.add("Measure \"" + s.displayName() + "\" from the space's SQL snippets.");
                    }
                }
                case "filters" -> {
                    addFilter(s.sql());
                    thoughts.add("Filter \"" + s.displayName() + "\" from the space's SQL snippets.");
                }
                default -> {
                    dimensions.add(new Dimension(s.sql(), s.alias(), s.sql().toLowerCase(Locale.ROOT).contains("date")));
                    tables.addAll(s.tables());
                }
            }
        }

        private void useColumn(ColumnTarget c, Mention mention, boolean dimensionPosition, int index) {
            Column col = c.column();
            c.synonym().ifPresent(syn -> {
                used.add("synonym:" + col.table().identifier() + ":" + col.name() + ":" + syn);
                usedColumnConfig(col, Optional.of(syn));
            });
            String before = wordBefore(mention.start());
            if (col.numeric() && (AGGREGATES.containsKey(before) || before.equals("many") || rankingBy(mention))) {
                if (measure == null) {
                    String fn = before.equals("many") || rankingBy(mention) ? "SUM" : AGGREGATES.get(before);
                    measure = fn + "(" + col.ref() + ")";
                    measureAlias = fn.toLowerCase(Locale.ROOT) + "_" + col.name();
                    base = col.table().name();
                    tables.add(base);
                }
                return;
            }
            tables.add(col.table().name());
            if (dimensionPosition) {
                notePlural(mention);
                dimensions.add(new Dimension(col.ref(), col.name(), col.temporal()));
            } else if (col.bool()) {
                addFilter(col.ref() + " = TRUE");
            } else if (col.temporal()) {
                preferredDate = col;
            } else if (col.string()) {
                literalNear(mention).ifPresent(v -> addFilter(col.ref() + " = '" + v.replace("'", "''") + "'"));
            }
        }

        private void useTable(Table table, Mention mention, boolean dimensionPosition, int index) {
            boolean qualifies = index + 1 < mentions.size() && mentions.get(index + 1).start() == mention.end()
                    && tableOf(mentions.get(index + 1).target()).equals(table.name());
            if (qualifies) {
                return;
            }
            String before = wordBefore(mention.start());
            boolean counted = before.equals("many") || (before.equals("of") && COUNT_WORDS.contains(wordBefore(mention.start() - 1)))
                    || COUNT_WORDS.contains(before) || DISTINCT_WORDS.contains(before);
            if (counted && measure == null) {
                boolean distinct = DISTINCT_WORDS.contains(before);
                measure = distinct ? "COUNT(DISTINCT " + table.name() + "." + table.columns().get(0).name() + ")" : "COUNT(*)";
                measureAlias = table.name() + "_count";
                base = table.name();
                tables.add(base);
                return;
            }
            if (dimensionPosition) {
                notePlural(mention);
                Column label = label(table);
                dimensions.add(new Dimension(label.ref(), label.name(), false));
                tables.add(table.name());
            }
        }

        private void notePlural(Mention mention) {
            Token last = tokens.get(mention.end() - 1);
            pluralDimension |= !last.original().toLowerCase(Locale.ROOT).equals(last.stem());
        }

        private boolean rankingBy(Mention mention) {
            return wordBefore(mention.start()).equals("by") && stems.stream().anyMatch(s -> DESCENDING.contains(s) || ASCENDING.contains(s));
        }

        private boolean isDimensionPosition(int start) {
            String before = wordBefore(start);
            if (DIMENSION_WORDS.contains(before) || before.equals("which")) {
                return true;
            }
            if (before.matches("\\d+")) {
                String twoBefore = wordBefore(start - 1);
                return twoBefore.equals("top") || twoBefore.equals("bottom") || twoBefore.equals("which");
            }
            return before.equals("common") || (before.equals("what") && ranked());
        }

        /** The stem before a position, skipping "the". */
        private String wordBefore(int position) {
            for (int i = position - 1; i >= 0; i--) {
                if (!stems.get(i).equals("the")) {
                    return stems.get(i);
                }
            }
            return "";
        }

        /** A word next to a column that nothing else claimed, taken as the value the question means. */
        private Optional<String> literalNear(Mention mention) {
            for (int i : new int[] {mention.start() - 1, mention.end()}) {
                int k = i;
                if (k >= 0 && k < tokens.size() && stems.get(k).equals("the")) {
                    k = i < mention.start() ? k - 1 : k + 1;
                }
                if (k >= 0 && k < tokens.size() && !consumed[k] && !Text.STOPWORDS.contains(stems.get(k))
                        && !stems.get(k).matches("\\d+") && !AGGREGATES.containsKey(stems.get(k))
                        && !METRIC_WORDS.contains(stems.get(k))) {
                    consumed[k] = true;
                    thoughts.add("Took \"" + tokens.get(k).original() + "\" as a value of " + mention.target());
                    return Optional.of(tokens.get(k).original());
                }
            }
            return Optional.empty();
        }

        private Column label(Table table) {
            String singular = table.name().endsWith("s") ? table.name().substring(0, table.name().length() - 1) : table.name();
            return table.column(singular + "_name").or(() -> table.column(singular + "_id"))
                    .orElse(table.columns().get(0));
        }

        private void usedColumnConfig(Column col, Optional<String> synonym) {
            if (col.configured()) {
                used.add("column:" + col.table().identifier() + ":" + col.name());
            }
        }

        private void addFilter(String condition) {
            if (!filters.contains(condition)) {
                filters.add(condition);
                tables.addAll(model.tablesReferenced(condition));
            }
        }

        private boolean ranked() {
            return stems.stream().anyMatch(s -> DESCENDING.contains(s) || ASCENDING.contains(s));
        }

        // ---- 4. measure

        private void chooseMeasure() {
            if (measure != null) {
                return;
            }
            Optional<String> metric = stems.stream().filter(METRIC_WORDS::contains).findFirst();
            String aggregate = stems.stream().filter(AGGREGATES::containsKey).map(AGGREGATES::get).findFirst().orElse("");
            if (metric.isPresent() || !aggregate.isEmpty()) {
                Optional<Column> guess = firstDecimal();
                if (guess.isPresent()) {
                    String fn = aggregate.isEmpty() || metric.isPresent() && !aggregate.equals("AVG") ? "SUM" : aggregate;
                    Column g = guess.get();
                    measure = fn + "(" + g.ref() + ")";
                    measureAlias = metric.orElse(fn.toLowerCase(Locale.ROOT) + "_" + g.name());
                    base = g.table().name();
                    tables.add(base);
                    thoughts.add("No definition of \"" + metric.orElse(aggregate.toLowerCase(Locale.ROOT))
                            + "\" in this space; assuming " + measure + ".");
                    return;
                }
            }
            measure = "COUNT(*)";
            measureAlias = "count";
            base = tables.isEmpty() ? (context.isEmpty() ? model.tables().get(0).name() : context.iterator().next())
                    : tables.iterator().next();
            tables.add(base);
        }

        private Optional<Column> firstDecimal() {
            List<Table> candidates = new ArrayList<>();
            for (String name : tables) {
                model.table(name).ifPresent(candidates::add);
            }
            for (String name : context) {
                model.table(name).ifPresent(candidates::add);
            }
            candidates.addAll(model.tables());
            return candidates.stream().flatMap(t -> t.columns().stream())
                    .filter(c -> c.type().equals("DECIMAL")).findFirst();
        }

        // ---- 5. dates

        private void addDateFilters() {
            List<Integer> years = new ArrayList<>();
            Month month = null;
            int quarter = 0;
            for (int i = 0; i < stems.size(); i++) {
                String s = stems.get(i);
                if (s.matches("20\\d\\d")) {
                    years.add(Integer.parseInt(s));
                } else if (s.matches("q[1-4]")) {
                    quarter = s.charAt(1) - '0';
                } else if (!consumed[i]) {
                    for (Month mo : Month.values()) {
                        if (mo.getDisplayName(TextStyle.FULL, Locale.ENGLISH).equalsIgnoreCase(s)) {
                            month = mo;
                        }
                    }
                }
            }
            String relative = relativePhrase();
            if (years.isEmpty() && relative.isEmpty()) {
                return;
            }
            Optional<Column> dateColumn = dateColumn();
            if (dateColumn.isEmpty()) {
                return;
            }
            String col = dateColumn.get().ref();
            tables.add(dateColumn.get().table().name());
            if (!years.isEmpty()) {
                int year = years.get(0);
                if (years.size() > 1) {
                    addFilter("YEAR(" + col + ") IN (" + String.join(", ", years.stream().map(String::valueOf).toList()) + ")");
                } else if (month != null) {
                    LocalDate from = LocalDate.of(year, month, 1);
                    range(col, from, from.plusMonths(1));
                } else if (quarter > 0) {
                    LocalDate from = LocalDate.of(year, quarter * 3 - 2, 1);
                    range(col, from, from.plusMonths(3));
                } else {
                    addFilter("YEAR(" + col + ") = " + year);
                }
                return;
            }
            Optional<LocalDate> today = model.today();
            today.ifPresent(d -> {
                used.add("instruction:" + model.todayLine());
                thoughts.add("Instruction applied: " + model.todayLine());
            });
            switch (relative) {
                case "this year" -> addFilter(today.map(d -> "YEAR(" + col + ") = " + d.getYear())
                        .orElse("YEAR(" + col + ") = YEAR(CURRENT_DATE)"));
                case "last year" -> addFilter(today.map(d -> "YEAR(" + col + ") = " + (d.getYear() - 1))
                        .orElse("YEAR(" + col + ") = YEAR(CURRENT_DATE) - 1"));
                case "this month" -> today.ifPresentOrElse(d -> range(col, d.withDayOfMonth(1), d.withDayOfMonth(1).plusMonths(1)),
                        () -> addFilter(col + " >= DATE_TRUNC('month', CURRENT_DATE)"));
                case "last month" -> today.ifPresentOrElse(d -> range(col, d.withDayOfMonth(1).minusMonths(1), d.withDayOfMonth(1)),
                        () -> addFilter(col + " >= DATE_TRUNC('month', CURRENT_DATE) - INTERVAL 1 MONTH AND " + col
                                + " < DATE_TRUNC('month', CURRENT_DATE)"));
                default -> {
                    int days = Integer.parseInt(relative.replaceAll("\\D", ""));
                    today.ifPresentOrElse(d -> range(col, d.minusDays(days - 1L), d.plusDays(1)),
                            () -> addFilter(col + " >= CURRENT_DATE - INTERVAL " + days + " DAY"));
                }
            }
        }

        private String relativePhrase() {
            for (int i = 0; i + 1 < stems.size(); i++) {
                String a = stems.get(i);
                String b = stems.get(i + 1);
                if ((a.equals("this") || a.equals("last")) && (b.equals("year") || b.equals("month"))) {
                    consumed[i] = true;
                    consumed[i + 1] = true;
                    return a + " " + b;
                }
                if (a.equals("last") && b.matches("\\d+") && i + 2 < stems.size() && stems.get(i + 2).equals("day")) {
                    consumed[i] = true;
                    consumed[i + 2] = true;
                    return "last " + b + " days";
                }
            }
            return "";
        }

        private void range(String col, LocalDate from, LocalDate until) {
            addFilter(col + " >= DATE '" + from + "' AND " + col + " < DATE '" + until + "'");
        }

        /** The date column: one the question names; else one whose name starts with a word of the question; else,
         *  looking first at the measure's table, then at tables joined to it by join specs, then at the other tables
         *  used: a column with the synonym "date", else the first date column. */
        private Optional<Column> dateColumn() {
            if (preferredDate != null) {
                return Optional.of(preferredDate);
            }
            List<List<Table>> groups = new ArrayList<>();
            Set<Table> seen = new HashSet<>();
            Optional<Table> baseTable = base == null ? Optional.empty() : model.table(base);
            baseTable.ifPresent(t -> groups.add(List.of(t)));
            baseTable.ifPresent(seen::add);
            List<Table> adjacent = new ArrayList<>();
            baseTable.ifPresent(b -> {
                for (Join j : model.joins()) {
                    String other = j.left().equals(b.name()) ? j.right() : j.right().equals(b.name()) ? j.left() : null;
                    if (other != null) {
                        model.table(other).filter(seen::add).ifPresent(adjacent::add);
                    }
                }
            });
            adjacent.sort((x, y) -> Boolean.compare(!tables.contains(x.name()), !tables.contains(y.name())));
            groups.add(adjacent);
            List<Table> rest = new ArrayList<>();
            for (String name : tables) {
                model.table(name).filter(seen::add).ifPresent(rest::add);
            }
            groups.add(rest);
            List<Column> all = groups.stream().flatMap(g -> temporal(g).stream()).toList();
            for (Column c : all) {
                String first = Text.stem(c.name().split("_")[0]);
                for (int i = 0; i < stems.size(); i++) {
                    if (!consumed[i] && stems.get(i).equals(first)) {
                        return Optional.of(c);
                    }
                }
            }
            for (List<Table> group : groups) {
                List<Column> dates = temporal(group);
                for (Column c : dates) {
                    for (String syn : c.synonyms()) {
                        if (Text.key(syn).equals("date")) {
                            used.add("synonym:" + c.table().identifier() + ":" + c.name() + ":" + syn);
                            usedColumnConfig(c, Optional.of(syn));
                            return Optional.of(c);
                        }
                    }
                }
                if (!dates.isEmpty()) {
                    return Optional.of(dates.get(0));
                }
            }
            return Optional.empty();
        }

        private static List<Column> temporal(List<Table> tables) {
            return tables.stream().flatMap(t -> t.columns().stream()).filter(Column::temporal).toList();
        }

        // ---- 6. instructions and built-in time dimensions

        private void addInstructionFilters() {
            String questionKey = " " + String.join(" ", stems) + " ";
            for (SpaceModel.ConditionalFilter f : model.conditionalFilters()) {
                boolean triggered = questionKey.contains(" " + f.trigger() + " ");
                if (!triggered && measureSnippet != null) {
                    triggered = Text.key(measureSnippet.displayName()).contains(f.trigger())
                            || Text.key(measureSnippet.alias().replace('_', ' ')).contains(f.trigger())
                            || measureSnippet.synonyms().stream().anyMatch(s -> Text.key(s).contains(f.trigger()));
                }
                if (triggered) {
                    used.add("instruction:" + f.line());
                    thoughts.add("Instruction applied: " + f.line());
                    addFilter(f.condition());
                }
            }
        }

        private void addBuiltinTimeDimension() {
            if (dimensions.stream().anyMatch(Dimension::temporal)) {
                return;
            }
            for (int i = 0; i < stems.size(); i++) {
                String s = stems.get(i);
                if (consumed[i] || !(s.equals("month") || s.equals("year") || s.equals("quarter"))) {
                    continue;
                }
                boolean asDimension = isDimensionPosition(i) || tokens.get(i).original().toLowerCase(Locale.ROOT).endsWith("ly")
                        || (i + 2 < stems.size() && stems.get(i + 1).equals("over"));
                if (asDimension) {
                    dateColumn().ifPresent(c -> {
                        tables.add(c.table().name());
                        dimensions.add(new Dimension(s.toUpperCase(Locale.ROOT) + "(" + c.ref() + ")", s, true));
                    });
                    return;
                }
            }
        }

        // ---- 7. SQL

        private Answer buildSql() {
            if (base == null) {
                base = tables.isEmpty() ? model.tables().get(0).name() : tables.iterator().next();
            }
            Set<String> joined = new LinkedHashSet<>();
            joined.add(base);
            List<String> joinClauses = new ArrayList<>();
            for (String table : new ArrayList<>(tables)) {
                if (joined.contains(table)) {
                    continue;
                }
                List<Edge> path = path(joined, table, false);
                if (path == null) {
                    path = path(joined, table, true);
                }
                if (path == null) {
                    return text("I could not find how " + table + " relates to " + String.join(", ", joined)
                            + ". Which column links them?");
                }
                for (Edge e : path) {
                    Table t = model.table(e.to()).orElseThrow();
                    joinClauses.add("JOIN " + t.identifier() + " AS " + t.name() + " ON " + e.condition());
                    joined.add(e.to());
                    if (e.joinId() != null) {
                        used.add("join:" + e.joinId());
                        thoughts.add("Joined " + e.from() + " to " + e.to() + " with the join spec " + e.condition() + ".");
                    } else {
                        thoughts.add("No join spec relates " + e.from() + " and " + e.to() + "; guessed " + e.condition() + ".");
                    }
                }
            }
            String finalMeasure = measure;
            if (measure.equals("COUNT(*)") && joined.size() > 1) {
                Table b = model.table(base).orElseThrow();
                finalMeasure = "COUNT(DISTINCT " + b.name() + "." + b.columns().get(0).name() + ")";
            }
            StringBuilder sql = new StringBuilder("SELECT ");
            List<String> select = new ArrayList<>();
            for (Dimension d : dimensions) {
                select.add(d.expression() + " AS " + d.alias());
            }
            select.add(finalMeasure + " AS " + measureAlias);
            sql.append(String.join(", ", select));
            Table b = model.table(base).orElseThrow();
            sql.append("\nFROM ").append(b.identifier()).append(" AS ").append(b.name());
            joinClauses.forEach(j -> sql.append("\n").append(j));
            if (!filters.isEmpty()) {
                sql.append("\nWHERE ").append(String.join("\n  AND ", filters));
            }
            if (!dimensions.isEmpty()) {
                sql.append("\nGROUP BY ").append(String.join(", ", dimensions.stream().map(Dimension::expression).toList()));
            }
            boolean descending = stems.stream().anyMatch(DESCENDING::contains);
            boolean ascending = stems.stream().anyMatch(ASCENDING::contains);
            if ((descending || ascending) && !dimensions.isEmpty()) {
                sql.append("\nORDER BY ").append(measureAlias).append(descending ? " DESC" : " ASC");
                limit().ifPresent(n -> sql.append("\nLIMIT ").append(n));
            } else if (dimensions.stream().anyMatch(Dimension::temporal)) {
                sql.append("\nORDER BY ").append(String.join(", ", dimensions.stream().filter(Dimension::temporal)
                        .map(Dimension::alias).toList()));
            }
            return new Answer(Optional.of(sql.toString()), "Here is the result of the query below.",
                    List.copyOf(used), List.copyOf(thoughts));
        }

        private Optional<Integer> limit() {
            for (int i = 0; i + 1 < stems.size(); i++) {
                if ((stems.get(i).equals("top") || stems.get(i).equals("bottom") || stems.get(i).equals("which"))
                        && stems.get(i + 1).matches("\\d+")) {
                    return Optional.of(Integer.parseInt(stems.get(i + 1)));
                }
            }
            String first = stems.isEmpty() ? "" : stems.get(0);
            return (first.equals("which") || first.equals("what")) && !pluralDimension ? Optional.of(1) : Optional.empty();
        }

        private record Edge(String from, String to, String condition, String joinId) {
        }

        private List<Edge> path(Set<String> from, String to, boolean allowGuesses) {
            Map<String, List<Edge>> graph = new HashMap<>();
            for (Join j : model.joins()) {
                graph.computeIfAbsent(j.left(), k -> new ArrayList<>()).add(new Edge(j.left(), j.right(), j.condition(), j.id()));
                graph.computeIfAbsent(j.right(), k -> new ArrayList<>()).add(new Edge(j.right(), j.left(), j.condition(), j.id()));
            }
            if (allowGuesses) {
                List<Table> all = model.tables();
                for (Table a : all) {
                    for (Table c : all) {
                        if (a == c) {
                            continue;
                        }
                        for (Column col : a.columns()) {
                            if (c.column(col.name()).isPresent()) {
                                graph.computeIfAbsent(a.name(), k -> new ArrayList<>())
                                        .add(new Edge(a.name(), c.name(), a.name() + "." + col.name() + " = " + c.name() + "." + col.name(), null));
                                break;
                            }
                        }
                    }
                }
            }
            Map<String, Edge> via = new HashMap<>();
            Deque<String> queue = new ArrayDeque<>(from);
            Set<String> seen = new HashSet<>(from);
            while (!queue.isEmpty()) {
                String current = queue.removeFirst();
                if (current.equals(to)) {
                    List<Edge> path = new ArrayList<>();
                    for (String at = to; via.containsKey(at); at = via.get(at).from()) {
                        path.add(0, via.get(at));
                    }
                    return path;
                }
                for (Edge e : graph.getOrDefault(current, List.of())) {
                    if (model.table(e.to()).isPresent() && seen.add(e.to())) {
                        via.put(e.to(), e);
                        queue.addLast(e.to());
                    }
                }
            }
            return null;
        }

        private Answer text(String message) {
            thoughts.add(message);
            return new Answer(Optional.empty(), message, List.copyOf(used), List.copyOf(thoughts));
        }
    }
}
