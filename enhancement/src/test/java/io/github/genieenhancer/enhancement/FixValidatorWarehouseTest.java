package io.github.genieenhancer.enhancement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.GenieApiException;
import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.fix.RejectedFix;
import io.github.genieenhancer.core.space.RelationshipType;
import io.github.genieenhancer.core.space.SnippetKind;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.genie.RetryPolicy;
import io.github.genieenhancer.genie.SqlExecutor;
import io.github.genieenhancer.testkit.Endpoint;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQL checks against a real warehouse: the local workspace's, whose DuckDB holds {@code retail.sales.*}. Every
 * probe reaches it as one statement (results come back inline), so the statement count says which checks ran.
 */
class FixValidatorWarehouseTest {
    private static final String ORDERS = "retail.sales.orders";
    private static final String CUSTOMERS = "retail.sales.customers";
    private static final String PRODUCTS = "retail.sales.products";

    private static LocalWorkspace workspace;

    private final SpaceConfig space = Fixtures.space();
    private FixValidator validator;

    @BeforeAll
    static void start() {
        workspace = LocalStack.start();
    }

    @AfterAll
    static void stop() {
        workspace.close();
    }

    @AfterEach
    void clearFaults() {
        workspace.faults().reset();
    }

    private FixValidator validator() {
        SqlExecutor warehouse = SqlExecutor.builder(workspace.workspaceClient()).warehouseId(workspace.warehouseId())
                .retryPolicy(RetryPolicy.none()).build();
        return FixValidator.builder().warehouse(warehouse).build();
    }

    private static List<PlannedFix> plan(Fix... fixes) {
        List<PlannedFix> planned = new ArrayList<>();
        for (Fix fix : fixes) {
            planned.add(new PlannedFix("f" + (planned.size() + 1), fix, "", List.of()));
        }
        return planned;
    }

    private static Map<String, String> reasons(FixValidation v) {
        return v.rejected().stream().collect(Collectors.toMap(r -> r.fix().id(), RejectedFix::reason));
    }

    private static long statements() {
        return workspace.requestCount(Endpoint.STATEMENTS);
    }

    @Test
    void sqlThatRunsOnTheWarehouseIsAcceptedAndEachDistinctProbeRunsOnce() {
        long before = statements();

        FixValidation v = validator().validate(plan(
                new Fix.SampleQueryAdd("Orders per customer segment",
                        "SELECT c.segment, COUNT(*) FROM retail.sales.orders o JOIN retail.sales.customers c "
                                + "ON o.cust_id = c.customer_id GROUP BY c.segment;", ""),
                new Fix.SqlSnippetAdd(SnippetKind.FILTER, "cancelled orders", "", "orders.status = 'CANCELLED'",
                        List.of(), ""),
                new Fix.SqlSnippetAdd(SnippetKind.MEASURE, "Average price", "avg_price", "AVG(products.list_price)",
                        List.of(), ""),
                // The same SQL under another name: a second fix, but the same probe.
                new Fix.SqlSnippetAdd(SnippetKind.MEASURE, "Mean price", "mean_price", "AVG(products.list_price)",
                        List.of(), ""),
                new Fix.SqlSnippetAdd(SnippetKind.EXPRESSION, "Order year", "order_year",
                        "YEAR(orders.order_date)", List.of(), ""),
                new Fix.JoinSpecDelete(CUSTOMERS, ORDERS),
                new Fix.JoinSpecAdd(ORDERS, CUSTOMERS, "orders.cust_id = customers.customer_id",
                        RelationshipType.MANY_TO_ONE, ""),
                // Configured in the space: nothing to look up.
                new Fix.MetadataAdd(ORDERS, Optional.of("status"), Optional.of("'COMPLETED', 'CANCELLED', ..."),
                        List.of()),
                // Not configured, but a column of the table: looked up.
                new Fix.MetadataAdd(ORDERS, Optional.of("channel"), Optional.of("IN_STORE, ONLINE or MOBILE"),
                        List.of("sales channel"))), space);

        assertThat(v.rejected()).isEmpty();
        assertThat(v.accepted()).hasSize(9);
        // Example, filter, measure (once), expression, join, and the channel column: six statements.
        assertThat(statements() - before).isEqualTo(6);
        assertThat(v.edited().table(ORDERS).flatMap(t -> t.column("channel")).orElseThrow().synonyms())
                .containsExactly("sales channel");
    }

