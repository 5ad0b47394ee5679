package io.github.genieenhancer.examples.cli;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.service.iam.MeRequest;
import com.databricks.sdk.service.iam.User;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.genieenhancer.core.GenieApiException;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.secret.Redaction;
import io.github.genieenhancer.core.space.SampleQuestion;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.space.SpaceViolation;
import io.github.genieenhancer.genie.AnswerStatus;
import io.github.genieenhancer.genie.GenieAnswer;
import io.github.genieenhancer.genie.GenieClient;
import io.github.genieenhancer.genie.QueryResult;
import io.github.genieenhancer.genie.RetryPolicy;
import io.github.genieenhancer.genie.Space;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.llm.LlmClient;
import io.github.genieenhancer.llm.LlmResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code genie-enhancer doctor}: read-only checks of everything the enhancer needs on a workspace, one line each.
 * Every check runs even when an earlier one failed, unless it depends on it (then it is skipped, saying why). The
 * space's configuration is never written; the one question asked of Genie starts a conversation, which is deleted.
 */
@Command(name = "doctor", description = {"Checks, without changing the space, that the enhancer can work: "
        + "authentication and the identity used; the space is readable, its serialized_space parses, writes back "
        + "unchanged and is valid after normalisation; its benchmarks; the warehouse runs SELECT 1; the serving "
        + "endpoint answers a JSON-schema request; the space's conversations against the limit of 10,000; Genie "
        + "answers one question (its conversation is then deleted).",
    "One line per check: PASS, WARN, FAIL or SKIP, with the reason. Exit code 0 when nothing failed, "
        + ExitCodes.CHECKS_FAILED + " when a check failed."})
final class DoctorCommand implements Callable<Integer> {
    /** Conversations a Genie space holds at most. */
    static final int CONVERSATION_LIMIT = 10_000;
    /** From here on the conversation count is a warning. */
    static final int CONVERSATION_WARNING = 9_000;
    /** A check fails fast: one retry after about half a second, instead of the usual three. */
    private static final RetryPolicy QUICK = RetryPolicy.builder().maxAttempts(2)
            .backoff(Duration.ofMillis(500), Duration.ofSeconds(2)).build();
    private static final Duration GENIE_TIMEOUT = Duration.ofMinutes(5);
    private static final int MAX_VIOLATIONS_SHOWN = 3;
    private static final int TEXT_SHOWN = 80;
    /** Reads serialized_space independently of core, numbers exactly as written, to see what a round trip loses. */
    private static final JsonMapper EXACT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    @ParentCommand
    RootCommand root;

    @Mixin
    CommonOptions common;

    @Mixin
    WorkspaceOptions workspace;

    @Option(names = "--question", paramLabel = "TEXT", description = "The question Genie is asked. Default: the "
            + "first benchmark question, else the space's first sample question.")
    String question;

    /** A check's outcome. */
    enum Status { PASS, WARN, FAIL, SKIP }

    /** One line of the report. */
    record Check(String name, Status status, String detail) {
        String line() {
            return status + " " + name + ": " + detail;
        }
    }

    private final List<Check> checks = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();
    private Output output;

    @Override
    public Integer call() {
        output = root.output();
        Workspace ws;
        try {
            ws = workspace.openAsConfigured();
        } catch (GenieEnhancerException e) {
            report("auth", Status.FAIL, e.getMessage());
            withoutWorkspace("needs a workspace to connect to (see auth)");
            return summary();
        }
        try (ws) {
            run(ws);
        }
        return summary();
    }

    private void run(Workspace ws) {
        rememberSecrets(ws.client().config());
        if (!auth(ws)) {
            withoutWorkspace("needs a working login (see auth)");
            return;
        }
        Optional<Space> space = space(ws);
        if (space.isPresent()) {
            roundTrip(space.get());
            validation(space.get().config());
        } else {
            skipAll("needs the space's configuration (see space)", "round-trip", "validation");
        }
        Optional<BenchmarkSet> benchmarks = benchmarks(ws, space.isPresent());
        warehouse(ws);
        llm(ws);
        if (space.isPresent()) {
            GenieClient genie = ws.genieClientBuilder().retryPolicy(QUICK).questionTimeout(GENIE_TIMEOUT).build();
            conversations(genie, ws.spaceId());
            genie(genie, ws.spaceId(), questionToAsk(space.get().config(), benchmarks));
        } else {
            skipAll("needs a readable space (see space)", "conversations", "genie");
        }
    }

