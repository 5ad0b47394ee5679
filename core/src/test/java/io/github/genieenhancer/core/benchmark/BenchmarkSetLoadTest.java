package io.github.genieenhancer.core.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.DocumentFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkSetLoadTest {
    @TempDir
    Path dir;

    @Test
    void readsYamlWithMultiLineSqlCategoryTagsAndExtraFields() throws IOException {
        Path file = write("sales.yaml", """
                name: Sales questions
                benchmarks:
                  - id: q1
                    question: What were total sales last month?
                    expected_sql: |
                      SELECT SUM(amount)
                      FROM sales
                      WHERE month = 10
                    category: revenue
                    tags: {difficulty: easy}
                    owner: finance
                  - id: q2
                    question: Top customers?
                    sql: SELECT name FROM customers ORDER BY revenue DESC LIMIT 5
                    tags: [smoke, ranking]
                """);

        BenchmarkSet set = BenchmarkSet.load(file);

        assertThat(set.name()).isEqualTo("Sales questions");
        assertThat(set.benchmarks()).hasSize(2);
        Benchmark first = set.benchmarks().get(0);
        assertThat(first.expectedSql()).isEqualTo("SELECT SUM(amount)\nFROM sales\nWHERE month = 10");
        assertThat(first.category()).contains("revenue");
        assertThat(first.tags()).containsExactlyInAnyOrderEntriesOf(Map.of("difficulty", "easy", "owner", "finance"));
        assertThat(set.benchmarks().get(1).tags()).containsOnlyKeys("smoke", "ranking");
        assertThat(set.benchmarks().get(1).category()).isEmpty();
    }

    @Test
    void readsAJsonListNamedAfterTheFile() throws IOException {
        Path file = write("list.json", """
                [{"id": "a", "question": "How many?", "expectedSql": "SELECT 1", "priority": 2,
                  "meta": {"source": "ticket"}}]
                """);

        BenchmarkSet set = BenchmarkSet.load(file);

        assertThat(set.name()).isEqualTo("list.json");
        assertThat(set.benchmarks().get(0).tags())
                .containsExactlyInAnyOrderEntriesOf(Map.of("priority", "2", "meta", "{\"source\":\"ticket\"}"));
    }

    @Test
    void readsTheOriginalSeedFormat() throws IOException {
        BenchmarkSet all = BenchmarkSet.load(copy("seed-format-benchmark.json"));
        BenchmarkSet kpi = BenchmarkSet.load(copy("seed-format-kpi_benchmark.json"));
        BenchmarkSet social = BenchmarkSet.load(copy("seed-format-social_benchmark.json"));

        assertThat(all.size()).isEqualTo(27);
        assertThat(kpi.size()).isEqualTo(12);
        assertThat(social.size()).isEqualTo(15);
        Benchmark first = kpi.benchmarks().get(0);
        assertThat(first.id()).isEqualTo("kpi_001");
        assertThat(first.category()).contains("kpi");
        assertThat(first.tags()).containsEntry("difficulty", "easy").containsKey("korean_question");
        assertThat(first.expectedSql()).startsWith("SELECT").contains("\n");
    }

    @Test
    void readsTheBenchmarksOfASpaceExport() throws IOException {
        BenchmarkSet set = BenchmarkSet.load(copy("genie-space-export-v2.json"));

        assertThat(set.size()).isEqualTo(4);
        Benchmark first = set.benchmarks().get(0);
        assertThat(first.id()).isEqualTo("01f0fc09c22f11ab815c02367547ba85");
        assertThat(first.question()).isEqualTo("네");
        assertThat(first.expectedSql()).startsWith("SELECT L.product_id").contains("\nFROM `sandbox`")
                .endsWith("LIMIT 10");
    }

    @Test
    void readsCsvWithQuotingMultiLineSqlAndTags() throws IOException {
        Path file = write("b.csv", "id,question,expected_sql,category,tags,owner\r\n"
                + "q1,\"Sales, by region?\",\"SELECT region, SUM(amount)\r\nFROM sales\r\nGROUP BY region\","
                + "revenue,smoke;difficulty=hard,ana\r\n"
                + "q2,\"Say \"\"hi\"\"\",SELECT 'hi',,,\r\n");

        BenchmarkSet set = BenchmarkSet.load(file);

        assertThat(set.size()).isEqualTo(2);
        Benchmark first = set.benchmarks().get(0);
        assertThat(first.question()).isEqualTo("Sales, by region?");
        assertThat(first.expectedSql()).isEqualTo("SELECT region, SUM(amount)\r\nFROM sales\r\nGROUP BY region");
        assertThat(first.tags()).containsExactlyInAnyOrderEntriesOf(
                Map.of("smoke", "", "difficulty", "hard", "owner", "ana"));
        assertThat(set.benchmarks().get(1).question()).isEqualTo("Say \"hi\"");
        assertThat(set.benchmarks().get(1).tags()).isEmpty();
        assertThat(set.benchmarks().get(1).category()).isEmpty();
    }

    @Test
    void csvErrorsNameTheLineAndRecordAfterMultiLineSql() throws IOException {
        Path file = write("bad.csv", """
                id,question,expected_sql
                q1,First?,"SELECT 1
                FROM t"
                q2,,SELECT 2
                """);

        assertThatThrownBy(() -> BenchmarkSet.load(file))
                .isInstanceOfSatisfying(DocumentFormatException.class, e -> {
                    assertThat(e.document()).endsWith("bad.csv");
                    assertThat(e.line()).contains(4);
                    assertThat(e.field()).contains("question");
                })
                .hasMessageContaining("bad.csv:4: field 'question': expected a non-empty question (benchmark 'q2' "
                        + "in record 2)");
    }

    @Test
    void csvWithoutTheRequiredColumnsIsRejected() throws IOException {
        Path file = write("cols.csv", "id,text,expected_sql\nq1,Hello?,SELECT 1\n");

        assertThatThrownBy(() -> BenchmarkSet.load(file))
                .isInstanceOf(DocumentFormatException.class)
                .hasMessageContaining("cols.csv:1: field 'question': expected a header row with the columns id, "
                        + "question and expected_sql, got [id, text, expected_sql]");
    }

    @Test
    void csvRowWithTooManyCellsIsRejectedWithItsLine() throws IOException {
        Path file = write("wide.csv", "id,question,expected_sql\nq1,Hello?,SELECT 1\nq2,Bye?,SELECT 2,surplus\n");

        assertThatThrownBy(() -> BenchmarkSet.load(file))
                .isInstanceOf(DocumentFormatException.class)
                .hasMessageContaining("wide.csv:3: expected well-formed CSV");
    }

    @Test
    void duplicateIdsAreErrorsNamingBothPlaces() throws IOException {
        Path file = write("dup.yaml", """
                - id: q1
                  question: One?
                  expected_sql: SELECT 1
                - id: q1
                  question: Again?
                  expected_sql: SELECT 2
                """);

        assertThatThrownBy(() -> BenchmarkSet.load(file))
                .isInstanceOf(DocumentFormatException.class)
                .hasMessageContaining("dup.yaml:4: field 'id': expected unique ids, but 'q1' is already the id of "
                        + "benchmark 1 on line 1");
    }

    @Test
    void emptyQuestionNamesTheFieldPathAndLine() throws IOException {
        Path file = write("empty.yaml", """
                benchmarks:
                  - id: q1
                    question: One?
                    expected_sql: SELECT 1
                  - id: q2
                    question: "  "
                    expected_sql: SELECT 2
                """);

        assertThatThrownBy(() -> BenchmarkSet.load(file))
                .isInstanceOf(DocumentFormatException.class)
                .hasMessageContaining("empty.yaml:6: field 'benchmarks[1].question': expected a non-empty question");
    }

    @Test
    void missingSqlAndIdAreErrors() throws IOException {
        Path noSql = write("nosql.json", "[{\"id\": \"q1\", \"question\": \"Why?\"}]");
        Path noId = write("noid.json", "[{\"question\": \"Why?\", \"expected_sql\": \"SELECT 1\"}]");
        Path sqlList = write("list.json", "[{\"id\": \"q1\", \"question\": \"Why?\", \"sql\": [\"SELECT 1\"]}]");

        assertThatThrownBy(() -> BenchmarkSet.load(noSql)).hasMessageContaining(
                "nosql.json:1: field 'benchmarks[0].expected_sql': expected the expected SQL (benchmark 'q1')");
        assertThatThrownBy(() -> BenchmarkSet.load(noId)).hasMessageContaining(
                "noid.json:1: field 'benchmarks[0].id': expected a non-empty id");
        assertThatThrownBy(() -> BenchmarkSet.load(sqlList)).hasMessageContaining(
                "field 'benchmarks[0].sql': expected the SQL as a string");
    }

    @Test
    void malformedDocumentsNameTheLine() throws IOException {
        Path yaml = write("broken.yaml", "benchmarks:\n  - id: q1\n    question: [unclosed\n");
        Path json = write("broken.json", "[\n{\"id\": \"q1\",\n \"question\": }\n]");

        assertThatThrownBy(() -> BenchmarkSet.load(yaml)).isInstanceOf(DocumentFormatException.class)
                .hasMessageContaining("broken.yaml:").hasMessageContaining("expected well-formed YAML");
        assertThatThrownBy(() -> BenchmarkSet.load(json)).isInstanceOf(DocumentFormatException.class)
                .hasMessageContaining("broken.json:3: expected well-formed JSON");
    }

    @Test
    void rejectsOtherShapesExtensionsAndEmptySets() throws IOException {
        Path scalar = write("scalar.yaml", "just text\n");
        Path noList = write("object.json", "{\"name\": \"x\"}");
        Path emptyList = write("none.json", "[]");
        Path text = write("notes.txt", "id,question\n");

        assertThatThrownBy(() -> BenchmarkSet.load(scalar))
                .hasMessageContaining("expected a list of benchmarks or an object with a 'benchmarks' list");
        assertThatThrownBy(() -> BenchmarkSet.load(noList)).hasMessageContaining("field 'benchmarks'");
        assertThatThrownBy(() -> BenchmarkSet.load(emptyList)).hasMessageContaining("at least one benchmark");
        assertThatThrownBy(() -> BenchmarkSet.load(text)).hasMessageContaining(".yaml, .yml, .json or .csv");
    }

    @Test
    void aSecondJsonDocumentOrTrailingContentIsRefused() throws IOException {
        Path two = write("two.json", """
                [{"id": "q1", "question": "One?", "expected_sql": "SELECT 1"}]
                [{"id": "q2", "question": "Two?", "expected_sql": "SELECT 2"}]
                """);
        Path trailing = write("trailing.json", """
                {"benchmarks": [{"id": "q1", "question": "One?", "expected_sql": "SELECT 1"}]}
                }
                """);
        Path garbage = write("garbage.json", """
                [{"id": "q1", "question": "One?", "expected_sql": "SELECT 1"}]

                notes: q2 is missing
                """);

        assertThatThrownBy(() -> BenchmarkSet.load(two)).isInstanceOf(DocumentFormatException.class)
                .hasMessageContaining("two.json:2: expected one JSON document, but a second one starts here");
        assertThatThrownBy(() -> BenchmarkSet.load(trailing)).isInstanceOf(DocumentFormatException.class)
                .hasMessageContaining("trailing.json:2: expected nothing after the JSON document (");
        assertThatThrownBy(() -> BenchmarkSet.load(garbage)).isInstanceOf(DocumentFormatException.class)
                .hasMessageContaining("garbage.json:3: expected nothing after the JSON document (");
    }

    @Test
    void aMultiDocumentYamlFileIsRefused() throws IOException {
        Path file = write("multi.yaml", """
                - id: q1
                  question: One?
                  expected_sql: SELECT 1
                ---
                - id: q2
                  question: Two?
                  expected_sql: SELECT 2
                """);
        Path emptySecond = write("empty-second.yaml", """
                - id: q1
                  question: One?
                  expected_sql: SELECT 1
                ---
                """);

        assertThatThrownBy(() -> BenchmarkSet.load(file)).isInstanceOfSatisfying(DocumentFormatException.class,
                        e -> assertThat(e.line()).contains(4))
                .hasMessageContaining("multi.yaml:4: expected one YAML document, but a second one starts here");
        assertThatThrownBy(() -> BenchmarkSet.load(emptySecond)).isInstanceOf(DocumentFormatException.class)
                .hasMessageContaining("empty-second.yaml:4: expected one YAML document");
    }

    @Test
    void duplicateKeysAreRefusedNamingBothLines() throws IOException {
        Path json = write("dupkey.json", """
                [{"id": "q1", "question": "One?",
                  "expected_sql": "SELECT 1",
                  "expected_sql": "SELECT 2"}]
                """);
        Path yaml = write("dupkey.yaml", """
                benchmarks:
                  - id: q1
                    question: One?
                    expected_sql: SELECT 1
                    question: Another?
                """);
        Path tags = write("duptags.yaml", """
                - id: q1
                  question: One?
                  expected_sql: SELECT 1
                  tags:
                    owner: ana
                    owner: bob
                """);
        Path topLevel = write("dupbenchmarks.yaml", """
                benchmarks:
                  - id: q1
                    question: One?
                    expected_sql: SELECT 1
                benchmarks:
                  - id: q2
                    question: Two?
                    expected_sql: SELECT 2
                """);

        assertThatThrownBy(() -> BenchmarkSet.load(json)).isInstanceOfSatisfying(DocumentFormatException.class,
                        e -> assertThat(e.field()).contains("benchmarks[0].expected_sql"))
                .hasMessageContaining("dupkey.json:3: field 'benchmarks[0].expected_sql': expected each key once, "
                        + "but 'expected_sql' is already on line 2");
        assertThatThrownBy(() -> BenchmarkSet.load(yaml)).hasMessageContaining("dupkey.yaml:5: field "
                + "'benchmarks[0].question': expected each key once, but 'question' is already on line 3");
        assertThatThrownBy(() -> BenchmarkSet.load(tags)).hasMessageContaining("duptags.yaml:6: field "
                + "'benchmarks[0].tags.owner': expected each key once, but 'owner' is already on line 5");
        assertThatThrownBy(() -> BenchmarkSet.load(topLevel)).hasMessageContaining("dupbenchmarks.yaml:5: field "
                + "'benchmarks': expected each key once, but 'benchmarks' is already on line 1");
    }

    @Test
    void twoSqlFieldsInOneBenchmarkAreRefused() throws IOException {
        Path json = write("twosql.json", """
                [{"id": "q1", "question": "One?", "expected_sql": "SELECT 1",
                  "sql": "SELECT 2"}]
                """);
        Path csv = write("twosql.csv", "id,question,expected_sql,sql\nq1,One?,SELECT 1,SELECT 2\n");

        assertThatThrownBy(() -> BenchmarkSet.load(json)).hasMessageContaining("twosql.json:2: field "
                + "'benchmarks[0].sql': expected one SQL field, but 'expected_sql' is already on line 1");
        assertThatThrownBy(() -> BenchmarkSet.load(csv)).hasMessageContaining("twosql.csv:1: field 'sql': "
                + "expected one SQL column, but 'expected_sql' is column 3");
    }

    @Test
    void duplicateCsvHeadersAreRefused() throws IOException {
        Path same = write("dup.csv", "id,question,expected_sql,id\nq1,One?,SELECT 1,q9\n");
        Path caseOnly = write("case.csv", "id,Question,expected_sql, question\nq1,One?,SELECT 1,Two?\n");

        assertThatThrownBy(() -> BenchmarkSet.load(same)).isInstanceOfSatisfying(DocumentFormatException.class,
                        e -> assertThat(e.line()).contains(1))
                .hasMessageContaining("dup.csv:1: field 'id': expected each column once, but 'id' is columns 1 "
                        + "and 4");
        assertThatThrownBy(() -> BenchmarkSet.load(caseOnly)).hasMessageContaining("case.csv:1: field "
                + "'question': expected each column once, but 'question' is columns 2 and 4");
    }

    @Test
    void fieldErrorsNameTheLineOfTheField() throws IOException {
        Path yaml = write("lines.yaml", """
                name: Sales
                benchmarks:
                  - id: q1
                    question: One?
                    expected_sql: SELECT 1

                  - id: q2
                    category: revenue
                    question: ''
                    expected_sql: SELECT 2
                """);
        Path json = write("lines.json", """
                [
                  {"id": "q1",
                   "question": "One?",
                   "expected_sql": "SELECT 1"},
                  {"id": "q1",
                   "question": "Again?",
                   "expected_sql": "SELECT 1"}
                ]
                """);
        Path sqlList = write("sqllist.yaml", """
                - id: q3
                  question: Three?
                  expected_sql:
                    - SELECT 3
                """);

        assertThatThrownBy(() -> BenchmarkSet.load(yaml)).hasMessageContaining(
                "lines.yaml:9: field 'benchmarks[1].question': expected a non-empty question (benchmark 'q2')");
        assertThatThrownBy(() -> BenchmarkSet.load(json)).hasMessageContaining(
                "lines.json:5: field 'id': expected unique ids, but 'q1' is already the id of benchmark 1 on line 2");
        assertThatThrownBy(() -> BenchmarkSet.load(sqlList)).hasMessageContaining(
                "sqllist.yaml:3: field 'benchmarks[0].expected_sql': expected the SQL as a string");
    }

    @Test
    void malformedYamlOfANamedSetSaysYaml() throws IOException {
        Path file = write("named.yaml", "name: Sales\nbenchmarks:\n  - id: q1\n    question: \"unclosed\n");

        assertThatThrownBy(() -> BenchmarkSet.load(file)).isInstanceOf(DocumentFormatException.class)
                .hasMessageContaining("named.yaml:4: expected well-formed YAML (");
    }

    @Test
    void aMissingFileIsALibraryException() {
        assertThatThrownBy(() -> BenchmarkSet.load(dir.resolve("absent.yaml")))
                .isInstanceOf(io.github.genieenhancer.core.GenieEnhancerException.class)
                .hasMessageContaining("Cannot read benchmark file");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private Path copy(String resource) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/benchmarks/" + resource)) {
            Path target = dir.resolve(resource);
            Files.copy(in, target);
            return target;
        }
    }
}
