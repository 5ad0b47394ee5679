package io.github.genieenhancer.examples.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One in-process run of the tool: its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {
    private static final Pattern SESSION = Pattern.compile("session (\\S+) started");

    static CliRun of(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = GenieEnhancerCli.execute(environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static CliRun of(String... args) {
        return of(Map.of(), args);
    }

    /** The id of the session the run started. */
    String sessionId() {
        Matcher m = SESSION.matcher(out);
        if (!m.find()) {
            throw new AssertionError("No session started:\n" + out + err);
        }
        return m.group(1);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
