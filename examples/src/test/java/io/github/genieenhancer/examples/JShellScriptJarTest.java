package io.github.genieenhancer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
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

        // JShell reports a failing snippet (an unresolved import or name) on stderr and goes on, so both streams
        // are checked: the values printed can only come from the library running.
        assertThat(run.err()).doesNotContain("Error:").doesNotContain("Exception");
        assertThat(run.out()).contains("status=COMPLETED rows=1", "accuracy 35.7%");
        assertThat(run.exitCode()).isZero();
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
