package io.github.genieenhancer.genie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void defaultsBoundTheWorstCaseWait() {
        RetryPolicy defaults = RetryPolicy.defaults();

        assertThat(defaults.maxAttempts()).isEqualTo(4);
        assertThat(defaults.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.maxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
        // Three retries, each waiting at most the 60 s a server may ask for.
        assertThat(defaults.worstCaseWait()).isEqualTo(Duration.ofMinutes(3));
        assertThat(RetryPolicy.none().worstCaseWait()).isZero();
    }

    @Test
    void toBuilderKeepsTheOtherSettings() {
        RetryPolicy policy = RetryPolicy.defaults().toBuilder().maxAttempts(2).build();

        assertThat(policy.maxAttempts()).isEqualTo(2);
        assertThat(policy.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> RetryPolicy.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.0)).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5)).isInstanceOf(ConfigurationException.class);
    }
}
