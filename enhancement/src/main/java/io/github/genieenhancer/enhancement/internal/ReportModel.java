package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.fix.ApplyResult;
import io.github.genieenhancer.core.fix.FixCategory;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.fix.RejectedFix;
import io.github.genieenhancer.core.progress.Stage;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.core.space.SpaceDiff;
import io.github.genieenhancer.enhancement.IterationResult;
import io.github.genieenhancer.enhancement.SessionHistory;
import io.github.genieenhancer.enhancement.StageStats;
import io.github.genieenhancer.scoring.SideBySide;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The figures of an enhancement report, derived once from a session's history so that every format shows the same:
 * the accuracy at each point of the session (the first baseline, then each validation), each question's story,
 * failures broken down, every fix with its fate, the diff of each kept iteration, the cost of each stage and the
 * disagreements with Databricks' eval runs.
 *
 * @param history       the session
 * @param points        the first baseline, then each iteration's validation, in order
 * @param finalPoint    the index in {@code points} of the configuration the session ended with (-1 before a score)
 * @param iterations    one row per iteration
 * @param questions     each benchmark's story, in benchmark order
 * @param byReason      failures per reason code, a cell per point
 * @param byCategory    failures per benchmark category and difficulty, a cell per point
 * @param fixes         every fix proposed, in iteration and plan order
 * @param byFixCategory the fixes and the failures they addressed, per fix category
 * @param diffs         the space configuration diff of each kept iteration
 * @param stages        each stage's cost in each iteration (empty when not recorded)
 * @param stageTotals   each stage's cost over the session (empty when not recorded)
 * @param evalRuns      the library's verdicts next to Databricks' eval run, per run that has one
 */
