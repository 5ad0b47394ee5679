package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.fix.RejectedFix;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.space.SpaceViolation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One validation of a list of fixes against a configuration, in stages: duplicates merged; each fix checked against
 * the configuration; contradictions between fixes resolved; SQL checked; the leakage guard; then every survivor made,
 * removals first, refusing one whose edit changes nothing or breaks the API's rules.
 */
public final class PlanReview {
    private final SpaceConfig space;
    private final FixChecks checks;
    private final List<Benchmark> benchmarks;
    private final Function<Fix, Optional<String>> sqlCheck;
    private final Map<String, PlannedFix> surviving = new LinkedHashMap<>();
    private final Map<String, String> reasons = new HashMap<>();
    private final List<PlannedFix> order;

    /**
     * Prepares a review.
     *
     * @param space      the configuration the fixes would change
     * @param fixes      the fixes, in plan order, with unique ids
     * @param benchmarks the benchmarks whose expected SQL must not leak into the configuration
     * @param sqlCheck   the reason a fix's SQL cannot be used (it does not parse, is not read-only, fails to run), or
     *                   empty; called only for fixes that passed every other check
     * @throws IllegalArgumentException when two fixes have the same id
     */
    public PlanReview(SpaceConfig space, List<PlannedFix> fixes, List<Benchmark> benchmarks,
                      Function<Fix, Optional<String>> sqlCheck) {
        this.space = space;
        this.checks = new FixChecks(space);
        this.benchmarks = List.copyOf(benchmarks);
        this.sqlCheck = sqlCheck;
        this.order = List.copyOf(fixes);
        Set<String> ids = new HashSet<>();
        for (PlannedFix f : fixes) {
            if (!ids.add(f.id())) {
                throw new IllegalArgumentException("Fix ids must be unique within a plan; '" + f.id() + "' repeats");
            }
        }
    }

    /** The accepted fixes, the rejected ones with reasons, and the configuration with the accepted ones made. */
    public Result run() {
        mergeDuplicates();
        checkAgainstSpace();
        resolveContradictions();
        checkSql();
        guardLeakage();
        SpaceConfig edited = make();
        List<RejectedFix> rejected = new ArrayList<>();
        for (PlannedFix f : order) {
            if (reasons.containsKey(f.id())) {
                rejected.add(new RejectedFix(f, reasons.get(f.id())));
            }
        }
        return new Result(List.copyOf(surviving.values()), rejected, edited);
    }

    /**
     * What a review found.
     *
     * @param accepted the fixes that passed, in plan order
     * @param rejected the others with their reasons, in plan order
     * @param edited   the configuration with the accepted fixes made, normalised
     */
    public record Result(List<PlannedFix> accepted, List<RejectedFix> rejected, SpaceConfig edited) {
    }

    private void mergeDuplicates() {
        Map<String, PlannedFix> byIdentity = new LinkedHashMap<>();
        for (PlannedFix f : order) {
            PlannedFix first = byIdentity.get(identity(f.fix()));
            if (first == null) {
                byIdentity.put(identity(f.fix()), f);
                surviving.put(f.id(), f);
                continue;
            }
            Set<String> ids = new LinkedHashSet<>(first.benchmarkIds());
            ids.addAll(f.benchmarkIds());
            String rationale = first.rationale().isBlank() ? f.rationale() : first.rationale();
            PlannedFix merged = new PlannedFix(first.id(), first.fix(), rationale, List.copyOf(ids));
            surviving.put(first.id(), merged);
            byIdentity.put(identity(f.fix()), merged);
            reasons.put(f.id(), "duplicate of " + first.id() + ", merged into it");
        }
    }

    private void checkAgainstSpace() {
        Set<String> removed = surviving.values().stream().filter(f -> FixEdits.phase(f.fix()) == 0)
                .flatMap(f -> targets(f.fix()).stream()).collect(Collectors.toSet());
        for (PlannedFix f : List.copyOf(surviving.values())) {
            boolean replaces = targets(f.fix()).stream().anyMatch(removed::contains);
            checks.check(f.fix(), replaces).ifPresent(reason -> reject(f, reason));
        }
    }

