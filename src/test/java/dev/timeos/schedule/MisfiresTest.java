package dev.timeos.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MisfiresTest {

    private static final CronSchedule HOURLY = CronSchedule.parse("0 * * * *", ZoneOffset.UTC);
    private static final Instant LAST = Instant.parse("2026-01-15T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-01-15T13:30:00Z");

    @Test
    void wireNames() {
        assertThat(MisfirePolicy.fromWire("fire-once")).isEqualTo(MisfirePolicy.FIRE_ONCE);
        assertThat(MisfirePolicy.fromWire("fire-all")).isEqualTo(MisfirePolicy.FIRE_ALL);
        assertThat(MisfirePolicy.fromWire("skip")).isEqualTo(MisfirePolicy.SKIP);
        assertThat(MisfirePolicy.fromWire("Fire-Once")).isEqualTo(MisfirePolicy.FIRE_ONCE);
        assertThat(MisfirePolicy.FIRE_ALL.wireName()).isEqualTo("fire-all");
        assertThatThrownBy(() -> MisfirePolicy.fromWire("fire_once"))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessage("misfire: 'fire_once' is not one of fire-once, fire-all, skip");
        assertThatThrownBy(() -> MisfirePolicy.fromWire(null)).isInstanceOf(InvalidScheduleException.class);
    }

    @Test
    void fireOnceRunsTheLatestMissedOccurrence() {
        assertThat(Misfires.occurrencesToRun(HOURLY, LAST, NOW, MisfirePolicy.FIRE_ONCE, 10))
                .containsExactly(Instant.parse("2026-01-15T13:00:00Z"));
    }

    @Test
    void fireAllRunsEachMissedOccurrenceOldestFirst() {
        assertThat(Misfires.occurrencesToRun(HOURLY, LAST, NOW, MisfirePolicy.FIRE_ALL, 10)).containsExactly(
                Instant.parse("2026-01-15T11:00:00Z"), Instant.parse("2026-01-15T12:00:00Z"),
                Instant.parse("2026-01-15T13:00:00Z"));
    }

    @Test
    void fireAllKeepsTheOldestUpToTheCap() {
        assertThat(Misfires.occurrencesToRun(HOURLY, LAST, NOW, MisfirePolicy.FIRE_ALL, 2)).containsExactly(
                Instant.parse("2026-01-15T11:00:00Z"), Instant.parse("2026-01-15T12:00:00Z"));
        assertThat(Misfires.occurrencesToRun(HOURLY, LAST, NOW, MisfirePolicy.FIRE_ALL, 0)).isEmpty();
    }

    @Test
    void skipRunsNothing() {
        assertThat(Misfires.occurrencesToRun(HOURLY, LAST, NOW, MisfirePolicy.SKIP, 10)).isEmpty();
    }

    @Test
    void nowItselfCountsAsMissedButLastPlannedDoesNot() {
        Instant now = Instant.parse("2026-01-15T13:00:00Z");
        assertThat(Misfires.occurrencesToRun(HOURLY, LAST, now, MisfirePolicy.FIRE_ALL, 10)).containsExactly(
                Instant.parse("2026-01-15T11:00:00Z"), Instant.parse("2026-01-15T12:00:00Z"), now);
        assertThat(Misfires.occurrencesToRun(HOURLY, LAST, now, MisfirePolicy.FIRE_ONCE, 10)).containsExactly(now);
    }

    @Test
    void nothingMissed() {
        Instant now = Instant.parse("2026-01-15T10:59:59Z");
        for (MisfirePolicy p : MisfirePolicy.values()) {
            assertThat(Misfires.occurrencesToRun(HOURLY, LAST, now, p, 10)).isEmpty();
            assertThat(Misfires.occurrencesToRun(HOURLY, LAST, LAST, p, 10)).isEmpty();
            assertThat(Misfires.occurrencesToRun(HOURLY, LAST, LAST.minusSeconds(3600), p, 10)).isEmpty();
        }
    }

    @Test
    void rejectsNegativeCap() {
        assertThatThrownBy(() -> Misfires.occurrencesToRun(HOURLY, LAST, NOW, MisfirePolicy.FIRE_ALL, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A year of per-second occurrences is not enumerated: FIRE_ONCE searches backwards from now. */
    @Test
    @Timeout(5)
    void longOutageOfADenseScheduleIsCheap() {
        CronSchedule everySecond = CronSchedule.parse("* * * * * *", ZoneOffset.UTC);
        Instant last = Instant.parse("2025-01-01T00:00:00Z");
        Instant now = Instant.parse("2026-01-01T00:00:00.500Z");
        assertThat(Misfires.occurrencesToRun(everySecond, last, now, MisfirePolicy.FIRE_ONCE, 10))
                .containsExactly(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(Misfires.occurrencesToRun(everySecond, last, now, MisfirePolicy.FIRE_ALL, 3)).containsExactly(
                Instant.parse("2025-01-01T00:00:01Z"), Instant.parse("2025-01-01T00:00:02Z"),
                Instant.parse("2025-01-01T00:00:03Z"));
    }

    @Test
    void longOutageOfASparseSchedule() {
        CronSchedule yearly = CronSchedule.parse("@yearly", ZoneOffset.UTC);
        assertThat(Misfires.occurrencesToRun(yearly, Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2026-06-01T00:00:00Z"), MisfirePolicy.FIRE_ONCE, 10))
                .containsExactly(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(Misfires.occurrencesToRun(yearly, Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2026-06-01T00:00:00Z"), MisfirePolicy.FIRE_ALL, 100)).hasSize(6);
    }

    @Test
    void worksForEveryKindOfSchedule() {
        IntervalSchedule every10 = IntervalSchedule.of(Duration.ofMinutes(10), Duration.ZERO,
                IntervalSchedule.Mode.FIXED_RATE, LAST);
        assertThat(Misfires.occurrencesToRun(every10, LAST, Instant.parse("2026-01-15T10:35:00Z"), MisfirePolicy.FIRE_ALL, 10))
                .containsExactly(Instant.parse("2026-01-15T10:10:00Z"), Instant.parse("2026-01-15T10:20:00Z"),
                        Instant.parse("2026-01-15T10:30:00Z"));
        assertThat(Misfires.occurrencesToRun(every10, LAST, Instant.parse("2026-01-15T10:35:00Z"), MisfirePolicy.FIRE_ONCE, 10))
                .containsExactly(Instant.parse("2026-01-15T10:30:00Z"));

        OnceSchedule once = new OnceSchedule(Instant.parse("2026-01-15T10:15:00Z"));
        assertThat(Misfires.occurrencesToRun(once, LAST, NOW, MisfirePolicy.FIRE_ONCE, 10))
                .containsExactly(Instant.parse("2026-01-15T10:15:00Z"));
        assertThat(Misfires.occurrencesToRun(once, LAST, NOW, MisfirePolicy.FIRE_ALL, 10))
                .containsExactly(Instant.parse("2026-01-15T10:15:00Z"));
        assertThat(Misfires.occurrencesToRun(once, LAST, NOW, MisfirePolicy.SKIP, 10)).isEmpty();
    }

    @Test
    void fixedTimeCronMissedAcrossFallBackIsOneOccurrence() {
        CronSchedule s = CronSchedule.parse("30 1 * * *", ZoneId.of("America/New_York"));
        assertThat(Misfires.occurrencesToRun(s, OffsetDateTime.parse("2026-10-31T01:30-04:00").toInstant(),
                OffsetDateTime.parse("2026-11-01T03:00-05:00").toInstant(), MisfirePolicy.FIRE_ALL, 10))
                .containsExactly(OffsetDateTime.parse("2026-11-01T01:30-04:00").toInstant());
    }
}
