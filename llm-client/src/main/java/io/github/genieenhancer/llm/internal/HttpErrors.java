package io.github.genieenhancer.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Turns an error response of an LLM endpoint into an {@link HttpFailure}. */
public final class HttpErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 500;

    private HttpErrors() {
    }

    /**
     * Builds the failure for an error status.
     *
     * @param target       the endpoint, for the message (never a URL with credentials)
     * @param status       the HTTP status
     * @param body         the response body, possibly empty
     * @param retryAfterMs the {@code Retry-After-Ms} header, when present
     * @param retryAfter   the {@code Retry-After} header, when present
     */
    public static HttpFailure fromResponse(String target, int status, String body, Optional<String> retryAfterMs,
                                           Optional<String> retryAfter) {
        String code = null;
        String detail = body.strip();
        try {
            JsonNode tree = JSON.readTree(body);
            if (tree != null && tree.isObject()) {
                // Databricks: {"error_code": ..., "message": ...}; OpenAI: {"error": {"code", "type", "message"}}.
                JsonNode error = tree.path("error").isObject() ? tree.get("error") : tree;
                code = firstText(error, "error_code", "code", "type").orElse(null);
                detail = firstText(error, "message").or(() -> firstText(tree, "message", "error")).orElse(detail);
            }
        } catch (IOException notJson) {
            // A proxy's HTML page or plain text: keep the (shortened) body as the detail.
        }
        if (detail.length() > MAX_MESSAGE) {
            detail = detail.substring(0, MAX_MESSAGE) + "...";
        }
        String message = target + " returned HTTP " + status + (code == null ? "" : " (" + code + ")")
                + (detail.isEmpty() ? "" : ": " + detail);
        Duration wait = retryAfterMs.flatMap(HttpErrors::parseMillis).or(() -> retryAfter.flatMap(HttpErrors::parse))
                .orElse(null);
        return new HttpFailure(message, status, code, wait, null);
    }

    /**
     * Parses a {@code Retry-After} value: a number of seconds (fractions allowed) or an HTTP date, which is
     * measured from now. A date in the past means no wait.
     */
    public static Optional<Duration> parse(String value) {
        String v = value.strip();
        try {
            double seconds = Double.parseDouble(v);
            return seconds < 0 || Double.isNaN(seconds) ? Optional.empty()
                    : Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    private static Optional<Duration> parseMillis(String value) {
        try {
            double millis = Double.parseDouble(value.strip());
            return millis < 0 || Double.isNaN(millis) ? Optional.empty()
                    : Optional.of(Duration.ofMillis((long) Math.ceil(millis)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            JsonNode value = node.get(field);
            if (value != null && value.isValueNode() && !value.asText().isBlank()) {
                return Optional.of(value.asText());
            }
        }
        return Optional.empty();
    }
}
