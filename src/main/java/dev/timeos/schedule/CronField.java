package dev.timeos.schedule;

import java.util.Locale;
import java.util.Map;

/**
 * The six positions of a cron expression: their names (used in error messages), their ranges and
 * the names their values may be written with.
 */
enum CronField {
    SECOND("second", 0, 59, Map.of()),
    MINUTE("minute", 0, 59, Map.of()),
    HOUR("hour", 0, 23, Map.of()),
    DAY_OF_MONTH("day-of-month", 1, 31, Map.of()),
    MONTH("month", 1, 12, Map.ofEntries(
            Map.entry("JAN", 1), Map.entry("FEB", 2), Map.entry("MAR", 3), Map.entry("APR", 4),
            Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7), Map.entry("AUG", 8),
            Map.entry("SEP", 9), Map.entry("OCT", 10), Map.entry("NOV", 11), Map.entry("DEC", 12))),
    /** 0 and 7 are both Sunday, as in Vixie cron; 7 is folded into 0 after parsing. */
    DAY_OF_WEEK("day-of-week", 0, 7, Map.of(
            "SUN", 0, "MON", 1, "TUE", 2, "WED", 3, "THU", 4, "FRI", 5, "SAT", 6));

    final String label;
    final int min;
    final int max;
    private final Map<String, Integer> names;

    CronField(String label, int min, int max, Map<String, Integer> names) {
        this.label = label;
        this.min = min;
        this.max = max;
        this.names = names;
    }

    InvalidScheduleException error(String reason) {
        return new InvalidScheduleException(label, reason);
    }

    /** Parses one value (a number or, for month and day-of-week, a three-letter name) and checks its range. */
    int value(String token) {
        if (token.isEmpty()) {
            throw error("missing value");
        }
        int value;
        if (token.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (token.length() > 4) {
                throw error(token + " is out of range " + min + "-" + max);
            }
            value = Integer.parseInt(token);
        } else {
            Integer named = names.get(token.toUpperCase(Locale.ROOT));
            if (named == null) {
                throw error("'" + token + "' is not " + (names.isEmpty()
                        ? "a number"
                        : "a number or a name (" + (this == MONTH ? "JAN-DEC" : "SUN-SAT") + ")"));
            }
            value = named;
        }
        if (value < min || value > max) {
            throw error(value + " is out of range " + min + "-" + max);
        }
        return value;
    }
}
