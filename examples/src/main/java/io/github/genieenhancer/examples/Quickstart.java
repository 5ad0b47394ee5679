package io.github.genieenhancer.examples;

import com.databricks.sdk.WorkspaceClient;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.enhancement.ApplyMode;
import io.github.genieenhancer.enhancement.EnhancementResult;
import io.github.genieenhancer.enhancement.EnhancementSession;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.llm.LlmClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shortest program against a real workspace: scores a Genie space on the benchmarks stored in it and prints
 * the fixes the LLM proposes. {@link ApplyMode#DRY_RUN}, so nothing is written.
 *
 * <p>Environment: {@code DATABRICKS_HOST} plus any auth the Databricks SDK reads (e.g. {@code DATABRICKS_TOKEN}),
 * {@code GENIE_SPACE_ID}, {@code GENIE_WAREHOUSE_ID}, {@code GENIE_LLM_ENDPOINT}.
 */
public final class Quickstart {
    /** The variables read, with what each is. */
    private static final Map<String, String> VARIABLES = variables();

    private Quickstart() {
    }

    private static Map<String, String> variables() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("DATABRICKS_HOST", "the workspace URL, e.g. https://adb-123.4.azuredatabricks.net");
        variables.put("GENIE_SPACE_ID", "the Genie space to score");
        variables.put("GENIE_WAREHOUSE_ID", "the SQL warehouse that runs the expected SQL");
        variables.put("GENIE_LLM_ENDPOINT", "the model serving endpoint, e.g. databricks-claude-sonnet-4");
        return Collections.unmodifiableMap(variables);
    }

    /**
     * Runs the quick start; exits with code 3 and a line naming every missing environment variable.
     *
     * @param args none
     */
    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        List<String> missing = missingVariables(env);
        if (!missing.isEmpty()) {
            System.err.println("Quickstart needs these environment variables: " + String.join("; ", missing)
                    + ". Authentication is the SDK's: DATABRICKS_TOKEN, OAuth (DATABRICKS_CLIENT_ID and "
                    + "DATABRICKS_CLIENT_SECRET) or any other method it supports.");
            System.exit(3);
        }
        WorkspaceClient ws = new WorkspaceClient();              // DATABRICKS_HOST and auth, the SDK's usual chain
        String spaceId = env.get("GENIE_SPACE_ID");
        EnhancementSession session = EnhancementSession.builder()
                .workspace(ws)
                .spaceId(spaceId)
                .warehouseId(env.get("GENIE_WAREHOUSE_ID"))
                .benchmarks(BenchmarkSet.fromSpace(SpaceApi.create(ws).get(spaceId).config(), "space benchmarks"))
                .llm(LlmClient.databricks(ws, env.get("GENIE_LLM_ENDPOINT")))
                .applyMode(ApplyMode.DRY_RUN)                    // plan only: the space is not changed
                .progressListener(ProgressListener.console())
                .build();
        EnhancementResult result = session.run();
        System.out.printf("accuracy %.1f%%%n", result.initialAccuracy().tuning() * 100);
        result.iterations().get(0).plan().ifPresent(plan -> {
            for (PlannedFix fix : plan.fixes()) {
                System.out.println("proposed " + fix.category().wireName() + ": " + fix.rationale());
            }
        });
    }

    /** Each variable the environment lacks, with what it is. */
    static List<String> missingVariables(Map<String, String> env) {
        List<String> missing = new ArrayList<>();
        VARIABLES.forEach((name, meaning) -> {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                missing.add(name + " (" + meaning + ")");
            }
        });
        return missing;
    }
}
