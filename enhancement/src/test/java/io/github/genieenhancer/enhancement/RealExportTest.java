package io.github.genieenhancer.enhancement;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.genieenhancer.core.fix.ApplyResult;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.space.SpaceDiff;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.genie.Space;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.genie.SpaceCloner;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rollback, promote and clone on the real export (benchmarks newest first, one example's parameters out of name
 * order), hosted by a LocalWorkspace that serves it in that order and refuses it back in that order, as the API
 * does; through the real SDK.
 */
class RealExportTest {
    private static final String KPI = "01f0f5c840c118b9824acd167525a768";
    private static final SpaceConfig EXPORT = SpaceConfig.parse(resource(), "genie-space-export-v2.json");
    private static final Fix METADATA = new Fix.MetadataAdd("sandbox.agent_poc.poc_meta_games",
            Optional.of("game_name"), Optional.of("The game's English title."), List.of("title"));

    private final LocalWorkspace workspace = LocalWorkspace.builder().space(KPI, EXPORT).start();
    private final SpaceApi spaces = SpaceApi.create(workspace.workspaceClient());
    private final StateStore store = StateStore.inMemory();
    private final Applier applier = Applier.builder(spaces, store).sessionId("real").build();

    @AfterEach
    void stop() {
        workspace.close();
    }

    private static String resource() {
        try (InputStream in = RealExportTest.class.getResourceAsStream("/genie-space-export-v2.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EnhancementPlan plan(Fix fix) {
        return new EnhancementPlan("p1", "run1", Instant.EPOCH, List.of(new PlannedFix("f1", fix, "", List.of())),
                List.of());
    }

    private SpaceConfig live(String spaceId) {
        return spaces.get(spaceId).config();
    }

    @Test
    void applyThenRollbackPutsTheExportBackAsTheApiExportedIt() {
        ApplyResult applied = applier.apply(KPI, plan(METADATA));

        // the diff is the fix alone: sorting the benchmarks and the parameters for the update is no change
        assertThat(applied.diff().describe()).isEqualTo("~ data_sources.tables.column_configs "
                + "sandbox.agent_poc.poc_meta_games.game_name: game_name (changed: description, synonyms)");
        assertThat(live(KPI).diffTo(EXPORT).changes()).hasSize(1);

        SpaceDiff undone = applier.rollback(applied.snapshotId());

        assertThat(undone.describe()).isEqualTo(applied.diff().describe());
        assertThat(live(KPI)).isEqualTo(EXPORT);
        assertThat(workspace.spaceConfig(KPI)).contains(EXPORT);
    }

    @Test
    void cloneCopiesTheExportAndPromoteBringsTheCopysChangeBack() {
        Space copy = SpaceCloner.create(spaces).copy(KPI);

        assertThat(copy.spaceId()).isNotEqualTo(KPI);
        assertThat(copy.config()).isEqualTo(EXPORT);
        ApplyResult onCopy = applier.apply(copy.spaceId(), plan(METADATA));
        assertThat(live(KPI)).isEqualTo(EXPORT);

        // what EnhancementSession.promote() does: the copy's configuration onto the original, its benchmarks kept
        ApplyResult promoted = applier.replace(KPI, live(copy.spaceId()), onCopy.applied());

        assertThat(promoted.diff()).isEqualTo(onCopy.diff());
        assertThat(live(KPI)).isEqualTo(live(copy.spaceId()));
        assertThat(live(KPI).benchmarkQuestions()).isEqualTo(EXPORT.benchmarkQuestions());
        // and the promotion can be undone to the export exactly as the API exported it
        applier.rollback(promoted.snapshotId());
        assertThat(live(KPI)).isEqualTo(EXPORT);
    }
}
