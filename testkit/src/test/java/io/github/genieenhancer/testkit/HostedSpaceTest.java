package io.github.genieenhancer.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.service.dashboards.GenieGetSpaceRequest;
import com.databricks.sdk.service.dashboards.GenieSpace;
import com.databricks.sdk.service.dashboards.GenieUpdateSpaceRequest;
import com.databricks.sdk.service.dashboards.MessageStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genieenhancer.core.space.SpaceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real export hosted by a LocalWorkspace, driven through the real SDK. */
class HostedSpaceTest {
    /** The id of the space the real export was taken from (genie-api.md §2.4). */
    private static final String KPI = "01f0f5c840c118b9824acd167525a768";
    private static final String EXPORT = resource("/genie-space-export-v2.json");

    private static LocalWorkspace ws;
    private static WorkspaceClient client;

    @BeforeAll
    static void start() {
        ws = WorkspaceFixture.fast().space(KPI, SpaceConfig.parse(EXPORT)).start();
        client = ws.workspaceClient();
    }

    @AfterAll
    static void stop() {
        ws.close();
    }

    private static String resource(String name) {
        try (InputStream in = HostedSpaceTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void a_hosted_export_is_served_exactly_as_the_api_exported_it_and_refused_back_as_it_does() throws IOException {
        GenieSpace space = client.genie().getSpace(new GenieGetSpaceRequest().setSpaceId(KPI)
                .setIncludeSerializedSpace(true));

        ObjectMapper plain = new ObjectMapper();
        assertThat(plain.readTree(space.getSerializedSpace())).isEqualTo(plain.readTree(EXPORT));
        assertThat(space.getWarehouseId()).isEqualTo(ws.warehouseId());
        assertThatThrownBy(() -> client.genie().updateSpace(new GenieUpdateSpaceRequest().setSpaceId(KPI)
                .setEtag(space.getEtag()).setSerializedSpace(space.getSerializedSpace())))
                .isInstanceOfSatisfying(InvalidParameterValue.class,
                        e -> assertThat(e.getMessage()).contains("must be sorted by"));
        client.genie().updateSpace(new GenieUpdateSpaceRequest().setSpaceId(KPI).setEtag(space.getEtag())
                .setSerializedSpace(SpaceConfig.parse(space.getSerializedSpace()).normalized().toJson()));
        assertThat(ws.spaceConfig(KPI)).contains(SpaceConfig.parse(EXPORT));
    }

    @Test
    void its_tables_are_created_from_the_column_configs_with_rows_that_join() {
        List<List<String>> counts = Sdk.run(client, ws.warehouseId(), "SELECT COUNT(*), COUNT(DISTINCT game_code), "
                + "MIN(event_date), MAX(event_date), SUM(active_user) > 0, SUM(cash_revenue) > 0 "
                + "FROM sandbox.agent_poc.poc_krafton_kpi_kad_ingame_summary_daily");
        List<List<String>> joined = Sdk.run(client, ws.warehouseId(), "SELECT COUNT(*) "
                + "FROM sandbox.agent_poc.poc_krafton_kpi_kad_ingame_summary_daily d "
                + "JOIN sandbox.agent_poc.poc_meta_krafton_region r ON d.country_code = r.country_code");
        List<List<String>> types = Sdk.run(client, ws.warehouseId(), "SELECT typeof(is_key_country), "
                + "typeof(update_time), typeof(country_code) FROM sandbox.agent_poc.poc_meta_krafton_region LIMIT 1");

        assertThat(counts).singleElement().satisfies(row -> {
            assertThat(row.get(0)).isEqualTo("200");
            assertThat(Integer.parseInt(row.get(1))).isBetween(2, 12);
            assertThat(row.get(2)).startsWith("2025-");
            assertThat(row.subList(4, 6)).containsOnly("true");
        });
        assertThat(Long.parseLong(joined.get(0).get(0))).isPositive();
        assertThat(types).containsExactly(List.of("BOOLEAN", "TIMESTAMP", "VARCHAR"));
        // the sample dataset is still there
        assertThat(Sdk.run(client, ws.warehouseId(), "SELECT COUNT(*) FROM retail.sales.stores")).isNotEmpty();
    }

    @Test
    void genie_answers_on_the_hosted_space_from_its_tables() {
        Sdk.Reply reply = Sdk.ask(client, KPI, "How many poc meta games are there?");

        assertThat(reply.message().getStatus()).isEqualTo(MessageStatus.COMPLETED);
        assertThat(reply.sql()).hasValueSatisfying(sql -> assertThat(sql).containsIgnoringCase("poc_meta_games"));
        assertThat(reply.rows()).containsExactly(List.of("200"));
    }

    @Test
    void an_export_the_api_would_refuse_is_not_hosted() {
        SpaceConfig emptyMeasure = SpaceConfig.parse(EXPORT.replace(
                "SUM(`poc_krafton_kpi_kad_ingame_summary_daily`.`cash_revenue`)", " "));

        assertThatThrownBy(() -> WorkspaceFixture.fast().space("broken", emptyMeasure).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot host space broken").hasMessageContaining("empty sql");
    }
}
