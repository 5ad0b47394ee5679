package io.github.genieenhancer.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A finished child process: its exit code and what it printed. */
record ProcessRun(int exitCode, String out, String err) {

    /** The JDK tool of the running JVM, e.g. {@code java} or {@code jshell}. */
    static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /** The jar the build made, as failsafe passes it. */
    static Path builtJar() {
        Path jar = Path.of(System.getProperty("genie.examples.jar", "target/missing-all.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No built jar at " + jar + "; run through mvn verify");
        }
        return jar;
    }

    /**
     * Runs a command with exactly the given environment (nothing inherited), standard input closed.
     *
     * @param directory working directory; also receives the captured output files
     */
    static ProcessRun run(Path directory, Map<String, String> environment, Duration timeout, List<String> command) {
        try {
            Path out = Files.createTempFile(directory, "stdout", ".txt");
            Path err = Files.createTempFile(directory, "stderr", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("Timed out after " + timeout + ": " + command + "\nstdout:\n"
                        + Files.readString(out, StandardCharsets.UTF_8) + "\nstderr:\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new ProcessRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }

    /** The environment of a fresh machine: a path, a home directory and nothing about Databricks. */
    static Map<String, String> bareEnvironment(Path home) {
        return Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), "HOME", home.toString());
    }
}
