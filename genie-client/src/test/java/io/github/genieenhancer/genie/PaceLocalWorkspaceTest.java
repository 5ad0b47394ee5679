package io.github.genieenhancer.genie;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.genieenhancer.testkit.Endpoint;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pace of conversation starts against LocalWorkspace's rolling-minute limit, on a clock that moves only when
 * the client waits (the workspace's limit runs on the same clock).
 */
class PaceLocalWorkspaceTest {
    private static final int PER_MINUTE = 5;

    private final FakeTime time = new FakeTime();
    private LocalWorkspace workspace;

    @BeforeEach
    void start() {
        workspace = LocalWorkspace.builder().genieLatency(Duration.ZERO, Duration.ZERO)
                .statementLatency(Duration.ZERO).startsPerMinute(PER_MINUTE).clock(time.clock()).start();
    }

    @AfterEach
    void stop() {
        workspace.close();
    }

    /** A client that neither retries a failed call nor asks a failed question again. */
    private GenieClient.Builder client() {
        return GenieClient.builder(workspace.workspaceClient()).clock(time.clock()).sleeper(time)
                .questionsPerMinute(PER_MINUTE).retryPolicy(RetryPolicy.none()).reaskPolicy(RetryPolicy.none());
    }

    private List<GenieAnswer> askSequentially(GenieClient genie, int questions) {
        List<GenieAnswer> answers = new ArrayList<>();
        for (int i = 0; i < questions; i++) {
            answers.add(genie.ask(workspace.sampleSpaceId(), "How many customers are there?"));
        }
        return answers;
    }

    @Test
    void aClientBuiltLongBeforeItsFirstQuestionCausesNoRateLimitRefusal() throws InterruptedException {
        GenieClient genie = client().build();
        // resilience4j's period started here, so its first two permits came 5 s apart: six starts in a minute.
        time.sleep(Duration.ofSeconds(7));

        List<GenieAnswer> answers = askSequentially(genie, 2 * PER_MINUTE + 1);

        assertThat(answers).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(AnswerStatus.COMPLETED);
            assertThat(a.earlierErrors()).isEmpty();
        });
        assertThat(workspace.tooManyRequests(Endpoint.START_CONVERSATION)).isZero();
        assertThat(workspace.tooManyRequests(Endpoint.ANY)).isZero();
    }

    @Test
    void aRateLimitOthersCausedIsWaitedOutAndSlowsThePaceWithoutSpendingRetriesOrReasks() {
        GenieRateLimiter limiter = GenieRateLimiter.perMinute(PER_MINUTE, time.clock());
        GenieClient genie = client().rateLimiter(limiter).build();
        Instant othersStarted = time.clock().instant();
        workspace.faults().othersStartConversations(PER_MINUTE);

        GenieAnswer first = genie.ask(workspace.sampleSpaceId(), "How many customers are there?");

        assertThat(first.status()).isEqualTo(AnswerStatus.COMPLETED);
        assertThat(first.earlierErrors()).isEmpty();
        assertThat(workspace.tooManyRequests(Endpoint.START_CONVERSATION)).isEqualTo(1);
        // The workspace's Retry-After (60 s) was honoured before the start went again.
        assertThat(first.timings().total()).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
        assertThat(Duration.between(othersStarted, time.clock().instant())).isLessThan(Duration.ofSeconds(70));
        assertThat(limiter.currentQuestionsPerMinute()).isLessThan(PER_MINUTE);

        List<GenieAnswer> rest = askSequentially(genie, 2 * PER_MINUTE);

        assertThat(rest).allSatisfy(a -> assertThat(a.status()).isEqualTo(AnswerStatus.COMPLETED));
        assertThat(workspace.tooManyRequests(Endpoint.START_CONVERSATION)).isEqualTo(1);
        assertThat(limiter.currentQuestionsPerMinute()).isEqualTo(PER_MINUTE);
    }
}
