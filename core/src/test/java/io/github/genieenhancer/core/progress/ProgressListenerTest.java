package io.github.genieenhancer.core.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.score.Verdict;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

class ProgressListenerTest {
    private static final ProgressEvent STARTED = new ProgressEvent.StageStarted(Stage.SCORE, 3);
    private static final ProgressEvent FINISHED = new ProgressEvent.StageFinished(Stage.SCORE, Duration.ofSeconds(2));

    @TempDir
    Path dir;

    @Test
    void composedListenersReceiveEveryEventInTheGivenOrder() {
        List<String> calls = new CopyOnWriteArrayList<>();
        ProgressListener listener = ProgressListener.of(
                e -> calls.add("a:" + e.getClass().getSimpleName()),
                e -> calls.add("b:" + e.getClass().getSimpleName()),
                e -> calls.add("c:" + e.getClass().getSimpleName()));

        listener.onEvent(STARTED);
        listener.onEvent(FINISHED);

        assertThat(calls).containsExactly("a:StageStarted", "b:StageStarted", "c:StageStarted",
                "a:StageFinished", "b:StageFinished", "c:StageFinished");
    }

    @Test
    void aThrowingListenerStopsNeitherTheOthersNorTheCaller() {
        List<ProgressEvent> first = new CopyOnWriteArrayList<>();
        List<ProgressEvent> last = new CopyOnWriteArrayList<>();
        ProgressListener listener = ProgressListener.of(first::add, event -> {
            throw new IllegalStateException("listener bug");
        }, last::add);

        assertThatCode(() -> {
            listener.onEvent(STARTED);
            listener.onEvent(FINISHED);
        }).doesNotThrowAnyException();
        assertThat(first).containsExactly(STARTED, FINISHED);
        assertThat(last).containsExactly(STARTED, FINISHED);
    }

    @Test
    void isolationCatchesSneakilyThrownCheckedExceptions() {
        ProgressListener sneaky = event -> sneakyThrow(new IOException("disk full"));

        assertThatCode(() -> ProgressListener.isolated(sneaky).onEvent(STARTED)).doesNotThrowAnyException();
    }

    @Test
    void aFailureIsLoggedOncePerExceptionTypeWithoutFlooding() {
        RecordingLogger log = new RecordingLogger();
        AtomicInteger calls = new AtomicInteger();
        ProgressListener flaky = event -> {
            if (calls.incrementAndGet() % 2 == 0) {
                throw new IllegalArgumentException("even call");
            }
            throw new IllegalStateException("odd call");
        };
        ProgressListener isolated = new IsolatedProgressListener(flaky, log);

        for (int i = 0; i < 100; i++) {
            isolated.onEvent(STARTED);
        }

        assertThat(log.at(Level.WARN)).hasSize(2).allSatisfy(line -> {
            assertThat(line.message()).contains("failed on StageStarted[stage=SCORE, total=3]", "the run goes on");
            assertThat(line.error()).isNotNull();
        });
        assertThat(log.at(Level.WARN)).extracting(line -> (Object) line.error().getClass())
                .containsExactly(IllegalStateException.class, IllegalArgumentException.class);
        assertThat(log.at(Level.DEBUG)).hasSize(98);
    }

    @Test
    void errorsAreNotSwallowed() {
        ProgressListener failing = event -> {
            throw new OutOfMemoryError("simulated");
        };

        assertThatThrownBy(() -> ProgressListener.isolated(failing).onEvent(STARTED))
                .isInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void compositionSimplifiesAndIsolationIsNotStacked() {
        ProgressListener a = event -> { };
        ProgressListener isolated = ProgressListener.isolated(a);

        assertThat(ProgressListener.of()).isSameAs(ProgressListener.none());
        assertThat(ProgressListener.of(ProgressListener.none(), ProgressListener.none()))
                .isSameAs(ProgressListener.none());
        assertThat(ProgressListener.isolated(isolated)).isSameAs(isolated);
        assertThat(ProgressListener.of(isolated)).isSameAs(isolated);
        assertThat(ProgressListener.of(a).toString()).startsWith("ProgressListener.isolated(");
        assertThatThrownBy(() -> ProgressListener.of(a, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void noneIsOneSharedListenerThatNeedsNoShield() {
        // An empty onEvent cannot fail; what can is that none() stays one instance and is never wrapped.
        assertThat(ProgressListener.none()).isSameAs(ProgressListener.none()).hasToString("ProgressListener.none()");
        assertThat(ProgressListener.isolated(ProgressListener.none())).isSameAs(ProgressListener.none());
    }

    @Test
    void compositionDeliversEveryEventFromManyThreads() throws Exception {
        int threads = 8;
        int perThread = 1_000;
        LongAdder a = new LongAdder();
        LongAdder b = new LongAdder();
        ProgressListener listener = ProgressListener.of(e -> a.increment(), e -> {
            throw new IllegalStateException("always");
        }, e -> b.increment());
        CountDownLatch start = new CountDownLatch(1);
        Callable<Void> worker = () -> {
            start.await();
            for (int i = 1; i <= perThread; i++) {
                listener.onEvent(new ProgressEvent.QuestionScored("q" + i, i, perThread, Verdict.CORRECT));
            }
            return null;
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(worker));
            }
            start.countDown();
            for (Future<Void> future : running) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }

        assertThat(a.sum()).isEqualTo((long) threads * perThread);
        assertThat(b.sum()).isEqualTo((long) threads * perThread);
    }

    @Test
    void defaultListenerLogsWhenNoProviderIsRegistered() throws Exception {
        ProgressListener listener = withServices(List.of(), ProgressListener::defaultListener);

        assertThat(listener.toString()).isEqualTo(
                "ProgressListener.logging(io.github.genieenhancer.core.progress.ProgressListener)");
    }

    @Test
    void defaultListenerComesFromTheRegisteredProvider() throws Exception {
        ProgressListener listener = withServices(List.of(FirstProvider.class.getName()), ProgressListener::defaultListener);

        assertThat(listener).isSameAs(FirstProvider.LISTENER);
    }

    @Test
    void severalProvidersFailLoudly() {
        assertThatThrownBy(() -> withServices(List.of(FirstProvider.class.getName(), SecondProvider.class.getName()),
                ProgressListener::defaultListener))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Several ProgressListenerProvider implementations")
                .hasMessageContaining(FirstProvider.class.getName())
                .hasMessageContaining(SecondProvider.class.getName());
    }

    @Test
    void aProviderThatCannotBeLoadedFailsLoudly() {
        assertThatThrownBy(() -> withServices(List.of("com.example.MissingProvider"), ProgressListener::defaultListener))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("META-INF/services/" + ProgressListenerProvider.class.getName())
                .hasMessageContaining("com.example.MissingProvider");
    }

    /** Runs {@code action} with a context class loader that registers exactly the named provider classes. */
    private <T> T withServices(List<String> providers, Callable<T> action) throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.write(services.resolve(ProgressListenerProvider.class.getName()), providers);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            thread.setContextClassLoader(loader);
            return action.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable e) throws E {
        throw (E) e;
    }

    /** A registered provider. */
    public static final class FirstProvider implements ProgressListenerProvider {
        static final ProgressListener LISTENER = event -> { };

        @Override
        public ProgressListener create() {
            return LISTENER;
        }
    }

    /** Another registered provider. */
    public static final class SecondProvider implements ProgressListenerProvider {
        @Override
        public ProgressListener create() {
            return ProgressListener.none();
        }
    }
}
