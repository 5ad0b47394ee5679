package io.github.genieenhancer.scoring.internal;

import io.github.genieenhancer.core.GenieApiException;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.genie.ErrorGroup;
import io.github.genieenhancer.genie.GenieAnswer;
import io.github.genieenhancer.genie.GenieError;
import io.github.genieenhancer.genie.QueryResult;
import io.github.genieenhancer.genie.SqlExecutionException;
import io.github.genieenhancer.genie.SqlExecutor;
import io.github.genieenhancer.genie.SqlQuery;
import io.github.genieenhancer.scoring.Comparison;
import io.github.genieenhancer.scoring.Judge;
import io.github.genieenhancer.scoring.ResultComparator;
import io.github.genieenhancer.scoring.ResultOrder;
import io.github.genieenhancer.scoring.ResultTable;
import io.github.genieenhancer.scoring.internal.ExpectedResults.Expected;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Genie's answer to one benchmark question into a {@link QuestionResult}: the verdict rules shared by every
 * scorer. Infrastructure and permission failures, transient failures that outlived the client's asks again, and
 * benchmarks whose expected SQL fails, are excluded from the accuracy; Genie's own failures, its timeouts and
 * cancellations count as errors; a text answer is {@code NO_SQL}; SQL answers are compared.
 */
public final class AnswerScorer {
    private static final Logger LOG = LoggerFactory.getLogger(AnswerScorer.class);
    private static final int MAX_TEXT = 300;
    private static final String TIMED_OUT = "TIMED_OUT";

    private final ResultComparator comparator;
    private final SqlExecutor sql;
    private final Optional<Judge> judge;
    private final Clock clock;
    private final Map<String, ResultOrder> orders = new ConcurrentHashMap<>();

    /**
     * Creates a scorer of answers.
     *
     * @param sql runs Genie's SQL when its answer came without a result
     */
    public AnswerScorer(ResultComparator comparator, SqlExecutor sql, Optional<Judge> judge, Clock clock) {
        this.comparator = comparator;
        this.sql = sql;
        this.judge = judge;
        this.clock = clock;
    }

    /** The result of a benchmark that cannot be scored because it has no expected SQL. */
    public static QuestionResult withoutExpectedSql(Benchmark benchmark) {
        return result(benchmark, Optional.empty(), Verdict.EXCLUDED, ReasonCode.MISSING_EXPECTED_SQL,
                "The benchmark has no expected SQL, so it cannot be scored; Genie was not asked.", List.of(),
                Duration.ZERO, Duration.ZERO, Optional.empty(), Optional.empty());
    }

    /**
     * Scores one answer.
     *
     * @return the result, or empty when the answer was aborted (the run was cancelled): no verdict is recorded, so
     *         a resumed run asks again
     */
    public Optional<QuestionResult> score(Benchmark benchmark, GenieAnswer answer, Expected expected) {
        return switch (answer.status()) {
            case ABORTED -> Optional.empty();
            case COMPLETED -> Optional.of(expected.failure().isPresent() ? expectedFailed(benchmark, answer, expected)
                    : completed(benchmark, answer, expected));
            default -> Optional.of(expected.failure().isPresent() ? expectedFailed(benchmark, answer, expected)
                    : failed(benchmark, answer, expected));
        };
    }

