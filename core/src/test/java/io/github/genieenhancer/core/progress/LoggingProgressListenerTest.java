package io.github.genieenhancer.core.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.genieenhancer.core.score.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LoggingProgressListenerTest {

    @Test
    void writesOneReadableLinePerEventAtItsLevel() {
        RecordingLogger log = new RecordingLogger();
        ProgressListener listener = ProgressListener.logging(log);

        listener.onEvent(new ProgressEvent.StageStarted(Stage.SCORE, 40));
        listener.onEvent(new ProgressEvent.QuestionAsked("q17", 3, 40));
        listener.onEvent(new ProgressEvent.QuestionScored("q17", 12, 40, Verdict.NO_SQL));
        listener.onEvent(new ProgressEvent.StageFinished(Stage.SCORE, Duration.ofSeconds(83)));
        listener.onEvent(new ProgressEvent.StageStarted(Stage.PLAN, 1));
        listener.onEvent(new ProgressEvent.LlmCalled("analyze_failure", new TokenUsage(12_345, 210),
                Duration.ofMillis(3_240)));
        listener.onEvent(new ProgressEvent.StageStarted(Stage.APPLY, 2));
        listener.onEvent(Events.applied("f1"));
        listener.onEvent(Events.rejected("f2", "column orders.amount does not exist"));
        listener.onEvent(new ProgressEvent.IterationFinished(2, 0.625, 0.75, true));

        assertThat(log.lines).extracting(RecordingLogger.Line::level, RecordingLogger.Line::message).containsExactly(
                tuple(Level.INFO, "SCORE started: 40 questions"),
                tuple(Level.DEBUG, "Asked q17 (3/40)"),
                tuple(Level.DEBUG, "Scored q17: NO_SQL (12/40)"),
                tuple(Level.INFO, "SCORE finished in 1m 23s"),
                tuple(Level.INFO, "PLAN started: 1 failure"),
                tuple(Level.DEBUG, "LLM call analyze_failure: 12,345 prompt + 210 completion tokens in 3.2s"),
                tuple(Level.INFO, "APPLY started: 2 fixes"),
                tuple(Level.INFO, "Applied fix f1 (instruction_fix) for [q1, q7]"),
                tuple(Level.INFO, "Rejected fix f2 (instruction_fix): column orders.amount does not exist"),
                tuple(Level.INFO, "Iteration 2: accuracy 62.5% -> 75.0%, kept"));
    }

    @Test
    void aStageOfUnknownSizeIsJustStarted() {
        RecordingLogger log = new RecordingLogger();

        ProgressListener.logging(log).onEvent(new ProgressEvent.StageStarted(Stage.PLAN, 0));

        assertThat(log.lines).extracting(RecordingLogger.Line::message).containsExactly("PLAN started");
    }

    @Test
    void logsOnTheProgressListenerLoggerByDefault() {
        assertThat(ProgressListener.logging()).hasToString(
                "ProgressListener.logging(io.github.genieenhancer.core.progress.ProgressListener)");
    }
}
