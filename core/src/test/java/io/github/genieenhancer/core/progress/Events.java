package io.github.genieenhancer.core.progress;

import io.github.genieenhancer.core.fix.Fix;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.fix.RejectedFix;
import java.util.List;

/** Sample events for the tests. */
final class Events {
    private Events() {
    }

    static PlannedFix fix(String id) {
        return new PlannedFix(id, new Fix.InstructionFix("Revenue means net revenue.", false), "ambiguous term",
                List.of("q1", "q7"));
    }

    static ProgressEvent.FixApplied applied(String id) {
        return new ProgressEvent.FixApplied(fix(id));
    }

    static ProgressEvent.FixRejected rejected(String id, String reason) {
        return new ProgressEvent.FixRejected(new RejectedFix(fix(id), reason));
    }
}
