package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.state.StateStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where sessions are kept between commands. */
final class StateOptions {

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".genie-enhancer",
            description = "Where sessions, score runs, plans and space snapshots are kept (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    /** The directory store; it survives a killed process. */
    StateStore open() {
        return StateStore.directory(stateDir);
    }
}