public record ReportModel(SessionHistory history, List<Point> points, int finalPoint, List<IterationRow> iterations,
                          List<QuestionStory> questions, List<Breakdown> byReason, List<Breakdown> byCategory,
                          List<FixRow> fixes, List<FixCategoryRow> byFixCategory, List<IterationDiff> diffs,
                          List<StageRow> stages, List<StageRow> stageTotals, List<EvalRunView> evalRuns) {

    /** The model of a session's history. */
    public static ReportModel of(SessionHistory history) {
        return new Builder(history).build();
    }

    /** The configuration the session ended with, once scored. */
    public Optional<Point> last() {
        return finalPoint < 0 ? Optional.empty() : Optional.of(points.get(finalPoint));
    }

    /** The label of each point, for the columns of the breakdowns and the stories. */
    public List<String> pointLabels() {
        return points.stream().map(Point::label).toList();
    }

    /** An accuracy as a percentage with one decimal. */
    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /**
     * An accuracy over a set of questions.
     *
     * @param correct correct answers
     * @param counted answers counted (not excluded)
     * @param total   questions asked
     */
    public record Subset(long correct, long counted, long total) {
        static Subset of(ScoreReport report, Predicate<String> benchmarkIds) {
            List<QuestionResult> results = report.results().stream().filter(r -> benchmarkIds.test(r.benchmarkId()))
                    .toList();
            return new Subset(results.stream().filter(QuestionResult::isCorrect).count(),
                    results.stream().filter(r -> r.verdict().counted()).count(), results.size());
        }

        /** Correct over counted; 0 when none counted. */
        public double accuracy() {
            return counted == 0 ? 0 : (double) correct / counted;
        }

        /** Counted over asked; 1 when none was asked. */
        public double coverage() {
            return total == 0 ? 1 : (double) counted / total;
        }

        /** E.g. {@code 62.5% over 40 of 42 questions}. */
        public String text() {
            return percent(accuracy()) + " over " + counted + " of " + total + " questions";
        }
    }

    /**
     * One scored configuration.
     *
     * @param label     e.g. {@code start} or {@code iteration 2}
     * @param iteration the iteration it was scored in
     * @param runId     the score run
     * @param tuning    the accuracy on the tuning benchmarks
     * @param heldOut   the accuracy on the held-out benchmarks, when there are some
     * @param decision  {@code baseline}, {@code kept}, {@code rolled back}
     * @param mixed     whether the space was edited while the run was scored
     */
    public record Point(String label, int iteration, String runId, Subset tuning, Optional<Subset> heldOut,
                        String decision, boolean mixed) {
        /** The held-out accuracy's text, or a dash. */
        public String heldOutText() {
            return heldOut.map(Subset::text).orElse("–");
        }
    }

    /**
     * One iteration.
     *
     * @param iteration    1-based
     * @param before       the baseline's configuration
     * @param after        the validation's, once validated
     * @param decision     kept, rolled back, or where it stands
     * @param paired       the comparison on the questions counted in both runs, when validated
     * @param proposed     fixes proposed (validated and rejected)
     * @param applied      fixes applied
     * @param failedCalls  LLM calls of the planning that gave no usable answer
     */
    public record IterationRow(int iteration, Point before, Optional<Point> after, String decision, String paired,
                               int proposed, int applied, int failedCalls) {
        /** The validation's tuning accuracy, or a dash. */
        public String tuningAfter() {
            return after.map(p -> p.tuning().text()).orElse("–");
        }

        /** The validation's held-out accuracy, or a dash. */
        public String heldOutAfter() {
            return after.map(Point::heldOutText).orElse("–");
        }
    }

    /** What happened to a question between the first baseline and the configuration the session ended with. */
    public enum Story {
        /** Wrong at the start, right at the end. */
        FIXED,
        /** Right at the start, wrong at the end. */
        REGRESSED,
        /** Wrong at the start and at the end. */
        STILL_FAILING,
        /** Right at the start and at the end. */
        STILL_PASSING,
        /** Excluded or not asked at the start or at the end. */
        NOT_COUNTED;

        /** E.g. {@code still failing}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * A question across the session.
     *
     * @param benchmarkId the benchmark
     * @param question    its question
     * @param set         {@code tuning} or {@code held-out}
     * @param category    its category, or {@code (none)}
     * @param difficulty  its difficulty tag, or {@code (none)}
     * @param story       what happened to it
     * @param verdicts    its verdict at each point ({@code not asked} when absent)
     * @param failure     its result at the end, when that is a failure: expected and Genie SQL, explanation
     */
    public record QuestionStory(String benchmarkId, String question, String set, String category, String difficulty,
                                Story story, List<String> verdicts, Optional<QuestionResult> failure) {
    }

    /**
     * One row of a breakdown.
     *
     * @param key   the reason code, or the category and difficulty
     * @param cells a cell per point
     */
    public record Breakdown(String key, List<String> cells) {
    }

    /**
     * One fix proposed.
     *
     * @param iteration  the iteration that proposed it
     * @param fixId      its id within the plan
     * @param category   its category's wire name
     * @param rationale  why it was proposed
     * @param addresses  the failing benchmarks it addresses
     * @param validation {@code validated}, or {@code rejected: } and the reason
     * @param applied    whether it was written to the space
     * @param outcome    {@code kept}, {@code rolled back}, {@code not applied}, ...
     * @param section    the section of the configuration it edits
     * @param content    what it adds or removes, line by line
     */
    public record FixRow(int iteration, String fixId, String category, String rationale, List<String> addresses,
                         String validation, boolean applied, String outcome, String section,
                         List<DiffLine> content) {
        /** The addressed benchmarks, comma-separated. */
        public String addressesText() {
            return String.join(", ", addresses);
        }
    }

    /**
     * The fixes of one category over the session.
     *
     * @param category  the wire name
     * @param proposed  fixes proposed
     * @param rejected  of them rejected
     * @param applied   of them applied
     * @param kept      of them kept
     * @param addressed distinct failing questions they addressed
     * @param fixed     of those, questions fixed by the end
     */
    public record FixCategoryRow(String category, int proposed, int rejected, int applied, int kept, int addressed,
                                 int fixed) {
    }

    /** How a diff line reads. */
    public enum DiffKind {
        /** Added. */
        ADDED("+"),
        /** Removed. */
        REMOVED("-"),
        /** Changed in place. */
        CHANGED("~"),
        /** A comment between changed lines. */
        NOTE(" ");

        private final String sign;

        DiffKind(String sign) {
            this.sign = sign;
        }

        /** The sign in the diff's margin. */
        public String sign() {
            return sign;
        }

        /** The CSS class of its line. */
        public String css() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One line of a diff.
     *
     * @param kind how it reads
     * @param text its text
     */
    public record DiffLine(DiffKind kind, String text) {
        /** The line as in a unified diff, e.g. {@code + SELECT 1}. */
        public String unified() {
            return kind.sign() + " " + text;
        }
    }

    /**
     * The changes to one section of the configuration.
     *
     * @param section the JSON path of the section, e.g. {@code instructions.join_specs}
     * @param lines   the changed items, then the content of the fixes applied to it
     */
    public record DiffSection(String section, List<DiffLine> lines) {
    }

    /**
     * What one kept iteration changed.
     *
     * @param iteration  the iteration
     * @param snapshotId the snapshot of the configuration before it, for a rollback
     * @param sections   the sections changed
     */
    public record IterationDiff(int iteration, String snapshotId, List<DiffSection> sections) {
    }

    /**
     * One stage's cost.
     *
     * @param iteration        the iteration, or {@code all} for a total
     * @param stage            the stage
     * @param time             its wall time
     * @param llmCalls         LLM calls made
     * @param promptTokens     their prompt tokens
     * @param completionTokens their completion tokens
     */
    public record StageRow(String iteration, String stage, String time, int llmCalls, long promptTokens,
                           long completionTokens) {
    }

    /**
     * One run next to Databricks' eval run of the same space.
     *
     * @param runId         the library's run
     * @param agreement     the share of questions both counted on which they agree
     * @param compared      questions both counted
     * @param disagreements the questions they disagree on
     */
    public record EvalRunView(String runId, String agreement, long compared, List<Disagreement> disagreements) {
    }

    /**
     * A question the two scorers disagree on.
     *
     * @param benchmarkId the benchmark
     * @param question    its question
     * @param library     the library's verdict and reason
     * @param databricks  the eval run's verdict and reason
     */
    public record Disagreement(String benchmarkId, String question, String library, String databricks) {
    }

    /** Derives the model. */
    private static final class Builder {
        private final SessionHistory history;
        private final Set<String> heldOut;
        private final List<Point> points = new ArrayList<>();
        private final List<ScoreReport> runs = new ArrayList<>();
        private int finalPoint = -1;

        Builder(SessionHistory history) {
            this.history = history;
            this.heldOut = history.heldOutIds();
        }

        ReportModel build() {
            List<IterationRow> rows = new ArrayList<>();
            for (IterationResult i : history.iterations()) {
                if (points.isEmpty()) {
                    finalPoint = addPoint("start", i.iteration(), i.baseline(), "baseline");
                }
                Point before = points.get(finalPoint);
                Optional<Point> after = Optional.empty();
                if (i.validation().isPresent()) {
                    int index = addPoint("iteration " + i.iteration(), i.iteration(), i.validation().get(),
                            i.kept() ? "kept" : "rolled back");
                    after = Optional.of(points.get(index));
                    if (i.kept()) {
                        finalPoint = index;
                    }
                }
                rows.add(new IterationRow(i.iteration(), before, after, decision(i), i.paired().map(p ->
                        percent(p.accuracyBefore()) + " -> " + percent(p.accuracyAfter()) + " on the " + p.paired()
                                + " questions counted in both").orElse("–"),
                        i.plan().map(p -> p.fixes().size() + p.rejected().size()).orElse(0),
                        i.applied().map(a -> a.applied().size()).orElse(0), i.failedCalls().size()));
            }
            List<QuestionStory> questions = history.benchmarks().benchmarks().stream().map(this::story).toList();
            List<FixRow> fixes = fixes();
            return new ReportModel(history, points, finalPoint, rows, questions, byReason(), byCategory(), fixes,
                    byFixCategory(fixes, questions), diffs(), stages(), stageTotals(), evalRuns());
        }

        private int addPoint(String label, int iteration, ScoreReport run, String decision) {
            points.add(new Point(label, iteration, run.runId(), Subset.of(run, id -> !heldOut.contains(id)),
                    heldOut.isEmpty() ? Optional.empty() : Optional.of(Subset.of(run, heldOut::contains)), decision,
                    run.mixedVersions()));
            runs.add(run);
            return points.size() - 1;
        }

        private String decision(IterationResult i) {
            if (i.validation().isPresent()) {
                return i.kept() ? "kept" : "rolled back";
            }
            if (i.applied().isPresent()) {
                return "applied, not validated yet";
            }
            return i.plan().map(p -> p.isEmpty() ? "no fix to apply" : "planned, not applied").orElse("scored");
        }

        private QuestionStory story(Benchmark benchmark) {
            String id = benchmark.id();
            List<String> verdicts = runs.stream().map(r -> r.result(id).map(q -> verdict(q.verdict()))
                    .orElse("not asked")).toList();
            Optional<QuestionResult> first = runs.isEmpty() ? Optional.empty() : runs.get(0).result(id);
            Optional<QuestionResult> last = finalPoint < 0 ? Optional.empty() : runs.get(finalPoint).result(id);
            Story story;
            if (first.filter(r -> r.verdict().counted()).isEmpty() || last.filter(r -> r.verdict().counted())
                    .isEmpty()) {
                story = Story.NOT_COUNTED;
            } else if (first.get().isCorrect()) {
                story = last.get().isCorrect() ? Story.STILL_PASSING : Story.REGRESSED;
            } else {
                story = last.get().isCorrect() ? Story.FIXED : Story.STILL_FAILING;
            }
            return new QuestionStory(id, benchmark.question(), heldOut.contains(id) ? "held-out" : "tuning",
                    benchmark.category().orElse("(none)"), benchmark.tags().getOrDefault("difficulty", "(none)"),
                    story, verdicts, last.filter(r -> !r.isCorrect() && r.verdict() != Verdict.EXCLUDED));
        }

        private static String verdict(Verdict verdict) {
            return verdict.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }

        private List<Breakdown> byReason() {
            Map<ReasonCode, List<String>> rows = new EnumMap<>(ReasonCode.class);
            for (ScoreReport run : runs) {
                run.failures().forEach(f -> rows.computeIfAbsent(f.reason(), r -> new ArrayList<>()));
            }
            return rows.keySet().stream().map(reason -> new Breakdown(reason.name(), runs.stream()
                    .map(run -> Long.toString(run.failures().stream().filter(f -> f.reason() == reason).count()))
                    .toList())).toList();
        }

        private List<Breakdown> byCategory() {
            Map<String, Set<String>> groups = new LinkedHashMap<>();
            for (Benchmark b : history.benchmarks().benchmarks()) {
                groups.computeIfAbsent(b.category().orElse("(none)") + " / "
                        + b.tags().getOrDefault("difficulty", "(none)"), k -> new LinkedHashSet<>()).add(b.id());
            }
            return groups.entrySet().stream().map(group -> new Breakdown(group.getKey(), runs.stream().map(run -> {
                long failures = run.failures().stream().filter(f -> group.getValue().contains(f.benchmarkId()))
                        .count();
                long counted = run.results().stream().filter(r -> group.getValue().contains(r.benchmarkId())
                        && r.verdict().counted()).count();
                return failures + " of " + counted;
            }).toList())).toList();
        }

        private List<FixRow> fixes() {
            List<FixRow> rows = new ArrayList<>();
            for (IterationResult i : history.iterations()) {
                if (i.plan().isEmpty()) {
                    continue;
                }
                Set<String> applied = new LinkedHashSet<>();
                Map<String, String> refused = new LinkedHashMap<>();
                i.applied().ifPresent(a -> {
                    a.applied().forEach(f -> applied.add(f.id()));
                    a.rejected().forEach(r -> refused.put(r.fix().id(), r.reason()));
                });
                for (PlannedFix fix : i.plan().get().fixes()) {
                    String validation = refused.containsKey(fix.id()) ? "refused at apply: " + refused.get(fix.id())
                            : "validated";
                    rows.add(row(i, fix, validation, applied.contains(fix.id())));
                }
                for (RejectedFix rejected : i.plan().get().rejected()) {
                    rows.add(row(i, rejected.fix(), "rejected: " + rejected.reason(), false));
                }
            }
            return rows;
        }

        private FixRow row(IterationResult i, PlannedFix fix, String validation, boolean applied) {
            String outcome;
            if (!applied) {
                outcome = "not applied";
            } else if (i.validation().isPresent()) {
                outcome = i.kept() ? "kept" : "rolled back";
            } else {
                outcome = "applied, not validated yet";
            }
            FixText text = FixText.of(fix.fix());
            return new FixRow(i.iteration(), fix.id(), fix.category().wireName(), fix.rationale(), fix.benchmarkIds(),
                    validation, applied, outcome, text.section(), text.lines());
        }

        private static List<FixCategoryRow> byFixCategory(List<FixRow> fixes, List<QuestionStory> questions) {
            Set<String> fixed = new LinkedHashSet<>();
            questions.stream().filter(q -> q.story() == Story.FIXED).forEach(q -> fixed.add(q.benchmarkId()));
            List<FixCategoryRow> rows = new ArrayList<>();
            for (FixCategory category : FixCategory.values()) {
                List<FixRow> of = fixes.stream().filter(f -> f.category().equals(category.wireName())).toList();
                if (of.isEmpty()) {
                    continue;
                }
                Set<String> addressed = new LinkedHashSet<>();
                of.forEach(f -> addressed.addAll(f.addresses()));
                rows.add(new FixCategoryRow(category.wireName(), of.size(),
                        (int) of.stream().filter(f -> !f.validation().equals("validated")).count(),
                        (int) of.stream().filter(FixRow::applied).count(),
                        (int) of.stream().filter(f -> f.outcome().equals("kept")).count(), addressed.size(),
                        (int) addressed.stream().filter(fixed::contains).count()));
            }
            return rows;
        }

        private List<IterationDiff> diffs() {
            List<IterationDiff> diffs = new ArrayList<>();
            for (IterationResult i : history.iterations()) {
                if (i.kept() && i.applied().isPresent()) {
                    diffs.add(diff(i.iteration(), i.applied().get()));
                }
            }
            return diffs;
        }

        /** The changed items by section, then under its section each applied fix's content. */
        private static IterationDiff diff(int iteration, ApplyResult applied) {
            Map<String, List<DiffLine>> sections = new LinkedHashMap<>();
            for (SpaceDiff.Change change : applied.diff().changes()) {
                DiffKind kind = switch (change.kind()) {
                    case ADDED -> DiffKind.ADDED;
                    case REMOVED -> DiffKind.REMOVED;
                    case CHANGED -> DiffKind.CHANGED;
                };
                sections.computeIfAbsent(change.section().isEmpty() ? "(top level)" : change.section(),
                        s -> new ArrayList<>()).add(new DiffLine(kind, change.key()
                        + (change.summary().isEmpty() ? "" : ": " + change.summary())));
            }
            for (PlannedFix fix : applied.applied()) {
                FixText text = FixText.of(fix.fix());
                List<DiffLine> lines = sections.computeIfAbsent(text.section(), s -> new ArrayList<>());
                lines.add(new DiffLine(DiffKind.NOTE, "fix " + fix.id() + " (" + fix.category().wireName() + "):"));
                lines.addAll(text.lines());
            }
            return new IterationDiff(iteration, applied.snapshotId(), sections.entrySet().stream()
                    .map(e -> new DiffSection(e.getKey(), e.getValue())).toList());
        }

        private List<StageRow> stages() {
            return history.stageStats().stream().map(s -> new StageRow(Integer.toString(s.iteration()),
                    stage(s.stage()), time(s.elapsed()), s.llmCalls(), s.tokens().promptTokens(),
                    s.tokens().completionTokens())).toList();
        }

        private List<StageRow> stageTotals() {
            List<StageRow> totals = new ArrayList<>();
            for (Stage stage : Stage.values()) {
                List<StageStats> of = history.stageStats().stream().filter(s -> s.stage() == stage).toList();
                if (!of.isEmpty()) {
                    totals.add(new StageRow("all", stage(stage), time(of.stream().map(StageStats::elapsed)
                            .reduce(Duration.ZERO, Duration::plus)), of.stream().mapToInt(StageStats::llmCalls).sum(),
                            of.stream().mapToLong(s -> s.tokens().promptTokens()).sum(),
                            of.stream().mapToLong(s -> s.tokens().completionTokens()).sum()));
                }
            }
            return totals;
        }

        private static String stage(Stage stage) {
            return stage.name().toLowerCase(Locale.ROOT);
        }

        private static String time(Duration d) {
            long seconds = d.toSeconds();
            return seconds >= 60 ? seconds / 60 + " min " + seconds % 60 + " s"
                    : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }

        private List<EvalRunView> evalRuns() {
            List<EvalRunView> views = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (ScoreReport run : runs) {
                ScoreReport eval = history.evalRuns().get(run.runId());
                if (eval == null || !seen.add(run.runId())) {
                    continue;
                }
                SideBySide sides = SideBySide.of("library", run, "Databricks eval run", eval);
                views.add(new EvalRunView(run.runId(), percent(sides.agreement()),
                        sides.rows().stream().filter(SideBySide.Row::comparable).count(),
                        sides.disagreements().stream().map(r -> new Disagreement(r.benchmarkId(), r.question(),
                                scored(r.left()), scored(r.right()))).toList()));
            }
            return views;
        }

        private static String scored(Optional<QuestionResult> result) {
            return result.map(r -> verdict(r.verdict()) + " (" + r.reason() + ")").orElse("not scored");
        }
    }
}
