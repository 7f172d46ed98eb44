package dev.timeos.job;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    @Test
    void eachRetryWaitsTwiceAsLongAsThePrevious() {
        Duration base = Duration.ofSeconds(30);
        assertThat(Backoff.delayAfter(1, base)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Backoff.delayAfter(2, base)).isEqualTo(Duration.ofSeconds(60));
        assertThat(Backoff.delayAfter(3, base)).isEqualTo(Duration.ofSeconds(120));
        assertThat(Backoff.delayAfter(5, base)).isEqualTo(Duration.ofSeconds(480));
    }

    @Test
    void delayIsCappedAndNeverOverflows() {
        assertThat(Backoff.delayAfter(20, Duration.ofSeconds(30))).isEqualTo(Backoff.MAX_DELAY);
        assertThat(Backoff.delayAfter(100, Duration.ofDays(1))).isEqualTo(Backoff.MAX_DELAY);
        assertThat(Backoff.delayAfter(63, Duration.ofMillis(1))).isEqualTo(Backoff.MAX_DELAY);
    }

    @Test
    void zeroBaseRetriesAtOnce() {
        assertThat(Backoff.delayAfter(4, Duration.ZERO)).isEqualTo(Duration.ZERO);
    }

    @Test
    void attemptsAreCountedFromOne() {
        assertThatThrownBy(() -> Backoff.delayAfter(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailedAttemptBelowTheMaximumIsRetriedAfterItsBackoffAndTheLastOrAPermanentOneIsDead() {
        java.time.Instant t = java.time.Instant.parse("2026-01-01T00:00:00Z");
        Duration base = Duration.ofSeconds(30);
        assertThat(RetryPolicy.retryAt(1, 3, base, false, t)).contains(t.plusSeconds(30));
        assertThat(RetryPolicy.retryAt(2, 3, base, false, t)).contains(t.plusSeconds(60));
        assertThat(RetryPolicy.retryAt(3, 3, base, false, t)).isEmpty();
        assertThat(RetryPolicy.retryAt(1, 1, base, false, t)).isEmpty();
        assertThat(RetryPolicy.retryAt(1, 3, base, true, t)).isEmpty();
    }
}
