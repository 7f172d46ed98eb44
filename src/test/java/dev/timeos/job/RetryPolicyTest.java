package dev.timeos.job;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    private static final Instant FAILED_AT = Instant.EPOCH.plus(Duration.ofDays(20_000));
    private static final Duration BACKOFF = Duration.ofSeconds(30);

    @Test
    void aFailureRetriesAfterBackoffUntilAttemptsRunOut() {
        assertThat(RetryPolicy.retryAt(1, 3, BACKOFF, false, FAILED_AT)).contains(FAILED_AT.plusSeconds(30));
        assertThat(RetryPolicy.retryAt(2, 3, BACKOFF, false, FAILED_AT)).contains(FAILED_AT.plusSeconds(60));
        assertThat(RetryPolicy.retryAt(3, 3, BACKOFF, false, FAILED_AT)).isEmpty();
    }

    @Test
    void aPermanentFailureIsDeadAtOnce() {
        assertThat(RetryPolicy.retryAt(1, 10, BACKOFF, true, FAILED_AT)).isEmpty();
        assertThat(RetryPolicy.retryAt(1, 10, BACKOFF, true, FAILED_AT.plusSeconds(5), FAILED_AT)).isEmpty();
    }

    @Test
    void aRetryNotBeforeLaterThanTheBackoffWins() {
        assertThat(RetryPolicy.retryAt(1, 3, BACKOFF, false, FAILED_AT.plusSeconds(120), FAILED_AT))
                .contains(FAILED_AT.plusSeconds(120));
    }

    @Test
    void aRetryNotBeforeSoonerThanTheBackoffDoesNotShortenIt() {
        assertThat(RetryPolicy.retryAt(1, 3, BACKOFF, false, FAILED_AT.plusSeconds(2), FAILED_AT))
                .contains(FAILED_AT.plusSeconds(30));
        assertThat(RetryPolicy.retryAt(1, 3, Duration.ZERO, false, FAILED_AT.plusSeconds(2), FAILED_AT))
                .contains(FAILED_AT.plusSeconds(2));
    }

    @Test
    void aFarOffRetryNotBeforeIsCappedAtTheLongestBackoff() {
        assertThat(RetryPolicy.retryAt(1, 3, BACKOFF, false, FAILED_AT.plus(Duration.ofDays(30)), FAILED_AT))
                .contains(FAILED_AT.plus(Backoff.MAX_DELAY));
    }

    @Test
    void aRetryNotBeforeDoesNotAddAttempts() {
        assertThat(RetryPolicy.retryAt(3, 3, BACKOFF, false, FAILED_AT.plusSeconds(5), FAILED_AT)).isEmpty();
    }
}
