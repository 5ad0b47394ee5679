package io.github.genieenhancer.genie;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import io.github.genieenhancer.core.DocumentFormatException;
import io.github.genieenhancer.core.GenieApiException;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.SpaceConflictException;
import io.github.genieenhancer.core.SpaceValidationException;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.space.SpaceViolation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WireMockTest
class SpaceApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A real exported serialized_space (Korean descriptions, join specs, benchmarks). */
    private static final String EXPORT = resource("/genie-space-export-v2.json");

    private SpaceApi spaces;

    @BeforeEach
    void setUp(WireMockRuntimeInfo wm) {
        spaces = SpaceApi.builder(Stubs.workspace(wm)).sleeper(new FakeTime())
                .retryPolicy(RetryPolicy.builder().backoff(Duration.ofMillis(10), Duration.ofMillis(10)).build())
                .build();
    }

    static String resource(String name) {
        try (InputStream in = SpaceApiTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String space(String id, String title, String serialized, String etag) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("space_id", id);
        body.put("title", title);
        body.put("description", "Game KPIs");
        body.put("warehouse_id", "wh1");
        body.put("parent_path", "/Workspace/Users/me@example.com");
        if (serialized != null) {
            body.put("serialized_space", serialized);
        }
        if (etag != null) {
            body.put("etag", etag);
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void getAsksForTheSerializedSpaceAndKeepsItsExactText() {
        stubFor(get("/api/2.0/genie/spaces/s1?include_serialized_space=true")
                .willReturn(okJson(space("s1", "KPI space", EXPORT, "etag-1"))));

        Space space = spaces.get("s1");

        assertThat(space.spaceId()).isEqualTo("s1");
        assertThat(space.title()).isEqualTo("KPI space");
        assertThat(space.description()).contains("Game KPIs");
        assertThat(space.warehouseId()).contains("wh1");
        assertThat(space.parentPath()).contains("/Workspace/Users/me@example.com");
        assertThat(space.etag()).contains("etag-1");
        assertThat(space.serializedSpace()).isEqualTo(EXPORT);
        assertThat(space.config()).isEqualTo(SpaceConfig.parse(EXPORT));
        verify(getRequestedFor(urlEqualTo("/api/2.0/genie/spaces/s1?include_serialized_space=true"))
                .withHeader("Authorization", equalTo("Bearer " + Stubs.TOKEN)));
    }

    @Test
    void getWithoutTheConfigurationExplainsThePermissionNeeded() {
        stubFor(get(urlPathEqualTo("/api/2.0/genie/spaces/s1")).willReturn(okJson(space("s1", "t", null, "e"))));

        assertThatThrownBy(() -> spaces.get("s1")).isInstanceOf(GenieEnhancerException.class)
                .hasMessageContaining("CAN EDIT");
    }

    @Test
    void malformedConfigurationNamesTheSpace() {
        stubFor(get(urlPathEqualTo("/api/2.0/genie/spaces/s1")).willReturn(okJson(space("s1", "t", "[1,2]", "e"))));

        assertThatThrownBy(() -> spaces.get("s1")).isInstanceOf(DocumentFormatException.class)
                .hasMessageContaining("serialized_space of space s1");
    }

    @Test
    void getIsRetriedAfterAServerError() {
        stubFor(get(urlPathEqualTo("/api/2.0/genie/spaces/s1")).inScenario("503").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        stubFor(get(urlPathEqualTo("/api/2.0/genie/spaces/s1")).inScenario("503").whenScenarioStateIs("ok")
                .willReturn(okJson(space("s1", "t", EXPORT, "e"))));

        assertThat(spaces.get("s1").etag()).contains("e");
        verify(2, getRequestedFor(urlPathEqualTo("/api/2.0/genie/spaces/s1")));
    }

    @Test
    void listFollowsEveryPage() {
        stubFor(get("/api/2.0/genie/spaces?page_size=100").willReturn(okJson("""
                {"spaces":[{"space_id":"s1","title":"One","warehouse_id":"wh1"},
                           {"space_id":"s2","title":"Two"}],"next_page_token":"p2"}""")));
        stubFor(get("/api/2.0/genie/spaces?page_size=100&page_token=p2").willReturn(okJson("""
                {"spaces":[{"space_id":"s3","title":"Three","parent_path":"/Shared"}]}""")));

        List<SpaceSummary> all = spaces.list();

        assertThat(all).containsExactly(
                new SpaceSummary("s1", "One", Optional.empty(), Optional.of("wh1"), Optional.empty()),
                new SpaceSummary("s2", "Two", Optional.empty(), Optional.empty(), Optional.empty()),
                new SpaceSummary("s3", "Three", Optional.empty(), Optional.empty(), Optional.of("/Shared")));
    }

    @Test
    void updateSendsTheWholeConfigurationWithTheEtag() throws IOException {
        stubFor(get(urlPathEqualTo("/api/2.0/genie/spaces/s1")).willReturn(okJson(space("s1", "t", EXPORT, "e1"))));
        stubFor(patch(urlEqualTo("/api/2.0/genie/spaces/s1")).willReturn(okJson(space("s1", "t", null, "e2"))));
        Space current = spaces.get("s1");
        SpaceConfig edited = SpaceConfig.parse(current.config().toJson().replace("\"version\":2",
                "\"version\":2,\"x_note\":\"edited\""));

        Space updated = spaces.update(current, edited);

        // the export lists benchmarks newest first and one example's parameters unsorted: sent in the API's order
        assertThat(updated.etag()).contains("e2");
        assertThat(updated.config()).isEqualTo(edited.normalized()).isNotEqualTo(edited);
        assertThat(updated.config().toTree().path("x_note").asText()).isEqualTo("edited");
        String expectedBody = JSON.writeValueAsString(Map.of("serialized_space", edited.normalized().toJson(),
                "etag", "e1"));
        verify(patchRequestedFor(urlEqualTo("/api/2.0/genie/spaces/s1"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson(expectedBody)));
    }

    @Test
    void updateAndCreateSendNothingTheApiWouldRefuse() {
        SpaceConfig emptyMeasure = SpaceConfig.parse(EXPORT.replace(
                "SUM(`poc_krafton_kpi_kad_ingame_summary_daily`.`cash_revenue`)", " "));

        assertThatThrownBy(() -> spaces.update("s1", emptyMeasure, "e1"))
                .isInstanceOfSatisfying(SpaceValidationException.class, e -> assertThat(e.violations())
                        .extracting(SpaceViolation::path).containsExactly("instructions.sql_snippets.measures[0].sql"));
        assertThatThrownBy(() -> spaces.create(SpaceDraft.of("New", "wh1", emptyMeasure)))
                .isInstanceOf(SpaceValidationException.class);
        verify(0, patchRequestedFor(urlEqualTo("/api/2.0/genie/spaces/s1")));
        verify(0, postRequestedFor(urlEqualTo("/api/2.0/genie/spaces")));
    }

    @Test
    void updateOfASpaceEditedUnderneathIsAConflict() {
        stubFor(patch(urlEqualTo("/api/2.0/genie/spaces/s1")).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error_code\":\"RESOURCE_CONFLICT\",\"message\":\"etag does not match\"}")));

        assertThatThrownBy(() -> spaces.update("s1", SpaceConfig.parse(EXPORT), "stale"))
                .isInstanceOfSatisfying(SpaceConflictException.class, e -> {
                    assertThat(e.spaceId()).isEqualTo("s1");
                    assertThat(e.getMessage()).contains("re-read");
                    assertThat(e.getCause()).isInstanceOf(GenieApiException.class);
                });
        verify(1, patchRequestedFor(urlEqualTo("/api/2.0/genie/spaces/s1")));
    }

    @Test
    void staleExportMessageIsAlsoAConflict() {
        stubFor(patch(urlEqualTo("/api/2.0/genie/spaces/s1")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error_code\":\"INVALID_PARAMETER_VALUE\","
                        + "\"message\":\"Space configuration has been modified since this export was taken\"}")));

        assertThatThrownBy(() -> spaces.update("s1", SpaceConfig.parse(EXPORT), "stale"))
                .isInstanceOf(SpaceConflictException.class);
    }

    @Test
    void rejectedConfigurationIsNotAConflict() {
        stubFor(patch(urlEqualTo("/api/2.0/genie/spaces/s1")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error_code\":\"INVALID_PARAMETER_VALUE\","
                        + "\"message\":\"join_specs must be sorted by id\"}")));

        assertThatThrownBy(() -> spaces.update("s1", SpaceConfig.parse(EXPORT), "e1"))
                .isExactlyInstanceOf(GenieApiException.class).hasMessageContaining("must be sorted by id");
    }

    @Test
    void createSendsTheDraft() {
        stubFor(post(urlEqualTo("/api/2.0/genie/spaces")).willReturn(okJson(space("s9", "New", EXPORT, "e9"))));

        Space created = spaces.create(SpaceDraft.of("New", "wh1", SpaceConfig.parse(EXPORT))
                .withDescription("copy").withParentPath("/Shared"));

        assertThat(created.spaceId()).isEqualTo("s9");
        verify(postRequestedFor(urlEqualTo("/api/2.0/genie/spaces"))
                .withRequestBody(matchingJsonPath("$.title", equalTo("New")))
                .withRequestBody(matchingJsonPath("$.warehouse_id", equalTo("wh1")))
                .withRequestBody(matchingJsonPath("$.description", equalTo("copy")))
                .withRequestBody(matchingJsonPath("$.parent_path", equalTo("/Shared")))
                .withRequestBody(matchingJsonPath("$.serialized_space",
                        equalTo(SpaceConfig.parse(EXPORT).normalized().toJson()))));
    }

    @Test
    void trashDeletesTheSpace() {
        stubFor(delete(urlEqualTo("/api/2.0/genie/spaces/s1")).willReturn(okJson("{}")));

        spaces.trash("s1");

        verify(deleteRequestedFor(urlEqualTo("/api/2.0/genie/spaces/s1")));
    }

    @Test
    void clonerCopiesConfigurationWarehouseTitleAndFolder() {
        stubFor(get(urlPathEqualTo("/api/2.0/genie/spaces/s1")).willReturn(okJson(space("s1", "KPI", EXPORT, "e1"))));
        stubFor(post(urlEqualTo("/api/2.0/genie/spaces")).willReturn(okJson(space("s2", "KPI (copy)", null, null))));
        stubFor(get(urlPathEqualTo("/api/2.0/genie/spaces/s2"))
                .willReturn(okJson(space("s2", "KPI (copy)", EXPORT, "e-new"))));

        Space copy = SpaceCloner.builder(spaces).titleSuffix(" (copy)").build().copy("s1");

        assertThat(copy.spaceId()).isEqualTo("s2");
        assertThat(copy.etag()).contains("e-new");
        // the export as read (benchmarks newest first, parameters unsorted) is created in the API's order
        verify(postRequestedFor(urlEqualTo("/api/2.0/genie/spaces")).withRequestBody(equalToJson(space(null,
                "KPI (copy)", SpaceConfig.parse(EXPORT).normalized().toJson(), null)
                .replace("\"space_id\":null,", ""))));
    }
}
