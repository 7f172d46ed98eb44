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
    void aFailedAttemptBelowTheMaximumIsRetried() {
        assertThat(Backoff.hasAttemptsLeft(1, 3)).isTrue();
        assertThat(Backoff.hasAttemptsLeft(2, 3)).isTrue();
        assertThat(Backoff.hasAttemptsLeft(3, 3)).isFalse();
        assertThat(Backoff.hasAttemptsLeft(1, 1)).isFalse();
    }
}
