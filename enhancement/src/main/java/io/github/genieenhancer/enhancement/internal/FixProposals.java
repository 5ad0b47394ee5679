package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.fix.Fix;
import java.util.List;
import java.util.Objects;

/**
 * The model's answer to a {@code categories/<wire name>} prompt. Its JSON schema is sent under the name
 * {@code FixProposals}; the name and the shape are part of the documented protocol (docs/enhancement.md).
 *
 * @param fixes the proposed changes; may be empty
 */
public record FixProposals(List<FixProposal> fixes) {

    /** Copies the list. */
    public FixProposals {
        fixes = fixes == null ? List.of() : List.copyOf(fixes);
    }

    /**
     * One proposed change.
     *
     * @param fix       the change, as core's {@link Fix} JSON with its {@code category} wire name
     * @param rationale why it makes Genie answer correctly
     * @param questions the failed questions it addresses, verbatim
     */
    public record FixProposal(Fix fix, String rationale, List<String> questions) {

        /** Validates the fix and copies the list. */
        public FixProposal {
            Objects.requireNonNull(fix, "fix");
            rationale = rationale == null ? "" : rationale;
            questions = questions == null ? List.of() : List.copyOf(questions);
        }
    }
}
