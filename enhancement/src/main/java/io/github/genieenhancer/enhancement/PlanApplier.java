package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.fix.ApplyResult;
import io.github.genieenhancer.core.fix.EnhancementPlan;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.space.SpaceDiff;
import java.util.List;

/**
 * Writes plans to a space and undoes them: what an {@link EnhancementSession} needs to change spaces. The default
 * is an {@link Applier} (a snapshot in the session's store before every write, etag-guarded updates); give another
 * with {@link EnhancementSession.Builder#applier}, e.g. one that asks for an approval before delegating to an
 * {@code Applier}. An implementation must keep the promises of {@link Applier}'s methods: a snapshot before each
 * write, its id in the result, and a refused write when the space changed since it was read.
 */
public interface PlanApplier {

    /** Applies a plan in one update, after a snapshot; see {@link Applier#apply}. */
    ApplyResult apply(String spaceId, EnhancementPlan plan);

    /** What applying the plan would change, writing nothing; see {@link Applier#preview}. */
    ApplyResult preview(String spaceId, EnhancementPlan plan);

    /** Restores a snapshot; see {@link Applier#rollback}. */
    SpaceDiff rollback(String snapshotId);

    /** Replaces a space's configuration (its benchmarks kept), after a snapshot; see {@link Applier#replace}. */
    ApplyResult replace(String spaceId, SpaceConfig config, List<PlannedFix> fixes);
}
