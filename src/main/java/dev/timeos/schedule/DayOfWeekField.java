package dev.timeos.schedule;

import java.time.LocalDate;
import java.util.BitSet;
import java.util.List;

/**
 * The parsed day-of-week field, with cron numbering (0 = Sunday ... 6 = Saturday; 7 has already been
 * folded into 0): plain days plus {@code nL} (last n-day of the month, e.g. {@code 5L} = last Friday)
 * and {@code n#k} (k-th n-day of the month, e.g. {@code 1#2} = second Monday).
 */
record DayOfWeekField(BitSet days, List<Integer> lastOfMonth, List<NthOfMonth> nthOfMonth) {

    /** {@code day#nth}: the nth (1-5) occurrence of cron weekday {@code day} in the month. */
    record NthOfMonth(int day, int nth) {
    }

    static int cronDay(LocalDate date) {
        return date.getDayOfWeek().getValue() % 7;
    }

    boolean matches(LocalDate date) {
        int dow = cronDay(date);
        if (days.get(dow)) {
            return true;
        }
        int day = date.getDayOfMonth();
        for (int d : lastOfMonth) {
            if (d == dow && day + 7 > date.lengthOfMonth()) {
                return true;
            }
        }
        for (NthOfMonth n : nthOfMonth) {
            if (n.day() == dow && (day - 1) / 7 + 1 == n.nth()) {
                return true;
            }
        }
        return false;
    }
}
