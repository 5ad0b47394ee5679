package io.github.genieenhancer.genie.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void masksBearerTokensAndPersonalAccessTokens() {
        String text = "POST /x failed; Authorization: Bearer eyJhbGciOi.abc.def, token dapi0123456789abcdef-2 used";

        assertThat(Redaction.redact(text))
                .isEqualTo("POST /x failed; Authorization: Bearer ***, token *** used")
                .doesNotContain("eyJ").doesNotContain("dapi0123");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        assertThat(Redaction.redact("Space s1 not found")).isEqualTo("Space s1 not found");
        assertThat(Redaction.redact(null)).isEmpty();
    }
}
