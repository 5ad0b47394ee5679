package io.github.genieenhancer.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ScoreReportsTest {
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    static QuestionResult result(String id, Verdict verdict, ReasonCode reason, String genieSql) {
        return new QuestionResult(id, "Question " + id + " & <b>more</b>?", "SELECT a | b FROM t -- " + id,
                Optional.ofNullable(genieSql), verdict, reason, "Because " + id, List.of(),
                Duration.ofMillis(1500), Duration.ofMillis(200), Optional.empty(), Optional.empty());
    }

    static ScoreReport baseline() {
        return new ScoreReport("baseline", "space-1", "v1", START, START.plusSeconds(95), List.of(
                result("q1", Verdict.CORRECT, ReasonCode.RESULT_MATCH, "SELECT 1"),
                result("q2", Verdict.INCORRECT, ReasonCode.RESULT_MISSING_ROWS, "SELECT '<script>alert(1)</script>'"),
                result("q3", Verdict.NO_SQL, ReasonCode.TEXT_ANSWER, null),
                result("q4", Verdict.ERROR, ReasonCode.GENIE_FAILED, null),
                result("q5", Verdict.EXCLUDED, ReasonCode.EXPECTED_SQL_FAILED, null)));
    }

    static ScoreReport improved() {
        return new ScoreReport("iteration-1", "space-1", "v2", START.plusSeconds(600), START.plusSeconds(640),
                List.of(result("q1", Verdict.CORRECT, ReasonCode.RESULT_MATCH, "SELECT 1"),
                        result("q2", Verdict.CORRECT, ReasonCode.RESULT_MATCH, "SELECT 2"),
                        result("q3", Verdict.INCORRECT, ReasonCode.RESULT_EXTRA_COLUMNS, "SELECT ```x``` |y|"),
                        result("q4", Verdict.NEEDS_REVIEW, ReasonCode.EMPTY_GOOD_SQL, "SELECT 4\u0001"),
                        result("q5", Verdict.EXCLUDED, ReasonCode.EXPECTED_SQL_FAILED, null)));
    }

    static ScoreReport evalRun() {
        return new ScoreReport("eval-7", "space-1", "v2", START, START, List.of(
                result("q1", Verdict.CORRECT, ReasonCode.RESULT_MATCH, "SELECT 1"),
                result("q2", Verdict.INCORRECT, ReasonCode.RESULT_MISSING_ROWS, "SELECT 2"),
                result("q3", Verdict.INCORRECT, ReasonCode.RESULT_EXTRA_COLUMNS, "SELECT 3"),
                result("q6", Verdict.CORRECT, ReasonCode.RESULT_MATCH, "SELECT 6")));
    }

    /** Four of the five questions counted in each run: complete at a minimum coverage of 80 %. */
    private static ScoreReports reports(double target) {
        return ScoreReports.builder().add(baseline()).add(improved()).targetAccuracy(target).minCoverage(0.8)
                .sideBySide("local", "Databricks eval run", evalRun()).build();
    }

    @Test
    void jsonHoldsEveryRunAndQuestion() throws Exception {
        JsonNode json = GenieJson.mapper().readTree(reports(0.9).toJson());

        assertThat(json.get("targetAccuracy").asDouble()).isEqualTo(0.9);
        assertThat(json.get("runs")).hasSize(2);
        assertThat(json.at("/runs/1/accuracy").asDouble()).isEqualTo(0.5);
        assertThat(json.at("/runs/1/counts/EXCLUDED").asInt()).isEqualTo(1);
        assertThat(json.at("/runs/0/results/1/genieSql").asText()).contains("<script>");
        assertThat(json.at("/sideBySide/rows")).hasSize(6);
        assertThat(json.at("/sideBySide/leftName").asText()).isEqualTo("local");
        ScoreReport back = GenieJson.mapper().treeToValue(json.at("/runs/0"), ScoreReport.class);
        assertThat(back).isEqualTo(baseline());
    }

    @Test
    void markdownSummarisesRunsFailuresAndAgreement() {
        String md = reports(0.9).toMarkdown();

        assertThat(md).contains("# Genie benchmark score: space space-1")
                .contains("Latest run **iteration-1**: accuracy **50.0% over 4 of 5 questions (2 correct, 1 "
                        + "excluded)**, below the target of 90.0%.")
                .contains("| baseline | v1 | 25.0% | 4 of 5 (80.0%) | 1 | 1 | 1 | 1 | 1 | 0 | 1 min 35 s |")
                .doesNotContain("Incomplete run")
                .contains("| RESULT_EXTRA_COLUMNS | 1 |")
                .contains("### q3: Question q3 & &lt;b>more&lt;/b>?")
                .contains("````sql\nSELECT ```x``` |y|\n````")
                .contains("| q5 | EXPECTED_SQL_FAILED | Because q5 |")
                .contains("They agree on 66.7% of the questions both counted.")
                .contains("| q2 | Correct (RESULT_MATCH) | Incorrect (RESULT_MISSING_ROWS) | **no** |")
                .contains("| q6 | not scored | Correct (RESULT_MATCH) | – |")
                .contains("| q5 | Excluded (EXPECTED_SQL_FAILED) | not scored | – |");
    }

    @Test
    void htmlIsSelfContainedEscapedAndHasWellFormedCharts() throws Exception {
        String html = reports(0.9).toHtml();

        assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("<link")
                .contains("Question q3 &amp; &lt;b&gt;more&lt;/b&gt;?")
                .contains("below\n  the target of 90.0%");
        List<String> charts = svgs(html);
        assertThat(charts).hasSize(3);
        for (String svg : charts) {
            parse(svg);
        }
        assertThat(charts.get(0)).contains("<polyline points=\"64.0,156.0 580.0,112.0\"")
                .contains("stroke-dasharray").contains(">25.0%<").contains(">50.0%<");
        assertThat(charts.get(2)).contains(">RESULT_EXTRA_COLUMNS<").contains(">EMPTY_GOOD_SQL<");
        assertThat(html).contains("<pre>SELECT 4</pre>").contains("<pre>SELECT &#x60;&#x60;&#x60;x&#x60;&#x60;&#x60; |y|</pre>")
                .contains("They agree on 66.7%")
                .contains("<tr class=\"disagree\"><td>q2</td>").contains("<tr><td>q6</td>");
    }

    @Test
    void htmlOfOneCleanRunHasNoFailureSections() {
        ScoreReport clean = new ScoreReport("r", "s", "v", START, START, List.of(
                result("q1", Verdict.CORRECT, ReasonCode.RESULT_MATCH, "SELECT 1")));

        String html = ScoreReports.of(clean).toHtml();

        assertThat(html).doesNotContain("Failures per reason").doesNotContain("Excluded from")
                .contains("<polyline points=\"322.0,24.0\"");
        assertThat(svgs(html)).hasSize(2);
    }

    @Test
    void junitGatesOnAccuracy() throws Exception {
        Document below = parse(reports(0.9).toJUnitXml());
        Document above = parse(reports(0.4).toJUnitXml());

        Element latest = (Element) below.getElementsByTagName("testsuite").item(1);
        assertThat(latest.getAttribute("tests")).isEqualTo("7");
        assertThat(latest.getAttribute("failures")).isEqualTo("1");
        assertThat(latest.getAttribute("errors")).isEqualTo("0");
        assertThat(latest.getAttribute("skipped")).isEqualTo("1");
        Element gate = (Element) latest.getElementsByTagName("testcase").item(0);
        assertThat(gate.getAttribute("name")).isEqualTo("accuracy >= 90.0%");
        assertThat(((Element) gate.getElementsByTagName("failure").item(0)).getAttribute("message"))
                .isEqualTo("accuracy 50.0% over 4 of 5 questions (2 correct, 1 excluded) is below the target of "
                        + "90.0%");
        Element coverage = (Element) latest.getElementsByTagName("testcase").item(1);
        assertThat(coverage.getAttribute("name")).isEqualTo("coverage >= 80.0% of one space version");
        assertThat(coverage.getElementsByTagName("failure").getLength()).isZero();
        assertThat(coverage.getTextContent()).isEqualTo("accuracy over 4 of 5 (80.0%) questions");
        Element second = (Element) above.getElementsByTagName("testsuite").item(1);
        assertThat(second.getAttribute("failures")).isEqualTo("0");
        assertThat(above.getElementsByTagName("failure").getLength()).isEqualTo(1);
    }

    @Test
    void junitCanFailEveryWrongAnswer() throws Exception {
        Document xml = parse(reports(0).toJUnitXml(ScoreReports.JUnitStyle.QUESTION_FAILURES));

        Element baseline = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertThat(baseline.getAttribute("failures")).isEqualTo("2");
        assertThat(baseline.getAttribute("errors")).isEqualTo("1");
        Element improved = (Element) xml.getElementsByTagName("testsuite").item(1);
        assertThat(improved.getAttribute("failures")).isEqualTo("2");
        assertThat(improved.getTextContent()).contains("SELECT 4").doesNotContain("\u0001");
        assertThat(xml.getElementsByTagName("skipped").getLength()).isEqualTo(2);
    }

    @Test
    void everyFormatShowsTheCoverageFlagsAnIncompleteOrEditedRunAndListsPairedComparisons() throws Exception {
        // The baseline: three of five counted is below the default minimum of 90 %.
        ScoreReport rateLimited = new ScoreReport("i1-baseline", "space-1", "v1", START, START.plusSeconds(60),
                List.of(result("q1", Verdict.CORRECT, ReasonCode.RESULT_MATCH, "SELECT 1"),
                        result("q2", Verdict.CORRECT, ReasonCode.RESULT_MATCH, "SELECT 2"),
                        result("q3", Verdict.INCORRECT, ReasonCode.RESULT_MISSING_ROWS, "SELECT 3"),
                        result("q4", Verdict.EXCLUDED, ReasonCode.INFRASTRUCTURE, null),
                        result("q5", Verdict.EXCLUDED, ReasonCode.INFRASTRUCTURE, null)));
        ScoreReport edited = new ScoreReport("i1-validation", "space-1", "v2", START, START.plusSeconds(60),
                improved().results(), List.of("v2", "v3"));
        ScoreReports reports = ScoreReports.builder().add(rateLimited).add(edited).targetAccuracy(0.5)
                .comparison(io.github.genieenhancer.core.score.PairedScore.of(rateLimited, edited)).build();

        String md = reports.toMarkdown();
        assertThat(md).contains("accuracy **50.0% over 4 of 5 questions (2 correct, 1 excluded)**, meets the target")
                .contains("**Incomplete run: only 4 of 5 (80.0%) questions were counted, below the minimum "
                        + "coverage of 90.0%; the space was edited while the run was scored (2 versions), so its "
                        + "answers are not of one configuration. Nothing may be decided on it.**")
                .contains("| i1-baseline (incomplete) | v1 | 66.7% | 3 of 5 (60.0%) |")
                .contains("| i1-validation (incomplete) | v2, v3 (edited during the run) | 50.0% | 4 of 5 (80.0%) |")
                .contains("| i1-baseline | i1-validation | 3 | 66.7% (2 correct) | 66.7% (2 correct) |");

        String html = reports.toHtml();
        assertThat(html).contains("<p class=\"incomplete\"><strong>Incomplete run: only 4 of 5 (80.0%) questions "
                        + "were counted, below the minimum coverage of 90.0%; the space was edited")
                .contains("<td>i1-baseline (incomplete)</td><td>v1</td><td class=\"n\">66.7%</td>"
                        + "<td class=\"n\">3 of 5 (60.0%)</td>")
                .contains("<td>i1-baseline</td><td>i1-validation</td><td class=\"n\">3</td>");

        JsonNode json = GenieJson.mapper().readTree(reports.toJson());
        assertThat(json.get("minCoverage").asDouble()).isEqualTo(0.9);
        assertThat(json.at("/runs/0/counted").asInt()).isEqualTo(3);
        assertThat(json.at("/runs/0/coverage").asDouble()).isEqualTo(0.6);
        assertThat(json.at("/runs/1/mixedVersions").asBoolean()).isTrue();
        assertThat(json.at("/comparisons/0/paired").asInt()).isEqualTo(3);

        Document xml = parse(reports.toJUnitXml());
        Element baseline = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertThat(baseline.getAttribute("failures")).as("only the coverage gate fails").isEqualTo("1");
        Element coverage = (Element) baseline.getElementsByTagName("testcase").item(1);
        assertThat(coverage.getAttribute("name")).isEqualTo("coverage >= 90.0% of one space version");
        Element failure = (Element) coverage.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("INCOMPLETE_RUN");
        assertThat(failure.getAttribute("message")).isEqualTo("Incomplete run: only 3 of 5 (60.0%) questions were "
                + "counted, below the minimum coverage of 90.0%. Nothing may be decided on it.");
        Element validation = (Element) xml.getElementsByTagName("testsuite").item(1);
        assertThat(validation.getAttribute("failures")).isEqualTo("1");
        assertThat(validation.getTextContent()).doesNotContain("ACCURACY_BELOW_TARGET");
        assertThat(xml.getElementsByTagName("property")).satisfies(properties -> {
            List<String> names = new java.util.ArrayList<>();
            for (int i = 0; i < properties.getLength(); i++) {
                Element p = (Element) properties.item(i);
                names.add(p.getAttribute("name") + "=" + p.getAttribute("value"));
            }
            assertThat(names).contains("counted=3", "coverage=0.6000", "minCoverage=0.9000", "spaceVersions=v2,v3",
                    "pairedWith=i1-baseline", "pairedQuestions=3");
        });
    }

    @Test
    void writesAllFourFiles(@TempDir Path dir) throws Exception {
        List<Path> files = reports(0.9).writeTo(dir.resolve("out"));

        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("score-report.json",
                "score-report.md", "score-report.html", "TEST-genie-benchmarks.xml");
        assertThat(Files.readString(files.get(2))).startsWith("<!DOCTYPE html>");
    }

    @Test
    void sideBySideCountsAgreementOnQuestionsBothScored() {
        SideBySide sideBySide = SideBySide.of("local", improved(), "eval", evalRun());

        assertThat(sideBySide.rows()).extracting(SideBySide.Row::benchmarkId)
                .containsExactly("q1", "q2", "q3", "q4", "q5", "q6");
        assertThat(sideBySide.agreement()).isEqualTo(2 / 3.0);
        assertThat(sideBySide.disagreements()).extracting(SideBySide.Row::benchmarkId).containsExactly("q2");
    }

    @Test
    void needsARun() {
        assertThatThrownBy(() -> ScoreReports.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ScoreReports.builder().targetAccuracy(1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> svgs(String html) {
        Matcher m = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