    // ---- the checks ----------------------------------------------------------------------------------------------

    private boolean auth(Workspace ws) {
        WorkspaceClient client = ws.client();
        try {
            User me = client.currentUser().me(new MeRequest());
            DatabricksConfig config = client.config();
            String name = Optional.ofNullable(me.getUserName()).orElse("(no user name)");
            String display = Optional.ofNullable(me.getDisplayName()).filter(d -> !d.equals(name))
                    .map(d -> d + ", ").orElse("");
            report("auth", Status.PASS, "authenticated as " + name + " (" + display + "id " + me.getId() + ") with "
                    + Optional.ofNullable(config.getAuthType()).orElse("unknown") + " auth at " + config.getHost()
                    + ws.localWorkspace().map(l -> " (the local stand-in)").orElse(""));
            return true;
        } catch (DatabricksError e) {
            report("auth", Status.FAIL, "the workspace refused to say who is logged in: HTTP " + e.getStatusCode()
                    + " " + e.getErrorCode() + ": " + e.getMessage() + "; check the token or profile");
        } catch (DatabricksException e) {
            report("auth", Status.FAIL, "cannot reach " + client.config().getHost() + ": " + e.getMessage());
        }
        return false;
    }

    private Optional<Space> space(Workspace ws) {
        if (ws.spaceId().isBlank()) {
            report("space", Status.FAIL, "no space given: pass --space-id or set GENIE_SPACE_ID");
            return Optional.empty();
        }
        try {
            Space space = SpaceApi.builder(ws.client()).retryPolicy(QUICK).build().get(ws.spaceId());
            SpaceConfig config = space.config();
            report("space", Status.PASS, "\"" + space.title() + "\" (" + space.spaceId() + ") is readable and its "
                    + count(space.serializedSpace().length(), "character") + " of serialized_space parse: "
                    + count(config.tables().size(), "table") + ", " + count(config.joinSpecs().size(), "join spec")
                    + ", " + count(config.snippets().size(), "SQL snippet") + ", "
                    + count(config.exampleSqls().size(), "example SQL")
                    + space.warehouseId().map(w -> "; Genie runs its SQL on warehouse " + w).orElse(""));
            return Optional.of(space);
        } catch (GenieEnhancerException e) {
            report("space", Status.FAIL, e.getMessage());
            return Optional.empty();
        }
    }

    /** The configuration as core writes it must hold every field and value of the text the API returned. */
    private void roundTrip(Space space) {
        try {
            JsonNode read = EXACT.readTree(space.serializedSpace());
            JsonNode written = EXACT.readTree(space.config().toJson());
            Optional<String> lost = firstDifference("", read, written);
            if (lost.isEmpty()) {
                report("round-trip", Status.PASS, "serialized_space writes back with every field and value unchanged");
            } else {
                report("round-trip", Status.FAIL, "writing serialized_space back would change it at " + lost.get()
                        + "; do not apply changes to this space and report it as a bug of Genie Enhancer");
            }
        } catch (JsonProcessingException e) {
            report("round-trip", Status.FAIL, "serialized_space is not strict JSON: " + e.getOriginalMessage());
        }
    }

