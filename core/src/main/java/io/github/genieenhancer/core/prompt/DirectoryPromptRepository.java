package io.github.genieenhancer.core.prompt;

import io.github.genieenhancer.core.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Templates as UTF-8 files {@code <name>.mustache} under a directory, subdirectories included. */
final class DirectoryPromptRepository extends CachingPromptRepository {
    private final Path directory;

    DirectoryPromptRepository(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(this.directory)) {
            throw new ConfigurationException("Prompt directory " + this.directory + " does not exist or is not a "
                    + "directory");
        }
    }

    @Override
    public Optional<String> template(String name) {
        Path file = directory.resolve(TemplateNames.fileName(name));
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(TemplateNames.decode(Files.readAllBytes(file), "file " + file));
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read prompt template file " + file, e);
        }
    }

    @Override
    public Set<String> names() {
        SortedSet<String> names = new TreeSet<>();
        TemplateNames.collect(directory, names);
        return Collections.unmodifiableSortedSet(names);
    }

    @Override
    String location(String name) {
        return "file " + directory.resolve(TemplateNames.fileName(name));
    }

    @Override
    public String toString() {
        return "PromptRepository.directory(" + directory + ")";
    }
}
