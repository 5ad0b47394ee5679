package io.github.genieenhancer.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as a handler sees it.
 *
 * @param method     the HTTP method
 * @param path       the request path
 * @param pathParams the values of the route's path variables, in order
 * @param query      the decoded query parameters (the last value wins)
 * @param body       the JSON body, or a missing node when there is none
 */
public record Call(String method, String path, List<String> pathParams, Map<String, String> query, JsonNode body) {

    /** The path variable at an index. */
    public String param(int index) {
        return pathParams.get(index);
    }

    /** A query parameter. */
    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** A text field of the body. */
    public Optional<String> text(String field) {
        JsonNode n = body.path(field);
        return n.isMissingNode() || n.isNull() ? Optional.empty() : Optional.of(n.asText());
    }

    /** A text field of the body, or a 400 {@code INVALID_PARAMETER_VALUE} naming it. */
    public String requireText(String field) {
        return text(field).filter(s -> !s.isBlank())
                .orElseThrow(() -> ApiError.invalid("Missing required field: " + field));
    }

    /** A call without a body. */
    static JsonNode noBody() {
        return MissingNode.getInstance();
    }
}
