package io.github.genieenhancer.core.prompt;

import java.util.Map;

/** Base of the embedded repositories: renders through one renderer, so each template is compiled once. */
abstract class CachingPromptRepository implements PromptRepository {
    private final TemplateRenderer renderer = new TemplateRenderer(this);

    @Override
    public final String render(String name, Map<String, ?> variables) {
        return renderer.render(name, variables);
    }

    /** Where this repository looks for a template, for error messages, e.g. "file /p/analyze_failure.mustache". */
    abstract String location(String name);

    /** Where {@code repository} looks for a template; a custom repository is described by its {@code toString()}. */
    static String locationIn(PromptRepository repository, String name) {
        return repository instanceof CachingPromptRepository embedded ? embedded.location(name) : repository.toString();
    }
}
