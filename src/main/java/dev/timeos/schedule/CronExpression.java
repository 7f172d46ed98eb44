package dev.timeos.schedule;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.BitSet;
import java.util.Optional;

/**
 * A parsed cron expression, without a timezone: it answers "which wall-clock times match" and
 * "what is the next matching wall-clock time". Mapping wall-clock times to instants (and DST) is
 * {@link CronSchedule}'s job.
 *
 * <p>The search walks field by field (month, then day, then hour, minute, second) using
 * {@link BitSet#nextSetBit}, so finding the next time never iterates minute by minute.
 */
record CronExpression(BitSet seconds, BitSet minutes, BitSet hours, DayOfMonthField daysOfMonth, BitSet months,
                      DayOfWeekField daysOfWeek, boolean domStar, boolean dowStar, boolean wildcardTime) {

    /**
     * Vixie cron's day rule: when both day fields are restricted (neither starts with {@code *} or
     * {@code ?}) a day matches if either matches; otherwise both must match. (A field such as
     * {@code *}{@code /2} counts as unrestricted for this choice but still only matches its own days,
     * exactly as in cronie.)
     */
    boolean dayMatches(LocalDate date) {
        if (domStar || dowStar) {
            return daysOfMonth.matches(date) && daysOfWeek.matches(date);
        }
        return daysOfMonth.matches(date) || daysOfWeek.matches(date);
    }

    boolean matches(LocalDateTime t) {
        return seconds.get(t.getSecond()) && minutes.get(t.getMinute()) && hours.get(t.getHour())
                && months.get(t.getMonthValue()) && dayMatches(t.toLocalDate());
    }

    /**
     * The first matching wall-clock time at or after {@code from} (whole seconds; nanos are ignored),
     * or empty if there is none on or before {@code lastDate}.
     */
    Optional<LocalDateTime> nextMatch(LocalDateTime from, LocalDate lastDate) {
        LocalDate date = from.toLocalDate();
        LocalTime timeFrom = from.toLocalTime().withNano(0);
        while (!date.isAfter(lastDate)) {
            int month = date.getMonthValue();
            if (!months.get(month)) {
                int nextMonth = months.nextSetBit(month + 1);
                date = nextMonth > 0
                        ? LocalDate.of(date.getYear(), nextMonth, 1)
                        : LocalDate.of(date.getYear() + 1, months.nextSetBit(1), 1);
                timeFrom = LocalTime.MIDNIGHT;
                continue;
            }
            if (dayMatches(date)) {
                LocalTime time = firstTimeAtOrAfter(timeFrom);
                if (time != null) {
                    return Optional.of(date.atTime(time));
                }
            }
            date = date.plusDays(1);
            timeFrom = LocalTime.MIDNIGHT;
        }
        return Optional.empty();
    }

    /** The first matching time of day at or after {@code from}, or null if none is left today. */
    private LocalTime firstTimeAtOrAfter(LocalTime from) {
        for (int h = hours.nextSetBit(from.getHour()); h >= 0; h = hours.nextSetBit(h + 1)) {
            boolean sameHour = h == from.getHour();
            for (int m = minutes.nextSetBit(sameHour ? from.getMinute() : 0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                boolean sameMinute = sameHour && m == from.getMinute();
                int s = seconds.nextSetBit(sameMinute ? from.getSecond() : 0);
                if (s >= 0) {
                    return LocalTime.of(h, m, s);
                }
            }
        }
        return null;
    }
}
