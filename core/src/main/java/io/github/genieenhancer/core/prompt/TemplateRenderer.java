package io.github.genieenhancer.core.prompt;

import com.samskivert.mustache.DefaultCollector;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import io.github.genieenhancer.core.ConfigurationException;
import java.io.Reader;
import java.io.StringReader;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Compiles a repository's templates with JMustache, caches them by name, and turns JMustache's errors into
 * {@link ConfigurationException}s that name the template, the variable and the line.
 */
final class TemplateRenderer {
    private final PromptRepository source;
    private final Mustache.Compiler compiler;
    private final ConcurrentMap<String, Compiled> compiled = new ConcurrentHashMap<>();

    /** A compiled template and the names of the templates it includes, directly or not, in order of inclusion. */
    private record Compiled(Template template, List<String> included) {
    }

    TemplateRenderer(PromptRepository source) {
        this.source = source;
        this.compiler = Mustache.compiler()
                .escapeHTML(false)               // prompts are not HTML: "a < b" must stay as written
                .strictSections(true)            // a misspelt {{#section}} fails instead of vanishing
                .emptyStringIsFalse(true)        // {{#notes}}Notes: {{notes}}{{/notes}} skips empty text
                .withCollector(new PromptCollector())
                .withFormatter(TemplateRenderer::format)
                .withLoader(this::loadIncluded);
    }

    String render(String name, Map<String, ?> variables) {
        Objects.requireNonNull(variables, "variables");
        Compiled template = compiled.computeIfAbsent(TemplateNames.requireValid(name), this::compile);
        try {
            return template.template().execute(variables);
        } catch (MustacheException.Context e) {
            String inIncluded = template.included().isEmpty() ? ""
                    : " (the line may be in an included template: " + template.included() + ")";
            throw new ConfigurationException("Prompt template '" + name + "' needs variable '" + e.key + "' at line "
                    + e.lineNo + inIncluded + ", but it is missing or null; variables given: "
                    + variables.keySet().stream().filter(Objects::nonNull).sorted().toList(), e);
        } catch (MustacheException e) {
            throw new ConfigurationException("Cannot render prompt template '" + name + "': " + e.getMessage(), e);
        }
    }

    private Compiled compile(String name) {
        Template template = parse(name, source.template(name).orElseThrow(() -> missing(name)));
        Set<String> included = new LinkedHashSet<>();
        try {
            // Visiting loads every included template now, so a missing or broken one fails here, named.
            template.visit(new IncludeCollector(included));
        } catch (ConfigurationException e) {
            // JMustache passes the loader's runtime exceptions through unwrapped.
            throw new ConfigurationException("Prompt template '" + name + "' includes a template that cannot be used: "
                    + e.getMessage(), e);
        }
        return new Compiled(template, List.copyOf(included));
    }

    private Template parse(String name, String text) {
        try {
            return compiler.compile(text);
        } catch (MustacheException e) {
            throw new ConfigurationException("Prompt template '" + name + "' (" + CachingPromptRepository.locationIn(
                    source, name) + ") is not valid Mustache: " + e.getMessage(), e);
        }
    }

    /** JMustache's loader for <code>{{&gt; name}}</code>: the same repository, checked so errors name the file. */
    private Reader loadIncluded(String name) {
        String text = source.template(TemplateNames.requireValid(name)).orElseThrow(() -> missing(name));
        parse(name, text);
        return new StringReader(text);
    }

    private ConfigurationException missing(String name) {
        String known;
        try {
            known = "known templates: " + source.names();
        } catch (RuntimeException e) {
            known = "the known templates cannot be listed: " + e.getMessage();
        }
        return new ConfigurationException("No prompt template '" + name + "': looked for "
                + CachingPromptRepository.locationIn(source, name) + "; " + known);
    }

    private static CharSequence format(Object value) {
        Object shown = value instanceof Optional<?> optional ? optional.map(v -> (Object) v).orElse("") : value;
        return String.valueOf(shown);
    }

    /** Reads records, beans and maps like JMustache does, and treats an Optional as a list of zero or one. */
    private static final class PromptCollector extends DefaultCollector {
        @Override
        public Iterator<?> toIterator(Object value) {
            return value instanceof Optional<?> optional ? optional.stream().iterator() : super.toIterator(value);
        }
    }

    /** Collects included template names, descending into each once so recursive includes terminate. */
    private record IncludeCollector(Set<String> included) implements Mustache.Visitor {
        @Override
        public void visitText(String text) {
        }

        @Override
        public void visitVariable(String name) {
        }

        @Override
        public boolean visitInclude(String name) {
            return included.add(name);
        }

        @Override
        public boolean visitSection(String name) {
            return true;
        }

        @Override
        public boolean visitInvertedSection(String name) {
            return true;
        }
    }
}
