package io.github.genieenhancer.examples.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The tool's exit codes, for CI jobs; listed in every command's help. */
final class ExitCodes {
    /** The command did what it was asked, and any accuracy gate passed. */
    static final int OK = 0;
    /** The accuracy measured is below {@code --min-accuracy}. */
    static final int BELOW_MIN_ACCURACY = 1;
    /** The command line is wrong: unknown option, bad value, missing subcommand. */
    static final int USAGE = 2;
    /** Configuration is missing or invalid: no workspace, space, warehouse or LLM endpoint, unknown session. */
    static final int CONFIGURATION = 3;
    /** The run failed: an API, LLM, state or I/O failure. */
    static final int FAILURE = 4;
    /**
     * A score run was incomplete: fewer questions counted than {@code --min-coverage}, or the space was edited while
     * it was scored. Nothing was decided on it; running the command again resumes it.
     */
    static final int INCOMPLETE_SCORE = 5;
    /** {@code doctor}: at least one check failed. */
    static final int CHECKS_FAILED = 6;

    /** The list shown under "Exit codes:" in every command's help. */
    static final Map<String, String> HELP = helpList();

    private ExitCodes() {
    }

    private static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        list.put(" " + OK, "success (and accuracy at or above --min-accuracy)");
        list.put(" " + BELOW_MIN_ACCURACY, "accuracy below --min-accuracy");
        list.put(" " + USAGE, "bad usage (unknown option, invalid value, missing subcommand)");
        list.put(" " + CONFIGURATION, "configuration missing or invalid (workspace, space, warehouse, LLM "
                + "endpoint, benchmarks file, session)");
        list.put(" " + FAILURE, "runtime failure (Databricks API, LLM, state store, I/O)");
        list.put(" " + INCOMPLETE_SCORE, "a score run was incomplete (fewer questions counted than --min-coverage, "
                + "or the space was edited while it was scored): nothing was decided; run again to resume");
        list.put(" " + CHECKS_FAILED, "doctor: at least one check failed");
        return Collections.unmodifiableMap(list);
    }
}
