package io.github.genieenhancer.examples.e2e;

import io.github.genieenhancer.core.progress.ProgressEvent;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Looks at a space's live configuration at every progress event of a session (every question asked and scored,
 * every stage started and finished, every fix applied or refused) and keeps the configurations seen, in order,
 * each once per stretch. The workspace is read directly, not through its API, so watching adds no requests and
 * meets no injected fault. Also records every event.
 */
final class SpaceWatcher implements ProgressListener {
    private final LocalWorkspace workspace;
    private final String spaceId;
    private final List<SpaceConfig> seen = new ArrayList<>();
    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

    SpaceWatcher(LocalWorkspace workspace, String spaceId) {
        this.workspace = workspace;
        this.spaceId = spaceId;
        look();
    }

    @Override
    public void onEvent(ProgressEvent event) {
        events.add(event);
        look();
    }

    /** Records the live configuration now, when it differs from the last one seen. */
    synchronized void look() {
        Optional<SpaceConfig> live = workspace.spaceConfig(spaceId);
        live.filter(config -> seen.isEmpty() || !seen.get(seen.size() - 1).equals(config)).ifPresent(seen::add);
    }

    /** The configurations seen, in order; consecutive repeats count once. */
    synchronized List<SpaceConfig> configurationsSeen() {
        look();
        return List.copyOf(seen);
    }

    /** The events of one type received so far. */
    <T extends ProgressEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
