package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.space.SpaceConfig;
import java.util.List;

/**
 * Checks proposed fixes against a configuration before anything is written, refusing each bad one with its reason.
 * The default is a {@link FixValidator} with the session's benchmarks (leakage guard) and warehouse (SQL checks);
 * give another with {@link EnhancementSession.Builder#validator}, e.g. one that wraps the default and adds a
 * platform's own rules. The session's default {@link Applier} checks again with it right before the update.
 */
@FunctionalInterface
public interface PlanValidator {

    /**
     * Validates fixes against a configuration.
     *
     * @param fixes the fixes, in plan order
     * @param space the configuration the fixes would change
     * @return what passed, what did not and why, and the configuration with the passing fixes made
     */
    FixValidation validate(List<PlannedFix> fixes, SpaceConfig space);
}
