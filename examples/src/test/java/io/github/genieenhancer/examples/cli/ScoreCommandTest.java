package io.github.genieenhancer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.genieenhancer.core.GenieJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code genie-enhancer score} against the local stand-in workspace. */
class ScoreCommandTest {
    /** The local Genie thinks 5 ms; the defaults would make the suite slow for nothing. */
    private static final String FAST = "--local-latency=5";

    @TempDir
    Path dir;

    @Test
    void scoresTheSampleSpaceWritesTheReportsAndPassesAMetGate() throws Exception {
        Path reports = dir.resolve("reports");

        CliRun run = CliRun.of("score", "--local", FAST, "--report-dir", reports.toString(), "--min-accuracy", "30%");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("scoring space ", "with 42 benchmarks",
                "score: accuracy 35.7% over 42 of 42 questions (15 correct, 23 incorrect, 4 no sql)",
                "accuracy 35.7% meets the minimum 30.0%");
        assertThat(reports.resolve("score-report.html")).isRegularFile();
        assertThat(reports.resolve("score-report.md")).content().contains("35.7");
        assertThat(reports.resolve("TEST-genie-benchmarks.xml")).isRegularFile();
        JsonNode json = GenieJson.mapper().readTree(Files.readString(reports.resolve("score-report.json")));
        assertThat(json.toString()).contains("\"accuracy\":0.357");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void accuracyBelowTheMinimumExitsWithOne() {
        CliRun run = CliRun.of("score", "--local", FAST, "--report-dir", dir.toString(), "--min-accuracy", "0.9");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("accuracy 35.7% is below the minimum 90.0%");
        assertThat(dir.resolve("score-report.json")).isRegularFile();
    }

    @Test
    void scoresTheBenchmarksOfAFile() throws Exception {
        Path file = dir.resolve("two.yaml");
        Files.writeString(file, """
                - id: customers
                  question: How many customers are there?
                  expected_sql: SELECT COUNT(*) FROM retail.sales.customers
                - id: stores
                  question: How many stores are there?
                  expected_sql: SELECT COUNT(*) FROM retail.sales.stores
                """);

        CliRun run = CliRun.of("score", "--local", FAST, "--benchmarks", file.toString(),
                "--report-dir", dir.resolve("r").toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("with 2 benchmarks",
                "score: accuracy 100.0% over 2 of 2 questions (2 correct)");
    }

    @Test
    void aMissingBenchmarksFileIsAConfigurationError() {
        CliRun run = CliRun.of("score", "--local", FAST, "--benchmarks", dir.resolve("none.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err().strip()).isEqualTo("genie-enhancer score: Benchmarks file "
                + dir.resolve("none.yaml") + " does not exist");
    }

    @Test
    void aMalformedBenchmarksFileIsAConfigurationErrorNamingTheLine() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                - id: one
                  question: How many customers are there?
                - id: two
                  expected_sql: SELECT 1
                """);

        CliRun run = CliRun.of("score", "--local", FAST, "--benchmarks", file.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("bad.yaml:1:", "expected_sql");
    }

    @Test
    void aRunWithTooFewQuestionsCountedIsIncompleteExitsWithFiveAndFailsTheJUnitGate() throws Exception {
        Path file = dir.resolve("half.yaml");
        Files.writeString(file, """
                - id: customers
                  question: How many customers are there?
                  expected_sql: SELECT COUNT(*) FROM retail.sales.customers
                - id: refunds
                  question: How many refunds are there?
                  expected_sql: SELECT COUNT(*) FROM retail.sales.refunds
                """);
        Path reports = dir.resolve("r");

        CliRun run = CliRun.of("score", "--local", FAST, "--benchmarks", file.toString(),
                "--report-dir", reports.toString(), "--min-accuracy", "50%");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(5);
        assertThat(run.out()).contains("score: accuracy 100.0% over 1 of 2 questions (1 correct, 1 excluded)",
                "incomplete: Score run ", "accuracy over 1 of 2 questions (coverage 50.0%, below the minimum of "
                        + "90.0%); excluded: 1 EXPECTED_SQL_FAILED (e.g. refunds: ");
        assertThat(reports.resolve("score-report.md")).content()
                .contains("Incomplete run: only 1 of 2 (50.0%) questions were counted");
        assertThat(reports.resolve("TEST-genie-benchmarks.xml")).content().contains("type=\"INCOMPLETE_RUN\"");

        CliRun lower = CliRun.of("score", "--local", FAST, "--benchmarks", file.toString(),
                "--report-dir", dir.resolve("lower").toString(), "--min-coverage", "50%");

        assertThat(lower.exitCode()).as(lower.toString()).isZero();
        assertThat(dir.resolve("lower").resolve("TEST-genie-benchmarks.xml")).content()
                .doesNotContain("INCOMPLETE_RUN");
    }
}
