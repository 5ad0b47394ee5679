package io.github.genieenhancer.core.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.DocumentFormatException;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.space.RelationshipType;
import io.github.genieenhancer.core.space.SnippetKind;
import io.github.genieenhancer.core.space.SpaceDiff;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FixJsonTest {

    static List<Fix> oneFixOfEachKind() {
        return List.of(
                new Fix.InstructionFix("Revenue means SUM(order_items.quantity * order_items.unit_price).\n", false),
                new Fix.JoinSpecDelete("main.retail.orders", "main.retail.stores"),
                new Fix.JoinSpecAdd("main.retail.orders", "main.retail.customers",
                        "orders.customer_id = customers.customer_id", RelationshipType.MANY_TO_ONE,
                        "Use to relate orders to customers"),
                new Fix.SqlSnippetDelete(SnippetKind.MEASURE, "old_revenue"),
                new Fix.SqlSnippetAdd(SnippetKind.FILTER, "returned orders", "", "orders.status = 'RETURNED'",
                        List.of("returns"), "Apply when users ask about returns"),
                new Fix.MetadataDelete("main.retail.customers", Optional.of("segment"), Optional.of("tier")),
                new Fix.MetadataAdd("main.retail.customers", Optional.of("segment"),
                        Optional.of("Customer segment: CONSUMER, CORPORATE"), List.of("customer type")),
                new Fix.SampleQueryDelete("Show all orders"),
                new Fix.SampleQueryAdd("Top 5 stores by revenue",
                        "SELECT store_id, SUM(amount) FROM main.retail.orders GROUP BY 1 ORDER BY 2 DESC LIMIT 5",
                        "Ranking by a measure"));
    }

    @Test
    void everyFixKindRoundTripsWithItsWireNameAsDiscriminator() {
        List<Fix> fixes = oneFixOfEachKind();
        assertThat(fixes).extracting(Fix::category).containsExactly(FixCategory.values());
        for (Fix fix : fixes) {
            String json = GenieJson.write(fix);
            assertThat(json).contains("\"category\" : \"" + fix.category().wireName() + "\"");
            assertThat(GenieJson.read(json, Fix.class, "fix")).isEqualTo(fix);
        }
    }

    @Test
    void planAndApplyResultRoundTrip() {
        List<PlannedFix> planned = oneFixOfEachKind().stream()
                .map(f -> new PlannedFix("fix-" + f.category().wireName(), f, "because", List.of("q1", "q2")))
                .toList();
        EnhancementPlan plan = new EnhancementPlan("plan-1", "run-0", Instant.parse("2026-11-25T10:00:00Z"),
                planned, List.of(new RejectedFix(planned.get(0), "duplicate")));
        assertThat(GenieJson.read(GenieJson.write(plan), EnhancementPlan.class, "plan")).isEqualTo(plan);
        assertThat(plan.byCategory()).hasSize(9).allSatisfy((c, list) -> assertThat(list).hasSize(1));

        ApplyResult applied = new ApplyResult("space-1", "snap-1",
                new SpaceDiff(List.of(new SpaceDiff.Change("instructions.join_specs", "01f0", SpaceDiff.Kind.ADDED,
                        "orders -> customers"))),
                planned.subList(1, 3), List.of(new RejectedFix(planned.get(4), "unknown column")),
                Optional.of("etag-2"), Instant.parse("2026-11-25T10:05:00Z"));
        assertThat(GenieJson.read(GenieJson.write(applied), ApplyResult.class, "apply result")).isEqualTo(applied);
    }

    @Test
    void categoriesHaveTheNineWireNames() {
        assertThat(Arrays.stream(FixCategory.values()).map(FixCategory::wireName)).containsExactly(
                "instruction_fix", "join_specs_delete", "join_specs_add", "sql_snippets_delete", "sql_snippets_add",
                "metadata_delete", "metadata_add", "sample_queries_delete", "sample_queries_add");
        assertThat(FixCategory.fromWireName("SAMPLE_QUERIES_ADD")).isEqualTo(FixCategory.SAMPLE_QUERIES_ADD);
        assertThatThrownBy(() -> FixCategory.fromWireName("rewrite_everything"))
                .hasMessageContaining("rewrite_everything").hasMessageContaining("sample_queries_add");
    }

    @Test
    void unknownCategoryNamesTheFieldAndDocument() {
        String json = "{\n  \"category\": \"rewrite_everything\",\n  \"question\": \"q\"\n}";
        assertThatThrownBy(() -> GenieJson.read(json, Fix.class, "plans/p1.json"))
                .isInstanceOf(DocumentFormatException.class)
                .hasMessageStartingWith("plans/p1.json:2")
                .hasMessageContaining("rewrite_everything");
    }

    @Test
    void missingRequiredFieldNamesTheField() {
        String json = "{\"category\": \"join_specs_add\", \"leftTable\": \"a.b.c\", \"rightTable\": \"a.b.d\","
                + " \"relationship\": \"MANY_TO_ONE\"}";
        assertThatThrownBy(() -> GenieJson.read(json, Fix.class, "plan.json"))
                .isInstanceOf(DocumentFormatException.class)
                .hasMessageContaining("plan.json")
                .hasMessageContaining("condition must not be blank");
    }

    @Test
    void wrongTypeNamesThePathOfTheField() {
        String json = "{\"planId\": \"p\", \"sourceRunId\": \"r\", \"createdAt\": \"2026-11-25T10:00:00Z\","
                + " \"fixes\": [{\"id\": \"f1\", \"rationale\": \"x\", \"benchmarkIds\": [],"
                + " \"fix\": {\"category\": \"instruction_fix\", \"text\": \"t\", \"replace\": {\"no\": 1}}}]}";
        assertThatThrownBy(() -> GenieJson.read(json, EnhancementPlan.class, "plan.json"))
                .isInstanceOf(DocumentFormatException.class)
                .satisfies(e -> assertThat(((DocumentFormatException) e).field()).contains("fixes[0].fix.replace"))
                .hasMessageContaining("boolean");
    }
}
