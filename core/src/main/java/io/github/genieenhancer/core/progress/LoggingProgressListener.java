package io.github.genieenhancer.core.progress;

import java.util.Objects;
import org.slf4j.Logger;

/**
 * One SLF4J line per event: stages, iterations and fixes at INFO, questions and LLM calls at DEBUG. Stateless, so
 * it is thread-safe as long as the logger is.
 */
final class LoggingProgressListener implements ProgressListener {
    private final Logger log;

    LoggingProgressListener(Logger log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public void onEvent(ProgressEvent event) {
        if (event instanceof ProgressEvent.StageStarted e) {
            log.info(ProgressText.started(e));
        } else if (event instanceof ProgressEvent.StageFinished e) {
            log.info("{} finished in {}", e.stage(), ProgressText.duration(e.elapsed()));
        } else if (event instanceof ProgressEvent.QuestionAsked e) {
            log.debug("Asked {} ({}/{})", e.benchmarkId(), e.index(), e.total());
        } else if (event instanceof ProgressEvent.QuestionScored e) {
            log.debug("Scored {}: {} ({}/{})", e.benchmarkId(), e.verdict(), e.completed(), e.total());
        } else if (event instanceof ProgressEvent.LlmCalled e) {
            log.debug("LLM call {}: {} prompt + {} completion tokens in {}", e.purpose(),
                    ProgressText.count(e.usage().promptTokens()), ProgressText.count(e.usage().completionTokens()),
                    ProgressText.duration(e.elapsed()));
        } else if (event instanceof ProgressEvent.FixApplied e) {
            log.info("Applied fix {} ({}) for {}", e.fix().id(), e.fix().category().wireName(),
                    e.fix().benchmarkIds());
        } else if (event instanceof ProgressEvent.FixRejected e) {
            log.info(ProgressText.rejected(e));
        } else if (event instanceof ProgressEvent.IterationFinished e) {
            log.info(ProgressText.iteration(e));
        }
    }

    @Override
    public String toString() {
        return "ProgressListener.logging(" + log.getName() + ")";
    }
}
