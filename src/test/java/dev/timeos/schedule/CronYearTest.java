package dev.timeos.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whole-year checks for 2026: every occurrence between local midnight of 2026-01-01 and local midnight
 * of 2027-01-01. The counts are literal: 2026 has 365 days and 8760 real hours in every zone (each
 * zone has the same offset on both ends of the year). Lord Howe loses one local ":00" to its
 * 30-minute gap (02:00-02:30 on 2026-10-04) and gains none in its 30-minute overlap (01:30-02:00 on
 * 2026-04-05), hence 8759 for {@code 0 * * * *}. {@code 0 12 13 * 5} (Vixie: the 13th or a Friday):
 * 52 Fridays + 12 thirteenths - 3 Fridays the 13th (Feb, Mar, Nov) = 61.
 */
class CronYearTest {

    @ParameterizedTest(name = "''{0}'' in {1}: {2} occurrences")
    @CsvSource(delimiter = '|', textBlock = """
            0 9 * * *     | UTC                 | 365
            0 9 * * *     | America/New_York    | 365
            0 9 * * *     | Europe/London       | 365
            0 9 * * *     | Australia/Lord_Howe | 365
            0 9 * * *     | Asia/Kolkata        | 365
            30 2 * * *    | America/New_York    | 365
            30 1 * * *    | America/New_York    | 365
            30 1 * * *    | Europe/London       | 365
            15 2 * * *    | Australia/Lord_Howe | 365
            45 1 * * *    | Australia/Lord_Howe | 365
            0 0 * * *     | Australia/Lord_Howe | 365
            */30 * * * *  | UTC                 | 17520
            */30 * * * *  | America/New_York    | 17520
            */30 * * * *  | Europe/London       | 17520
            */30 * * * *  | Australia/Lord_Howe | 17520
            */30 * * * *  | Asia/Kolkata        | 17520
            0 * * * *     | UTC                 | 8760
            0 * * * *     | America/New_York    | 8760
            0 * * * *     | Europe/London       | 8760
            0 * * * *     | Australia/Lord_Howe | 8759
            0 * * * *     | Asia/Kolkata        | 8760
            */15 * * * *  | Australia/Lord_Howe | 35040
            0 0 * * MON   | America/New_York    | 52
            0 0 * * THU   | UTC                 | 53
            0 0 L * *     | Europe/London       | 12
            0 0 29 2 *    | UTC                 | 0
            0 12 13 * 5   | UTC                 | 61
            """)
    void countsOverTheYear(String expression, String zoneId, int expectedCount) {
        ZoneId zone = ZoneId.of(zoneId);
        List<Instant> all = occurrencesIn2026(CronSchedule.parse(expression, zone));
        assertThat(all).hasSize(expectedCount);
        assertThat(new HashSet<>(all)).hasSize(expectedCount); // no instant twice
        assertThat(all).isSorted();
    }

    @ParameterizedTest(name = "0 9 * * * in {0}: always at local 09:00")
    @CsvSource({"UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata"})
    void dailyNineIsAlwaysLocalNine(String zoneId) {
        ZoneId zone = ZoneId.of(zoneId);
        List<Instant> all = occurrencesIn2026(CronSchedule.parse("0 9 * * *", zone));
        LocalDate day = LocalDate.of(2026, 1, 1);
        for (Instant i : all) {
            assertThat(LocalDateTime.ofInstant(i, zone)).isEqualTo(day.atTime(9, 0));
            day = day.plusDays(1);
        }
    }

    @ParameterizedTest(name = "''{0}'' in {1}: local {2} daily except {3}")
    @CsvSource(delimiter = '|', textBlock = """
            30 2 * * * | America/New_York    | 02:30 | 2026-03-08T03:00-04:00
            30 1 * * * | America/New_York    | 01:30 | 2026-11-01T01:30-04:00
            30 1 * * * | Europe/London       | 01:30 | 2026-03-29T02:00+01:00
            15 2 * * * | Australia/Lord_Howe | 02:15 | 2026-10-04T02:30+11:00
            45 1 * * * | Australia/Lord_Howe | 01:45 | 2026-04-05T01:45+11:00
            """)
    void fixedTimeOnDstDays(String expression, String zoneId, String localTime, String exceptional) {
        ZoneId zone = ZoneId.of(zoneId);
        OffsetDateTime special = OffsetDateTime.parse(exceptional);
        List<Instant> all = occurrencesIn2026(CronSchedule.parse(expression, zone));
        assertThat(all).hasSize(365).contains(special.toInstant());
        for (Instant i : all) {
            ZonedDateTime z = i.atZone(zone);
            if (z.toLocalDate().equals(special.toLocalDate())) {
                assertThat(z.toOffsetDateTime()).isEqualTo(special);
            } else {
                assertThat(z.toLocalTime()).isEqualTo(LocalTime.parse(localTime));
            }
        }
    }

    /** All occurrences in [2026-01-01T00:00, 2027-01-01T00:00) local time. */
    static List<Instant> occurrencesIn2026(CronSchedule schedule) {
        ZoneId zone = schedule.zone();
        Instant start = LocalDateTime.of(2026, 1, 1, 0, 0).atZone(zone).toInstant();
        Instant end = LocalDateTime.of(2027, 1, 1, 0, 0).atZone(zone).toInstant();
        List<Instant> result = new ArrayList<>();
        Optional<Instant> next = schedule.nextAfter(start.minusNanos(1));
        while (next.isPresent() && next.get().isBefore(end)) {
            result.add(next.get());
            next = schedule.nextAfter(next.get());
        }
        return result;
    }
}
