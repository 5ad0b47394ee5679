package io.github.genieenhancer.core;

import io.github.genieenhancer.core.space.SpaceViolation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A space configuration breaks rules the Genie API enforces, so an update with it would be refused. Lists every
 * violation with its JSON path; {@code SpaceConfig.normalized()} fixes most of them.
 */
public class SpaceValidationException extends GenieEnhancerException {
    private static final long serialVersionUID = 1L;

    /** Every violation found, in the order they were found. */
    private final List<SpaceViolation> violations;

    /** Creates an exception listing the violations. */
    public SpaceValidationException(List<SpaceViolation> violations) {
        super(message(violations));
        this.violations = List.copyOf(violations);
    }

    /** Every violation found, in the order they were found. */
    public List<SpaceViolation> violations() {
        return violations;
    }

    private static String message(List<SpaceViolation> violations) {
        return "serialized_space breaks " + violations.size() + " rule(s) of the Genie API:"
                + violations.stream().map(v -> "\n  " + v).collect(Collectors.joining());
    }
}
