package io.github.genieenhancer.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.dashboards.EvaluationStatusType;
import com.databricks.sdk.service.dashboards.GenieCreateEvalRunRequest;
import com.databricks.sdk.service.dashboards.GenieEvalAssessment;
import com.databricks.sdk.service.dashboards.GenieEvalResult;
import com.databricks.sdk.service.dashboards.GenieEvalResultDetails;
import com.databricks.sdk.service.dashboards.GenieEvalRunResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genieenhancer.core.benchmark.Benchmark;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EvalRunTest {
    static LocalWorkspace ws;
    static WorkspaceClient client;

    @BeforeAll
    static void start() {
        ws = WorkspaceFixture.fast().start();
        client = ws.workspaceClient();
    }

    @AfterAll
    static void stop() {
        ws.close();
    }

    @Test
    void an_eval_run_rates_every_stored_benchmark_question() {
        ObjectNode config = ws.sampleSpaceConfig().toTree();
        ArrayNode questions = config.putObject("benchmarks").putArray("questions");
        int n = 0;
        for (Benchmark b : ws.sampleBenchmarks().benchmarks()) {
            ObjectNode q = questions.addObject().put("id", String.format(Locale.ROOT, "01f0b0%026x", ++n));
            q.putArray("question").add(b.question());
            ObjectNode answer = q.putArray("answer").addObject().put("format", "SQL");
            answer.putArray("content").add(b.expectedSql());
        }
        String spaceId = Sdk.createSpace(client, ws.warehouseId(), config.toString());

        GenieEvalRunResponse run = Sdk.awaitEvalRun(client, spaceId,
                client.genie().genieCreateEvalRun(new GenieCreateEvalRunRequest().setSpaceId(spaceId)));

        assertThat(run.getEvalRunStatus()).isEqualTo(EvaluationStatusType.DONE);
        assertThat(run.getNumQuestions()).isEqualTo((long) ws.sampleBenchmarks().size());
        assertThat(run.getNumDone()).isEqualTo(run.getNumQuestions());
        assertThat((double) run.getNumCorrect() / run.getNumQuestions()).isBetween(0.30, 0.50);
        List<GenieEvalResult> results = new ArrayList<>(client.genie().genieListEvalResults(spaceId, run.getEvalRunId())
                .getEvalResults());
        assertThat(results).hasSize(ws.sampleBenchmarks().size());
        List<GenieEvalAssessment> assessments = new ArrayList<>();
        for (GenieEvalResult r : results) {
            GenieEvalResultDetails d = client.genie().genieGetEvalResultDetails(spaceId, run.getEvalRunId(), r.getResultId());
            assessments.add(d.getAssessment());
            if (d.getAssessment() == GenieEvalAssessment.BAD) {
                assertThat(d.getAssessmentReasons()).isNotEmpty();
            }
        }
        assertThat(assessments.stream().filter(a -> a == GenieEvalAssessment.GOOD).count()).isEqualTo(run.getNumCorrect());
    }
}
