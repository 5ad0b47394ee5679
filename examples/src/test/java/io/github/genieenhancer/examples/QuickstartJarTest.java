package io.github.genieenhancer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.genie.Space;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Quickstart} as a user runs it: the -all jar, configured by environment variables only. */
class QuickstartJarTest {

    @TempDir
    Path home;

    @Test
    void withoutConfigurationItNamesEachMissingVariable() {
        ProcessRun run = quickstart(ProcessRun.bareEnvironment(home));

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err().strip()).doesNotContain("\n").startsWith("Quickstart needs these environment "
                + "variables: DATABRICKS_HOST (").contains("GENIE_SPACE_ID (", "GENIE_WAREHOUSE_ID (",
                "GENIE_LLM_ENDPOINT (", "DATABRICKS_TOKEN");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void scoresTheSpacesOwnBenchmarksAndProposesFixesWithoutWriting() {
        try (LocalWorkspace local = LocalWorkspace.builder()
                .genieLatency(Duration.ofMillis(5), Duration.ofMillis(2)).start()) {
            // One benchmark the sample space answers wrongly (it lacks the orders-customers join), stored in the
            // space as users store theirs.
            Benchmark b21 = local.sampleBenchmarks().byId("b21").orElseThrow();
            SpaceApi spaces = SpaceApi.create(local.workspaceClient());
            Space space = spaces.get(local.sampleSpaceId());
            Space withBenchmark = spaces.update(space, BenchmarkSet.of("one", List.of(b21)).toSpace(space.config()));
            Map<String, String> env = new HashMap<>(ProcessRun.bareEnvironment(home));
            env.put("DATABRICKS_HOST", local.host());
            env.put("DATABRICKS_TOKEN", "dapi-localworkspace");
            env.put("GENIE_SPACE_ID", local.sampleSpaceId());
            env.put("GENIE_WAREHOUSE_ID", local.warehouseId());
            env.put("GENIE_LLM_ENDPOINT", local.servingEndpointName());

            ProcessRun run = quickstart(env);

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("accuracy 0.0%", "proposed join_specs_add: ");
            assertThat(local.spaceConfig(local.sampleSpaceId())).contains(withBenchmark.config());
        }
    }

    private ProcessRun quickstart(Map<String, String> env) {
        return ProcessRun.run(home, env, Duration.ofMinutes(3), List.of(ProcessRun.jdkTool("java"),
                "-Duser.home=" + home, "-cp", ProcessRun.builtJar().toString(),
                "io.github.genieenhancer.examples.Quickstart"));
    }
}
