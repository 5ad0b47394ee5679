package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.secret.Redaction;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.event.Level;

/**
 * The tool's own log output, safe by default. {@link GenieEnhancerCli#main} selects {@link CliLogProvider} as the
 * SLF4J provider, so every log line of the library, the Databricks SDK and its HTTP client (through commons-logging)
 * comes here:
 * <ul>
 *   <li>the library's warnings and errors ({@code io.github.genieenhancer}) are printed on standard error; the SDK
 *       and the HTTP client print nothing (their warnings repeat what the tool's error line says);</li>
 *   <li>{@code --debug} adds the info and debug lines of the library and of the SDK ({@code com.databricks.sdk}):
 *       requests, retries, response bodies as the SDK redacts them; and the warnings of every other logger;</li>
 *   <li>the HTTP client's loggers ({@code org.apache.http}, among them {@code org.apache.http.headers} and
 *       {@code org.apache.http.wire}, which print every header, {@code Authorization} included) never print below
 *       warnings, whatever the options;</li>
 *   <li>every line, stack traces included, is redacted: bearer tokens, {@code dapi...} tokens and JSON web tokens
 *       by their shape, and the credentials of the workspace configuration the tool uses.</li>
 * </ul>
 * The tool's error line and its {@code --verbose} stack trace pass the same redaction.
 */
final class CliLogging {
    private static final String LIBRARY = "io.github.genieenhancer";
    private static final String SDK = "com.databricks.sdk";
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private static volatile boolean debug;
    private static volatile PrintStream err = System.err;

    private CliLogging() {
    }

    /**
     * Makes this class the log output of the JVM, before anything logs: unless the user chose a provider with
     * {@code -Dslf4j.provider}, SLF4J uses {@link CliLogProvider}. SLF4J's own notes about its set-up are kept quiet,
     * so they do not garble the tool's output.
     */
    static void install() {
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", CliLogProvider.class.getName());
        }
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    /**
     * Sets up one run of the tool.
     *
     * @param withDebug whether debug lines of the library and the SDK are printed
     * @param stream    where log lines go
     */
    static void configure(boolean withDebug, PrintStream stream) {
        debug = withDebug;
        err = stream;
    }

    /** A credential to mask in every line from now on, e.g. the token of the workspace configuration. */
    static void secret(String value) {
        if (value != null && !value.isBlank()) {
            SECRETS.add(value);
        }
    }

    /** The text with every known credential, bearer token, {@code dapi...} token and JSON web token masked. */
    static String redact(String text) {
        return Redaction.redact(text, List.copyOf(SECRETS));
    }

    /** A throwable's stack trace, redacted. */
    static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return redact(text.toString());
    }

    /**
     * Whether a logger prints at a level: the library's warnings always; with {@code --debug} the library's and the
     * SDK's debug lines and every other logger's warnings. Never trace, never the HTTP client below warnings.
     */
    static boolean enabled(String logger, Level level) {
        boolean library = under(logger, LIBRARY);
        if (level.toInt() >= Level.WARN.toInt()) {
            return library || debug;
        }
        return debug && level != Level.TRACE && (library || under(logger, SDK));
    }

    private static boolean under(String logger, String prefix) {
        return logger.equals(prefix) || logger.startsWith(prefix + ".");
    }

    /** Prints one log line, redacted; the stack trace of its throwable only with {@code --debug}. */
    static void write(String logger, Level level, String message, Throwable thrown) {
        StringBuilder line = new StringBuilder().append(level).append(' ').append(logger).append(" - ")
                .append(message);
        if (thrown != null) {
            line.append(debug ? System.lineSeparator() + stackTrace(thrown).stripTrailing() : " (" + thrown + ")");
        }
        err.println(redact(line.toString()));
    }
}
