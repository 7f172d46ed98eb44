package dev.timeos.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code weekly} trigger: one day of the week at one wall-clock time in a timezone
 * ("Mondays at 09:00 in New York").
 *
 * <p>It is a fixed-time schedule and behaves exactly like the cron expression {@code M H * * D}
 * (or {@code S M H * * D} when {@code at} has seconds), to which it delegates: a time in a
 * spring-forward gap fires at the transition, a time in a fall-back overlap fires once, at the first pass.
 */
public final class WeeklySchedule implements Schedule {

    private static final Pattern HH_MM = Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])");

    private final DayOfWeek day;
    private final LocalTime at;
    private final ZoneId zone;
    private final CronSchedule cron;

    private WeeklySchedule(DayOfWeek day, LocalTime at, ZoneId zone) {
        this.day = day;
        this.at = at;
        this.zone = zone;
        int cronDay = day.getValue() % 7;
        String expression = at.getSecond() == 0
                ? at.getMinute() + " " + at.getHour() + " * * " + cronDay
                : at.getSecond() + " " + at.getMinute() + " " + at.getHour() + " * * " + cronDay;
        this.cron = CronSchedule.parse(expression, zone);
    }

    /**
     * @param day  required
     * @param at   wall-clock time; null means 00:00; sub-second precision is rejected
     * @param zone null means UTC
     */
    public static WeeklySchedule of(DayOfWeek day, LocalTime at, ZoneId zone) {
        if (day == null) {
            throw new InvalidScheduleException("weekly", "a day of the week is required");
        }
        LocalTime time = at == null ? LocalTime.MIDNIGHT : at;
        if (time.getNano() != 0) {
            throw new InvalidScheduleException("at", "sub-second precision is not supported: " + time);
        }
        return new WeeklySchedule(day, time, zone == null ? ZoneOffset.UTC : zone);
    }

    /**
     * Parses the wire form of {@code at}: exactly {@code HH:MM}, 24-hour, two digits each
     * ({@code 00:00}-{@code 23:59}). "9:00", "24:00", "09:60", "0900" and "09:00:00" are rejected.
     */
    public static LocalTime parseAt(String text) {
        if (text == null) {
            throw new InvalidScheduleException("at", "is required (HH:MM)");
        }
        var m = HH_MM.matcher(text);
        if (!m.matches()) {
            throw new InvalidScheduleException("at", "'" + text + "' is not a 24-hour time HH:MM (00:00-23:59)");
        }
        return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    public DayOfWeek day() {
        return day;
    }

    public LocalTime at() {
        return at;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The equivalent cron schedule (what this delegates to). */
    public CronSchedule asCron() {
        return cron;
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
        return cron.nextAfter(after);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeeklySchedule other && day == other.day && at.equals(other.at) && zone.equals(other.zone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(day, at, zone);
    }

    @Override
    public String toString() {
        return "WeeklySchedule[" + day + " " + at + " @ " + zone.getId() + "]";
    }
}
