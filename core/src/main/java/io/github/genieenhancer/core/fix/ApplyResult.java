package io.github.genieenhancer.core.fix;

import io.github.genieenhancer.core.space.SpaceDiff;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What applying a plan did.
 *
 * @param spaceId    the space updated
 * @param snapshotId the stored snapshot of the configuration before the update, for {@code rollback}
 * @param diff       the structural difference the update made
 * @param applied    the fixes written
 * @param rejected   the fixes refused, with reasons
 * @param etag       the space's etag after the update, when the API returned one
 * @param appliedAt  when the update was written
 */
public record ApplyResult(String spaceId, String snapshotId, SpaceDiff diff, List<PlannedFix> applied,
                          List<RejectedFix> rejected, Optional<String> etag, Instant appliedAt) {

    /** Validates and copies the components. */
    public ApplyResult {
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(snapshotId, "snapshotId");
        Objects.requireNonNull(diff, "diff");
        Objects.requireNonNull(appliedAt, "appliedAt");
        applied = applied == null ? List.of() : List.copyOf(applied);
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
        etag = etag == null ? Optional.empty() : etag;
    }
}