    /**
     * Two additions of one item: the later is refused. A removal and an addition of one item replace it, unless the
     * addition equals what is removed (then neither is kept, as together they change nothing). Two replacements
     * of the general instructions: the later is refused.
     */
    private void resolveContradictions() {
        Map<String, PlannedFix> adders = new HashMap<>();
        for (PlannedFix f : List.copyOf(surviving.values())) {
            if (FixEdits.phase(f.fix()) == 0) {
                continue;
            }
            for (String target : conflictTargets(f.fix())) {
                PlannedFix earlier = adders.putIfAbsent(target, f);
                if (earlier != null && surviving.containsKey(f.id())) {
                    reject(f, "conflicts with " + earlier.id() + ", which changes " + target + " differently");
                }
            }
        }
        for (PlannedFix removal : List.copyOf(surviving.values())) {
            if (FixEdits.phase(removal.fix()) != 0) {
                continue;
            }
            for (String target : targets(removal.fix())) {
                PlannedFix addition = adders.get(target);
                if (addition == null || !surviving.containsKey(addition.id())) {
                    continue;
                }
                if (removal.fix() instanceof Fix.MetadataDelete d) {
                    reject(removal, d.synonym().isPresent()
                            ? "contradicts " + addition.id() + ", which adds the same synonym"
                            : "redundant: " + addition.id() + " sets a new description");
                } else if (restores(removal.fix(), addition.fix())) {
                    reject(removal, "contradicts " + addition.id() + ", which adds " + target
                            + " back unchanged; together they change nothing");
                    reject(addition, "contradicts " + removal.id() + ", which removes " + target
                            + "; adding it back unchanged changes nothing");
                }
            }
        }
    }

    private void checkSql() {
        for (PlannedFix f : List.copyOf(surviving.values())) {
            sqlCheck.apply(f.fix()).ifPresent(reason -> reject(f, reason));
        }
    }

    /** Refuses a benchmark's expected SQL, or its question, copied into the configuration. */
    private void guardLeakage() {
        for (PlannedFix f : List.copyOf(surviving.values())) {
            for (Benchmark b : benchmarks) {
                Optional<String> leak = leak(f.fix(), b);
                if (leak.isPresent()) {
                    reject(f, "leakage: " + leak.get() + "; the configuration must teach patterns, not hold the "
                            + "answers the benchmarks measure");
                    break;
                }
            }
        }
    }

    private static Optional<String> leak(Fix fix, Benchmark b) {
        String expected = Texts.sqlKey(b.expectedSql());
        if (fix instanceof Fix.SampleQueryAdd f) {
            if (!expected.isEmpty() && Texts.sqlKey(f.sql()).equals(expected)) {
                return Optional.of("the example's SQL is benchmark " + b.id() + "'s expected SQL verbatim");
            }
            if (Texts.key(f.question()).equals(Texts.key(b.question()))) {
                return Optional.of("the example asks benchmark " + b.id() + "'s question");
            }
        } else if (fix instanceof Fix.InstructionFix f && !expected.isEmpty()
                && Texts.sqlKey(f.text()).contains(expected)) {
            return Optional.of("the instructions would quote benchmark " + b.id() + "'s expected SQL");
        }
        return Optional.empty();
    }

    /** Makes the surviving fixes, removals first; refuses one that changes nothing or breaks the API's rules. */
    private SpaceConfig make() {
        Set<String> known = messages(space.normalized().validate());
        SpaceConfig current = space;
        List<PlannedFix> inPhaseOrder = surviving.values().stream()
                .sorted(Comparator.comparingInt(f -> FixEdits.phase(f.fix()))).toList();
        for (PlannedFix f : inPhaseOrder) {
            SpaceConfig next;
            try {
                next = f.fix().applyTo(current);
            } catch (IllegalArgumentException e) {
                reject(f, e.getMessage());
                continue;
            }
            if (next.equals(current)) {
                reject(f, "changes nothing: the configuration already has it");
                continue;
            }
            Set<String> broken = messages(next.normalized().validate());
            broken.removeAll(known);
            if (!broken.isEmpty()) {
                reject(f, "would break the Genie API's rules: " + String.join("; ", broken));
                continue;
            }
            current = next;
        }
        return current.normalized();
    }

    private void reject(PlannedFix f, String reason) {
        if (surviving.remove(f.id()) != null || !reasons.containsKey(f.id())) {
            reasons.put(f.id(), reason);
        }
    }

    private static Set<String> messages(List<SpaceViolation> violations) {
        // Paths carry array indexes that shift as items are added, so violations compare by message.
        return violations.stream().map(SpaceViolation::message).collect(Collectors.toCollection(HashSet::new));
    }

    /** Whether adding {@code addition} after {@code removal} would restore what the removal takes away. */
    private boolean restores(Fix removal, Fix addition) {
        if (removal instanceof Fix.JoinSpecDelete && addition instanceof Fix.JoinSpecAdd a) {
            return space.joinSpecs().stream().filter(j -> j.connects(a.leftTable(), a.rightTable()))
                    .anyMatch(j -> Texts.key(j.condition().replace("`", "")).equals(Texts.key(a.condition()
                            .replace("`", ""))) && j.relationship().equals(Optional.of(a.relationship())));
        } else if (removal instanceof Fix.SqlSnippetDelete d && addition instanceof Fix.SqlSnippetAdd a) {
            return space.snippets(d.kind()).stream().filter(s -> s.isNamed(d.name()))
                    .anyMatch(s -> Texts.sqlKey(s.sql()).equals(Texts.sqlKey(a.sql())));
        } else if (removal instanceof Fix.SampleQueryDelete && addition instanceof Fix.SampleQueryAdd a) {
            return checks.example(a.question()).map(e -> Texts.sqlKey(e.sql()).equals(Texts.sqlKey(a.sql())))
                    .orElse(false);
        }
        return false;
    }

