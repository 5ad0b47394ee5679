package io.github.genieenhancer.scoring;

import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ScoreReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Two scorers' verdicts on the same benchmarks, question by question: typically this library's comparator and
 * Databricks' own eval run, to see where they disagree before trusting either.
 *
 * @param leftName  the first scorer's name, e.g. "local"
 * @param rightName the second scorer's name, e.g. "Databricks eval run"
 * @param rows      one row per benchmark scored by either side, in the left report's order, then the right's
 */
public record SideBySide(String leftName, String rightName, List<Row> rows) {

    /** Validates and copies the components. */
    public SideBySide {
        Objects.requireNonNull(leftName, "leftName");
        Objects.requireNonNull(rightName, "rightName");
        rows = List.copyOf(rows);
    }

    /**
     * One benchmark's results from both scorers.
     *
     * @param benchmarkId the benchmark
     * @param question    its question
     * @param left        the left scorer's result, when it scored this benchmark
     * @param right       the right scorer's result, when it scored this benchmark
     */
    public record Row(String benchmarkId, String question, Optional<QuestionResult> left,
                      Optional<QuestionResult> right) {
        /** Validates the components. */
        public Row {
            Objects.requireNonNull(benchmarkId, "benchmarkId");
            Objects.requireNonNull(question, "question");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        /** Whether both scorers counted it (scored it and did not exclude it). */
        public boolean comparable() {
            return left.filter(r -> r.verdict().counted()).isPresent()
                    && right.filter(r -> r.verdict().counted()).isPresent();
        }

        /** Whether both counted it and agree on correct versus not correct. */
        public boolean agree() {
            return comparable() && left.get().isCorrect() == right.get().isCorrect();
        }
    }

    /** Pairs two reports' results by benchmark id. */
    public static SideBySide of(String leftName, ScoreReport left, String rightName, ScoreReport right) {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (QuestionResult result : left.results()) {
            rows.put(result.benchmarkId(), new Row(result.benchmarkId(), result.question(), Optional.of(result),
                    right.result(result.benchmarkId())));
        }
        for (QuestionResult result : right.results()) {
            rows.putIfAbsent(result.benchmarkId(), new Row(result.benchmarkId(), result.question(),
                    Optional.empty(), Optional.of(result)));
        }
        return new SideBySide(leftName, rightName, new ArrayList<>(rows.values()));
    }

    /** The share of benchmarks counted by both on which they agree; 1 when none was counted by both. */
    public double agreement() {
        long both = rows.stream().filter(Row::comparable).count();
        return both == 0 ? 1.0 : (double) rows.stream().filter(Row::agree).count() / both;
    }

    /** The rows counted by both on which they disagree. */
    public List<Row> disagreements() {
        return rows.stream().filter(r -> r.comparable() && !r.agree()).toList();
    }
}
