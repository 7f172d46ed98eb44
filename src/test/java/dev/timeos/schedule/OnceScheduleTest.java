package dev.timeos.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class OnceScheduleTest {

    private static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void firesOnceStrictlyAfter() {
        OnceSchedule s = new OnceSchedule(AT);
        assertThat(s.nextAfter(Instant.parse("2026-11-30T23:59:59Z"))).contains(AT);
        assertThat(s.nextAfter(AT)).isEmpty();
        assertThat(s.nextAfter(Instant.parse("2026-12-02T00:00:00Z"))).isEmpty();
        assertThat(s.next(Instant.parse("2026-01-01T00:00:00Z"), 5)).containsExactly(AT);
    }

    @Test
    void requiresAnInstant() {
        assertThatThrownBy(() -> new OnceSchedule(null)).isInstanceOf(InvalidScheduleException.class)
                .hasMessage("at: an instant is required");
    }

    @Test
    void allKindsListUniformly() {
        List<Schedule> schedules = List.of(
                new OnceSchedule(AT),
                CronSchedule.parse("0 0 1 12 *", null),
                WeeklySchedule.of(java.time.DayOfWeek.TUESDAY, null, null),
                IntervalSchedule.of(java.time.Duration.ofDays(7), null, null, Instant.parse("2026-11-03T00:00:00Z")));
        for (Schedule s : schedules) {
            assertThat(s.nextAfter(Instant.parse("2026-11-30T12:00:00Z"))).as(s.toString()).contains(AT);
        }
    }
}
