package io.github.genieenhancer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genie-enhancer doctor --local} in process, against the local stand-in it starts. The checks against a
 * workspace found through the SDK's environment, with faults, are in {@code DoctorJarTest}.
 */
class DoctorCommandTest {
    private static final String FAST = "--local-latency=5";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyCheckPassesOnTheLocalStandIn() {
        CliRun run = CliRun.of("doctor", "--local", FAST);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines().map(l -> l.substring(0, l.indexOf(':')))).containsExactly("PASS auth",
                "PASS space", "PASS round-trip", "PASS validation", "PASS benchmarks", "PASS warehouse", "PASS llm",
                "PASS conversations", "PASS genie", "doctor");
        assertThat(run.out()).contains("PASS auth: authenticated as local@localworkspace (Local User, id 4206660001) "
                        + "with pat auth at http://127.0.0.1:", " (the local stand-in)",
                "PASS benchmarks: 42 benchmark questions in LocalWorkspace sample benchmarks",
                "PASS genie: Genie answered \"How many customers are there?\" with SQL and a result of 1 row in ",
                "doctor: 9 passed; the enhancer can work with this space");
        assertThat(run.out()).doesNotContain("dapi-localworkspace");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void genieMayAnswerTheQuestionGivenInText() {
        CliRun run = CliRun.of("doctor", "--local", FAST, "--question",
                "How many returns were there for Electronics products?");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("PASS genie: Genie answered \"How many returns were there for Electronics "
                + "products?\" in text (no SQL) in ", "Which column links them?", "its conversation is deleted");
    }

    @Test
    void aMalformedBenchmarksFileFailsItsCheckNamingTheLineAndGenieIsAskedASampleQuestion() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                - id: one
                  question: How many customers are there?
                """);

        CliRun run = CliRun.of("doctor", "--local", FAST, "--benchmarks", file.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.CHECKS_FAILED);
        assertThat(run.out()).contains("FAIL benchmarks: ", "bad.yaml:1", "expected_sql",
                "PASS genie: Genie answered \"What is the total revenue by region?\"",
                "doctor: 8 passed, 1 failed (benchmarks); exit code 6");
    }

    @Test
    void theRoundTripNamesTheFirstPathThatWouldChange() throws Exception {
        JsonNode read = JSON.readTree("""
                {"version": 2, "config": {"sample_questions": [{"id": "a", "question": ["q"]}]}, "extra": 1.50}
                """);

        assertThat(DoctorCommand.firstDifference("", read, read.deepCopy())).isEmpty();
        assertThat(DoctorCommand.firstDifference("", read, JSON.readTree("""
                {"extra": 1.50, "config": {"sample_questions": [{"id": "a", "question": ["q"]}]}, "version": 2}
                """))).as("key order is not a difference").isEmpty();
        assertThat(DoctorCommand.firstDifference("", read, JSON.readTree("""
                {"version": 2, "config": {"sample_questions": [{"id": "a", "question": ["Q"]}]}, "extra": 1.50}
                """))).contains("config.sample_questions[0].question[0] (\"q\" became \"Q\")");
        assertThat(DoctorCommand.firstDifference("", read, JSON.readTree("""
                {"version": 2, "config": {"sample_questions": [{"id": "a", "question": ["q"]}]}}
                """))).contains("extra (dropped)");
        assertThat(DoctorCommand.firstDifference("", read, JSON.readTree("""
                {"version": 2, "config": {"sample_questions": [{"id": "a", "question": ["q"]}]}, "extra": 1.50,
                 "new": true}
                """))).contains("new (added)");
        assertThat(DoctorCommand.firstDifference("", read, JSON.readTree("""
                {"version": 2, "config": {"sample_questions": []}, "extra": 1.50}
                """))).contains("config.sample_questions ([{\"id\":\"a\",\"question\":[\"q\"]}] became [])");
    }
}
