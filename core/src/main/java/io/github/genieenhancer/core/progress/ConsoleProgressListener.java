package io.github.genieenhancer.core.progress;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.score.Verdict;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Shows a run's progress on a console. On a terminal, one status line per stage is redrawn in place with
 * {@code \r}:
 *
 * <pre>SCORE [#####---------------] 10/40  25% | correct 8, incorrect 2 | 30s elapsed, ETA 1m 30s</pre>
 *
 * <p>Elsewhere (a file, a CI log, JShell) it writes plain lines without control characters: one when a stage
 * starts, one each time the stage passes another tenth of its work or {@link Builder#plainInterval(Duration)} has
 * passed since the last line, and one when it finishes. Rejected fixes and finished iterations always get a line
 * of their own.
 *
 * <p>The ETA assumes the remaining items take as long, on average, as the completed ones did. Thread-safe: events
 * from concurrent workers are serialised, and counts come from the events, so late or reordered events do not
 * move the bar backwards.
 */
public final class ConsoleProgressListener implements ProgressListener {
    private static final int BAR_WIDTH = 20;

    private final PrintStream out;
    private final boolean terminal;
    private final Clock clock;
    private final Duration plainInterval;
    private final Object lock = new Object();

    // Guarded by lock. drawnLength is the width of the unterminated line on screen, 0 after a newline.
    private StageProgress current;
    private int drawnLength;

    private ConsoleProgressListener(PrintStream out, boolean terminal, Clock clock, Duration plainInterval) {
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
        this.plainInterval = plainInterval;
    }

    /** A builder with the defaults: {@code System.out}, terminal detected, the system clock, 10 s plain interval. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Updates the display for one event.
     *
     * @param event what happened
     */
    @Override
    public void onEvent(ProgressEvent event) {
        synchronized (lock) {
            handle(event);
        }
    }

    private void handle(ProgressEvent event) {
        Instant now = clock.instant();
        if (event instanceof ProgressEvent.StageStarted e) {
            endDrawnLine();
            current = new StageProgress(Optional.of(e.stage()), e.total(), now);
            if (terminal) {
                draw(current.line(true, now));
            } else {
                out.println(ProgressText.started(e));
            }
        } else if (event instanceof ProgressEvent.StageFinished e) {
            StageProgress progress = current != null ? current : new StageProgress(Optional.of(e.stage()), 0, now);
            String line = progress.finishedLine(terminal, e.elapsed());
            if (terminal) {
                draw(line);
                endDrawnLine();
            } else {
                out.println(line);
            }
            current = null;
        } else if (event instanceof ProgressEvent.QuestionAsked e) {
            stage(now).asked(e.total());
            update(now);
        } else if (event instanceof ProgressEvent.QuestionScored e) {
            stage(now).scored(e.completed(), e.total(), e.verdict());
            update(now);
        } else if (event instanceof ProgressEvent.LlmCalled e) {
            stage(now).llmCalled(e.usage().totalTokens());
            update(now);
        } else if (event instanceof ProgressEvent.FixApplied) {
            stage(now).fixDone(true);
            update(now);
        } else if (event instanceof ProgressEvent.FixRejected e) {
            stage(now).fixDone(false);
            printLine(ProgressText.rejected(e));
            update(now);
        } else if (event instanceof ProgressEvent.IterationFinished e) {
            printLine(ProgressText.iteration(e));
            if (terminal && current != null) {
                draw(current.line(true, now));
            }
        }
    }

    /** The current stage; events that arrive outside a stage are counted in an unnamed one. */
    private StageProgress stage(Instant now) {
        if (current == null) {
            current = new StageProgress(Optional.empty(), 0, now);
        }
        return current;
    }

    private void update(Instant now) {
        if (terminal) {
            draw(current.line(true, now));
        } else if (current.plainLineDue(now, plainInterval)) {
            out.println(current.line(false, now));
        }
    }

    /** A line that stays. On a terminal it overwrites the live bar, which the caller then redraws below it. */
    private void printLine(String line) {
        if (drawnLength > 0) {
            draw(line);
            endDrawnLine();
        } else {
            out.println(line);
        }
    }

    /** Overwrites the current line, blanking whatever longer text an earlier frame left on it. */
    private void draw(String line) {
        out.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        out.flush();
        drawnLength = Math.max(drawnLength, line.length());
    }

    private void endDrawnLine() {
        if (drawnLength > 0) {
            out.println();
            drawnLength = 0;
        }
    }

    @Override
    public String toString() {
        return "ProgressListener.console(" + (terminal ? "terminal" : "plain") + ")";
    }

    /** Counts of one stage. Mutable; guarded by the listener's lock. */
    private static final class StageProgress {
        private final Optional<Stage> stage;
        private final Instant started;
        private final Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
        private int total;
        private int completed;
        private boolean tracksItems;
        private int applied;
        private int rejected;
        private int llmCalls;
        private long tokens;
        private Instant lastPrinted;
        private int lastTenth;

        StageProgress(Optional<Stage> stage, int total, Instant started) {
            this.stage = stage;
            this.total = Math.max(0, total);
            this.started = started;
            this.lastPrinted = started;
        }

        void asked(int questions) {
            tracksItems = true;
            total = Math.max(total, questions);
        }

        void scored(int completedSoFar, int questions, Verdict verdict) {
            tracksItems = true;
            total = Math.max(total, questions);
            completed = Math.max(completed, completedSoFar);
            verdicts.merge(verdict, 1, Integer::sum);
        }

        void fixDone(boolean wasApplied) {
            tracksItems = true;
            completed++;
            if (wasApplied) {
                applied++;
            } else {
                rejected++;
            }
        }

        void llmCalled(long callTokens) {
            llmCalls++;
            tokens += callTokens;
        }

        /** Whether a plain line is due: another tenth of the work is done, or the interval has passed. */
        boolean plainLineDue(Instant now, Duration interval) {
            int tenth = total > 0 ? (int) (10L * completed / total) : 0;
            boolean due = (tenth > lastTenth && completed < total) || !now.isBefore(lastPrinted.plus(interval));
            if (due) {
                lastTenth = tenth;
                lastPrinted = now;
            }
            return due;
        }

        String line(boolean withBar, Instant now) {
            Duration elapsed = Duration.between(started, now);
            String time = ProgressText.duration(elapsed) + " elapsed";
            if (showsProgress() && completed < total) {
                time += ", ETA " + (completed == 0 ? "--" : ProgressText.duration(eta(elapsed)));
            }
            return segments(withBar, time);
        }

        String finishedLine(boolean withBar, Duration elapsed) {
            return segments(withBar, "finished in " + ProgressText.duration(elapsed));
        }

        private String segments(boolean withBar, String time) {
            List<String> segments = new ArrayList<>();
            String label = stage.map(Stage::name).orElse("Progress");
            if (showsProgress()) {
                String width = Integer.toString(Integer.toString(total).length());
                segments.add(label + (withBar ? " " + bar() : "")
                        + String.format(Locale.ROOT, " %" + width + "d/%d %3d%%", completed, total, percent()));
            } else {
                segments.add(stage.filter(s -> total > 0).map(s -> label + " " + ProgressText.items(s, total))
                        .orElse(label));
            }
            String verdictCounts = ProgressText.verdicts(verdicts);
            if (!verdictCounts.isEmpty()) {
                segments.add(verdictCounts);
            }
            if (applied + rejected > 0) {
                segments.add("applied " + applied + ", rejected " + rejected);
            }
            if (llmCalls > 0) {
                segments.add(llmCalls + (llmCalls == 1 ? " LLM call, " : " LLM calls, ")
                        + ProgressText.count(tokens) + " tokens");
            }
            segments.add(time);
            return String.join(" | ", segments);
        }

        private boolean showsProgress() {
            return tracksItems && total > 0;
        }

        private int percent() {
            return (int) Math.min(100, 100L * completed / total);
        }

        private String bar() {
            int filled = (int) Math.min(BAR_WIDTH, (long) BAR_WIDTH * completed / total);
            return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "]";
        }

        /** The remaining items at the average pace of the completed ones. */
        private Duration eta(Duration elapsed) {
            return Duration.ofMillis(elapsed.toMillis() * (total - completed) / completed);
        }
    }

    /** Options of a {@link ConsoleProgressListener}. */
    public static final class Builder {
        private PrintStream output = System.out;
        private Optional<Boolean> terminal = Optional.empty();
        private Clock clock = Clock.systemUTC();
        private Duration plainInterval = Duration.ofSeconds(10);

        private Builder() {
        }

        /**
         * Where progress goes. Default: {@code System.out}.
         *
         * @param output the stream
         * @return this builder
         */
        public Builder output(PrintStream output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        /**
         * Forces the live bar on or off. Default: on when the output is {@code System.out} or {@code System.err}
         * and {@code System.console()} is not {@code null}. JShell has no console; force it on there when its
         * output shows {@code \r} correctly.
         *
         * @param terminal whether to redraw a live bar in place
         * @return this builder
         */
        public Builder terminal(boolean terminal) {
            this.terminal = Optional.of(terminal);
            return this;
        }

        /**
         * The clock for elapsed time and ETA. Default: the system clock. Tests pass a controllable one.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * In plain mode, the longest time without a progress line while events arrive. Default: 10 seconds. Lines
         * are printed sooner when a stage passes another tenth of its work; zero prints a line for every event.
         *
         * @param plainInterval the interval, not negative
         * @return this builder
         */
        public Builder plainInterval(Duration plainInterval) {
            Objects.requireNonNull(plainInterval, "plainInterval");
            if (plainInterval.isNegative()) {
                throw new ConfigurationException("plainInterval must not be negative, was " + plainInterval);
            }
            this.plainInterval = plainInterval;
            return this;
        }

        /** The listener. */
        public ConsoleProgressListener build() {
            boolean live = terminal.orElseGet(
                    () -> (output == System.out || output == System.err) && System.console() != null);
            return new ConsoleProgressListener(output, live, clock, plainInterval);
        }
    }
}