    private void validation(SpaceConfig config) {
        SpaceConfig normal = config.normalized();
        List<String> problems = apiProblems(normal);
        if (problems.isEmpty()) {
            report("validation", Status.PASS, "valid after normalisation" + (normal.equals(config)
                    ? ", already in the order the API writes"
                    : "; normalising reorders or rewrites it, as every write of the enhancer does first"));
            return;
        }
        String shown = String.join("; ", problems.subList(0, Math.min(MAX_VIOLATIONS_SHOWN, problems.size())));
        int more = problems.size() - MAX_VIOLATIONS_SHOWN;
        report("validation", Status.FAIL, count(problems.size(), "problem") + " the API would refuse on the next "
                + "write, even after normalisation: " + shown + (more > 0 ? "; and " + more + " more" : "")
                + "; fix them in the Genie space editor first");
    }

    /** What the API would refuse; the one place this command reads the validation result. */
    private static List<String> apiProblems(SpaceConfig normal) {
        return normal.validate().stream().map(SpaceViolation::toString).toList();
    }

    private Optional<BenchmarkSet> benchmarks(Workspace ws, boolean spaceRead) {
        if (!spaceRead && workspace.benchmarksFile().isEmpty() && ws.localWorkspace().isEmpty()) {
            report("benchmarks", Status.SKIP, "needs the space's configuration (see space), or --benchmarks FILE");
            return Optional.empty();
        }
        try {
            BenchmarkSet set = ws.benchmarks();
            long withoutSql = set.benchmarks().stream().filter(b -> b.expectedSql().isBlank()).count();
            report("benchmarks", Status.PASS, count(set.size(), "benchmark question") + " in " + set.name()
                    + (withoutSql == 0 ? "" : " (" + withoutSql + " without expected SQL)"));
            return Optional.of(set);
        } catch (GenieEnhancerException e) {
            report("benchmarks", Status.FAIL, e.getMessage());
            return Optional.empty();
        }
    }

    /** Without a workspace only a benchmarks file can be checked; every other check is skipped. */
    private void withoutWorkspace(String reason) {
        skipAll(reason, "space", "round-trip", "validation");
        benchmarksFileOnly();
        skipAll(reason, "warehouse", "llm", "conversations", "genie");
    }

    private void benchmarksFileOnly() {
        if (workspace.benchmarksFile().isEmpty()) {
            report("benchmarks", Status.SKIP, "needs the space's configuration (see space), or --benchmarks FILE");
            return;
        }
        try {
            BenchmarkSet set = BenchmarkSet.load(workspace.benchmarksFile().get());
            report("benchmarks", Status.PASS, count(set.size(), "benchmark question") + " in " + set.name());
        } catch (GenieEnhancerException e) {
            report("benchmarks", Status.FAIL, e.getMessage());
        }
    }

    private void warehouse(Workspace ws) {
        if (ws.warehouseId().isBlank()) {
            report("warehouse", Status.FAIL, "no warehouse given: pass --warehouse-id or set GENIE_WAREHOUSE_ID");
            return;
        }
        long start = System.nanoTime();
        try {
            QueryResult result = ws.sqlExecutor().retryPolicy(QUICK).build().execute("SELECT 1 AS one");
            if (result.rows().equals(List.of(List.of("1")))) {
                report("warehouse", Status.PASS, ws.warehouseId() + " ran SELECT 1 in " + seconds(start));
            } else {
                report("warehouse", Status.FAIL, ws.warehouseId() + " answered SELECT 1 with " + result.rows());
            }
        } catch (GenieEnhancerException e) {
            report("warehouse", Status.FAIL, ws.warehouseId() + " cannot run SELECT 1: " + e.getMessage());
        }
    }

    /** What the serving endpoint is asked for: one value its schema allows, so any model can follow it. */
    record Readiness(Ready status) {
    }

    /** The only status the schema allows. */
    enum Ready { READY }

