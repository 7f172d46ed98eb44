package dev.timeos.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class WeeklyScheduleTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @ParameterizedTest
    @CsvSource({"09:00,9,0", "00:00,0,0", "23:59,23,59", "12:30,12,30", "07:05,7,5"})
    void parsesHhMm(String text, int hour, int minute) {
        assertThat(WeeklySchedule.parseAt(text)).isEqualTo(LocalTime.of(hour, minute));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9:00", "24:00", "09:60", "0900", "", " 09:00", "09:00 ", "09:00:00", "9am",
            "ab:cd", "-1:00", "09-00", "099:00", "25:00", "09:5"})
    void rejectsAnythingButHhMm(String text) {
        assertThatThrownBy(() -> WeeklySchedule.parseAt(text))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessage("at: '" + text + "' is not a 24-hour time HH:MM (00:00-23:59)")
                .satisfies(e -> assertThat(((InvalidScheduleException) e).field()).isEqualTo("at"));
    }

    @ParameterizedTest
    @NullSource
    void rejectsNullAt(String text) {
        assertThatThrownBy(() -> WeeklySchedule.parseAt(text))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessage("at: is required (HH:MM)");
    }

    @Test
    void mondaysAtNineInNewYork() {
        WeeklySchedule s = WeeklySchedule.of(DayOfWeek.MONDAY, WeeklySchedule.parseAt("09:00"), NEW_YORK);
        assertThat(s.next(odt("2026-03-01T00:00-05:00"), 3)).containsExactly(
                odt("2026-03-02T09:00-05:00"), odt("2026-03-09T09:00-04:00"), odt("2026-03-16T09:00-04:00"));
        assertThat(s.asCron().expression()).isEqualTo("0 9 * * 1");
        assertThat(s.asCron().isWildcardTime()).isFalse();
    }

    @Test
    void sundayInTheSpringGapRunsAtTheTransition() {
        WeeklySchedule s = WeeklySchedule.of(DayOfWeek.SUNDAY, LocalTime.of(2, 30), NEW_YORK);
        assertThat(s.asCron().expression()).isEqualTo("30 2 * * 0");
        assertThat(s.next(odt("2026-03-07T00:00-05:00"), 2)).containsExactly(
                odt("2026-03-08T03:00-04:00"), odt("2026-03-15T02:30-04:00"));
    }

    @Test
    void sundayInTheFallOverlapRunsOnceAtTheFirstPass() {
        WeeklySchedule s = WeeklySchedule.of(DayOfWeek.SUNDAY, LocalTime.of(1, 30), NEW_YORK);
        assertThat(s.next(odt("2026-10-31T00:00-04:00"), 2)).containsExactly(
                odt("2026-11-01T01:30-04:00"), odt("2026-11-08T01:30-05:00"));
    }

    @Test
    void lordHoweHalfHourGap() {
        WeeklySchedule s = WeeklySchedule.of(DayOfWeek.SUNDAY, LocalTime.of(2, 15), ZoneId.of("Australia/Lord_Howe"));
        assertThat(s.next(odt("2026-10-01T00:00+10:30"), 2)).containsExactly(
                odt("2026-10-04T02:30+11:00"), odt("2026-10-11T02:15+11:00"));
    }

    @Test
    void nullAtIsMidnightAndNullZoneIsUtc() {
        WeeklySchedule s = WeeklySchedule.of(DayOfWeek.FRIDAY, null, null);
        assertThat(s.at()).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(s.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(s.day()).isEqualTo(DayOfWeek.FRIDAY);
        assertThat(s.next(Instant.parse("2026-01-15T10:20:30Z"), 2)).containsExactly(
                Instant.parse("2026-01-16T00:00:00Z"), Instant.parse("2026-01-23T00:00:00Z"));
    }

    @Test
    void secondsBecomeASixFieldExpression() {
        WeeklySchedule s = WeeklySchedule.of(DayOfWeek.THURSDAY, LocalTime.of(10, 20, 45), ZoneOffset.UTC);
        assertThat(s.asCron().expression()).isEqualTo("45 20 10 * * 4");
        assertThat(s.nextAfter(Instant.parse("2026-01-15T10:20:30Z"))).contains(Instant.parse("2026-01-15T10:20:45Z"));
    }

    @Test
    void everyDayOfTheWeekMapsToItsCronNumber() {
        List<String> expressions = java.util.Arrays.stream(DayOfWeek.values())
                .map(d -> WeeklySchedule.of(d, LocalTime.of(8, 0), ZoneOffset.UTC).asCron().expression())
                .toList();
        assertThat(expressions).containsExactly(
                "0 8 * * 1", "0 8 * * 2", "0 8 * * 3", "0 8 * * 4", "0 8 * * 5", "0 8 * * 6", "0 8 * * 0");
    }

    @Test
    void rejectsMissingDayAndSubSecondTime() {
        assertThatThrownBy(() -> WeeklySchedule.of(null, LocalTime.NOON, ZoneOffset.UTC))
                .isInstanceOf(InvalidScheduleException.class).hasMessageStartingWith("weekly: ");
        assertThatThrownBy(() -> WeeklySchedule.of(DayOfWeek.MONDAY, LocalTime.of(9, 0, 0, 5), ZoneOffset.UTC))
                .isInstanceOf(InvalidScheduleException.class).hasMessageStartingWith("at: ");
    }

    @Test
    void equality() {
        assertThat(WeeklySchedule.of(DayOfWeek.MONDAY, LocalTime.of(9, 0), NEW_YORK))
                .isEqualTo(WeeklySchedule.of(DayOfWeek.MONDAY, WeeklySchedule.parseAt("09:00"), NEW_YORK))
                .isNotEqualTo(WeeklySchedule.of(DayOfWeek.MONDAY, LocalTime.of(9, 0), ZoneOffset.UTC));
    }

    private static Instant odt(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }
}
