package io.github.genieenhancer.core.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.core.state.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConsoleProgressListenerTest {
    private static final String NL = System.lineSeparator();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private ConsoleProgressListener listener(boolean terminal) {
        return ConsoleProgressListener.builder().output(out).terminal(terminal).clock(clock).build();
    }

    /** Scores four questions, 30 s, 30 s and 60 s apart, the last two at once. */
    private void scoreFourQuestions(ProgressListener listener) {
        listener.onEvent(new ProgressEvent.StageStarted(Stage.SCORE, 4));
        listener.onEvent(new ProgressEvent.QuestionAsked("q1", 1, 4));
        clock.advance(Duration.ofSeconds(30));
        listener.onEvent(new ProgressEvent.QuestionScored("q1", 1, 4, Verdict.CORRECT));
        clock.advance(Duration.ofSeconds(30));
        listener.onEvent(new ProgressEvent.QuestionScored("q2", 2, 4, Verdict.INCORRECT));
        clock.advance(Duration.ofSeconds(60));
        listener.onEvent(new ProgressEvent.QuestionScored("q3", 3, 4, Verdict.CORRECT));
        listener.onEvent(new ProgressEvent.QuestionScored("q4", 4, 4, Verdict.CORRECT));
        listener.onEvent(new ProgressEvent.StageFinished(Stage.SCORE, Duration.ofMinutes(2)));
    }

    @Test
    void terminalRedrawsOneLineInPlaceWithCountsElapsedAndEta() {
        scoreFourQuestions(listener(true));

        String widest = "SCORE [##########----------] 2/4  50% | correct 1, incorrect 1 | 1m 00s elapsed, ETA 1m 00s";
        String third = "SCORE [###############-----] 3/4  75% | correct 2, incorrect 1 | 2m 00s elapsed, ETA 40s";
        String fourth = "SCORE [####################] 4/4 100% | correct 3, incorrect 1 | 2m 00s elapsed";
        String done = "SCORE [####################] 4/4 100% | correct 3, incorrect 1 | finished in 2m 00s";
        assertThat(output()).isEqualTo(""
                + "\rSCORE 4 questions | 0.0s elapsed"
                + "\rSCORE [--------------------] 0/4   0% | 0.0s elapsed, ETA --"
                + "\rSCORE [#####---------------] 1/4  25% | correct 1 | 30s elapsed, ETA 1m 30s"
                + "\r" + widest
                + "\r" + third + padTo(widest, third)
                + "\r" + fourth + padTo(widest, fourth)
                + "\r" + done + padTo(widest, done) + NL);
    }

    /** The blanks that erase what a wider earlier frame left on the line. */
    private static String padTo(String wider, String line) {
        return " ".repeat(wider.length() - line.length());
    }

    @Test
    void terminalPrintsLastingLinesAboveTheBarAndBlanksLeftovers() {
        ConsoleProgressListener listener = listener(true);
        listener.onEvent(new ProgressEvent.StageStarted(Stage.APPLY, 2));
        clock.advance(Duration.ofSeconds(1));
        listener.onEvent(Events.applied("f1"));
        listener.onEvent(Events.rejected("f2", "duplicate of f1"));
        listener.onEvent(new ProgressEvent.IterationFinished(1, 0.5, 0.75, true));
        listener.onEvent(new ProgressEvent.StageFinished(Stage.APPLY, Duration.ofSeconds(1)));

        String applied = "APPLY [##########----------] 1/2  50% | applied 1, rejected 0 | 1.0s elapsed, ETA 1.0s";
        String rejected = "Rejected fix f2 (instruction_fix): duplicate of f1";
        String done = "APPLY [####################] 2/2 100% | applied 1, rejected 1 | 1.0s elapsed";
        String iteration = "Iteration 1: accuracy 50.0% -> 75.0%, kept";
        assertThat(output()).isEqualTo(""
                + "\rAPPLY 2 fixes | 0.0s elapsed"
                + "\r" + applied
                + "\r" + rejected + padTo(applied, rejected) + NL
                + "\r" + done
                + "\r" + iteration + padTo(done, iteration) + NL
                + "\r" + done
                + "\rAPPLY [####################] 2/2 100% | applied 1, rejected 1 | finished in 1.0s" + NL);
    }

    @Test
    void plainModeWritesThrottledLinesWithoutControlCharacters() {
        ConsoleProgressListener listener = listener(false);
        scoreFourQuestions(listener);
        listener.onEvent(new ProgressEvent.StageStarted(Stage.PLAN, 1));
        clock.advance(Duration.ofSeconds(12));
        listener.onEvent(new ProgressEvent.LlmCalled("analyze_failure", new TokenUsage(1200, 300),
                Duration.ofSeconds(12)));
        listener.onEvent(new ProgressEvent.StageFinished(Stage.PLAN, Duration.ofSeconds(12)));
        listener.onEvent(new ProgressEvent.StageStarted(Stage.APPLY, 2));
        clock.advance(Duration.ofSeconds(1));
        listener.onEvent(Events.applied("f1"));
        listener.onEvent(Events.rejected("f2", "duplicate of f1"));
        listener.onEvent(new ProgressEvent.StageFinished(Stage.APPLY, Duration.ofSeconds(1)));
        listener.onEvent(new ProgressEvent.IterationFinished(1, 0.5, 0.75, false));

        assertThat(output()).isEqualTo(String.join(NL,
                "SCORE started: 4 questions",
                "SCORE 1/4  25% | correct 1 | 30s elapsed, ETA 1m 30s",
                "SCORE 2/4  50% | correct 1, incorrect 1 | 1m 00s elapsed, ETA 1m 00s",
                "SCORE 3/4  75% | correct 2, incorrect 1 | 2m 00s elapsed, ETA 40s",
                "SCORE 4/4 100% | correct 3, incorrect 1 | finished in 2m 00s",
                "PLAN started: 1 failure",
                "PLAN 1 failure | 1 LLM call, 1,500 tokens | 12s elapsed",
                "PLAN 1 failure | 1 LLM call, 1,500 tokens | finished in 12s",
                "APPLY started: 2 fixes",
                "APPLY 1/2  50% | applied 1, rejected 0 | 1.0s elapsed, ETA 1.0s",
                "Rejected fix f2 (instruction_fix): duplicate of f1",
                "APPLY 2/2 100% | applied 1, rejected 1 | finished in 1.0s",
                "Iteration 1: accuracy 50.0% -> 75.0%, rolled back") + NL);
        assertThat(output()).doesNotContain("\r").doesNotContainPattern("[\\x00-\\x09\\x0b\\x0c\\x0e-\\x1f]");
    }

    @Test
    void plainModePrintsAboutTenLinesPerStageHoweverManyQuestions() {
        ConsoleProgressListener listener = listener(false);
        listener.onEvent(new ProgressEvent.StageStarted(Stage.SCORE, 500));
        for (int i = 1; i <= 500; i++) {
            clock.advance(Duration.ofMillis(10));
            listener.onEvent(new ProgressEvent.QuestionScored("q" + i, i, 500, Verdict.CORRECT));
        }
        listener.onEvent(new ProgressEvent.StageFinished(Stage.SCORE, Duration.ofSeconds(5)));

        List<String> lines = output().lines().toList();
        assertThat(lines).hasSize(1 + 9 + 1);
        assertThat(lines.get(1)).startsWith("SCORE  50/500  10% | correct 50 |");
        assertThat(lines.get(9)).startsWith("SCORE 450/500  90% | correct 450 |");
        assertThat(lines.get(10)).isEqualTo("SCORE 500/500 100% | correct 500 | finished in 5.0s");
    }

    @Test
    void plainModePrintsAtLeastEveryIntervalWhileEventsArrive() {
        ConsoleProgressListener listener = ConsoleProgressListener.builder().output(out).terminal(false).clock(clock)
                .plainInterval(Duration.ofSeconds(10)).build();
        listener.onEvent(new ProgressEvent.StageStarted(Stage.SCORE, 1000));
        for (int i = 1; i <= 35; i++) {
            clock.advance(Duration.ofSeconds(1));
            listener.onEvent(new ProgressEvent.QuestionScored("q" + i, i, 1000, Verdict.ERROR));
        }

        assertThat(output().lines().skip(1).toList()).containsExactly(
                "SCORE   10/1000   1% | error 10 | 10s elapsed, ETA 16m 30s",
                "SCORE   20/1000   2% | error 20 | 20s elapsed, ETA 16m 20s",
                "SCORE   30/1000   3% | error 30 | 30s elapsed, ETA 16m 10s");
    }

    @Test
    void etaIsTheRemainingWorkAtTheAveragePaceSoFar() {
        ConsoleProgressListener listener = ConsoleProgressListener.builder().output(out).terminal(false).clock(clock)
                .plainInterval(Duration.ZERO).build();
        listener.onEvent(new ProgressEvent.StageStarted(Stage.VALIDATE, 7));
        listener.onEvent(new ProgressEvent.QuestionAsked("q1", 1, 7));
        clock.advance(Duration.ofSeconds(10));
        listener.onEvent(new ProgressEvent.QuestionScored("q1", 3, 7, Verdict.CORRECT));
        clock.advance(Duration.ofMinutes(50));
        listener.onEvent(new ProgressEvent.QuestionScored("q2", 5, 7, Verdict.CORRECT));
        clock.advance(Duration.ofHours(5));
        listener.onEvent(new ProgressEvent.QuestionScored("q3", 6, 7, Verdict.CORRECT));

        assertThat(output().lines().skip(1).map(l -> l.substring(l.lastIndexOf("| ") + 2)).toList())
                .containsExactly(
                        "0.0s elapsed, ETA --",          // nothing done yet: no pace to extrapolate
                        "10s elapsed, ETA 13s",          // 10 s for 3, so 4 more take 13.3 s
                        "50m 10s elapsed, ETA 20m 04s",  // 3010 s for 5: 2 more take 1204 s
                        "5h 50m elapsed, ETA 58m 21s");  // 21010 s for 6: 1 more takes 3501.7 s
    }

    @Test
    void lateEventsDoNotMoveProgressBackwards() {
        ConsoleProgressListener listener = ConsoleProgressListener.builder().output(out).terminal(false).clock(clock)
                .plainInterval(Duration.ZERO).build();
        listener.onEvent(new ProgressEvent.StageStarted(Stage.SCORE, 10));
        listener.onEvent(new ProgressEvent.QuestionScored("q2", 2, 10, Verdict.CORRECT));
        listener.onEvent(new ProgressEvent.QuestionScored("q1", 1, 10, Verdict.NO_SQL));

        assertThat(output().lines().toList()).last().asString()
                .startsWith("SCORE  2/10  20% | correct 1, no_sql 1 |");
    }

    @Test
    void eventsOutsideAStageAreCountedInAnUnnamedOne() {
        ConsoleProgressListener listener = ConsoleProgressListener.builder().output(out).terminal(false).clock(clock)
                .plainInterval(Duration.ZERO).build();
        listener.onEvent(new ProgressEvent.QuestionScored("q1", 1, 2, Verdict.EXCLUDED));

        assertThat(output()).isEqualTo("Progress 1/2  50% | excluded 1 | 0.0s elapsed, ETA 0.0s" + NL);
    }

    @Test
    void detectsNoTerminalForOtherStreamsAndRejectsANegativeInterval() {
        ConsoleProgressListener listener = ConsoleProgressListener.builder().output(out).build();
        listener.onEvent(new ProgressEvent.StageStarted(Stage.SCORE, 3));

        assertThat(output()).isEqualTo("SCORE started: 3 questions" + NL);
        assertThat(listener).hasToString("ProgressListener.console(plain)");
        assertThatThrownBy(() -> ConsoleProgressListener.builder().plainInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("plainInterval");
    }

    @Test
    void concurrentWorkersAreCountedExactly() throws Exception {
        int threads = 8;
        int perThread = 250;
        int total = threads * perThread;
        ConsoleProgressListener console = listener(true);
        ProgressListener listener = ProgressListener.of(console, event -> {
            throw new IllegalStateException("broken listener");
        });
        AtomicInteger completed = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            listener.onEvent(new ProgressEvent.StageStarted(Stage.SCORE, total));
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        int n = completed.incrementAndGet();
                        listener.onEvent(new ProgressEvent.QuestionAsked("q" + n, n, total));
                        listener.onEvent(new ProgressEvent.QuestionScored("q" + n, n, total,
                                n % 4 == 0 ? Verdict.INCORRECT : Verdict.CORRECT));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        listener.onEvent(new ProgressEvent.StageFinished(Stage.SCORE, Duration.ofSeconds(42)));

        List<String> frames = Arrays.asList(output().split("\r"));
        assertThat(frames).hasSize(1 + 1 + 2 * total + 1);
        assertThat(frames.get(frames.size() - 1)).endsWith(NL).satisfies(last -> assertThat(last.stripTrailing())
                .isEqualTo("SCORE [####################] 2000/2000 100% | correct 1500, incorrect 500 | finished in 42s"));
        assertThat(frames.subList(1, frames.size() - 1))
                .allMatch(f -> f.matches("SCORE [^\\n]*\\| [^\\n]*elapsed[^\\n]*"), "a whole, unbroken frame");
    }
}
