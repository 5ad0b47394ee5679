package io.github.genieenhancer.core.score;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The scored answer to one benchmark question.
 *
 * @param benchmarkId     the benchmark's id
 * @param question        the question asked
 * @param expectedSql     the benchmark's SQL
 * @param genieSql        the SQL Genie generated, when it generated any
 * @param verdict         the outcome
 * @param reason          the machine-readable reason
 * @param explanation     a short human explanation, e.g. the first differing row and column
 * @param notes           extra observations that did not decide the verdict (a type difference, a 5,000-row cap hit)
 * @param genieTime       time from asking until Genie's answer was complete
 * @param sqlTime         time spent running SQL for this question
 * @param resultDigest    a digest of Genie's result set, to spot changes between runs without storing rows
 * @param conversationId  the Genie conversation, for tracing
 * @param spaceVersion    the version of the space's configuration (its fingerprint) Genie answered against, when
 *                        known: empty when the space changed while the question was asked, when Genie was not
 *                        asked, or for a result stored before versions were recorded
 */
public record QuestionResult(String benchmarkId, String question, String expectedSql, Optional<String> genieSql,
                             Verdict verdict, ReasonCode reason, String explanation, List<String> notes,
                             Duration genieTime, Duration sqlTime, Optional<String> resultDigest,
                             Optional<String> conversationId, Optional<String> spaceVersion) {

    /** Validates and copies the components. */
    public QuestionResult {
        Objects.requireNonNull(benchmarkId, "benchmarkId");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(expectedSql, "expectedSql");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        genieSql = genieSql == null ? Optional.empty() : genieSql;
        explanation = explanation == null ? "" : explanation;
        notes = notes == null ? List.of() : List.copyOf(notes);
        genieTime = genieTime == null ? Duration.ZERO : genieTime;
        sqlTime = sqlTime == null ? Duration.ZERO : sqlTime;
        resultDigest = resultDigest == null ? Optional.empty() : resultDigest;
        conversationId = conversationId == null ? Optional.empty() : conversationId;
        spaceVersion = spaceVersion == null ? Optional.empty() : spaceVersion;
    }

    /** A result whose space version is not known (a scorer that does not track versions, a test). */
    public QuestionResult(String benchmarkId, String question, String expectedSql, Optional<String> genieSql,
                          Verdict verdict, ReasonCode reason, String explanation, List<String> notes,
                          Duration genieTime, Duration sqlTime, Optional<String> resultDigest,
                          Optional<String> conversationId) {
        this(benchmarkId, question, expectedSql, genieSql, verdict, reason, explanation, notes, genieTime, sqlTime,
                resultDigest, conversationId, Optional.empty());
    }

    /** This result with the space version Genie answered against (empty: not known). */
    public QuestionResult withSpaceVersion(Optional<String> version) {
        return new QuestionResult(benchmarkId, question, expectedSql, genieSql, verdict, reason, explanation, notes,
                genieTime, sqlTime, resultDigest, conversationId, version);
    }

    /** Whether the verdict is {@link Verdict#CORRECT}. */
    public boolean isCorrect() {
        return verdict == Verdict.CORRECT;
    }
}