    private QuestionResult completed(Benchmark benchmark, GenieAnswer answer, Expected expected) {
        if (answer.sql().isEmpty()) {
            String text = answer.text().map(AnswerScorer::shorten).orElse("");
            return result(benchmark, answer, expected, Verdict.NO_SQL, ReasonCode.TEXT_ANSWER,
                    text.isEmpty() ? "Genie answered without SQL." : "Genie answered without SQL: \"" + text + "\"",
                    List.of(), Duration.ZERO, Optional.empty());
        }
        String genieSql = answer.sql().get();
        if (normalise(genieSql).equals(normalise(benchmark.expectedSql()))) {
            return result(benchmark, answer, expected, Verdict.CORRECT, ReasonCode.RESULT_MATCH,
                    "Genie's SQL is the expected SQL.", List.of("IDENTICAL_SQL: rated correct without comparing "
                            + "results, as Databricks' benchmarks do"), Duration.ZERO, Optional.empty());
        }
        Instant start = clock.instant();
        QueryResult genieResult;
        if (answer.result().isPresent()) {
            genieResult = answer.result().get();
        } else {
            Optional<GenieError> error = answer.error();
            if (error.isPresent()) {
                boolean timedOut = error.get().type().equals(TIMED_OUT);
                boolean infrastructure = !timedOut && excluded(error.get().group());
                return result(benchmark, answer, expected, infrastructure ? Verdict.EXCLUDED : Verdict.ERROR,
                        infrastructure ? ReasonCode.INFRASTRUCTURE
                                : timedOut ? ReasonCode.TIMEOUT : ReasonCode.GENIE_SQL_FAILED,
                        "Genie's SQL has no result: " + describe(error.get()), List.of(), Duration.ZERO,
                        Optional.empty());
            }
            try {
                // The client was told not to fetch Genie's result: run its SQL on the warehouse instead.
                genieResult = sql.execute(SqlQuery.of(SqlScanner.stripTrailingSemicolons(genieSql)).withRowLimit(
                        Math.max(1, comparator.policy().rowCap())));
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                boolean infrastructure = e instanceof SqlExecutionException failed ? excluded(failed.group())
                        : e instanceof GenieApiException;
                return result(benchmark, answer, expected, infrastructure ? Verdict.EXCLUDED : Verdict.ERROR,
                        infrastructure ? ReasonCode.INFRASTRUCTURE : ReasonCode.GENIE_SQL_FAILED,
                        "Genie's SQL failed on the warehouse: " + shorten(e.getMessage()), List.of(),
                        Duration.between(start, clock.instant()), Optional.empty());
            }
        }
        ResultOrder order = orders.computeIfAbsent(benchmark.expectedSql(), comparator::orderOf);
        Comparison comparison = comparator.compare(order, ResultTable.of(expected.result().orElseThrow()),
                ResultTable.of(genieResult));
        QuestionResult scored = result(benchmark, answer, expected, comparison.verdict(), comparison.reason(),
                comparison.explanation(), comparison.notes(), Duration.between(start, clock.instant()),
                Optional.of(comparison.actualDigest()));
        return scored.verdict() == Verdict.INCORRECT ? judged(scored) : scored;
    }

    /**
     * A timeout or a cancellation is Genie not answering the question: an error that counts, whatever group the
     * client gave it. Only infrastructure and permission failures, and transient ones still failing after the
     * client asked again, leave the denominator.
     */
    private QuestionResult failed(Benchmark benchmark, GenieAnswer answer, Expected expected) {
        GenieError error = answer.error().orElse(GenieError.of(ErrorGroup.CONFIGURATION, answer.status().name(),
                "Genie's answer ended " + answer.status()));
        ReasonCode reason = switch (answer.status()) {
            case CANCELLED -> ReasonCode.GENIE_CANCELLED;
            case TIMED_OUT -> ReasonCode.TIMEOUT;
            default -> excluded(error.group()) ? ReasonCode.INFRASTRUCTURE : ReasonCode.GENIE_FAILED;
        };
        if (reason == ReasonCode.INFRASTRUCTURE) {
            String asks = answer.earlierErrors().isEmpty() ? ""
                    : "; still failing after " + (answer.earlierErrors().size() + 1) + " asks";
            return result(benchmark, answer, expected, Verdict.EXCLUDED, ReasonCode.INFRASTRUCTURE,
                    "Not a failure of the space: " + describe(error) + asks, List.of(), Duration.ZERO,
                    Optional.empty());
        }
        return result(benchmark, answer, expected, Verdict.ERROR, reason, "Genie's answer "
                + answer.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": "
                + describe(error), List.of(), Duration.ZERO, Optional.empty());
    }

    private QuestionResult expectedFailed(Benchmark benchmark, GenieAnswer answer, Expected expected) {
        return result(benchmark, answer, expected, Verdict.EXCLUDED, ReasonCode.EXPECTED_SQL_FAILED,
                expectedFailure(expected), List.of(), Duration.ZERO, Optional.empty());
    }

    /** The result of a question whose Genie request failed even after retries (nothing the space can fix). */
    public static QuestionResult requestFailed(Benchmark benchmark, RuntimeException failure, Expected expected) {
        return result(benchmark, Optional.empty(), Verdict.EXCLUDED, ReasonCode.INFRASTRUCTURE,
                "Asking Genie failed: " + shorten(failure.getMessage()), List.of(), Duration.ZERO,
                expected.elapsed(), Optional.empty(), Optional.empty());
    }

