package io.github.genieenhancer.core.fix;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The fixes proposed for one iteration, built from the failures of one score report.
 *
 * @param planId    identifies the plan within its session
 * @param sourceRunId the score run whose failures drove the plan
 * @param createdAt when the plan was made
 * @param fixes     the proposed fixes
 * @param rejected  fixes dropped while planning (invalid, duplicate, contradictory), with reasons
 */
public record EnhancementPlan(String planId, String sourceRunId, Instant createdAt, List<PlannedFix> fixes,
                              List<RejectedFix> rejected) {

    /** Validates and copies the components. */
    public EnhancementPlan {
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(sourceRunId, "sourceRunId");
        Objects.requireNonNull(createdAt, "createdAt");
        fixes = fixes == null ? List.of() : List.copyOf(fixes);
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
    }

    /** Whether the plan proposes no change. */
    public boolean isEmpty() {
        return fixes.isEmpty();
    }

    /** The fixes grouped by category, every category present. */
    public Map<FixCategory, List<PlannedFix>> byCategory() {
        Map<FixCategory, List<PlannedFix>> map = new EnumMap<>(FixCategory.class);
        for (FixCategory c : FixCategory.values()) {
            map.put(c, fixes.stream().filter(f -> f.category() == c).toList());
        }
        return map;
    }
}
