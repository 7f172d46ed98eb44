package dev.timeos.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.BitSet;
import java.util.List;

/**
 * The parsed day-of-month field: plain days (1-31) plus the special forms {@code L} (last day),
 * {@code L-n} (n days before the last day), {@code nW} (weekday nearest to day n, within the month)
 * and {@code LW} (last weekday of the month).
 *
 * <p>Plain days that a month does not have (30 in February, 31 in April) simply never match: cron
 * never moves an impossible date to another day.
 */
record DayOfMonthField(BitSet days, boolean lastDay, List<Integer> beforeLast, List<Integer> nearestWeekday,
                       boolean lastWeekday) {

    boolean matches(LocalDate date) {
        int day = date.getDayOfMonth();
        if (days.get(day)) {
            return true;
        }
        int length = date.lengthOfMonth();
        if (lastDay && day == length) {
            return true;
        }
        for (int n : beforeLast) {
            if (day == length - n) {
                return true;
            }
        }
        for (int n : nearestWeekday) {
            if (n <= length && day == nearestWeekday(date.withDayOfMonth(n))) {
                return true;
            }
        }
        if (lastWeekday && day == nearestWeekday(date.withDayOfMonth(length))) {
            return true;
        }
        return false;
    }

    /** Quartz's rule: a Saturday moves to Friday and a Sunday to Monday, but never out of the month. */
    private static int nearestWeekday(LocalDate target) {
        int day = target.getDayOfMonth();
        DayOfWeek dow = target.getDayOfWeek();
        if (dow == DayOfWeek.SATURDAY) {
            return day == 1 ? 3 : day - 1;
        }
        if (dow == DayOfWeek.SUNDAY) {
            return day == target.lengthOfMonth() ? day - 2 : day + 1;
        }
        return day;
    }
}
