package io.github.genieenhancer.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.genieenhancer.core.GenieApiException;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.enhancement.EnhancementReport;
import io.github.genieenhancer.enhancement.EnhancementResult;
import io.github.genieenhancer.enhancement.EnhancementSession;
import io.github.genieenhancer.genie.RetryPolicy;
import io.github.genieenhancer.genie.SqlExecutor;
import io.github.genieenhancer.llm.LlmClient;
import io.github.genieenhancer.scoring.ScoreReports;
import io.github.genieenhancer.testkit.Endpoint;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that echoes the caller's token in the text it sends back: Genie's message errors and the error bodies
 * of Genie, the warehouse and the model endpoint. The token has no recognisable shape (like an opaque OAuth token),
 * so only knowing what was sent can mask it; it must reach no exception, no report in any format and no stored file.
 */
class SecretsEndToEndTest {
    private static final String TOKEN = "opaque-e2e-session-9b4f1d7c2e6a";
    private static final FastForward TIME = new FastForward();
    private static LocalWorkspace workspace;

    @TempDir
    Path stateDirectory;

    @TempDir
    Path reportDirectory;

    @BeforeAll
    static void start() {
        workspace = LocalWorkspace.builder().token(TOKEN).genieLatency(Duration.ofMillis(2), Duration.ofMillis(2))
                .statementLatency(Duration.ofMillis(1)).clock(TIME).start();
    }

    @AfterAll
    static void stop() {
        workspace.close();
    }

    @AfterEach
    void clearFaults() {
        workspace.faults().reset();
    }

    @Test
    void anEchoedTokenReachesNoReportFormatAndNoStoredFile() throws IOException {
        String space = LocalStack.sampleSpace(workspace, "Secrets");
        workspace.faults().failMessages(3, "CONTEXT_EXCEEDED_EXCEPTION", "Context exceeded for the request "
                        + "authorised by " + TOKEN)
                .serverErrors(Endpoint.SERVING_ENDPOINT, 1, 500, "Upstream refused token " + TOKEN);
        StateStore store = StateStore.directory(stateDirectory);
        // One attempt per model call: the one call that meets the error fails, whichever runs first.
        LlmClient oneAttempt = LocalStack.llm(workspace, TIME).newBuilder().maxAttempts(1).build();

        EnhancementResult result = LocalStack.session(workspace, space, store, ProgressListener.none(), TIME)
                .llm(oneAttempt).benchmarks(workspace.sampleBenchmarks()).maxIterations(1).build().run();

        // The echoes arrived where users read them: failed answers in the baseline, a failed model call.
        List<ScoreReport> runs = store.reports(result.sessionId());
        assertThat(runs.get(0).results()).filteredOn(r -> r.verdict() == Verdict.ERROR).hasSize(3)
                .allSatisfy(r -> assertThat(r.explanation()).contains("authorised by ***"));
        assertThat(store.events(result.sessionId())).anySatisfy(e ->
                assertThat(e.message()).contains("Upstream refused token ***"));
        // Every format of the baseline's report shows the failures' text, masked.
        List<Path> reports = ScoreReports.of(runs.get(0)).writeTo(reportDirectory);
        assertThat(reports).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
                "score-report.json", "score-report.md", "score-report.html", "TEST-genie-benchmarks.xml");
        for (Path report : reports) {
            assertThat(Files.readString(report)).as(report.toString()).contains("authorised by ***");
        }
        // And the session's enhancement report, made from the stored session.
        assertThat(EnhancementReport.of(EnhancementSession.history(store, result.sessionId()))
                .writeTo(reportDirectory)).hasSize(4);
        assertNoFileHoldsTheToken(reportDirectory);
        assertNoFileHoldsTheToken(stateDirectory);
    }

    @Test
    void anEchoedTokenReachesNoException() {
        String space = LocalStack.sampleSpace(workspace, "Secrets in exceptions");
        workspace.faults().serverErrors(Endpoint.START_CONVERSATION, 4, 503, "Busy; the request carried " + TOKEN);
        // Asked once, so the fourth 503 is the request's last failure rather than a reason to ask again.
        Throwable asking = catchThrowable(() -> LocalStack.genie(workspace.workspaceClient(), TIME)
                .reaskPolicy(RetryPolicy.none()).build().ask(space, "How many customers are there?"));
        workspace.faults().serverErrors(Endpoint.STATEMENTS, 4, 500, "The warehouse saw " + TOKEN);
        Throwable querying = catchThrowable(() -> SqlExecutor.builder(workspace.workspaceClient())
                .warehouseId(workspace.warehouseId()).sleeper(TIME).build().execute("SELECT 1"));
        workspace.faults().serverErrors(Endpoint.SERVING_ENDPOINT, 4, 500, "The gateway saw " + TOKEN);
        Throwable planning = catchThrowable(() -> LocalStack.llm(workspace, TIME).chat().user("Hello")
                .call(Reply.class));

        assertThat(List.of(asking, querying, planning)).allSatisfy(thrown -> {
            assertThat(thrown).isInstanceOf(GenieApiException.class).hasMessageContaining("***");
            assertThat(stackTrace(thrown)).doesNotContain(TOKEN);
        });
    }

    /** What the test asks the model for; the call fails before an answer is read. */
    record Reply(String text) {
    }

    private static void assertNoFileHoldsTheToken(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            List<Path> written = files.filter(Files::isRegularFile).toList();
            assertThat(written).isNotEmpty();
            for (Path file : written) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(TOKEN);
            }
        }
    }

    /** Everything a log line with the exception would show: messages and causes. */
    private static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
