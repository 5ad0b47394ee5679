package io.github.genieenhancer.core.space;

import static io.github.genieenhancer.core.space.SpaceFixtures.SALES;
import static io.github.genieenhancer.core.space.SpaceFixtures.load;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.fix.FixCategory;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every kind of {@link Fix} applies itself with one or two edits, so an applier is a thin loop. */
class SpaceConfigFixMappingTest {
    private static final String ORDERS = "main.sales.orders";

    @Test
    void everyFixKindIsOneEditThatChangesOneItem() {
        SpaceConfig space = load(SALES);
        List<Fix> fixes = List.of(
                new Fix.InstructionFix("Fiscal years start in February.", false),
                new Fix.InstructionFix("Only answer sales questions.", true),
                new Fix.JoinSpecDelete("main.sales.customers", ORDERS),
                new Fix.JoinSpecAdd(ORDERS, "main.sales.revenue_metrics",
                        "`orders`.`region` = `revenue_metrics`.`region`", RelationshipType.MANY_TO_ONE, ""),
                new Fix.SqlSnippetDelete(SnippetKind.EXPRESSION, "order year"),
                new Fix.SqlSnippetAdd(SnippetKind.MEASURE, "Order count", "order_count", "COUNT(orders.order_id)",
                        List.of("number of orders"), "Use to count orders"),
                new Fix.MetadataDelete(ORDERS, Optional.of("region"), Optional.of("AREA")),
                new Fix.MetadataDelete(ORDERS, Optional.empty(), Optional.empty()),
                new Fix.MetadataAdd(ORDERS, Optional.of("amount"), Optional.of("Net amount in USD"),
                        List.of("value", "total")),
                new Fix.MetadataAdd(ORDERS, Optional.empty(), Optional.of("All orders since 2020"), List.of()),
                new Fix.SampleQueryDelete("Show sales for a region"),
                new Fix.SampleQueryAdd("Orders per day", "SELECT order_date, COUNT(*) FROM main.sales.orders "
                        + "GROUP BY order_date", "Use for daily counts"));
        Set<FixCategory> covered = EnumSet.noneOf(FixCategory.class);

        for (Fix fix : fixes) {
            SpaceConfig edited = fix.applyTo(space);
            assertThat(space.diffTo(edited).changes()).as(fix.toString()).hasSize(1);
            assertThat(edited.validate()).as(fix.toString()).isEmpty();
            covered.add(fix.category());
        }

        assertThat(covered).containsExactlyInAnyOrder(FixCategory.values());
    }
}
