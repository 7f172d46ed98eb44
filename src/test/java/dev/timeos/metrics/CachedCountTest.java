package dev.timeos.metrics;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CachedCountTest {

    /** A clock the test moves. */
    private static final class Hand extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z").plusMillis(System.nanoTime() % 1000);

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void countsOncePerIntervalAndAgainWhenItIsOver() {
        Hand clock = new Hand();
        AtomicLong counted = new AtomicLong();
        CachedCount due = new CachedCount(clock, Duration.ofSeconds(5), () -> counted.incrementAndGet() * 10);

        assertThat(due.get()).isEqualTo(10);
        clock.now = clock.now.plusMillis(4999);
        assertThat(due.get()).isEqualTo(10);
        assertThat(counted).hasValue(1);

        clock.now = clock.now.plusMillis(1);
        assertThat(due.get()).isEqualTo(20);
        assertThat(counted).hasValue(2);
    }
}
