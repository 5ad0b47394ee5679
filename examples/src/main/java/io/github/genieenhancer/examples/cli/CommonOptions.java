package io.github.genieenhancer.examples.cli;

import picocli.CommandLine.Option;

/** Options every command has. */
final class CommonOptions {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-v", "--verbose"}, description = "On failure, print the stack trace after the error line.")
    boolean verbose;

    @Option(names = "--debug", description = {"Print the debug log of the library and the Databricks SDK on standard "
            + "error (requests, retries, response bodies).", "HTTP headers are never logged and credentials are "
            + "masked; see the user guide for what not to switch on."})
    boolean debug;
}
