package io.github.genieenhancer.examples.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.GenieApiException;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.genie.SpaceSummary;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The live scenario against the local stand-in, so its code is proven in every build, not only on a workspace. */
class CloneApplyRollbackTest {
    private static LocalWorkspace local;

    @BeforeAll
    static void start() {
        local = LocalWorkspace.builder().genieLatency(Duration.ofMillis(5), Duration.ZERO)
                .statementLatency(Duration.ofMillis(2)).start();
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    void theCopyTakesTheFixAndItsRollbackEqualsTheOriginalAndIsTrashed() {
        SpaceConfig original = local.spaceConfig(local.sampleSpaceId()).orElseThrow();
        String copyId = new CloneApplyRollback(local.workspaceClient(), local.warehouseId())
                .run(local.sampleSpaceId());

        assertThat(local.spaceConfig(copyId)).as("trashed").isEmpty();
        assertThat(local.spaceConfig(local.sampleSpaceId())).as("the original, untouched").contains(original);
        assertThat(copies()).isZero();
    }

    @Test
    void theCopyIsTrashedWhenTheScenarioFails() {
        SpaceConfig original = local.spaceConfig(local.sampleSpaceId()).orElseThrow();
        CloneApplyRollback scenario = new CloneApplyRollback(local.workspaceClient(), "nosuchwarehouse");

        assertThatThrownBy(() -> scenario.run(local.sampleSpaceId())).isInstanceOf(GenieApiException.class)
                .hasMessageContaining("nosuchwarehouse");
        assertThat(copies()).isZero();
        assertThat(local.spaceConfig(local.sampleSpaceId())).as("the original, untouched").contains(original);
    }

    private static long copies() {
        return SpaceApi.create(local.workspaceClient()).list().stream().map(SpaceSummary::title)
                .filter(title -> title.endsWith(CloneApplyRollback.TITLE_SUFFIX)).count();
    }
}
