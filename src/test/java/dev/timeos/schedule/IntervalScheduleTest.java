package dev.timeos.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

class IntervalScheduleTest {

    private static final Instant ANCHOR = Instant.parse("2026-01-15T10:00:00Z");

    @Test
    void rejectsZeroOrNegativeInterval() {
        assertThatThrownBy(() -> IntervalSchedule.of(Duration.ZERO, Duration.ZERO, IntervalSchedule.Mode.FIXED_RATE, ANCHOR))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessage("every: interval must be greater than zero, got PT0S");
        assertThatThrownBy(() -> IntervalSchedule.of(Duration.ofMinutes(-5), Duration.ZERO, IntervalSchedule.Mode.FIXED_RATE, ANCHOR))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessage("every: interval must be greater than zero, got PT-5M");
        assertThatThrownBy(() -> IntervalSchedule.of(null, Duration.ZERO, IntervalSchedule.Mode.FIXED_RATE, ANCHOR))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessageStartingWith("every: ");
    }

    @Test
    void rejectsNegativeInitialDelay() {
        assertThatThrownBy(() -> IntervalSchedule.of(Duration.ofMinutes(5), Duration.ofSeconds(-1), IntervalSchedule.Mode.FIXED_RATE, ANCHOR))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessage("initialDelay: must not be negative, got PT-1S")
                .satisfies(e -> assertThat(((InvalidScheduleException) e).field()).isEqualTo("initialDelay"));
    }

    @Test
    void defaultsForDelayAndMode() {
        IntervalSchedule s = IntervalSchedule.of(Duration.ofMinutes(5), null, null, ANCHOR);
        assertThat(s.initialDelay()).isEqualTo(Duration.ZERO);
        assertThat(s.mode()).isEqualTo(IntervalSchedule.Mode.FIXED_RATE);
    }

    @Test
    void firstIsStartPlusInitialDelay() {
        IntervalSchedule s = IntervalSchedule.of(Duration.ofMinutes(30), Duration.ofMinutes(5), IntervalSchedule.Mode.FIXED_RATE, ANCHOR);
        assertThat(s.first(Instant.parse("2026-01-15T12:00:00Z"))).isEqualTo(Instant.parse("2026-01-15T12:05:00Z"));
    }

    @Test
    void fixedRateCountsFromThePlannedTime() {
        IntervalSchedule s = IntervalSchedule.of(Duration.ofMinutes(30), Duration.ZERO, IntervalSchedule.Mode.FIXED_RATE, ANCHOR);
        assertThat(s.nextAfter(Instant.parse("2026-01-15T10:00:00Z"), Instant.parse("2026-01-15T10:07:00Z")))
                .isEqualTo(Instant.parse("2026-01-15T10:30:00Z"));
    }

    @Test
    void fixedDelayCountsFromTheFinish() {
        IntervalSchedule s = IntervalSchedule.of(Duration.ofMinutes(30), Duration.ZERO, IntervalSchedule.Mode.FIXED_DELAY, ANCHOR);
        assertThat(s.nextAfter(Instant.parse("2026-01-15T10:00:00Z"), Instant.parse("2026-01-15T10:07:00Z")))
                .isEqualTo(Instant.parse("2026-01-15T10:37:00Z"));
    }

    @Test
    void anchoredListingIsAnchorPlusDelayPlusMultiples() {
        IntervalSchedule s = IntervalSchedule.of(Duration.ofMinutes(30), Duration.ofMinutes(5), IntervalSchedule.Mode.FIXED_RATE, ANCHOR);
        // before the first run: the first run
        assertThat(s.nextAfter(Instant.parse("2026-01-01T00:00:00Z"))).contains(Instant.parse("2026-01-15T10:05:00Z"));
        assertThat(s.nextAfter(Instant.parse("2026-01-15T10:04:59.999Z"))).contains(Instant.parse("2026-01-15T10:05:00Z"));
        // strictly after
        assertThat(s.nextAfter(Instant.parse("2026-01-15T10:05:00Z"))).contains(Instant.parse("2026-01-15T10:35:00Z"));
        assertThat(s.nextAfter(Instant.parse("2026-01-15T10:20:00Z"))).contains(Instant.parse("2026-01-15T10:35:00Z"));
        assertThat(s.nextAfter(Instant.parse("2026-01-15T10:35:00Z"))).contains(Instant.parse("2026-01-15T11:05:00Z"));
        assertThat(s.next(Instant.parse("2026-01-15T10:06:00Z"), 3)).containsExactly(
                Instant.parse("2026-01-15T10:35:00Z"), Instant.parse("2026-01-15T11:05:00Z"), Instant.parse("2026-01-15T11:35:00Z"));
        // far ahead: 1000 years of 30-minute steps, no overflow
        assertThat(s.nextAfter(Instant.parse("3026-01-15T10:06:00Z"))).contains(Instant.parse("3026-01-15T10:35:00Z"));
    }

    @Test
    void intervalsAreRealTimeAcrossDst() {
        // Every hour from 01:00 EST on the spring-forward day: the next real hour is 03:00 EDT.
        Instant anchor = OffsetDateTime.parse("2026-03-08T01:00-05:00").toInstant();
        IntervalSchedule s = IntervalSchedule.of(Duration.ofHours(1), Duration.ZERO, IntervalSchedule.Mode.FIXED_RATE, anchor);
        assertThat(s.next(anchor, 2)).containsExactly(
                OffsetDateTime.parse("2026-03-08T03:00-04:00").toInstant(),
                OffsetDateTime.parse("2026-03-08T04:00-04:00").toInstant());
        // ... and on the fall-back day, 01:00 EDT is followed by 01:00 EST.
        Instant fall = OffsetDateTime.parse("2026-11-01T01:00-04:00").toInstant();
        IntervalSchedule f = IntervalSchedule.of(Duration.ofHours(1), Duration.ZERO, IntervalSchedule.Mode.FIXED_RATE, fall);
        assertThat(f.nextAfter(fall)).contains(OffsetDateTime.parse("2026-11-01T01:00-05:00").toInstant());
        // A day is 24 real hours, even on a 23-hour local day.
        IntervalSchedule d = IntervalSchedule.of(Duration.ofDays(1), Duration.ZERO, IntervalSchedule.Mode.FIXED_RATE,
                OffsetDateTime.parse("2026-03-07T12:00-05:00").toInstant());
        assertThat(d.nextAfter(OffsetDateTime.parse("2026-03-07T12:00-05:00").toInstant()))
                .contains(OffsetDateTime.parse("2026-03-08T13:00-04:00").toInstant());
    }

    @Test
    void modeWireNames() {
        assertThat(IntervalSchedule.Mode.fromWire("fixed-rate")).isEqualTo(IntervalSchedule.Mode.FIXED_RATE);
        assertThat(IntervalSchedule.Mode.fromWire("FIXED-DELAY")).isEqualTo(IntervalSchedule.Mode.FIXED_DELAY);
        assertThat(IntervalSchedule.Mode.FIXED_DELAY.wireName()).isEqualTo("fixed-delay");
        assertThatThrownBy(() -> IntervalSchedule.Mode.fromWire("fixed_rate"))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessage("mode: 'fixed_rate' is not one of fixed-rate, fixed-delay");
        assertThatThrownBy(() -> IntervalSchedule.Mode.fromWire(null)).isInstanceOf(InvalidScheduleException.class);
    }
}
