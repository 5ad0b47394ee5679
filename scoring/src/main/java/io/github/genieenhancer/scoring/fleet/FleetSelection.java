package io.github.genieenhancer.scoring.fleet;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.genie.SpaceSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which spaces of a workspace a fleet scores: given ids, the spaces whose title matches a pattern, or every space the
 * caller can see. Spaces are scored in the order chosen here: ids as given, listed spaces in the API's order.
 *
 * @param spaceIds    the ids to score, in order; empty for a listing
 * @param namePattern the pattern the title of a listed space must match in full; empty for every listed space
 */
public record FleetSelection(List<String> spaceIds, Optional<Pattern> namePattern) {

    /** Validates the selection. */
    public FleetSelection {
        spaceIds = List.copyOf(spaceIds);
        Objects.requireNonNull(namePattern, "namePattern");
        if (!spaceIds.isEmpty() && namePattern.isPresent()) {
            throw new ConfigurationException("Choose spaces by id or by name pattern, not both");
        }
        for (String id : spaceIds) {
            if (id.isBlank()) {
                throw new ConfigurationException("A space id in the fleet selection is blank");
            }
        }
    }

    /**
     * These spaces, in this order; an id given twice is scored once.
     *
     * @throws ConfigurationException when the list is empty or an id is blank
     */
    public static FleetSelection ids(List<String> spaceIds) {
        if (spaceIds.isEmpty()) {
            throw new ConfigurationException("The fleet selection names no space id");
        }
        return new FleetSelection(List.copyOf(new LinkedHashSet<>(spaceIds)), Optional.empty());
    }

    /** Every space the caller can see whose title matches the regular expression in full. */
    public static FleetSelection namePattern(Pattern pattern) {
        return new FleetSelection(List.of(), Optional.of(pattern));
    }

    /**
     * Every space the caller can see whose title matches {@code pattern} in full: a glob ({@code *} any text,
     * {@code ?} one character) unless it starts with {@code regex:}, which makes the rest a regular expression.
     *
     * @throws ConfigurationException when the pattern is blank or not a valid regular expression
     */
    public static FleetSelection namePattern(String pattern) {
        if (pattern.isBlank()) {
            throw new ConfigurationException("The space name pattern is blank");
        }
        try {
            return namePattern(pattern.startsWith("regex:") ? Pattern.compile(pattern.substring("regex:".length()))
                    : Pattern.compile(globToRegex(pattern)));
        } catch (PatternSyntaxException e) {
            throw new ConfigurationException("The space name pattern '" + pattern + "' is not a valid regular "
                    + "expression: " + e.getDescription());
        }
    }

    /** Every space the caller can see. */
    public static FleetSelection all() {
        return new FleetSelection(List.of(), Optional.empty());
    }

    /** Whether the spaces come from the list-spaces API rather than from ids. */
    public boolean listsSpaces() {
        return spaceIds.isEmpty();
    }

    /**
     * The listed spaces this selection keeps, in listing order; for an id selection, the ids in order with the
     * listed title where the space was listed.
     */
    public List<SpaceSummary> select(List<SpaceSummary> listed) {
        if (listsSpaces()) {
            return listed.stream().filter(space -> namePattern.map(p -> p.matcher(space.title()).matches())
                    .orElse(true)).toList();
        }
        Map<String, SpaceSummary> byId = new LinkedHashMap<>();
        listed.forEach(space -> byId.put(space.spaceId(), space));
        List<SpaceSummary> chosen = new ArrayList<>();
        for (String id : spaceIds) {
            chosen.add(byId.getOrDefault(id, new SpaceSummary(id, "", Optional.empty(), Optional.empty(),
                    Optional.empty())));
        }
        return chosen;
    }

    private static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return regex.toString();
    }
}
