package io.github.genieenhancer.genie;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the time of one question went, as observed by the client.
 *
 * @param queued    from submission until the conversation-starting POST was sent: waiting for a rate-limit permit
 *                  and, in a batch, for a free worker
 * @param generated from that POST until Genie was first seen past generation (executing the SQL or finished);
 *                  measured by polling, so it is an upper bound within one poll interval
 * @param total     from submission until the answer, its result included, was ready
 */
public record GenieTimings(Duration queued, Duration generated, Duration total) {

    /** Validates the components. */
    public GenieTimings {
        Objects.requireNonNull(queued, "queued");
        Objects.requireNonNull(generated, "generated");
        Objects.requireNonNull(total, "total");
    }
}
