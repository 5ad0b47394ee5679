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

/** Every kind of {@link Fix} maps onto one or two edits, so an applier is a thin mapping. */
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
            SpaceConfig edited = apply(space, fix);
            assertThat(space.diffTo(edited).changes()).as(fix.toString()).hasSize(1);
            assertThat(edited.validate()).as(fix.toString()).isEmpty();
            covered.add(fix.category());
        }

        assertThat(covered).containsExactlyInAnyOrder(FixCategory.values());
    }

    /** The mapping an applier makes. */
    static SpaceConfig apply(SpaceConfig space, Fix fix) {
        if (fix instanceof Fix.InstructionFix f) {
            return f.replace() ? space.withInstructionText(f.text()) : space.withInstructionTextAppended(f.text());
        } else if (fix instanceof Fix.JoinSpecDelete f) {
            return space.withoutJoinSpecsBetween(f.leftTable(), f.rightTable());
        } else if (fix instanceof Fix.JoinSpecAdd f) {
            return space.withJoinSpec(JoinSpec.of(f.leftTable(), f.rightTable(), f.condition(), f.relationship(),
                    f.instruction()));
        } else if (fix instanceof Fix.SqlSnippetDelete f) {
            return space.withoutSnippetsNamed(f.kind(), f.name());
        } else if (fix instanceof Fix.SqlSnippetAdd f) {
            return space.withSnippet(SqlSnippet.of(f.kind(), f.displayName(), f.alias(), f.sql(), f.synonyms(),
                    f.instruction()));
        } else if (fix instanceof Fix.MetadataDelete f) {
            if (f.column().isEmpty()) {
                return space.withoutTableDescription(f.table());
            }
            return f.synonym().isPresent()
                    ? space.withoutColumnSynonyms(f.table(), f.column().get(), List.of(f.synonym().get()))
                    : space.withoutColumnDescription(f.table(), f.column().get());
        } else if (fix instanceof Fix.MetadataAdd f) {
            if (f.column().isEmpty()) {
                return f.description().map(d -> space.withTableDescription(f.table(), d)).orElse(space);
            }
            SpaceConfig described = f.description()
                    .map(d -> space.withColumnDescription(f.table(), f.column().get(), d)).orElse(space);
            return described.withColumnSynonyms(f.table(), f.column().get(), f.synonyms());
        } else if (fix instanceof Fix.SampleQueryDelete f) {
            return space.withoutExampleSqlsFor(f.question());
        } else if (fix instanceof Fix.SampleQueryAdd f) {
            return space.withExampleSql(ExampleQuestionSql.of(f.question(), f.sql(), f.usageGuidance()));
        }
        throw new IllegalArgumentException("unknown fix " + fix);
    }
}
