package dev.timeos.cleanup;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A retention is zero or more whichever way it comes in. REST checked its days, but the Java API
 * ({@code TimeOS.cleanup}) and the configuration did not: a negative retention put the cutoff in the future, and the pass
 * removed every succeeded and cancelled job. A retention longer than anything stored keeps everything.
 */
class RetentionTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    @Test
    void aNegativeOrMissingRetentionIsRefusedNamingIt() {
        assertThatThrownBy(() -> new Retention(Duration.ofDays(30), Duration.ofDays(-1), Duration.ofDays(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("successfulJobs");
        assertThatThrownBy(() -> new Retention(Duration.ofDays(30), Duration.ofDays(7), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failedJobs");
        assertThatThrownBy(() -> Retention.require("timeos.cleanup.events-retention", Duration.ofSeconds(-1)))
                .hasMessageContaining("timeos.cleanup.events-retention");
    }

    @Test
    void zeroKeepsNothingOldAndAnEndlessRetentionKeepsEverything() {
        Retention.Cutoffs c = new Retention(Duration.ZERO, Duration.of(1_000_000_000L, ChronoUnit.DAYS).multipliedBy(100),
                Duration.ofDays(30)).cutoffs(NOW);
        assertThat(c.events()).isEqualTo(NOW);
        assertThat(c.successfulJobs()).as("no overflow, and before every stored instant").isEqualTo(Instant.EPOCH);
        assertThat(c.failedJobs()).isEqualTo(NOW.minus(Duration.ofDays(30)));
    }
}
