package io.github.genieenhancer.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.ConfigurationException;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StateStore#defaultStore()}: a registered provider wins, none means memory, several is an error. */
class StateStoreLookupTest {

    /** The store {@link FirstProvider} hands out, so the test can recognise it. */
    static final StateStore PROVIDED = StateStore.inMemory();

    @TempDir
    Path dir;

    /** A provider registered through META-INF/services. */
    public static final class FirstProvider implements StateStoreProvider {
        @Override
        public StateStore create() {
            return PROVIDED;
        }
    }

    /** A second provider, to make the lookup ambiguous. */
    public static final class SecondProvider implements StateStoreProvider {
        @Override
        public StateStore create() {
            return StateStore.inMemory();
        }
    }

    @Test
    void should_fall_back_to_memory_when_no_provider_is_registered() {
        assertThat(StateStore.defaultStore()).isInstanceOf(InMemoryStateStore.class);
        assertThat(StateStoreLookup.find(loaderRegistering())).isInstanceOf(InMemoryStateStore.class);
    }

    @Test
    void should_use_the_registered_provider() throws IOException {
        assertThat(StateStoreLookup.find(loaderRegistering(FirstProvider.class.getName()))).isSameAs(PROVIDED);
    }

    @Test
    void should_name_every_provider_when_several_are_registered() throws IOException {
        ClassLoader loader = loaderRegistering(FirstProvider.class.getName(), SecondProvider.class.getName());

        assertThatThrownBy(() -> StateStoreLookup.find(loader))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(FirstProvider.class.getName())
                .hasMessageContaining(SecondProvider.class.getName());
    }

    @Test
    void should_report_a_provider_that_cannot_be_loaded() throws IOException {
        ClassLoader loader = loaderRegistering("com.example.MissingStoreProvider");

        assertThatThrownBy(() -> StateStoreLookup.find(loader))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("com.example.MissingStoreProvider");
    }

    private ClassLoader loaderRegistering(String... providers) {
        try {
            Path services = Files.createDirectories(dir.resolve("META-INF/services"));
            Files.write(services.resolve(StateStoreProvider.class.getName()), java.util.List.of(providers));
            return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
