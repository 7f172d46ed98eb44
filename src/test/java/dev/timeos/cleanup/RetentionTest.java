package dev.timeos.cleanup;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A retention is from zero to a hundred years whichever way it comes in. REST checked its days, but the Java API
 * ({@code TimeOS.cleanup}) and the configuration did not: a negative retention put the cutoff in the future, and the pass
 * removed every succeeded and cancelled job.
 */
class RetentionTest {

    @Test
    void aNegativeOrEndlessRetentionIsRefusedNamingIt() {
        assertThatThrownBy(() -> new Retention(Duration.ofDays(30), Duration.ofDays(-1), Duration.ofDays(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("successfulJobs");
        assertThatThrownBy(() -> new Retention(Duration.ofDays(36_501), Duration.ofDays(7), Duration.ofDays(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("events");
        assertThatThrownBy(() -> new Retention(Duration.ofDays(30), Duration.ofDays(7), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failedJobs");
    }

    @Test
    void zeroKeepsNothingOldAndAHundredYearsIsStillACutoff() {
        Instant now = Instant.parse("2026-12-04T12:00:00Z");
        Retention.Cutoffs c = new Retention(Duration.ZERO, Retention.LONGEST, Duration.ofDays(30)).cutoffs(now);
        assertThat(c.events()).isEqualTo(now);
        assertThat(c.successfulJobs()).isBefore(now.minus(Duration.ofDays(36_499)));
        assertThat(c.failedJobs()).isEqualTo(now.minus(Duration.ofDays(30)));
    }
}
