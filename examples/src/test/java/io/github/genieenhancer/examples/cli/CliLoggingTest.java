package io.github.genieenhancer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class CliLoggingTest {
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(written, true, StandardCharsets.UTF_8);

    @AfterEach
    void quiet() {
        CliLogging.configure(false, System.err);
    }

    @Test
    void theLibrarysWarningsAlwaysDebugOnlyOfTheLibraryAndTheSdkAndNeverOfTheHttpClient() {
        CliLogging.configure(false, err);
        assertThat(CliLogging.enabled("io.github.genieenhancer.genie.GenieClient", Level.WARN)).isTrue();
        assertThat(CliLogging.enabled("io.github.genieenhancer.genie.GenieClient", Level.INFO)).isFalse();
        assertThat(CliLogging.enabled("com.databricks.sdk.core.DatabricksConfig", Level.ERROR)).isFalse();
        assertThat(CliLogging.enabled("org.apache.http.wire", Level.WARN)).isFalse();

        CliLogging.configure(true, err);
        assertThat(CliLogging.enabled("org.apache.http.wire", Level.WARN)).isTrue();
        assertThat(CliLogging.enabled("io.github.genieenhancer.genie.GenieClient", Level.DEBUG)).isTrue();
        assertThat(CliLogging.enabled("com.databricks.sdk.core.ApiClient", Level.DEBUG)).isTrue();
        assertThat(CliLogging.enabled("com.databricks.sdk.core.ApiClient", Level.TRACE)).isFalse();
        assertThat(CliLogging.enabled("io.github.genieenhancerx.Other", Level.DEBUG)).isFalse();
        assertThat(CliLogging.enabled("org.apache.http.headers", Level.DEBUG)).isFalse();
        assertThat(CliLogging.enabled("org.apache.http.wire", Level.INFO)).isFalse();
    }

    @Test
    void everyLineAndStackTraceIsRedacted() {
        CliLogging.secret("opaque-cli-secret-42");
        RuntimeException thrown = new IllegalStateException("refused opaque-cli-secret-42",
                new RuntimeException("Authorization: Bearer dapi0123456789abcdef"));

        CliLogging.configure(false, err);
        CliLogging.write("a.B", Level.WARN, "sent opaque-cli-secret-42", thrown);
        CliLogging.configure(true, err);
        CliLogging.write("a.B", Level.WARN, "again", thrown);

        String text = written.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("WARN a.B - sent *** (java.lang.IllegalStateException: refused ***)")
                .contains("WARN a.B - again", "\tat ",
                        "Caused by: java.lang.RuntimeException: Authorization: Bearer ***")
                .doesNotContain("opaque-cli-secret-42").doesNotContain("dapi0123456789abcdef");
        assertThat(CliLogging.stackTrace(thrown)).doesNotContain("opaque-cli-secret-42");
    }
}
