package io.github.genieenhancer.genie;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Why a Genie answer is not a normal completed answer.
 *
 * @param group      what kind of failure it is, which decides how scoring treats it
 * @param type       Genie's {@code MessageErrorType} name for a FAILED message ({@code UNKNOWN} when Genie sent
 *                   a type this SDK version cannot read), the Databricks error code (or {@code HTTP_<status>}) of
 *                   a failed request, the statement error code of a failed result fetch, or {@code TIMED_OUT},
 *                   {@code CANCELLED}, {@code ABORTED}
 * @param message    a human-readable description; never contains credentials
 * @param httpStatus the HTTP status of a failed request, when the failure was one
 */
public record GenieError(ErrorGroup group, String type, String message, OptionalInt httpStatus) {

    /** Validates the components. */
    public GenieError {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(httpStatus, "httpStatus");
    }

    /** An error that did not come from an HTTP response. */
    public static GenieError of(ErrorGroup group, String type, String message) {
        return new GenieError(group, type, message, OptionalInt.empty());
    }
}
