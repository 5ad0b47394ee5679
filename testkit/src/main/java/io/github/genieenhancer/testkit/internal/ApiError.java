package io.github.genieenhancer.testkit.internal;

import java.util.Map;

/**
 * An error answer in the Databricks shape: an HTTP status and {@code {"error_code": ..., "message": ...}}, with
 * optional response headers such as {@code Retry-After}.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status to answer with. */
    private final int status;
    /** The Databricks error code of the body. */
    private final String errorCode;
    private final transient Map<String, String> headers;

    /** Creates an error answer. */
    public ApiError(int status, String errorCode, String message) {
        this(status, errorCode, message, Map.of());
    }

    /** Creates an error answer with extra response headers. */
    public ApiError(int status, String errorCode, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
        this.headers = Map.copyOf(headers);
    }

    /** 404 {@code RESOURCE_DOES_NOT_EXIST}. */
    public static ApiError notFound(String message) {
        return new ApiError(404, "RESOURCE_DOES_NOT_EXIST", message);
    }

    /** 400 {@code INVALID_PARAMETER_VALUE}. */
    public static ApiError invalid(String message) {
        return new ApiError(400, "INVALID_PARAMETER_VALUE", message);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The Databricks error code. */
    public String errorCode() {
        return errorCode;
    }

    /** Extra response headers. */
    public Map<String, String> headers() {
        return headers;
    }
}
