package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.space.SpaceDiff;
import io.github.genieenhancer.core.state.SessionOwner;
import io.github.genieenhancer.core.state.SessionRecord;
import io.github.genieenhancer.core.state.SpaceSnapshot;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.enhancement.Applier;
import io.github.genieenhancer.genie.SpaceApi;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code genie-enhancer rollback}: puts a stored configuration back. */
@Command(name = "rollback", description = {"Restores a space configuration stored by a session before it changed "
        + "the space. The space's live benchmarks are kept, and the configuration replaced is stored as a new "
        + "snapshot, so a rollback can itself be undone.",
    "Default snapshot: the session's first one of the original space (before promote or an IN_PLACE apply), else "
        + "its first one. The session must not be in use by another process (see --take-over)."})
final class RollbackCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Mixin
    CommonOptions common;

    @Mixin
    WorkspaceOptions workspace;

    @Mixin
    StateOptions state;

    @Option(names = "--session", paramLabel = "ID", required = true, description = "The session whose snapshot "
            + "to restore.")
    String sessionId;

    @Option(names = "--snapshot", paramLabel = "ID", description = "The snapshot to restore (the ids are in the "
            + "apply output and the state directory).")
    String snapshotId;

    @Option(names = "--take-over", description = "Claim the session even while another process holds it, when that "
            + "process is gone (it crashed less than its lease of 2 minutes ago).")
    boolean takeOver;

    @Override
    public Integer call() {
        Output output = root.output();
        try (Workspace ws = workspace.open(false); StateStore store = state.open(ws)) {
            if (ws.localWorkspace().isPresent()) {
                throw new ConfigurationException("rollback cannot use --local: a local workspace lives only as long "
                        + "as one command, so it holds no space a stored session changed");
            }
            SessionRecord session = store.session(sessionId).orElseThrow(() -> new ConfigurationException(
                    "No session '" + sessionId + "' in the state store"));
            SpaceSnapshot snapshot = chosen(session, store.snapshots(sessionId));
            SpaceDiff diff;
            // The session's owner: no run may change the space or the session while it is restored.
            try (SessionOwner owner = SessionOwner.builder(store, sessionId).takeOver(takeOver).claim()) {
                diff = Applier.builder(SpaceApi.create(ws.client()), owner.store()).sessionId(sessionId).build()
                        .rollback(snapshot.id());
            }
            output.line("restored snapshot " + snapshot.id() + " (taken " + snapshot.takenAt() + ") on space "
                    + snapshot.spaceId() + ": " + (diff.isEmpty() ? "no change, the space already had it"
                    : diff.changes().size() + " changes"));
            diff.describe().lines().forEach(l -> output.line("  " + l));
            return ExitCodes.OK;
        }
    }

    private SpaceSnapshot chosen(SessionRecord session, List<SpaceSnapshot> snapshots) {
        if (snapshotId != null) {
            return snapshots.stream().filter(s -> s.id().equals(snapshotId)).findFirst()
                    .orElseThrow(() -> new ConfigurationException("Session " + sessionId + " has no snapshot '"
                            + snapshotId + "'"));
        }
        if (snapshots.isEmpty()) {
            throw new ConfigurationException("Session " + sessionId + " has no snapshot: it never changed a space");
        }
        return snapshots.stream().filter(s -> s.spaceId().equals(session.spaceId())).findFirst()
                .orElse(snapshots.get(0));
    }
}
