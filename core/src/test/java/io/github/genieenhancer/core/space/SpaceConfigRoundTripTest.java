package io.github.genieenhancer.core.space;

import static io.github.genieenhancer.core.space.SpaceFixtures.REAL_EXPORT;
import static io.github.genieenhancer.core.space.SpaceFixtures.SALES;
import static io.github.genieenhancer.core.space.SpaceFixtures.load;
import static io.github.genieenhancer.core.space.SpaceFixtures.plainTree;
import static io.github.genieenhancer.core.space.SpaceFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpaceConfigRoundTripTest {

    @Test
    void realExportRoundTripsTreeEqual() {
        String json = text(REAL_EXPORT);

        SpaceConfig space = SpaceConfig.parse(json, REAL_EXPORT);

        assertThat(plainTree(space.toJson())).isEqualTo(plainTree(json));
        assertThat(space.toTree()).isEqualTo(plainTree(json));
    }

    @Test
    void parseWriteParseIsStable() {
        for (String name : List.of(REAL_EXPORT, SALES)) {
            SpaceConfig first = load(name);
            SpaceConfig second = SpaceConfig.parse(first.toJson());

            assertThat(second).isEqualTo(first);
            assertThat(second.toJson()).isEqualTo(first.toJson());
            assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
        }
    }

    @Test
    void unknownFieldsAtEveryLevelSurviveTheRoundTrip() {
        String json = text(SALES);

        SpaceConfig space = SpaceConfig.parse(json);
        JsonNode written = plainTree(space.toJson());

        assertThat(written).isEqualTo(plainTree(json));
        assertThat(written.at("/x_export_origin/exported_by/build/2/patch").asBoolean()).isTrue();
        assertThat(written.at("/data_sources/tables/0/column_configs/1/x_lineage/checked/by").asText())
                .isEqualTo("steward");
        assertThat(written.at("/instructions/join_specs/0/left/x_side_note/hint").asText()).isEqualTo("fact");
        assertThat(written.at("/instructions/x_future_section/0/payload/k").asText()).isEqualTo("v");
        assertThat(written.at("/benchmarks/questions/0/answer/0/x_checked/at").asText()).isEqualTo("2026-01-03");
        // numbers are kept as written, not rounded through double
        assertThat(space.toJson()).contains("\"x_confidence\":0.930");
    }

    @Test
    void realExportViewsJoinMultiLineFields() {
        SpaceConfig space = load(REAL_EXPORT);

        assertThat(space.tables()).hasSize(7).noneMatch(TableConfig::metricView);
        TableConfig daily = space.table("SANDBOX.agent_poc.`poc_krafton_kpi_kad_ingame_summary_daily`").orElseThrow();
        assertThat(daily.columns()).hasSize(16);
        assertThat(daily.description().orElseThrow()).startsWith("이 테이블은").contains(".\n\n\nDAU(");
        assertThat(daily.column("COUNTRY_CODE").orElseThrow())
                .extracting(ColumnConfig::enableEntityMatching, ColumnConfig::enableFormatAssistance,
                        ColumnConfig::exclude)
                .containsExactly(true, true, false);

        assertThat(space.textInstructions()).singleElement()
                .satisfies(t -> assertThat(t.id()).isEqualTo("01f0f9b4978e1dc3a68e89924bfcd0d6"));
        assertThat(space.instructionText()).startsWith("## 일반지침\n- 크래프톤의").doesNotEndWith("\n");

        assertThat(space.exampleSqls()).hasSize(5);
        ExampleQuestionSql weekly = space.exampleSqls().get(1);
        assertThat(weekly.sql()).startsWith("SELECT").contains("\n").doesNotEndWith("\n");
        assertThat(weekly.parameters()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("week_start_day");
            assertThat(p.typeHint()).contains("STRING");
            assertThat(p.defaultValues()).containsExactly("2");
        });
        assertThat(weekly.usageGuidance()).isPresent();

        assertThat(space.joinSpecs()).hasSize(4).allSatisfy(j -> {
            assertThat(j.relationship()).contains(RelationshipType.MANY_TO_ONE);
            assertThat(j.condition()).matches("`\\w+`\\.`\\w+` = `\\w+`\\.`\\w+`");
        });
        assertThat(space.joinSpecs().get(0).condition()).isEqualTo(
                "`poc_krafton_kpi_kad_ingame_summary_daily`.`country_code` = `poc_meta_krafton_region`.`country_code`");
        assertThat(space.joinSpecs().get(0).left().alias()).contains("poc_krafton_kpi_kad_ingame_summary_daily");

        assertThat(space.snippets()).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo(SnippetKind.MEASURE);
            assertThat(s.alias()).contains("revenue");
            assertThat(s.displayName()).contains("일별 매출");
        });
        assertThat(space.snippets(SnippetKind.FILTER)).isEmpty();
        assertThat(space.sqlFunctions()).isEmpty();
        assertThat(space.sampleQuestions()).isEmpty();
        assertThat(space.benchmarkQuestions()).hasSize(4)
                .allSatisfy(b -> assertThat(b.sql()).hasValueSatisfying(sql -> assertThat(sql).startsWith("SELECT")));
    }

    @Test
    void viewsOfEveryModelledSection() {
        SpaceConfig space = load(SALES);

        assertThat(space.tables()).extracting(TableConfig::identifier, TableConfig::metricView).containsExactly(
                tuple("main.sales.customers", false),
                tuple("main.sales.orders", false),
                tuple("main.sales.revenue_metrics", true));
        assertThat(space.table("main.sales.customers").orElseThrow().column("segment").orElseThrow())
                .isEqualTo(new ColumnConfig("segment", Optional.of("Customer tier: SMB, MID, ENT"),
                        List.of("tier", "customer class"), false, true, true));
        assertThat(space.sampleQuestions()).containsExactly(
                new SampleQuestion("01f0a00000000000000000000000a001", "What were total sales last month?"));
        assertThat(space.sqlFunctions()).containsExactly(
                new SqlFunction("01f0a00000000000000000000000b004", "main.sales.fiscal_quarter"));
        assertThat(space.snippets()).extracting(SqlSnippet::kind)
                .containsExactly(SnippetKind.FILTER, SnippetKind.MEASURE, SnippetKind.EXPRESSION);
        assertThat(space.snippets(SnippetKind.FILTER)).singleElement()
                .satisfies(f -> assertThat(f.isNamed(" HIGH value orders")).isTrue());
        assertThat(space.joinSpecs()).singleElement().satisfies(j -> {
            assertThat(j.connects("main.sales.customers", "MAIN.SALES.ORDERS")).isTrue();
            assertThat(j.comment()).contains("Orders to customers");
        });
        assertThat(space.benchmarkQuestions()).extracting(BenchmarkQuestion::question).containsExactly(
                "What is the average order value?", "How many customers are in each segment?");
        assertThat(space.instructionText())
                .isEqualTo("## PURPOSE\n- Answer questions about order revenue.\n- Round money to 2 decimals.");
    }

    @Test
    void fingerprintIgnoresKeyOrderAndWhitespaceButNotContent() {
        SpaceConfig space = load(SALES);
        ObjectNode reordered = reverseKeys(space.toTree());
        SpaceConfig same = SpaceConfig.parse(reordered.toPrettyString());

        assertThat(space.fingerprint()).matches("[0-9a-f]{64}");
        assertThat(same.toJson()).isNotEqualTo(space.toJson());
        assertThat(same.fingerprint()).isEqualTo(space.fingerprint());
        assertThat(same).isEqualTo(space).hasSameHashCodeAs(space);
        assertThat(space.withInstructionTextAppended("Be brief.").fingerprint()).isNotEqualTo(space.fingerprint());
    }

    @Test
    void toTreeIsACopy() {
        SpaceConfig space = load(SALES);
        space.toTree().put("version", 99);

        assertThat(space.toTree().get("version").asInt()).isEqualTo(2);
    }

    private static ObjectNode reverseKeys(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        Collections.reverse(names);
        ObjectNode reversed = SpaceFixtures.PLAIN.createObjectNode();
        for (String name : names) {
            JsonNode value = node.get(name);
            reversed.set(name, value.isObject() ? reverseKeys((ObjectNode) value) : value);
        }
        return reversed;
    }
}
