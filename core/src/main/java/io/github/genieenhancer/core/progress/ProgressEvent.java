package io.github.genieenhancer.core.progress;

import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.fix.RejectedFix;
import io.github.genieenhancer.core.score.Verdict;
import java.time.Duration;
import java.util.Objects;

/** Something that happened during a run, delivered to a {@link ProgressListener}. A record per kind. */
public sealed interface ProgressEvent {

    /**
     * A stage began.
     *
     * @param stage the stage
     * @param total the number of work items the stage will process (questions, failures, fixes), 0 when unknown
     */
    record StageStarted(Stage stage, int total) implements ProgressEvent {
        /** Validates the stage. */
        public StageStarted {
            Objects.requireNonNull(stage, "stage");
        }
    }

    /**
     * A stage ended.
     *
     * @param stage   the stage
     * @param elapsed how long it took
     */
    record StageFinished(Stage stage, Duration elapsed) implements ProgressEvent {
        /** Validates the components. */
        public StageFinished {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(elapsed, "elapsed");
        }
    }

    /**
     * A question was sent to Genie.
     *
     * @param benchmarkId the benchmark
     * @param index       1-based position of the question in its run
     * @param total       questions in the run
     */
    record QuestionAsked(String benchmarkId, int index, int total) implements ProgressEvent {
        /** Validates the id. */
        public QuestionAsked {
            Objects.requireNonNull(benchmarkId, "benchmarkId");
        }
    }

    /**
     * A question was scored.
     *
     * @param benchmarkId the benchmark
     * @param completed   questions scored so far in this run, this one included
     * @param total       questions in the run
     * @param verdict     the verdict
     */
    record QuestionScored(String benchmarkId, int completed, int total, Verdict verdict) implements ProgressEvent {
        /** Validates the components. */
        public QuestionScored {
            Objects.requireNonNull(benchmarkId, "benchmarkId");
            Objects.requireNonNull(verdict, "verdict");
        }
    }

    /**
     * An LLM call completed.
     *
     * @param purpose what the call was for, e.g. the prompt template name
     * @param usage   tokens used, re-asks included
     * @param elapsed how long it took
     */
    record LlmCalled(String purpose, TokenUsage usage, Duration elapsed) implements ProgressEvent {
        /** Validates the components. */
        public LlmCalled {
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(elapsed, "elapsed");
        }
    }

    /**
     * A fix was written to the space.
     *
     * @param fix the fix
     */
    record FixApplied(PlannedFix fix) implements ProgressEvent {
        /** Validates the fix. */
        public FixApplied {
            Objects.requireNonNull(fix, "fix");
        }
    }

    /**
     * A fix was refused.
     *
     * @param rejected the fix and the reason
     */
    record FixRejected(RejectedFix rejected) implements ProgressEvent {
        /** Validates the rejection. */
        public FixRejected {
            Objects.requireNonNull(rejected, "rejected");
        }
    }

    /**
     * An iteration of the loop ended.
     *
     * @param iteration      1-based iteration number
     * @param accuracyBefore accuracy before the iteration's change
     * @param accuracyAfter  accuracy after it
     * @param kept           whether the change was kept
     */
    record IterationFinished(int iteration, double accuracyBefore, double accuracyAfter, boolean kept)
            implements ProgressEvent {
    }
}
