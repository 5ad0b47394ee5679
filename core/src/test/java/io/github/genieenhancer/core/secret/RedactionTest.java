package io.github.genieenhancer.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
    void masksJsonWebTokensTheShapeOfOAuthAccessTokens() {
        String jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJhbmEifQ.c2lnbmF0dXJlLWJ5dGVz";

        assertThat(Redaction.redact("X-Databricks-Azure-SP-Management-Token: " + jwt + "; version 1.2.3"))
                .isEqualTo("X-Databricks-Azure-SP-Management-Token: ***; version 1.2.3");
    }

    @Test
    void masksAKnownSecretWhateverItsShape() {
        assertThat(Redaction.redact("session s3cr3t-oauth expired", List.of("s3cr3t-oauth")))
                .isEqualTo("session *** expired");
    }

    @Test
    void keepsACleanCauseAndDropsOneWhoseChainHoldsASecret() {
        RuntimeException clean = new RuntimeException("outer", new IllegalStateException("Space s1 not found"));
        RuntimeException dirty = new RuntimeException("outer", new IllegalStateException("token s3cr3t refused"));

        assertThat(Redaction.safeCause(clean, List.of("s3cr3t"))).isSameAs(clean);
        assertThat(Redaction.safeCause(dirty, List.of("s3cr3t"))).isNull();
        assertThat(Redaction.safeCause(new RuntimeException("Bearer abc.def"), List.of())).isNull();
    }

    @Test
    void sentCredentialsMaskWhatWasSentAndForgetTheOldestFirst() {
        SentCredentials sent = new SentCredentials();
        sent.remember("oauth-first");
        for (int i = 0; i < 15; i++) {
            sent.remember("oauth-" + i);
        }
        sent.remember("oauth-first");
        sent.remember("oauth-latest");
        sent.remember(" ");

        assertThat(sent.redact("oauth-first oauth-0 oauth-1 oauth-latest Bearer abc"))
                .isEqualTo("*** oauth-0 *** *** Bearer ***");
        assertThat(sent.safeCause(new IllegalStateException("refused oauth-latest"))).isNull();
    }

    @Test
    void leavesOrdinaryTextAlone() {
        assertThat(Redaction.redact("Space s1 not found")).isEqualTo("Space s1 not found");
        assertThat(Redaction.redact(null)).isEmpty();
    }
}