    /**
     * The items a fix removes or adds, as keys that match between a removal and an addition of the same item:
     * {@code join a|b}, {@code measure snippet 'name'}, {@code example 'question'}, {@code description of t.c},
     * {@code synonym 's' of t.c}.
     */
    static Set<String> targets(Fix fix) {
        Set<String> keys = new LinkedHashSet<>();
        if (fix instanceof Fix.JoinSpecDelete f) {
            keys.add(join(f.leftTable(), f.rightTable()));
        } else if (fix instanceof Fix.JoinSpecAdd f) {
            keys.add(join(f.leftTable(), f.rightTable()));
        } else if (fix instanceof Fix.SqlSnippetDelete f) {
            keys.add(snippet(f.kind().wireName(), f.name()));
        } else if (fix instanceof Fix.SqlSnippetAdd f) {
            keys.add(snippet(f.kind().wireName(), f.displayName()));
            if (!f.alias().isBlank()) {
                keys.add(snippet(f.kind().wireName(), f.alias()));
            }
        } else if (fix instanceof Fix.SampleQueryDelete f) {
            keys.add(example(f.question()));
        } else if (fix instanceof Fix.SampleQueryAdd f) {
            keys.add(example(f.question()));
        } else if (fix instanceof Fix.MetadataDelete f) {
            keys.add(f.synonym().map(s -> synonym(f.table(), f.column(), s))
                    .orElseGet(() -> description(f.table(), f.column())));
        } else if (fix instanceof Fix.MetadataAdd f) {
            f.description().ifPresent(d -> keys.add(description(f.table(), f.column())));
            f.synonyms().forEach(s -> keys.add(synonym(f.table(), f.column(), s)));
        } else if (fix instanceof Fix.InstructionFix f && f.replace()) {
            keys.add("the general instructions");
        }
        return keys;
    }

    /** The targets on which two additions conflict: synonyms may be added twice, descriptions not. */
    private static Set<String> conflictTargets(Fix fix) {
        Set<String> keys = targets(fix);
        if (fix instanceof Fix.MetadataAdd) {
            keys.removeIf(k -> k.startsWith("synonym "));
        }
        return keys;
    }

    private static String join(String a, String b) {
        String x = Texts.tableKey(a);
        String y = Texts.tableKey(b);
        return "the join spec between " + (x.compareTo(y) <= 0 ? x + " and " + y : y + " and " + x);
    }

    private static String snippet(String kind, String name) {
        return "the " + kind + " snippet '" + Texts.key(name) + "'";
    }

    private static String example(String question) {
        return "the example '" + Texts.key(question) + "'";
    }

    private static String description(String table, Optional<String> column) {
        return "the description of " + Texts.tableKey(table) + column.map(c -> "." + c.strip().toLowerCase(
                java.util.Locale.ROOT)).orElse("");
    }

    private static String synonym(String table, Optional<String> column, String synonym) {
        return "the synonym '" + Texts.key(synonym) + "' of " + Texts.tableKey(table)
                + column.map(c -> "." + c.strip().toLowerCase(java.util.Locale.ROOT)).orElse("");
    }

    /** A key under which two fixes that would make the same change are equal. */
    private static String identity(Fix fix) {
        if (fix instanceof Fix.InstructionFix f) {
            return "instruction " + f.replace() + " " + Texts.key(f.text());
        } else if (fix instanceof Fix.JoinSpecAdd f) {
            return "add " + join(f.leftTable(), f.rightTable()) + " " + Texts.key(f.condition().replace("`", ""))
                    + " " + f.relationship();
        } else if (fix instanceof Fix.SqlSnippetAdd f) {
            return "add " + snippet(f.kind().wireName(), f.displayName()) + " " + Texts.key(f.alias()) + " "
                    + Texts.sqlKey(f.sql()) + " " + f.synonyms().stream().map(Texts::key).sorted().toList() + " "
                    + Texts.key(f.instruction());
        } else if (fix instanceof Fix.MetadataAdd f) {
            return "add " + description(f.table(), f.column()) + " " + f.description().map(Texts::key) + " "
                    + f.synonyms().stream().map(Texts::key).sorted().toList();
        } else if (fix instanceof Fix.SampleQueryAdd f) {
            return "add " + example(f.question()) + " " + Texts.sqlKey(f.sql()) + " " + Texts.key(f.usageGuidance());
        }
        return "remove " + Objects.requireNonNull(targets(fix).stream().findFirst().orElse(fix.toString()));
    }
}
