package io.github.genieenhancer.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.score.PairedScore;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Iteration records as every store keeps them, JSON: the paired comparison is optional, so old ones still read. */
class IterationRecordJsonTest {

    @Test
    void aRecordWrittenBeforePairingReadsWithoutOne() {
        String stored = """
                {"sessionId": "s", "iteration": 1, "baselineRunId": "i1-baseline", "planId": "i1-plan",
                 "snapshotId": "snap-1", "validationRunId": "i1-validation", "accuracyBefore": 0.357,
                 "accuracyAfter": 0.381, "kept": true, "updatedAt": "2026-11-25T10:00:00Z"}
                """;

        IterationRecord record = GenieJson.read(stored, IterationRecord.class, "iterations/0001.json");

        assertThat(record.paired()).isEmpty();
        assertThat(record.kept()).contains(true);
    }

    @Test
    void aPairedComparisonRoundTrips() {
        IterationRecord record = new IterationRecord("s", 1, "i1-baseline", Optional.of("i1-plan"),
                Optional.of("snap-1"), Optional.of("i1-validation"), 0.667, Optional.of(0.381), Optional.of(true),
                Instant.parse("2026-11-25T10:00:00Z"),
                Optional.of(new PairedScore("i1-baseline", "i1-validation", 42, 15, 16)));

        String json = GenieJson.write(record);

        assertThat(json).contains("\"paired\" : 42", "\"accuracyAfter\" : 0.38");
        assertThat(GenieJson.read(json, IterationRecord.class, "iteration")).isEqualTo(record);
    }
}
