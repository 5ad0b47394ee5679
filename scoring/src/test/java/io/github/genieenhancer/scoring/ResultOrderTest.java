package io.github.genieenhancer.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.scoring.ResultOrder.Kind;
import io.github.genieenhancer.scoring.ResultOrder.SortKey;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ResultOrderTest {

    @Test
    void readsAliasedKeysOfTheMainSelectAfterCtes() {
        ResultOrder order = ResultOrder.parse("""
                WITH platform_data AS (SELECT platform, reaction_count FROM t ORDER BY reaction_count)
                SELECT platform, COUNT(*) AS content_count, SUM(reaction_count) AS total_reactions
                FROM platform_data GROUP BY platform ORDER BY total_reactions DESC LIMIT 10;
                """);

        assertThat(order.kind()).isEqualTo(Kind.SORT_KEYS);
        assertThat(order.limited()).isTrue();
        assertThat(order.sortKeys()).extracting(SortKey::position, SortKey::column, SortKey::descending)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(OptionalInt.of(3),
                        Optional.of("total_reactions"), true));
        assertThat(order.parseProblem()).isEmpty();
    }

    @Test
    void resolvesQualifiedColumnsBacktickedNamesAndExpressions() {
        ResultOrder order = ResultOrder.parse("SELECT sd.review_date, `event_date`, CASE x WHEN 1 THEN 'a' END AS c "
                + "FROM s sd ORDER BY sd.review_date DESC, `event_date`, CASE x WHEN 1 THEN 'a' END");

        assertThat(order.sortKeys()).extracting(SortKey::position)
                .containsExactly(OptionalInt.of(1), OptionalInt.of(2), OptionalInt.of(3));
        assertThat(order.sortKeys()).extracting(SortKey::column)
                .containsExactly(Optional.of("review_date"), Optional.of("event_date"), Optional.of("c"));
    }

    @Test
    void keepsAColumnOutsideTheSelectListByName() {
        ResultOrder order = ResultOrder.parse("SELECT name FROM t ORDER BY created_at");

        assertThat(order.sortKeys()).singleElement().satisfies(key -> {
            assertThat(key.position()).isEmpty();
            assertThat(key.column()).contains("created_at");
        });
    }

    @Test
    void positionsAfterAStarAreUnknown() {
        ResultOrder order = ResultOrder.parse("SELECT *, price * 2 AS doubled FROM t ORDER BY doubled");

        assertThat(order.sortKeys()).singleElement().satisfies(key -> {
            assertThat(key.position()).isEmpty();
            assertThat(key.column()).contains("doubled");
        });
    }

    @Test
    void setOperationsAreOrderedByTheirTrailingOrderBy() {
        ResultOrder order = ResultOrder.parse("SELECT a FROM x UNION ALL SELECT a FROM y ORDER BY a");

        assertThat(order.kind()).isEqualTo(Kind.SORT_KEYS);
        assertThat(order.sortKeys()).extracting(SortKey::position).containsExactly(OptionalInt.of(1));
    }

    @Test
    void orderByAllSortsByEveryColumn() {
        ResultOrder order = ResultOrder.parse("SELECT a, b FROM t GROUP BY ALL ORDER BY ALL DESC");

        assertThat(order.sortKeys()).extracting(SortKey::position)
                .containsExactly(OptionalInt.of(1), OptionalInt.of(2));
        assertThat(order.sortKeys()).allMatch(SortKey::descending);
    }

    @Test
    void orderInsideSubqueriesWindowsAndQualifyDoesNotOrderTheResult() {
        assertThat(ResultOrder.parse("SELECT * FROM (SELECT a FROM t ORDER BY a) s").kind())
                .isEqualTo(Kind.UNORDERED);
        assertThat(ResultOrder.parse("SELECT a FROM t QUALIFY row_number() OVER (ORDER BY b) = 1").kind())
                .isEqualTo(Kind.UNORDERED);
        assertThat(ResultOrder.parse("SELECT a FROM t").limited()).isFalse();
    }

    @Test
    void fallsBackToATokenScanForSqlTheParserCannotRead() {
        ResultOrder order = ResultOrder.parse("""
                SELECT `region`, total -- ORDER BY ignored in a comment
                FROM sales TABLESAMPLE (10 PERCENT)
                WHERE note = 'order by x' AND id IN (SELECT id FROM y ORDER BY id)
                ORDER BY t.total DESC NULLS LAST, 2 LIMIT 5""");

        assertThat(order.parseProblem()).hasValueSatisfying(p -> assertThat(p).contains("token scan"));
        assertThat(order.limited()).isTrue();
        assertThat(order.sortKeys()).extracting(SortKey::column, SortKey::position, SortKey::descending)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Optional.of("total"), OptionalInt.empty(), true),
                        org.assertj.core.groups.Tuple.tuple(Optional.empty(), OptionalInt.of(2), false));
    }

    @Test
    void tokenScanWithoutTopLevelOrderByIsUnordered() {
        ResultOrder order = ResultOrder.parse("SELECT a FROM t TABLESAMPLE (1 PERCENT) WHERE b IN "
                + "(SELECT b FROM u ORDER BY b)");

        assertThat(order.kind()).isEqualTo(Kind.UNORDERED);
        assertThat(order.parseProblem()).isPresent();
    }

    @Test
    void spiderRuleLooksForTheTextAnywhere() {
        assertThat(ResultOrder.fromOrderByText("select * from (select a from t order by a)").kind())
                .isEqualTo(Kind.EXACT_ROW_ORDER);
        assertThat(ResultOrder.fromOrderByText("SELECT a FROM t").kind()).isEqualTo(Kind.UNORDERED);
    }

    @Test
    void everyRealBenchmarkSqlParsesWithTheRealParser() throws IOException {
        List<String> sqls = new ArrayList<>();
        for (String file : List.of("seed-format-benchmark.json", "seed-format-kpi_benchmark.json",
                "seed-format-social_benchmark.json")) {
            for (JsonNode benchmark : read(file)) {
                sqls.add(benchmark.get("expected_sql").asText());
            }
        }
        for (JsonNode question : read("genie-space-export-v2.json").path("benchmarks").path("questions")) {
            StringBuilder sql = new StringBuilder();
            question.path("answer").get(0).path("content").forEach(line -> sql.append(line.asText()));
            sqls.add(sql.toString());
        }

        assertThat(sqls).hasSizeGreaterThan(50);
        for (String sql : sqls) {
            ResultOrder order = ResultOrder.parse(sql);
            assertThat(order.parseProblem()).as(sql).isEmpty();
            assertThat(order.kind()).as(sql).isEqualTo(Kind.SORT_KEYS);
        }
    }

    private static JsonNode read(String file) throws IOException {
        try (InputStream in = ResultOrderTest.class.getResourceAsStream("/benchmarks/" + file)) {
            return GenieJson.mapper().readTree(in);
        }
    }
}
