package io.github.genieenhancer.core.prompt;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** Templates held in memory. */
final class MapPromptRepository extends CachingPromptRepository {
    private final SortedMap<String, String> templates;

    MapPromptRepository(Map<String, String> templates) {
        SortedMap<String, String> copy = new TreeMap<>();
        templates.forEach((name, text) -> copy.put(TemplateNames.requireValid(name),
                Objects.requireNonNull(text, () -> "text of prompt template '" + name + "'")));
        this.templates = Collections.unmodifiableSortedMap(copy);
    }

    @Override
    public Optional<String> template(String name) {
        return Optional.ofNullable(templates.get(TemplateNames.requireValid(name)));
    }

    @Override
    public Set<String> names() {
        return templates.keySet();
    }

    @Override
    String location(String name) {
        return "in-memory templates";
    }

    @Override
    public String toString() {
        return "PromptRepository.of(" + templates.keySet() + ")";
    }
}
