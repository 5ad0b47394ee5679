package io.github.genieenhancer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QuickstartTest {

    @Test
    void namesEveryMissingVariableWithWhatItIs() {
        assertThat(Quickstart.missingVariables(Map.of())).containsExactly(
                "DATABRICKS_HOST (the workspace URL, e.g. https://adb-123.4.azuredatabricks.net)",
                "GENIE_SPACE_ID (the Genie space to score)",
                "GENIE_WAREHOUSE_ID (the SQL warehouse that runs the expected SQL)",
                "GENIE_LLM_ENDPOINT (the model serving endpoint, e.g. databricks-claude-sonnet-4)");
    }

    @Test
    void blankCountsAsMissing() {
        assertThat(Quickstart.missingVariables(Map.of("DATABRICKS_HOST", "https://x", "GENIE_SPACE_ID", " ",
                "GENIE_WAREHOUSE_ID", "w", "GENIE_LLM_ENDPOINT", "m"))).singleElement().asString()
                .startsWith("GENIE_SPACE_ID");
    }

    @Test
    void nothingIsMissingWhenAllAreSet() {
        assertThat(Quickstart.missingVariables(Map.of("DATABRICKS_HOST", "https://x", "GENIE_SPACE_ID", "s",
                "GENIE_WAREHOUSE_ID", "w", "GENIE_LLM_ENDPOINT", "m"))).isEmpty();
    }
}
