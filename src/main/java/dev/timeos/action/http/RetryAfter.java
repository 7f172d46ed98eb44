package dev.timeos.action.http;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): delay-seconds, or an HTTP-date. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * @param value the header value, or null
     * @param now   when the answer arrived (delay-seconds count from it)
     * @return the instant the server asks us not to retry before, or null when absent or unreadable (the backoff
     * alone decides then)
     */
    public static Instant parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return now.plusSeconds(Long.parseLong(v));
            } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
                return null; // absurdly large: ignore rather than park the job forever
            }
        }
        try {
            // IMF-fixdate is the RFC 1123 form; the obsolete forms are not sent by servers of this century.
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