    /** The result of a benchmark whose expected SQL failed, when Genie was not asked. */
    public static QuestionResult expectedFailedUnasked(Benchmark benchmark, Expected expected) {
        return result(benchmark, Optional.empty(), Verdict.EXCLUDED, ReasonCode.EXPECTED_SQL_FAILED,
                expectedFailure(expected) + " Genie was not asked.", List.of(), Duration.ZERO, expected.elapsed(),
                Optional.empty(), Optional.empty());
    }

    private static String expectedFailure(Expected expected) {
        return "The expected SQL failed, so an answer cannot be judged: "
                + shorten(expected.failure().orElseThrow().getMessage()) + ".";
    }

    /** Asks the judge about an incorrect result; it may flag the result for review, never pass it. */
    private QuestionResult judged(QuestionResult incorrect) {
        if (judge.isEmpty()) {
            return incorrect;
        }
        Optional<String> rationale;
        try {
            rationale = judge.get().review(incorrect);
        } catch (RuntimeException e) {
            LOG.warn("The judge failed on benchmark {}; the result stays INCORRECT", incorrect.benchmarkId(), e);
            return withNotes(incorrect, incorrect.verdict(), incorrect.reason(), incorrect.explanation(),
                    "JUDGE_FAILED: " + shorten(String.valueOf(e.getMessage())));
        }
        if (rationale.isEmpty() || rationale.get().isBlank()) {
            return incorrect;
        }
        return withNotes(incorrect, Verdict.NEEDS_REVIEW, ReasonCode.JUDGE_REVIEW,
                incorrect.explanation() + " The judge asks for a review: " + rationale.get().strip(),
                "COMPARISON_REASON: " + incorrect.reason());
    }

    private static QuestionResult withNotes(QuestionResult r, Verdict verdict, ReasonCode reason, String explanation,
                                            String note) {
        List<String> notes = new ArrayList<>(r.notes());
        notes.add(note);
        return new QuestionResult(r.benchmarkId(), r.question(), r.expectedSql(), r.genieSql(), verdict, reason,
                explanation, notes, r.genieTime(), r.sqlTime(), r.resultDigest(), r.conversationId());
    }

    private static QuestionResult result(Benchmark benchmark, GenieAnswer answer, Expected expected, Verdict verdict,
                                         ReasonCode reason, String explanation, List<String> notes,
                                         Duration extraSqlTime, Optional<String> digest) {
        List<String> all = notes;
        if (!answer.earlierErrors().isEmpty()) {
            all = new ArrayList<>(notes);
            all.add("ASKED_AGAIN: asked " + (answer.earlierErrors().size() + 1) + " times; earlier asks failed with "
                    + String.join(", ", answer.earlierErrors().stream().map(GenieError::type).toList()));
        }
        return result(benchmark, answer.sql(), verdict, reason, explanation, all, answer.timings().total(),
                expected.elapsed().plus(extraSqlTime), digest, answer.conversationId());
    }

    private static QuestionResult result(Benchmark benchmark, Optional<String> genieSql, Verdict verdict,
                                         ReasonCode reason, String explanation, List<String> notes,
                                         Duration genieTime, Duration sqlTime, Optional<String> digest,
                                         Optional<String> conversationId) {
        return new QuestionResult(benchmark.id(), benchmark.question(), benchmark.expectedSql(), genieSql, verdict,
                reason, explanation, notes, genieTime, sqlTime, digest, conversationId);
    }

    /** Rate limits and network trouble after the asks again, warehouses, permissions: nothing the space can fix. */
    private static boolean excluded(ErrorGroup group) {
        return group == ErrorGroup.INFRASTRUCTURE || group == ErrorGroup.RETRYABLE;
    }

    private static String describe(GenieError error) {
        return error.type() + (error.message().isBlank() ? "" : " (" + shorten(error.message()) + ")");
    }

    private static String normalise(String sql) {
        return SqlScanner.stripTrailingSemicolons(sql).strip().replaceAll("\\s+", " ");
    }

    private static String shorten(String text) {
        String line = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return line.length() > MAX_TEXT ? line.substring(0, MAX_TEXT) + "…" : line;
    }
}
