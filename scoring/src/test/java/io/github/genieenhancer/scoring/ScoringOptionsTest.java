package io.github.genieenhancer.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.progress.ProgressEvent;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.progress.ProgressListenerProvider;
import io.github.genieenhancer.core.progress.Stage;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.core.state.StateStoreProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringOptionsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsUseTheStoreAndListenerTheSpisFindOnTheClassPath() throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(StateStoreProvider.class.getName()), TeamStore.class.getName());
        Files.writeString(services.resolve(ProgressListenerProvider.class.getName()), TeamListener.class.getName());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        ScoringOptions options;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            thread.setContextClassLoader(loader);
            options = ScoringOptions.defaults();
        } finally {
            thread.setContextClassLoader(previous);
        }
        options.progressListener().onEvent(new ProgressEvent.StageStarted(Stage.SCORE, 3));

        assertThat(options.stateStore()).isSameAs(TeamStore.STORE);
        assertThat(TeamListener.EVENTS).containsExactly(new ProgressEvent.StageStarted(Stage.SCORE, 3));
    }

    @Test
    void theMinimumCoverageDefaultsToNineInTenAndMustBeAFraction() {
        assertThat(ScoringOptions.defaults().minCoverage()).isEqualTo(0.9);
        assertThat(ScoringOptions.builder().minCoverage(0).build().toBuilder().build().minCoverage()).isZero();
        assertThatThrownBy(() -> ScoringOptions.builder().minCoverage(1.5))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("minCoverage must be within [0, 1]");
        assertThatThrownBy(() -> ScoringOptions.builder().minCoverage(Double.NaN))
                .isInstanceOf(ConfigurationException.class);
    }

    /** A team's store, registered on the class path. */
    public static final class TeamStore implements StateStoreProvider {
        static final StateStore STORE = StateStore.inMemory();

        @Override
        public StateStore create() {
            return STORE;
        }
    }

    /** A team's listener, registered on the class path. */
    public static final class TeamListener implements ProgressListenerProvider {
        static final List<ProgressEvent> EVENTS = new CopyOnWriteArrayList<>();

        @Override
        public ProgressListener create() {
            return EVENTS::add;
        }
    }
}
