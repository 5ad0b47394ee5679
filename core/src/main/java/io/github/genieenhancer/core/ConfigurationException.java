package io.github.genieenhancer.core;

/** A setting is missing or invalid: a builder option, an environment variable, a prompt template. */
public class ConfigurationException extends GenieEnhancerException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message naming the setting and what was expected. */
    public ConfigurationException(String message) {
        super(message);
    }

    /** Creates an exception with a message and its cause. */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
