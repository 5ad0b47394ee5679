package io.github.genieenhancer.core.prompt;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Named prompt templates. The library never hard-codes prompt text: every LLM call renders a template from here,
 * so users can read, override or translate every prompt.
 */
public interface PromptRepository {

    /** The raw template text with this name, e.g. {@code analyze_failure}. */
    Optional<String> template(String name);

    /** The names of every template this repository holds. */
    Set<String> names();

    /**
     * Renders a template with variables.
     *
     * @throws io.github.genieenhancer.core.ConfigurationException naming the template when it is missing, or the
     *                                                             variable when the template uses one not given
     */
    String render(String name, Map<String, ?> variables);
}
