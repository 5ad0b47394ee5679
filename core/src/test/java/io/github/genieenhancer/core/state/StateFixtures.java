package io.github.genieenhancer.core.state;

import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.fix.RejectedFix;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.core.space.RelationshipType;
import io.github.genieenhancer.core.space.SnippetKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Realistic values to store, shared by the contract test, the crash test and its child process. */
public final class StateFixtures {

    /** A fixed instant with nanoseconds, so time precision is part of every round trip. */
    public static final Instant T0 = Instant.parse("2026-03-01T09:15:30.123456789Z");

    /**
     * A {@code serialized_space} text as the API returns it: escaped and literal non-ASCII (Korean, emoji), escaped
     * quotes and backslashes, tabs, a CRLF, trailing spaces and unusual key order. A snapshot must keep it exactly.
     */
    public static final String SPACE_JSON = "{\n  \"version\": 2,\n  \"data_sources\": {\"tables\": [{\"identifier\": "
            + "\"sandbox.kpi.daily\", \"description\": [\"\\uc774 \\ud14c\\uc774\\ube14\",\n"
            + "      \"일간 활성 사용자 🚀\"],\n"
            + "    \"column_configs\": [{\"column_name\": \"event_date\",\t\"enable_format_assistance\": true}]}]},\r\n"
            + "  \"instructions\": {\"text_instructions\": [{\"id\": \"01f0aa00000000000000000000000001\", "
            + "\"content\": [\"Use \\\"active_user\\\" for DAU; path C:\\\\data\\\\kpi \"]}]},   \n"
            + "  \"zz_unknown\": {\"nested\": [1, 2.50, -0.0, 1e400, null]}\n}\n";

    private StateFixtures() {
    }

    /** A new session created at {@code createdAt}. */
    public static SessionRecord session(String id, Instant createdAt) {
        return SessionRecord.create(id, "01ef0000space", Map.of("warehouseId", "abc123", "applyMode", "CLONE",
                "targetAccuracy", "0.9"), createdAt);
    }

    /** A correct or failed result whose content derives from the benchmark id and a revision number. */
    public static QuestionResult result(String benchmarkId, int revision) {
        boolean correct = revision % 2 == 0;
        return new QuestionResult(benchmarkId, "How many active users on " + benchmarkId + "? (r" + revision + ")",
                "SELECT count(DISTINCT user_id) FROM sandbox.kpi.daily WHERE id = '" + benchmarkId + "'",
                correct ? Optional.of("SELECT count(DISTINCT user_id) FROM sandbox.kpi.daily") : Optional.empty(),
                correct ? Verdict.CORRECT : Verdict.NO_SQL, correct ? ReasonCode.RESULT_MATCH : ReasonCode.TEXT_ANSWER,
                correct ? "" : "Genie asked: which game?", correct ? List.of() : List.of("clarification asked"),
                Duration.ofMillis(4200 + revision), Duration.ofNanos(1_500_000_123L),
                Optional.of("sha256:" + Integer.toHexString((benchmarkId + revision).hashCode())),
                Optional.of("conv-" + benchmarkId));
    }

    /** A report over a few results. */
    public static ScoreReport report(String runId, int size) {
        List<QuestionResult> results = new java.util.ArrayList<>();
        for (int i = 0; i < size; i++) {
            results.add(result(runId + "-q" + i, i));
        }
        return new ScoreReport(runId, "01ef0000space", "etag-" + runId, T0, T0.plusSeconds(95), results);
    }

    /** A plan with every kind of fix, so the polymorphic types must round-trip. */
    public static EnhancementPlan planWithEveryFixKind(String planId, String sourceRunId) {
        List<Fix> fixes = List.of(
                new Fix.InstructionFix("Revenue means cash_revenue in KRW.", false),
                new Fix.JoinSpecDelete("sandbox.kpi.daily", "sandbox.kpi.users"),
                new Fix.JoinSpecAdd("sandbox.kpi.daily", "sandbox.kpi.users", "daily.user_id = users.id",
                        RelationshipType.MANY_TO_ONE, "Join to get the user's country"),
                new Fix.SqlSnippetDelete(SnippetKind.MEASURE, "old_dau"),
                new Fix.SqlSnippetAdd(SnippetKind.FILTER, "Korea only", "", "daily.country_code = 'KR'",
                        List.of("domestic", "국내"), ""),
                new Fix.MetadataDelete("sandbox.kpi.daily", Optional.of("device"), Optional.of("gadget")),
                new Fix.MetadataAdd("sandbox.kpi.daily", Optional.empty(), Optional.of("Daily KPI summary"),
                        List.of()),
                new Fix.SampleQueryDelete("What was DAU yesterday?"),
                new Fix.SampleQueryAdd("DAU per day last week", "SELECT event_date, sum(active_user) FROM "
                        + "sandbox.kpi.daily GROUP BY event_date", "Use for daily trends"));
        List<PlannedFix> planned = new java.util.ArrayList<>();
        for (int i = 0; i < fixes.size(); i++) {
            planned.add(new PlannedFix("fix-" + i, fixes.get(i), "because question q" + i + " failed",
                    List.of("q" + i, "q" + (i + 10))));
        }
        RejectedFix rejected = new RejectedFix(new PlannedFix("fix-x",
                new Fix.SampleQueryAdd("Bad", "DELETE FROM t", ""), "", List.of()), "SQL is not read-only");
        return new EnhancementPlan(planId, sourceRunId, T0.plusSeconds(120), planned, List.of(rejected));
    }

    /** A snapshot of {@link #SPACE_JSON}. */
    public static SpaceSnapshot snapshot(String id, String sessionId, Instant takenAt) {
        return new SpaceSnapshot(id, sessionId, "01ef0000space", takenAt, Optional.of("etag-" + id), SPACE_JSON);
    }

    /** An event carrying its writer and number, so tests can check order per writer. */
    public static StateEvent event(String sessionId, String writer, int n) {
        return new StateEvent(sessionId, T0.plusMillis(n), "question_scored", "Scored question " + n + " ✓",
                Map.of("writer", writer, "n", Integer.toString(n)));
    }

    /** An iteration record. */
    public static IterationRecord iteration(String sessionId, int number, Optional<Double> accuracyAfter) {
        return new IterationRecord(sessionId, number, "run-" + number, Optional.of("plan-" + number),
                Optional.of("snap-" + number), accuracyAfter.map(a -> "run-" + number + "-validation"), 0.5,
                accuracyAfter, accuracyAfter.map(a -> a > 0.5), T0.plusSeconds(number));
    }
}
