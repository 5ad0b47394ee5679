package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.DocumentFormatException;
import io.github.genieenhancer.core.IncompleteScoreException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The {@code genie-enhancer} command-line tool: the four stages of enhancing a Genie space (score, plan, apply,
 * validate), the whole loop ({@code run}), {@code rollback}, {@code report}, the read-only checks of {@code doctor}
 * and the offline {@code demo}.
 *
 * <pre>
 * java -jar genie-enhancer-examples-&lt;version&gt;-all.jar --help
 * java -jar genie-enhancer-examples-&lt;version&gt;-all.jar score --local --min-accuracy 80%
 * </pre>
 *
 * <p>Exit codes: 0 success, 1 accuracy below {@code --min-accuracy}, 2 bad usage, 3 configuration missing or
 * invalid, 4 runtime failure, 5 a score run incomplete (below {@code --min-coverage}, or the space edited while it
 * was scored), 6 a check of {@code doctor} failed. Errors are one line on standard error; {@code --verbose} adds the
 * stack trace.
 * Warnings of the library are printed on standard error, {@code --debug} adds its and the SDK's debug lines; every
 * line is redacted and HTTP headers are never logged (see {@link CliLogging}).
 */
public final class GenieEnhancerCli {

    private GenieEnhancerCli() {
    }

    /**
     * Runs the tool and exits the JVM with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        CliLogging.install();
        System.exit(execute(System.getenv(), System.out, System.err, args));
    }

    /**
     * Runs the tool without exiting, e.g. from a Databricks job task, where the JVM is the cluster's and must not be
     * exited.
     *
     * @param environment where option defaults such as {@code GENIE_SPACE_ID} are read
     * @param out         where results and progress go
     * @param err         where errors go
     * @param args        the command line
     * @return the exit code
     */
    public static int execute(Map<String, String> environment, PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new RootCommand(out));
        cli.setDefaultValueProvider(new EnvironmentDefaults(environment));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler(GenieEnhancerCli::usageError);
        cli.setExecutionExceptionHandler((e, command, parsed) -> failure(e, command, parsed));
        cli.setExecutionStrategy(parsed -> {
            CliLogging.configure(matched(parsed, "--debug"), err);
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        withExitCodes(cli);
        return cli.execute(args);
    }

    private static void withExitCodes(CommandLine command) {
        command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.HELP);
        command.getSubcommands().values().forEach(GenieEnhancerCli::withExitCodes);
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
        return ExitCodes.USAGE;
    }

    private static int failure(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        err.println(CliLogging.redact(command.getCommandSpec().qualifiedName() + ": " + describe(e)));
        if (matched(parsed, "--verbose")) {
            err.print(CliLogging.stackTrace(e));
        }
        err.flush();
        if (e instanceof IncompleteScoreException) {
            return ExitCodes.INCOMPLETE_SCORE;
        }
        return e instanceof ConfigurationException || e instanceof DocumentFormatException
                ? ExitCodes.CONFIGURATION : ExitCodes.FAILURE;
    }

    /** The library's exceptions say what went wrong; others are named by their type. */
    private static String describe(Exception e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? "" : oneLine(e.getMessage());
        if (e instanceof io.github.genieenhancer.core.GenieEnhancerException && !message.isEmpty()) {
            return message;
        }
        return message.isEmpty() ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + message;
    }

    /** Whether an option was given at any level of the command line. */
    private static boolean matched(ParseResult parsed, String option) {
        for (ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption(option)) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
