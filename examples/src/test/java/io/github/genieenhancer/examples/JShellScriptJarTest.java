package io.github.genieenhancer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented JShell command: {@code jshell --class-path <the -all jar> --startup DEFAULT --startup
 * examples/jshell/genie.jsh}, here with a script run non-interactively against a local workspace.
 */
class JShellScriptJarTest {

    @TempDir
    Path home;

    @Test
    void startupScriptImportsTheLibraryAndAScriptRunsAgainstTheLocalWorkspace() throws Exception {
        ProcessRun run = jshell(script("ask-local.jsh"));

        assertThat(run.err()).doesNotContain("Error:").doesNotContain("Exception");
        assertThat(run.out()).contains("status=COMPLETED rows=1", "accuracy 35.7%");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void aScriptErrorIsReportedByJShell() throws Exception {
        Path broken = home.resolve("broken.jsh");
        Files.writeString(broken, "var x = NoSuchType.create();\n/exit\n");

        ProcessRun run = jshell(broken);

        // Proves the first test's clean output means something: an unknown name is reported on stderr.
        assertThat(run.err()).contains("Error:").contains("NoSuchType");
    }

    private ProcessRun jshell(Path script) throws IOException {
        Path startup = Path.of(System.getProperty("genie.examples.jshell", "jshell")).resolve("genie.jsh");
        return ProcessRun.run(home, ProcessRun.bareEnvironment(home), Duration.ofMinutes(3), List.of(
                ProcessRun.jdkTool("jshell"), "-J-Duser.home=" + home,
                "--class-path", ProcessRun.builtJar().toString(),
                "--startup", "DEFAULT", "--startup", startup.toString(), script.toString()));
    }

    private static Path script(String name) throws URISyntaxException {
        return Path.of(JShellScriptJarTest.class.getResource("/jshell/" + name).toURI());
    }
}
