package io.github.genieenhancer.llm.internal;

import java.util.Objects;

/**
 * One chat message as sent to the endpoint. Internal: not part of the API.
 *
 * @param role    {@code system}, {@code user} or {@code assistant}
 * @param content the text
 */
public record Message(String role, String content) {

    /** Validates the components. */
    public Message {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /** A system message. */
    public static Message system(String content) {
        return new Message("system", content);
    }

    /** A user message. */
    public static Message user(String content) {
        return new Message("user", content);
    }

    /** An assistant message. */
    public static Message assistant(String content) {
        return new Message("assistant", content);
    }
}