    private void llm(Workspace ws) {
        if (ws.llmEndpoint().isEmpty()) {
            report("llm", Status.FAIL, "no serving endpoint given: pass --llm-endpoint or set GENIE_LLM_ENDPOINT "
                    + "(score needs none; plan, apply, validate and run do)");
            return;
        }
        long start = System.nanoTime();
        try {
            LlmClient llm = ws.llm().newBuilder().maxAttempts(2).backoff(Duration.ofMillis(500), Duration.ofSeconds(2))
                    .maxReasks(1).timeout(Duration.ofMinutes(1)).build();
            LlmResponse<Readiness> answer = llm.chat().purpose("doctor")
                    .system("You answer health checks of genie-enhancer with JSON.")
                    .user("Reply with the JSON object {\"status\": \"READY\"}.")
                    .call(Readiness.class);
            report("llm", Status.PASS, "serving endpoint " + ws.llmEndpoint().get() + " answered a JSON-schema "
                    + "request in " + seconds(start) + " (model " + answer.model() + ", "
                    + count(answer.usage().totalTokens(), "token")
                    + (answer.attempts() > 1 ? ", " + answer.attempts() + " answers" : "") + ")");
        } catch (GenieEnhancerException e) {
            report("llm", Status.FAIL, "serving endpoint " + ws.llmEndpoint().get() + " did not answer a JSON-schema "
                    + "request: " + e.getMessage());
        }
    }

    private void conversations(GenieClient genie, String spaceId) {
        String whose = "every user's";
        long count;
        try {
            try {
                count = genie.countConversations(spaceId, true);
            } catch (GenieApiException e) {
                if (e.statusCode() != 403) {
                    throw e;
                }
                whose = "at least: your own (counting every user's needs CAN MANAGE on the space)";
                count = genie.countConversations(spaceId, false);
            }
        } catch (GenieEnhancerException e) {
            report("conversations", Status.FAIL, e.getMessage());
            return;
        }
        String counted = String.format(Locale.ROOT, "%,d of the %,d conversations a space holds (%s)", count,
                CONVERSATION_LIMIT, whose);
        if (count >= CONVERSATION_LIMIT) {
            report("conversations", Status.FAIL, counted + ": the space is full and may refuse new questions; "
                    + "delete old conversations");
        } else if (count >= CONVERSATION_WARNING) {
            report("conversations", Status.WARN, counted + ": nearly full; delete old conversations before scoring "
                    + "(each benchmark question starts one)");
        } else {
            report("conversations", Status.PASS, counted);
        }
    }

    private void genie(GenieClient genie, String spaceId, Optional<String> asked) {
        if (asked.isEmpty()) {
            report("genie", Status.SKIP, "no question to ask: the space has no benchmarks or sample questions; "
                    + "pass --question");
            return;
        }
        String quoted = "\"" + shorten(asked.get()) + "\"";
        GenieAnswer answer;
        try {
            answer = genie.ask(spaceId, asked.get());
        } catch (GenieEnhancerException e) {
            report("genie", Status.FAIL, "asking " + quoted + " failed: " + e.getMessage());
            return;
        }
        String cleanup = answer.conversationId().map(id -> deleted(genie, spaceId, id)).orElse("");
        String took = " in " + String.format(Locale.ROOT, "%.1f s", answer.timings().total().toMillis() / 1000.0);
        String why = answer.error().map(e -> e.type() + ": " + e.message()).orElse("no reason given");
        if (answer.status() != AnswerStatus.COMPLETED) {
            report("genie", Status.FAIL, "Genie did not answer " + quoted + ": " + answer.status() + ", " + why
                    + cleanup);
        } else if (answer.error().isPresent()) {
            report("genie", Status.FAIL, "Genie wrote SQL for " + quoted + " but its result could not be read: "
                    + why + cleanup);
        } else if (answer.hasSql()) {
            report("genie", Status.PASS, "Genie answered " + quoted + " with SQL" + answer.result()
                    .map(r -> " and a result of " + count(r.totalRowCount(), "row")).orElse("") + took + cleanup);
        } else {
            report("genie", Status.PASS, "Genie answered " + quoted + " in text (no SQL)" + took + ": \""
                    + shorten(answer.text().orElse("")) + "\"" + cleanup);
        }
    }

