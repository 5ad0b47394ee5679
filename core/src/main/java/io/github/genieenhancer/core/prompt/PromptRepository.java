package io.github.genieenhancer.core.prompt;

import io.github.genieenhancer.core.internal.ServiceDiscovery;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Named prompt templates. The library never hard-codes prompt text: every LLM call renders a template from here,
 * so users can read, override or translate every prompt.
 *
 * <p>Templates are <a href="https://mustache.github.io/mustache.5.html">Mustache</a>, rendered by JMustache with
 * HTML escaping off (prompts are not HTML). A variable the template uses but the caller did not give is an error,
 * never an empty string. Template names are relative paths without the {@code .mustache} extension, e.g.
 * {@code analyze_failure} or {@code categories/sample_queries_add}.
 *
 * <p>Embedded implementations: {@link #classpath()}, {@link #directory(Path)}, {@link #of(Map)}, layered with
 * {@link #orElse(PromptRepository)}; {@link #defaultRepository()} picks one without configuration. They are
 * thread-safe and compile each template once. A custom implementation needs only {@link #template(String)} and
 * {@link #names()}.
 */
public interface PromptRepository {

    /**
     * The raw text of a template.
     *
     * @param name the template name, e.g. {@code analyze_failure}
     * @return the text, or empty when this repository has no such template
     * @throws io.github.genieenhancer.core.ConfigurationException when the name is not a valid relative path or the
     *                                                             template exists but cannot be read
     */
    Optional<String> template(String name);

    /** The names of every template this repository holds, sorted. */
    Set<String> names();

    /**
     * Renders a template with variables. Values may be strings, numbers, booleans, maps, lists and arrays (a
     * section iterates them), records and other objects (a tag reads a public accessor, getter or field of that
     * name) and {@link Optional}s (a section runs once when present, never when empty; a tag prints the value or
     * nothing).
     *
     * <p>This default compiles the template on every call; the embedded implementations cache compiled templates.
     *
     * @param name      the template name
     * @param variables the values the template refers to
     * @return the rendered text
     * @throws io.github.genieenhancer.core.ConfigurationException naming the template and where it was looked for
     *                                                             when it is missing; naming the variable, the template
     *                                                             and the line when a variable is missing or null; naming
     *                                                             the template and the line when it is not valid Mustache
     */
    default String render(String name, Map<String, ?> variables) {
        return new TemplateRenderer(this).render(name, variables);
    }

    /**
     * This repository first, then {@code fallback} for the templates this one does not have. {@link #names()} is the
     * union of both. Templates included with <code>{{&gt; name}}</code> are resolved the same way, so overriding an
     * included template changes every template that includes it.
     *
     * @param fallback where to look next
     * @return the layered repository
     */
    default PromptRepository orElse(PromptRepository fallback) {
        return new LayeredPromptRepository(this, fallback);
    }

    /**
     * The templates {@code prompts/<name>.mustache} on the class path of the thread's context class loader (or, when
     * it has none, the one that loaded this library). When several jars hold the same name, the first on the class
     * path wins.
     */
    static PromptRepository classpath() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return classpath(context != null ? context : PromptRepository.class.getClassLoader(), "prompts/");
    }

    /**
     * The templates {@code <prefix><name>.mustache} on a class loader's class path.
     *
     * @param loader where to look
     * @param prefix the resource directory, e.g. {@code my-prompts/}; a missing trailing slash is added
     * @throws io.github.genieenhancer.core.ConfigurationException when the prefix is empty or absolute
     */
    static PromptRepository classpath(ClassLoader loader, String prefix) {
        return new ClasspathPromptRepository(loader, prefix);
    }

    /**
     * The templates {@code <directory>/<name>.mustache}, read as UTF-8 when first rendered. Usually layered over
     * the defaults: {@code PromptRepository.directory(dir).orElse(PromptRepository.classpath())}.
     *
     * @param directory an existing directory
     * @throws io.github.genieenhancer.core.ConfigurationException when the directory does not exist
     */
    static PromptRepository directory(Path directory) {
        return new DirectoryPromptRepository(directory);
    }

    /**
     * Templates held in memory, keyed by name; the map is copied.
     *
     * @param templates template texts by name
     * @throws io.github.genieenhancer.core.ConfigurationException when a name is not a valid relative path
     */
    static PromptRepository of(Map<String, String> templates) {
        return new MapPromptRepository(templates);
    }

    /**
     * The repository to use when none is configured: the one from the single {@link PromptRepositoryProvider}
     * registered with {@link java.util.ServiceLoader} (looked up through the thread's context class loader), or
     * {@link #classpath()} when there is none.
     *
     * @throws io.github.genieenhancer.core.ConfigurationException when several providers are registered or one
     *                                                             cannot be loaded
     */
    static PromptRepository defaultRepository() {
        return ServiceDiscovery.discover(PromptRepositoryProvider.class, PromptRepositoryProvider::create,
                PromptRepository::classpath);
    }
}
