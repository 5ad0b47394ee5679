package io.github.genieenhancer.core.prompt;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** One repository over another: the first that has a template wins. */
final class LayeredPromptRepository extends CachingPromptRepository {
    private final PromptRepository primary;
    private final PromptRepository fallback;

    LayeredPromptRepository(PromptRepository primary, PromptRepository fallback) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    @Override
    public Optional<String> template(String name) {
        return primary.template(name).or(() -> fallback.template(name));
    }

    @Override
    public Set<String> names() {
        SortedSet<String> names = new TreeSet<>(primary.names());
        names.addAll(fallback.names());
        return Collections.unmodifiableSortedSet(names);
    }

    @Override
    String location(String name) {
        return locationIn(primary, name) + ", then " + locationIn(fallback, name);
    }

    @Override
    public String toString() {
        return primary + ".orElse(" + fallback + ")";
    }
}