    @Test
    void sqlNamingWhatTheWarehouseLacksIsRefusedWithTheWarehousesMessage() {
        FixValidation v = validator().validate(plan(
                new Fix.SqlSnippetAdd(SnippetKind.MEASURE, "Gross margin", "gross_margin",
                        "SUM(products.margin_usd)", List.of(), ""),
                new Fix.SqlSnippetAdd(SnippetKind.FILTER, "big orders", "", "orders.order_total > 100", List.of(),
                        ""),
                new Fix.JoinSpecDelete(CUSTOMERS, ORDERS),
                new Fix.JoinSpecAdd(ORDERS, CUSTOMERS, "orders.customer_id = customers.customer_id",
                        RelationshipType.MANY_TO_ONE, ""),
                new Fix.SampleQueryAdd("Revenue per product", "SELECT p.sku, SUM(p.revenue) FROM retail.sales.products "
                        + "p GROUP BY p.sku", ""),
                new Fix.SampleQueryAdd("Orders per day", "SELECT order_day, COUNT(*) FROM retail.sales.orders "
                        + "GROUP BY 1", ""),
                new Fix.MetadataAdd(ORDERS, Optional.of("order_total"), Optional.of("Total value."), List.of())),
                space);

        Map<String, String> reasons = reasons(v);
        assertThat(reasons).containsOnlyKeys("f1", "f2", "f4", "f5", "f6", "f7");
        assertThat(reasons.get("f1")).startsWith("the SQL fails on the warehouse: ").contains("margin_usd");
        assertThat(reasons.get("f2")).startsWith("the SQL fails on the warehouse: ").contains("order_total");
        assertThat(reasons.get("f4")).startsWith("the SQL fails on the warehouse: ").contains("customer_id");
        assertThat(reasons.get("f5")).startsWith("the SQL fails on the warehouse: ").contains("revenue");
        assertThat(reasons.get("f6")).startsWith("the SQL fails on the warehouse: ").contains("order_day");
        assertThat(reasons.get("f7")).startsWith("column order_total does not exist in retail.sales.orders (");
        // The removal alone is still good.
        assertThat(v.accepted()).extracting(PlannedFix::id).containsExactly("f3");
        assertThat(v.edited().joinSpecs()).isEmpty();
    }

    @Test
    void sqlThatIsNotAReadOnlyQueryNeverReachesTheWarehouse() {
        long before = statements();

        FixValidation v = validator().validate(plan(
                new Fix.SampleQueryAdd("Remove cancelled orders",
                        "DELETE FROM retail.sales.orders WHERE status = 'CANCELLED'", ""),
                new Fix.SqlSnippetAdd(SnippetKind.FILTER, "recent orders", "",
                        "orders.order_date > DATE '2024-01-01'; DROP TABLE retail.sales.orders", List.of(), ""),
                new Fix.SampleQueryAdd("Two answers", "SELECT 1 FROM retail.sales.orders; SELECT 2 FROM "
                        + "retail.sales.orders", "")), space);

        assertThat(v.accepted()).isEmpty();
        assertThat(reasons(v).values()).allSatisfy(r -> assertThat(r).contains("is not a single read-only query"));
        assertThat(statements()).isEqualTo(before);
    }

    @Test
    void aWarehouseThatFailsIsReportedAsSuchNotBlamedOnTheFix() {
        workspace.faults().serverErrors(Endpoint.STATEMENTS, 1, 500);

        assertThatThrownBy(() -> validator().validate(plan(new Fix.SqlSnippetAdd(SnippetKind.MEASURE,
                "Average price", "avg_price", "AVG(products.list_price)", List.of(), "")), space))
                .isInstanceOf(GenieApiException.class).hasMessageContaining("HTTP 500");
    }
}
