package io.github.genieenhancer.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark eval runs (Beta API): each run asks the local Genie every benchmark question stored in the space and
 * rates the answer by comparing result sets the way Databricks' chat-mode rules describe (rows as a multiset,
 * numbers to 4 significant digits, extra columns bad, empty results bad).
 */
public final class EvalRunService {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final GenieService genie;
    private final SpaceStore spaces;
    private final Warehouse warehouse;
    private final ExecutorService executor;
    private final Clock clock;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1);

    private static final class Run {
        final String id;
        final String spaceId;
        final long created;
        final List<ObjectNode> details = new ArrayList<>();
        volatile String status = "RUNNING";
        volatile int total;
        volatile long updated;

        Run(String id, String spaceId, long created) {
            this.id = id;
            this.spaceId = spaceId;
            this.created = created;
            this.updated = created;
        }
    }

    /** Creates the service. */
    public EvalRunService(GenieService genie, SpaceStore spaces, Warehouse warehouse, ExecutorService executor,
                          Clock clock) {
        this.genie = genie;
        this.spaces = spaces;
        this.warehouse = warehouse;
        this.executor = executor;
        this.clock = clock;
    }

    /** {@code POST .../eval-runs}: starts a run over the given benchmark ids, or all when none are given. */
    public ObjectNode create(String spaceId, List<String> questionIds) {
        JsonNode config = spaces.get(spaceId).config();
        List<JsonNode> questions = new ArrayList<>();
        for (JsonNode q : config.path("benchmarks").path("questions")) {
            if (questionIds.isEmpty() || questionIds.contains(q.path("id").asText())) {
                questions.add(q);
            }
        }
        for (String id : questionIds) {
            if (questions.stream().noneMatch(q -> q.path("id").asText().equals(id))) {
                throw ApiError.invalid("Benchmark question " + id + " does not exist in space " + spaceId + ".");
            }
        }
        Run run = new Run(String.format(Locale.ROOT, "01f0e7a1%024x", ids.getAndIncrement()), spaceId, clock.millis());
        run.total = questions.size();
        runs.put(run.id, run);
        SpaceModel model = genie.model(spaceId);
        AtomicInteger remaining = new AtomicInteger(questions.size());
        if (questions.isEmpty()) {
            run.status = "DONE";
        }
        for (JsonNode q : questions) {
            executor.submit(() -> {
                ObjectNode detail = evaluate(run, q, model);
                synchronized (run.details) {
                    run.details.add(detail);
                    run.details.sort(Comparator.comparing(d -> d.path("benchmark_question_id").asText()));
                }
                run.updated = clock.millis();
                if (remaining.decrementAndGet() == 0) {
                    run.status = "DONE";
                }
            });
        }
        return runJson(run);
    }

    /** {@code GET .../eval-runs/{id}}. */
    public ObjectNode get(String spaceId, String runId) {
        return runJson(run(spaceId, runId));
    }

    /** {@code GET .../eval-runs}. */
    public ObjectNode list(String spaceId) {
        ObjectNode n = MAPPER.createObjectNode();
        ArrayNode list = n.putArray("eval_runs");
        runs.values().stream().filter(r -> r.spaceId.equals(spaceId)).forEach(r -> list.add(runJson(r)));
        return n;
    }

    /** {@code GET .../eval-runs/{id}/results}. */
    public ObjectNode results(String spaceId, String runId) {
        Run run = run(spaceId, runId);
        ObjectNode n = MAPPER.createObjectNode();
        ArrayNode list = n.putArray("eval_results");
        synchronized (run.details) {
            for (ObjectNode d : run.details) {
                list.addObject().put("result_id", d.path("result_id").asText()).put("space_id", spaceId)
                        .put("benchmark_question_id", d.path("benchmark_question_id").asText())
                        .put("status", "DONE").put("question", d.path("question").asText())
                        .put("benchmark_answer", d.path("expected_response").path(0).path("response").asText())
                        .put("created_by_user", GenieService.USER_ID);
            }
        }
        return n;
    }

    /** {@code GET .../eval-runs/{id}/results/{result id}}. */
    public ObjectNode details(String spaceId, String runId, String resultId) {
        Run run = run(spaceId, runId);
        synchronized (run.details) {
            for (ObjectNode d : run.details) {
                if (d.path("result_id").asText().equals(resultId)) {
                    return d;
                }
            }
        }
        throw ApiError.notFound("Eval result " + resultId + " does not exist.");
    }

    private ObjectNode evaluate(Run run, JsonNode question, SpaceModel model) {
        String text = String.join("", SpaceValidator.texts(question.path("question")));
        String expectedSql = String.join("", SpaceValidator.texts(question.path("answer").path(0).path("content")));
        ObjectNode d = MAPPER.createObjectNode();
        d.put("result_id", run.id.substring(0, 16) + question.path("id").asText().substring(16))
                .put("space_id", run.spaceId).put("benchmark_question_id", question.path("id").asText())
                .put("question", text).put("eval_run_status", "DONE").put("manual_assessment", false);
        ArrayNode reasons = d.putArray("assessment_reasons");
        GenieEngine.Answer answer = GenieEngine.answer(text, model);
        d.putArray("expected_response").addObject().put("response", expectedSql).put("response_type", "SQL");
        ArrayNode actual = d.putArray("actual_response");
        Optional<Warehouse.Result> expected = run(expectedSql);
        if (answer.sql().isEmpty()) {
            actual.addObject().put("response", answer.text()).put("response_type", "TEXT");
            d.put("assessment", "NEEDS_REVIEW");
            return d;
        }
        actual.addObject().put("response", answer.sql().get()).put("response_type", "SQL");
        Optional<Warehouse.Result> got = run(answer.sql().get());
        String reason = compare(expected, got);
        if (reason.isEmpty()) {
            d.put("assessment", "GOOD");
        } else {
            d.put("assessment", "BAD");
            reasons.add(reason);
        }
        return d;
    }

    private Optional<Warehouse.Result> run(String sql) {
        try {
            return Optional.of(warehouse.query(sql, GenieService.MAX_RESULT_ROWS));
        } catch (Warehouse.SqlFailure e) {
            return Optional.empty();
        }
    }

    /** The Databricks score reason of a mismatch, or an empty string when the results agree. */
    static String compare(Optional<Warehouse.Result> expected, Optional<Warehouse.Result> actual) {
        if (expected.isEmpty() || expected.get().rows().isEmpty()) {
            return "EMPTY_GOOD_SQL";
        }
        if (actual.isEmpty() || actual.get().rows().isEmpty()) {
            return "EMPTY_RESULT";
        }
        Warehouse.Result e = expected.get();
        Warehouse.Result a = actual.get();
        if (a.columns().size() > e.columns().size()) {
            return "RESULT_EXTRA_COLUMNS";
        }
        if (a.columns().size() < e.columns().size()) {
            return "RESULT_MISSING_COLUMNS";
        }
        Map<List<String>, Integer> bag = new HashMap<>();
        e.rows().forEach(r -> bag.merge(normalise(r), 1, Integer::sum));
        for (List<String> row : a.rows()) {
            List<String> key = normalise(row);
            Integer n = bag.get(key);
            if (n == null) {
                return e.rows().size() == 1 && e.columns().size() == 1 ? "SINGLE_CELL_DIFFERENCE" : "RESULT_EXTRA_ROWS";
            }
            if (n == 1) {
                bag.remove(key);
            } else {
                bag.put(key, n - 1);
            }
        }
        return bag.isEmpty() ? "" : "RESULT_MISSING_ROWS";
    }

    private static List<String> normalise(List<String> row) {
        List<String> out = new ArrayList<>(row.size());
        for (String v : row) {
            if (v != null && v.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
                out.add(new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString());
            } else {
                out.add(v);
            }
        }
        return out;
    }

    private ObjectNode runJson(Run run) {
        int good = 0;
        int review = 0;
        int done;
        synchronized (run.details) {
            done = run.details.size();
            for (ObjectNode d : run.details) {
                good += d.path("assessment").asText().equals("GOOD") ? 1 : 0;
                review += d.path("assessment").asText().equals("NEEDS_REVIEW") ? 1 : 0;
            }
        }
        ObjectNode n = MAPPER.createObjectNode();
        n.put("eval_run_id", run.id).put("eval_run_status", run.status).put("run_by_user", GenieService.USER_ID)
                .put("created_timestamp", run.created).put("last_updated_timestamp", run.updated)
                .put("num_questions", run.total).put("num_correct", good).put("num_needs_review", review)
                .put("num_done", done);
        return n;
    }

    private Run run(String spaceId, String runId) {
        Run r = runs.get(runId);
        if (r == null || !r.spaceId.equals(spaceId)) {
            throw ApiError.notFound("Eval run " + runId + " does not exist in space " + spaceId + ".");
        }
        return r;
    }
}