    private static String deleted(GenieClient genie, String spaceId, String conversationId) {
        try {
            genie.deleteConversation(spaceId, conversationId);
            return "; its conversation is deleted";
        } catch (GenieEnhancerException e) {
            return "; its conversation " + conversationId + " is left in the space (deleting it failed: "
                    + e.getMessage() + ")";
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private Optional<String> questionToAsk(SpaceConfig config, Optional<BenchmarkSet> benchmarks) {
        if (question != null && !question.isBlank()) {
            return Optional.of(question.strip());
        }
        return benchmarks.stream().flatMap(b -> b.benchmarks().stream()).map(b -> b.question()).findFirst()
                .or(() -> config.sampleQuestions().stream().map(SampleQuestion::question).findFirst());
    }

    /** The first JSON path where two trees differ, with both values; object key order is not a difference. */
    static Optional<String> firstDifference(String path, JsonNode before, JsonNode after) {
        if (before.equals(after)) {
            return Optional.empty();
        }
        if (before.isObject() && after.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = before.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (!after.has(field.getKey())) {
                    return Optional.of(at + " (dropped)");
                }
                Optional<String> inner = firstDifference(at, field.getValue(), after.get(field.getKey()));
                if (inner.isPresent()) {
                    return inner;
                }
            }
            for (Iterator<String> names = after.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!before.has(name)) {
                    return Optional.of((path.isEmpty() ? name : path + "." + name) + " (added)");
                }
            }
            return Optional.empty();
        }
        if (before.isArray() && after.isArray() && before.size() == after.size()) {
            for (int i = 0; i < before.size(); i++) {
                Optional<String> inner = firstDifference(path + "[" + i + "]", before.get(i), after.get(i));
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.of((path.isEmpty() ? "the top level" : path) + " (" + shorten(before.toString()) + " became "
                + shorten(after.toString()) + ")");
    }

    private void report(String name, Status status, String detail) {
        Check check = new Check(name, status, masked(detail.strip().replaceAll("\\s*\\R\\s*", " ")));
        checks.add(check);
        output.line(check.line());
    }

    private void skipAll(String reason, String... names) {
        for (String name : names) {
            report(name, Status.SKIP, reason);
        }
    }

    private int summary() {
        long failed = checks.stream().filter(c -> c.status() == Status.FAIL).count();
        long warned = checks.stream().filter(c -> c.status() == Status.WARN).count();
        long skipped = checks.stream().filter(c -> c.status() == Status.SKIP).count();
        List<String> failedNames = checks.stream().filter(c -> c.status() == Status.FAIL).map(Check::name).toList();
        String counts = (checks.size() - failed - warned - skipped) + " passed"
                + (warned > 0 ? ", " + warned + " warned" : "") + (failed > 0 ? ", " + failed + " failed ("
                + String.join(", ", failedNames) + ")" : "") + (skipped > 0 ? ", " + skipped + " skipped" : "");
        if (failed > 0) {
            output.line("doctor: " + counts + "; exit code " + ExitCodes.CHECKS_FAILED);
            return ExitCodes.CHECKS_FAILED;
        }
        output.line("doctor: " + counts + "; the enhancer can work with this space");
        return ExitCodes.OK;
    }

    /**
     * Remembers the credentials in use, so no line shows them even when a server echoes one back: the token,
     * secrets and password of the configuration, and the values of the headers it authenticates with.
     */
    private void rememberSecrets(DatabricksConfig config) {
        Stream.of(config.getToken(), config.getClientSecret(), config.getAzureClientSecret(), config.getPassword())
                .filter(s -> s != null && !s.isBlank()).forEach(secrets::add);
        try {
            config.authenticate().values().stream().map(v -> v.replaceFirst("(?i)^bearer\\s+", "").strip())
                    .filter(v -> !v.isBlank()).forEach(secrets::add);
        } catch (DatabricksException e) {
            // No credential could be had, so none can leak; the auth check reports why.
        }
    }

    private String masked(String text) {
        return Redaction.redact(text, secrets);
    }

    private static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    private static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private static String shorten(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= TEXT_SHOWN ? line : line.substring(0, TEXT_SHOWN - 3) + "...";
    }
}
