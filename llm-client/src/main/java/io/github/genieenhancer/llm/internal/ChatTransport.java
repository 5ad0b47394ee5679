package io.github.genieenhancer.llm.internal;

import java.time.Duration;
import java.util.Optional;

/** Sends one chat-completions request body to an endpoint. One attempt: retries happen in {@link Resilience}. */
public interface ChatTransport {

    /**
     * Posts the JSON body.
     *
     * @param body    the OpenAI-compatible chat request
     * @param timeout how long to wait for the whole answer
     * @return the body of a 2xx response
     * @throws HttpFailure for an error status, an I/O error or a timeout
     */
    String post(String body, Duration timeout);

    /** The {@code model} to put in the body when the endpoint routes by it; empty when the URL names the model. */
    Optional<String> bodyModel();

    /** The serving endpoint's or the model's name. */
    String name();

    /** The endpoint for messages and logs, e.g. {@code serving endpoint 'x'}; never contains credentials. */
    String describe();
}
