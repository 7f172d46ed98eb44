package dev.timeos.schedule;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the text of a cron expression into a {@link CronExpression}. All validation happens here, so
 * that an expression that parses can always be evaluated; every error names the field it is about.
 */
final class CronParser {

    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    private CronParser() {
    }

    static CronExpression parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidScheduleException("expression", "must not be empty");
        }
        String text = expression.trim();
        if (text.startsWith("@")) {
            String macro = MACROS.get(text.toLowerCase(Locale.ROOT));
            if (macro == null) {
                throw new InvalidScheduleException("expression", "unknown macro '" + text
                        + "' (supported: @yearly @annually @monthly @weekly @daily @midnight @hourly)");
            }
            text = macro;
        }
        String[] parts = text.split("\\s+");
        if (parts.length != 5 && parts.length != 6) {
            throw new InvalidScheduleException("expression", "expected 5 or 6 fields, got " + parts.length);
        }
        int i = 0;
        String second = parts.length == 6 ? parts[i++] : "0";
        String minute = parts[i++];
        String hour = parts[i++];
        String dom = parts[i++];
        String month = parts[i++];
        String dow = parts[i];

        BitSet seconds = parseSimple(second, CronField.SECOND);
        BitSet minutes = parseSimple(minute, CronField.MINUTE);
        BitSet hours = parseSimple(hour, CronField.HOUR);
        DayOfMonthField days = parseDayOfMonth(dom);
        BitSet months = parseSimple(month, CronField.MONTH);
        DayOfWeekField weekdays = parseDayOfWeek(dow);

        // Vixie/cronie decide "restricted" on the first character only: "*/2" counts as a star.
        boolean domStar = isStar(dom);
        boolean dowStar = isStar(dow);
        // cronie's DST rule looks at minute and hour only (never at seconds).
        boolean wildcardTime = minute.startsWith("*") || hour.startsWith("*");
        return new CronExpression(seconds, minutes, hours, days, months, weekdays, domStar, dowStar, wildcardTime);
    }

    private static boolean isStar(String field) {
        return field.startsWith("*") || field.startsWith("?");
    }

    /** second, minute, hour, month: lists of values, ranges and steps; nothing else. */
    private static BitSet parseSimple(String text, CronField field) {
        BitSet bits = new BitSet(field.max + 1);
        for (String element : elements(text, field)) {
            if (element.startsWith("?")) {
                throw field.error("'?' is only allowed in day-of-month and day-of-week");
            }
            addRange(element, field, bits);
        }
        return bits;
    }

    private static DayOfMonthField parseDayOfMonth(String text) {
        CronField field = CronField.DAY_OF_MONTH;
        BitSet days = new BitSet(32);
        boolean last = false;
        boolean lastWeekday = false;
        List<Integer> beforeLast = new ArrayList<>();
        List<Integer> nearest = new ArrayList<>();
        for (String element : elements(text, field)) {
            String upper = element.toUpperCase(Locale.ROOT);
            if (upper.equals("L")) {
                last = true;
            } else if (upper.equals("LW")) {
                lastWeekday = true;
            } else if (upper.startsWith("L-")) {
                String n = element.substring(2);
                if (n.isEmpty() || !n.chars().allMatch(Character::isDigit) || n.length() > 2
                        || Integer.parseInt(n) > 30) {
                    throw field.error("'" + element + "': L-n needs n in 0-30");
                }
                beforeLast.add(Integer.parseInt(n));
            } else if (upper.endsWith("W")) {
                String n = element.substring(0, element.length() - 1);
                if (n.isEmpty() || !n.chars().allMatch(Character::isDigit)) {
                    throw field.error("'" + element + "': W needs a single day before it, e.g. 15W");
                }
                nearest.add(field.value(n));
            } else if (upper.contains("L") || upper.contains("W") || upper.contains("#")) {
                throw field.error("'" + element + "' is not a day, a range, L, L-n, nW or LW");
            } else {
                addRange(element, field, days);
            }
        }
        return new DayOfMonthField(days, last, List.copyOf(beforeLast), List.copyOf(nearest), lastWeekday);
    }

    private static DayOfWeekField parseDayOfWeek(String text) {
        CronField field = CronField.DAY_OF_WEEK;
        BitSet days = new BitSet(8);
        List<Integer> lastOf = new ArrayList<>();
        List<DayOfWeekField.NthOfMonth> nth = new ArrayList<>();
        for (String element : elements(text, field)) {
            String upper = element.toUpperCase(Locale.ROOT);
            int hash = element.indexOf('#');
            if (hash >= 0) {
                int day = field.value(element.substring(0, hash)) % 7;
                String k = element.substring(hash + 1);
                if (k.length() != 1 || k.charAt(0) < '1' || k.charAt(0) > '5') {
                    throw field.error("'" + element + "': the week number after # must be 1-5");
                }
                nth.add(new DayOfWeekField.NthOfMonth(day, k.charAt(0) - '0'));
            } else if (upper.endsWith("L") && !upper.startsWith("*")) {
                if (upper.length() == 1) {
                    throw field.error("'L' alone is ambiguous here; write nL, e.g. 5L for the last Friday");
                }
                lastOf.add(field.value(element.substring(0, element.length() - 1)) % 7);
            } else {
                addRange(element, field, days);
            }
        }
        if (days.get(7)) { // 7 is Sunday too
            days.clear(7);
            days.set(0);
        }
        return new DayOfWeekField(days, List.copyOf(lastOf), List.copyOf(nth));
    }

    private static String[] elements(String text, CronField field) {
        if (text.startsWith(",") || text.endsWith(",") || text.contains(",,")) {
            throw field.error("empty element in list '" + text + "'");
        }
        return text.split(",");
    }

    /** {@code *}, {@code ?}, {@code a}, {@code a-b}, each optionally followed by {@code /step}. */
    private static void addRange(String element, CronField field, BitSet bits) {
        String base = element;
        int step = 1;
        boolean stepped = false;
        int slash = element.indexOf('/');
        if (slash >= 0) {
            base = element.substring(0, slash);
            String stepText = element.substring(slash + 1);
            if (stepText.isEmpty() || !stepText.chars().allMatch(Character::isDigit) || stepText.length() > 4) {
                throw field.error("step '" + stepText + "' in '" + element + "' is not a positive number");
            }
            step = Integer.parseInt(stepText);
            if (step == 0) {
                throw field.error("step must be at least 1 in '" + element + "'");
            }
            stepped = true;
        }
        int from;
        int to;
        if (base.equals("*") || base.equals("?")) {
            from = field.min;
            to = field == CronField.DAY_OF_WEEK ? 6 : field.max; // "*" in day-of-week means SUN-SAT once
        } else {
            int dash = base.indexOf('-');
            if (dash >= 0) {
                from = field.value(base.substring(0, dash));
                to = field.value(base.substring(dash + 1));
                if (from > to) {
                    throw field.error("range " + base + " is reversed (start must not be after end)");
                }
            } else {
                from = field.value(base);
                // "a/n" means "from a to the end of the range, every n" (Vixie and Quartz).
                to = stepped ? (field == CronField.DAY_OF_WEEK ? 6 : field.max) : from;
            }
        }
        for (int v = from; v <= to; v += step) {
            bits.set(v);
        }
    }
}
