package io.github.genieenhancer.core.prompt;

import io.github.genieenhancer.core.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.stream.Stream;

/** How template names map to files, shared by the file and class path repositories. */
final class TemplateNames {
    static final String EXTENSION = ".mustache";

    private TemplateNames() {
    }

    /**
     * Checks that a name is a relative path that stays inside its directory: segments separated by {@code /}, none
     * empty, {@code .} or {@code ..}, no backslash, colon or control character.
     */
    static String requireValid(String name) {
        if (name == null || !isValid(name)) {
            throw new ConfigurationException("Invalid prompt template name '" + name + "': expected a relative path "
                    + "like 'analyze_failure' or 'categories/join_specs_add', without '..', '\\', ':' or the "
                    + EXTENSION + " extension");
        }
        return name;
    }

    static boolean isValid(String name) {
        if (name.isEmpty() || name.endsWith(EXTENSION) || name.chars().anyMatch(c -> c < 0x20 || c == '\\' || c == ':')) {
            return false;
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** The file name of a template, e.g. {@code analyze_failure.mustache}. */
    static String fileName(String name) {
        return requireValid(name) + EXTENSION;
    }

    /** Decodes a template's bytes, refusing malformed UTF-8 rather than inventing characters. */
    static String decode(byte[] bytes, String where) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigurationException("Prompt template " + where + " is not valid UTF-8", e);
        }
    }

    /** Adds the names of the templates in a directory tree, e.g. {@code a/b.mustache} as {@code a/b}. */
    static void collect(Path root, Collection<String> names) {
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.getFileName().toString().endsWith(EXTENSION) && Files.isRegularFile(f))
                    .map(f -> root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/"))
                    .map(relative -> relative.substring(0, relative.length() - EXTENSION.length()))
                    .filter(TemplateNames::isValid)
                    .forEach(names::add);
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigurationException("Cannot list the prompt templates in " + root, e);
        }
    }
}
