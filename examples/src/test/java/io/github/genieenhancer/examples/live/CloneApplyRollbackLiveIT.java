package io.github.genieenhancer.examples.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.databricks.sdk.WorkspaceClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link CloneApplyRollback} on a real workspace. Runs only in the {@code live} Maven profile, and only when
 * {@code DATABRICKS_HOST} (with the SDK's auth, e.g. {@code DATABRICKS_TOKEN}), {@code GENIE_SPACE_ID} and
 * {@code GENIE_WAREHOUSE_ID} are set; otherwise it is reported skipped, naming what is missing:
 * <pre>
 * mvn -B -pl examples -am verify -Plive -DskipTests
 * </pre>
 * It creates one copy of the space (title suffix {@value CloneApplyRollback#TITLE_SUFFIX}) and trashes it at the
 * end, whatever happened; the space itself is only read.
 */
class CloneApplyRollbackLiveIT {
    static final List<String> REQUIRED = List.of("DATABRICKS_HOST", "GENIE_SPACE_ID", "GENIE_WAREHOUSE_ID");

    @Test
    void aCopyOfTheSpaceTakesAFixAndItsRollbackThenIsTrashed() {
        Map<String, String> env = System.getenv();
        List<String> missing = REQUIRED.stream().filter(name -> env.getOrDefault(name, "").isBlank()).toList();
        assumeTrue(missing.isEmpty(), () -> "no workspace configured for the live tests: set "
                + String.join(", ", missing) + " (and the SDK's auth, e.g. DATABRICKS_TOKEN); see docs/user-guide.md");

        WorkspaceClient workspace = new WorkspaceClient();
        String copyId = new CloneApplyRollback(workspace, env.get("GENIE_WAREHOUSE_ID").strip())
                .run(env.get("GENIE_SPACE_ID").strip());

        assertThat(copyId).isNotBlank();
    }
}
