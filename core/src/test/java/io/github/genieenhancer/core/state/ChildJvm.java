package io.github.genieenhancer.core.state;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A {@link StoreWriterMain} in its own JVM, on the test's class path, with its output read line by line. */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final Path errFile;

    private ChildJvm(Process process, Path errFile) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.errFile = errFile;
    }

    static ChildJvm start(Path errFile, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                StoreWriterMain.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(errFile.toFile()).start();
        return new ChildJvm(process, errFile);
    }

    /** The next complete line without its {@code ;}, or {@code null} at the end (a last line cut by a kill). */
    String readLine() throws IOException {
        String line = out.readLine();
        if (line == null || line.endsWith(";")) {
            return line == null ? null : line.substring(0, line.length() - 1);
        }
        if (out.readLine() != null) {
            throw new IllegalStateException("Child printed a line without ';' before others: " + line);
        }
        return null;
    }

    long pid() {
        return process.pid();
    }

    void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /**
     * Sends SIGKILL (on Windows, TerminateProcess): no shutdown hook, no flush, no cleanup. Through the process
     * handle, because {@code Process.destroyForcibly()} also closes our end of the pipes, which would lose the lines
     * the child printed just before it died.
     */
    void kill() {
        process.toHandle().destroyForcibly();
    }

    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    String stderr() {
        try {
            return Files.readString(errFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
