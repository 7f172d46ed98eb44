package dev.timeos.schedule;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the REST contract writes them: ISO-8601 ({@code PT30S}, {@code P2D}) or the shorthand
 * {@code 250ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 7d}.
 */
public final class Durations {

    private static final Pattern SHORTHAND = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /** @throws IllegalArgumentException with a message fit to show a client */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("must be a duration such as PT30S or 30s");
        }
        String s = text.trim();
        Matcher m = SHORTHAND.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + s + "' is not a duration: use ISO-8601 (PT30S, P2D) or 30s, 15m, 2h, 7d");
        }
    }

    /** ISO-8601, as the API answers. */
    public static String format(Duration d) {
        return d == null ? null : d.toString();
    }
}
