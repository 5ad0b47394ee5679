package io.github.genieenhancer.enhancement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.fix.RejectedFix;
import io.github.genieenhancer.core.space.RelationshipType;
import io.github.genieenhancer.core.space.SnippetKind;
import io.github.genieenhancer.core.space.SpaceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FixValidatorTest {
    private static final String ORDERS = "retail.sales.orders";
    private static final String CUSTOMERS = "retail.sales.customers";
    private static final String PRODUCTS = "retail.sales.products";

    private final SpaceConfig space = Fixtures.space();
    private final FixValidator validator = FixValidator.builder().benchmarks(BenchmarkSet.of("b", List.of(
            Benchmark.of("b1", "How many customers are there?", "SELECT COUNT(*) FROM retail.sales.customers"),
            Benchmark.of("b2", "Revenue by segment", "SELECT segment, SUM(x) FROM retail.sales.orders GROUP BY 1"))))
            .build();

    private static List<PlannedFix> plan(Fix... fixes) {
        List<PlannedFix> planned = new ArrayList<>();
        for (Fix fix : fixes) {
            planned.add(new PlannedFix("f" + (planned.size() + 1), fix, "why", List.of("b" + (planned.size() + 1))));
        }
        return planned;
    }

    private static Map<String, String> reasons(FixValidation v) {
        return v.rejected().stream().collect(Collectors.toMap(r -> r.fix().id(), RejectedFix::reason));
    }

    @Test
    void acceptsAValidFixOfEveryCategoryAndMakesThemAll() {
        FixValidation v = validator.validate(plan(
                new Fix.InstructionFix("Completed orders have status COMPLETED.", false),
                new Fix.JoinSpecDelete(CUSTOMERS, ORDERS),
                new Fix.JoinSpecAdd(ORDERS, CUSTOMERS, "orders.cust_id = customers.customer_id",
                        RelationshipType.MANY_TO_ONE, "Join orders to their customer"),
                new Fix.SqlSnippetDelete(SnippetKind.FILTER, "Completed Orders"),
                new Fix.SqlSnippetAdd(SnippetKind.MEASURE, "Average price", "avg_price", "AVG(products.list_price)",
                        List.of("mean price"), ""),
                new Fix.MetadataDelete(ORDERS, Optional.of("status"), Optional.of("state")),
                new Fix.MetadataAdd(CUSTOMERS, Optional.of("segment"), Optional.empty(), List.of("market segment")),
                new Fix.SampleQueryDelete("how many orders per STATUS?"),
                new Fix.SampleQueryAdd("Orders per customer segment",
                        "SELECT c.segment, COUNT(*) FROM retail.sales.orders o JOIN retail.sales.customers c "
                                + "ON o.cust_id = c.customer_id GROUP BY c.segment", "Counting by segment")),
                space);

        assertThat(v.rejected()).isEmpty();
        assertThat(v.accepted()).hasSize(9);
        SpaceConfig edited = v.edited();
        assertThat(edited.validate()).isEmpty();
        assertThat(edited.instructionText()).contains("Answer in US dollars.", "status COMPLETED");
        assertThat(edited.joinSpecs()).singleElement().satisfies(j -> {
            assertThat(j.condition()).isEqualTo("orders.cust_id = customers.customer_id");
            assertThat(j.relationship()).contains(RelationshipType.MANY_TO_ONE);
        });
        assertThat(edited.snippets(SnippetKind.FILTER)).isEmpty();
        assertThat(edited.snippets(SnippetKind.MEASURE)).hasSize(2);
        assertThat(edited.table(ORDERS).orElseThrow().column("status").orElseThrow().synonyms()).isEmpty();
        assertThat(edited.table(CUSTOMERS).orElseThrow().column("segment").orElseThrow().synonyms())
                .containsExactly("customer type", "market segment");
        assertThat(edited.exampleSqls()).extracting(e -> e.question()).containsExactly("Orders per customer segment");
        assertThat(space.diffTo(edited).changes()).hasSizeGreaterThanOrEqualTo(9);
    }

    @Test
    void refusesRemovalsOfThingsThatDoNotExist() {
        FixValidation v = validator.validate(plan(
                new Fix.JoinSpecDelete(ORDERS, PRODUCTS),
                new Fix.SqlSnippetDelete(SnippetKind.MEASURE, "completed orders"),
                new Fix.MetadataDelete(ORDERS, Optional.of("status"), Optional.of("condition")),
                new Fix.MetadataDelete(PRODUCTS, Optional.empty(), Optional.empty()),
                new Fix.MetadataDelete(ORDERS, Optional.of("order_date"), Optional.empty()),
                new Fix.MetadataDelete(ORDERS, Optional.of("discount"), Optional.empty()),
                new Fix.SampleQueryDelete("Top customers"),
                new Fix.JoinSpecDelete(ORDERS, "retail.sales.stores")), space);

        assertThat(v.accepted()).isEmpty();
        assertThat(reasons(v)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "f1", "no join spec between retail.sales.orders and retail.sales.products exists",
                "f2", "no measure snippet named 'completed orders' exists",
                "f3", "column status of retail.sales.orders has no synonym 'condition'",
                "f4", "table retail.sales.products has no description",
                "f5", "column order_date of retail.sales.orders has no description",
                "f6", "column discount of retail.sales.orders has no configuration in the space",
                "f7", "no example question SQL asks 'Top customers'",
                "f8", "table retail.sales.stores is not in the space"));
        assertThat(v.edited()).isEqualTo(space);
    }

    @Test
    void refusesAdditionsThatNameUnknownTablesOrBreakTheShapeRules() {
        FixValidation v = validator.validate(plan(
                new Fix.JoinSpecAdd(ORDERS, "retail.sales.stores", "orders.store_id = stores.store_id",
                        RelationshipType.MANY_TO_ONE, ""),
                new Fix.JoinSpecAdd(ORDERS, PRODUCTS, "order_items.sku = products.sku",
                        RelationshipType.MANY_TO_ONE, ""),
                new Fix.SqlSnippetAdd(SnippetKind.MEASURE, "Revenue", "", "SUM(orders.amount)", List.of(), ""),
                new Fix.SqlSnippetAdd(SnippetKind.FILTER, "Big", "", "WHERE orders.amount > 100", List.of(), ""),
                new Fix.SqlSnippetAdd(SnippetKind.EXPRESSION, "Year", "order year", "YEAR(orders.order_date)",
                        List.of(), ""),
                new Fix.SqlSnippetAdd(SnippetKind.MEASURE, "Margin", "margin", "SUM(order_items.margin)", List.of(),
                        ""),
                new Fix.SqlSnippetAdd(SnippetKind.MEASURE, "Total", "total", "SUM(amount)", List.of(), ""),
                new Fix.MetadataAdd("retail.sales.returns", Optional.empty(), Optional.of("Returns"), List.of()),
                new Fix.MetadataAdd(ORDERS, Optional.empty(), Optional.of("Orders"), List.of("purchases")),
                new Fix.SampleQueryAdd("Stores", "SELECT * FROM retail.sales.stores", ""),
                new Fix.SampleQueryAdd("Orders", "SELECT * FROM orders", ""),
                new Fix.JoinSpecAdd(ORDERS, CUSTOMERS, "orders.cust_id = customers.customer_id",
                        RelationshipType.MANY_TO_ONE, "")), space);

        assertThat(v.accepted()).isEmpty();
        assertThat(reasons(v)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("f1", "table retail.sales.stores is not in the space"),
                Map.entry("f2", "the condition refers to 'order_items', which is neither orders nor products"),
                Map.entry("f3", "a measure needs an alias"),
                Map.entry("f4", "a filter leaves out WHERE"),
                Map.entry("f5", "the alias 'order year' is not a SQL identifier"),
                Map.entry("f6", "the SQL refers to 'order_items', which is not a table of the space"),
                Map.entry("f7", "the SQL qualifies no column with its table (write orders.amount, not amount)"),
                Map.entry("f8", "table retail.sales.returns is not in the space"),
                Map.entry("f9", "synonyms can only be given to a column"),
                Map.entry("f10", "table retail.sales.stores is not in the space"),
                Map.entry("f11", "the SQL names no table by its full identifier (catalog.schema.table)"),
                Map.entry("f12", "a join spec between retail.sales.orders and retail.sales.customers exists "
                        + "already; a replacement must delete it in the same plan")));
    }

    @Test
    void mergesDuplicatesAndJoinsTheirBenchmarks() {
        Fix add = new Fix.MetadataAdd(ORDERS, Optional.of("order_date"), Optional.of("When the order was placed"),
                List.of("date"));
        Fix sameAddOtherSpelling = new Fix.MetadataAdd(" retail.sales.ORDERS", Optional.of("order_date"),
                Optional.of("when the  order was placed"), List.of("DATE"));
        FixValidation v = validator.validate(plan(add, new Fix.JoinSpecDelete(ORDERS, CUSTOMERS),
                sameAddOtherSpelling, new Fix.JoinSpecDelete(CUSTOMERS, ORDERS)), space);

        assertThat(v.accepted()).extracting(PlannedFix::id).containsExactly("f1", "f2");
        assertThat(v.accepted().get(0).benchmarkIds()).containsExactly("b1", "b3");
        assertThat(v.accepted().get(1).benchmarkIds()).containsExactly("b2", "b4");
        assertThat(reasons(v)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "f3", "duplicate of f1, merged into it", "f4", "duplicate of f2, merged into it"));
    }

    @Test
    void removalAndAdditionOfOneItemReplaceIt() {
        FixValidation v = validator.validate(plan(
                new Fix.SqlSnippetAdd(SnippetKind.FILTER, "completed orders", "", "orders.status = 'COMPLETED'",
                        List.of(), ""),
                new Fix.SqlSnippetDelete(SnippetKind.FILTER, "completed orders"),
                new Fix.SampleQueryDelete("How many orders per status?"),
                new Fix.SampleQueryAdd("How many orders per status?",
                        "SELECT status, COUNT(*) AS n FROM retail.sales.orders GROUP BY status ORDER BY n DESC", "")),
                space);

        assertThat(v.rejected()).isEmpty();
        assertThat(v.edited().snippets(SnippetKind.FILTER)).singleElement()
                .satisfies(s -> assertThat(s.sql()).isEqualTo("orders.status = 'COMPLETED'"));
        assertThat(v.edited().exampleSqls()).singleElement()
                .satisfies(e -> assertThat(e.sql()).contains("ORDER BY n DESC"));
    }

    @Test
    void resolvesContradictions() {
        FixValidation v = validator.validate(plan(
                // Removing the join spec and adding it back unchanged: neither is kept.
                new Fix.JoinSpecDelete(ORDERS, CUSTOMERS),
                new Fix.JoinSpecAdd(ORDERS, CUSTOMERS, "`orders`.`order_id` = `customers`.`customer_id`",
                        RelationshipType.MANY_TO_ONE, ""),
                // Two different additions of one snippet: the later is refused.
                new Fix.SqlSnippetAdd(SnippetKind.MEASURE, "Revenue", "revenue", "SUM(products.list_price)",
                        List.of(), ""),
                new Fix.SqlSnippetAdd(SnippetKind.MEASURE, "revenue", "revenue", "AVG(products.list_price)",
                        List.of(), ""),
                // Removing a synonym another fix adds: the removal is refused.
                new Fix.MetadataDelete(ORDERS, Optional.of("cust_id"), Optional.of("client")),
                new Fix.MetadataAdd(ORDERS, Optional.of("cust_id"), Optional.empty(), List.of("client", "buyer")),
                // Two replacements of the instructions: the later is refused.
                new Fix.InstructionFix("Answer in euros.", true),
                new Fix.InstructionFix("Answer in yen.", true)), space);

        Map<String, String> reasons = reasons(v);
        assertThat(reasons.get("f1")).startsWith("contradicts f2");
        assertThat(reasons.get("f2")).startsWith("contradicts f1");
        assertThat(reasons.get("f4")).startsWith("conflicts with f3");
        assertThat(reasons.get("f5")).isEqualTo("contradicts f6, which adds the same synonym");
        assertThat(reasons.get("f8")).startsWith("conflicts with f7");
        assertThat(v.accepted()).extracting(PlannedFix::id).containsExactly("f3", "f6", "f7");
        assertThat(v.edited().joinSpecs()).isEqualTo(space.joinSpecs());
        assertThat(v.edited().table(ORDERS).orElseThrow().column("cust_id").orElseThrow().synonyms())
                .containsExactly("client", "buyer");
        assertThat(v.edited().instructionText().strip()).isEqualTo("Answer in euros.");
    }

    @Test
    void leakageGuardRefusesBenchmarkSqlAndQuestions() {
        FixValidation v = validator.validate(plan(
                new Fix.SampleQueryAdd("Number of customers", "select count(*)\n  from RETAIL.SALES.CUSTOMERS;", ""),
                new Fix.SampleQueryAdd("how many customers are there?",
                        "SELECT COUNT(DISTINCT customer_id) FROM retail.sales.customers", ""),
                new Fix.InstructionFix("For revenue by segment use: SELECT segment, SUM(x) FROM retail.sales.orders "
                        + "GROUP BY 1", false),
                new Fix.SampleQueryAdd("Customers per segment",
                        "SELECT segment, COUNT(*) FROM retail.sales.customers GROUP BY segment", "")), space);

        Map<String, String> reasons = reasons(v);
        assertThat(reasons.get("f1")).startsWith("leakage: the example's SQL is benchmark b1's expected SQL verbatim");
        assertThat(reasons.get("f2")).startsWith("leakage: the example asks benchmark b1's question");
        assertThat(reasons.get("f3")).startsWith("leakage: the instructions would quote benchmark b2's expected SQL");
        assertThat(v.accepted()).extracting(PlannedFix::id).containsExactly("f4");
    }

    @Test
    void withoutBenchmarksTheLeakageGuardIsOff() {
        FixValidation v = FixValidator.builder().build().validate(plan(
                new Fix.SampleQueryAdd("Number of customers", "SELECT COUNT(*) FROM retail.sales.customers", "")),
                space);
        assertThat(v.rejected()).isEmpty();
    }

    @Test
    void refusesFixesThatChangeNothing() {
        FixValidation v = validator.validate(plan(
                new Fix.InstructionFix("answer in US  dollars.", false),
                new Fix.MetadataAdd(CUSTOMERS, Optional.of("segment"), Optional.of("Consumer, Corporate or Home Office"),
                        List.of("Customer Type")),
                new Fix.InstructionFix("Answer in US dollars.\n", true)), space);

        assertThat(reasons(v)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "f1", "the general instructions already say this",
                "f2", "changes nothing: the configuration already has it",
                "f3", "changes nothing: the configuration already has it"));
    }

    @Test
    void refusesAFixAfterWhichTheSpaceWouldBreakTheApiRules() {
        List<Fix> fixes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            fixes.add(new Fix.SampleQueryAdd("Orders with status number " + i,
                    "SELECT COUNT(*) FROM retail.sales.orders WHERE status = 'S" + i + "'", ""));
        }
        FixValidation v = validator.validate(plan(fixes.toArray(Fix[]::new)), space);

        // 1 text instruction + 1 existing example + 98 new examples reach the budget of 100 instructions.
        assertThat(v.accepted()).hasSize(98);
        assertThat(v.rejected()).hasSize(2).allSatisfy(r -> assertThat(r.reason())
                .startsWith("would break the Genie API's rules").contains("100"));
        assertThat(v.edited().validate()).isEmpty();
    }

    @Test
    void repeatedIdIsAProgrammingError() {
        List<PlannedFix> planned = List.of(
                new PlannedFix("x", new Fix.InstructionFix("Rule one.", false), "", List.of()),
                new PlannedFix("x", new Fix.InstructionFix("Rule two.", false), "", List.of()));
        assertThatThrownBy(() -> validator.validate(planned, space))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x' repeats");
    }
}
