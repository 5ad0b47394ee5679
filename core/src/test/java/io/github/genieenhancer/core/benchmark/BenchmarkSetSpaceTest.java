package io.github.genieenhancer.core.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.genieenhancer.core.space.BenchmarkQuestion;
import io.github.genieenhancer.core.space.SpaceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchmarkSetSpaceTest {

    @Test
    void readsTheSpacesOwnBenchmarks() throws IOException {
        SpaceConfig space = SpaceConfig.parse(export());

        BenchmarkSet set = BenchmarkSet.fromSpace(space, "space benchmarks");

        assertThat(set.name()).isEqualTo("space benchmarks");
        assertThat(set.benchmarks()).extracting(Benchmark::id).containsExactly("01f0fc09c22f11ab815c02367547ba85",
                "01f0fc06f3411a91a5eade7edb4efab8", "01f0fc0532e117179b7a11cf88dec3c6",
                "01f0f9b409e7125ebb09df24b15306c3");
        assertThat(set.benchmarks().get(1).question()).isEqualTo("매출이 2026년 1월 15일에 증가했는데, 어떤 상품이 매출을 견인했어?");
        assertThat(set.benchmarks().get(1).expectedSql()).startsWith("SELECT L.product_id");
    }

    @Test
    void aQuestionWithoutSqlGetsAnEmptyExpectedSql() {
        SpaceConfig space = SpaceConfig.parse("{\"version\":2}").withBenchmarkQuestions(List.of(
                new BenchmarkQuestion("", "Needs a human?", Optional.empty())));

        BenchmarkSet set = BenchmarkSet.fromSpace(space, "s");

        assertThat(set.benchmarks()).singleElement().satisfies(b -> {
            assertThat(b.expectedSql()).isEmpty();
            assertThat(b.id()).matches("[0-9a-f]{32}");
        });
    }

    @Test
    void writesASetIntoTheSpaceKeepingTheRestAndGenieIds() throws IOException {
        SpaceConfig space = SpaceConfig.parse(export());
        BenchmarkSet set = BenchmarkSet.of("mine", List.of(
                Benchmark.of("01f0fc0532e117179b7a11cf88dec3c6", "Show revenue", "SELECT 1"),
                Benchmark.of("kpi_001", "DAU yesterday?", "SELECT COUNT(*) FROM dau")));

        SpaceConfig written = set.toSpace(space);

        List<BenchmarkQuestion> questions = written.benchmarkQuestions();
        assertThat(questions).extracting(BenchmarkQuestion::question).containsExactly("Show revenue",
                "DAU yesterday?");
        assertThat(questions.get(0).id()).isEqualTo("01f0fc0532e117179b7a11cf88dec3c6");
        assertThat(questions.get(1).id()).matches("[0-9a-f]{32}").isNotEqualTo("kpi_001");
        assertThat(questions.get(1).sql()).contains("SELECT COUNT(*) FROM dau");
        assertThat(written.tables()).isEqualTo(space.tables());
        assertThat(written.instructionText()).isEqualTo(space.instructionText());
        assertThat(BenchmarkSet.fromSpace(written, "back").benchmarks()).extracting(Benchmark::question)
                .containsExactly("Show revenue", "DAU yesterday?");
    }

    private String export() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/benchmarks/genie-space-export-v2.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
