package io.github.genieenhancer.core.fix;

import java.util.List;
import java.util.Objects;

/**
 * A fix with why it is proposed and which failing benchmarks it addresses.
 *
 * @param id           identifies the fix within its plan
 * @param fix          the change
 * @param rationale    why the change should help
 * @param benchmarkIds the failing benchmarks it addresses
 */
public record PlannedFix(String id, Fix fix, String rationale, List<String> benchmarkIds) {

    /** Validates and copies the components. */
    public PlannedFix {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fix, "fix");
        rationale = rationale == null ? "" : rationale;
        benchmarkIds = benchmarkIds == null ? List.of() : List.copyOf(benchmarkIds);
    }

    /** The fix's category. */
    public FixCategory category() {
        return fix.category();
    }
}
