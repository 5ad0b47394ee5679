package io.github.genieenhancer.core.prompt;

import io.github.genieenhancer.core.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Templates as class path resources under a prefix. Names are listed by scanning the prefix directory in every
 * class path entry that has it, from directories and from jars (including nested jars whose URL handler is a
 * {@link JarURLConnection}, as Spring Boot's is).
 */
final class ClasspathPromptRepository extends CachingPromptRepository {
    private static final Logger LOG = LoggerFactory.getLogger(PromptRepository.class);

    private final ClassLoader loader;
    private final String prefix;

    ClasspathPromptRepository(ClassLoader loader, String prefix) {
        this.loader = Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isBlank() || prefix.startsWith("/")) {
            throw new ConfigurationException("Invalid prompt resource prefix '" + prefix
                    + "': expected a relative resource directory like 'prompts/'");
        }
        this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
    }

    @Override
    public Optional<String> template(String name) {
        String resource = prefix + TemplateNames.fileName(name);
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? Optional.empty()
                    : Optional.of(TemplateNames.decode(in.readAllBytes(), "class path resource " + resource));
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read prompt template class path resource " + resource, e);
        }
    }

    @Override
    public Set<String> names() {
        SortedSet<String> names = new TreeSet<>();
        try {
            Enumeration<URL> roots = loader.getResources(prefix);
            while (roots.hasMoreElements()) {
                collect(roots.nextElement(), names);
            }
        } catch (IOException e) {
            throw new ConfigurationException("Cannot list the prompt templates under class path " + prefix, e);
        }
        return Collections.unmodifiableSortedSet(names);
    }

    private void collect(URL root, Set<String> names) throws IOException {
        if (root.getProtocol().equals("file")) {
            try {
                TemplateNames.collect(Path.of(root.toURI()), names);
            } catch (URISyntaxException e) {
                throw new IOException("Unusable class path directory " + root, e);
            }
            return;
        }
        URLConnection connection = root.openConnection();
        if (!(connection instanceof JarURLConnection jarConnection)) {
            LOG.warn("Cannot list the prompt templates in {}: unsupported URL scheme. They can still be rendered "
                    + "by name.", root);
            return;
        }
        jarConnection.setUseCaches(false);
        String directory = jarConnection.getEntryName().endsWith("/") ? jarConnection.getEntryName()
                : jarConnection.getEntryName() + "/";
        try (JarFile jar = jarConnection.getJarFile()) {
            jar.stream()
                    .filter(entry -> !entry.isDirectory())
                    .map(JarEntry::getName)
                    .filter(entry -> entry.startsWith(directory) && entry.endsWith(TemplateNames.EXTENSION))
                    .map(entry -> entry.substring(directory.length(), entry.length() - TemplateNames.EXTENSION.length()))
                    .filter(TemplateNames::isValid)
                    .forEach(names::add);
        }
    }

    @Override
    String location(String name) {
        return "class path resource " + prefix + TemplateNames.fileName(name);
    }

    @Override
    public String toString() {
        return "PromptRepository.classpath(" + prefix + ")";
    }
}
