package dev.timeos.job;

import dev.timeos.error.FieldError;
import dev.timeos.error.InvalidInputException;
import dev.timeos.json.Limits;

import java.util.ArrayList;
import java.util.List;

/**
 * One page of a list, and how many items the whole list has. Also the one owner of what a caller may ask for: a
 * {@code limit} of 1 to {@code timeos.limits.list-limit} (1000) and an {@code offset} of 0 or more, checked alike for
 * REST's query parameters and the Java API ({@code TimeOS.jobs}, {@code events}, {@code rules}, {@code deadLetters}),
 * so no caller can ask the store for a million rows at once or hand JPA a negative limit.
 */
public record Page<T>(List<T> items, long total) {

    public static final int DEFAULT_LIMIT = 100;

    /** The limit when none is given: 100, or less when the configured largest limit is lower. */
    public static int defaultLimit() {
        return Math.min(DEFAULT_LIMIT, Limits.get().listLimit());
    }

    /** The largest limit a caller may ask for: {@code timeos.limits.list-limit} (1000). */
    public static int maxLimit() {
        return Limits.get().listLimit();
    }

    /** Adds an error for each of {@code limit} and {@code offset} out of its range. */
    public static void checkWindow(int limit, int offset, List<FieldError> errors) {
        int max = Limits.get().listLimit();
        if (limit < 1 || limit > max) {
            errors.add(new FieldError("limit", "must be between 1 and " + max));
        }
        if (offset < 0) {
            errors.add(new FieldError("offset", "must be between 0 and " + Integer.MAX_VALUE));
        }
    }

    /** @throws InvalidInputException naming {@code limit} or {@code offset} when either is out of its range */
    public static void checkWindow(int limit, int offset) {
        List<FieldError> errors = new ArrayList<>();
        checkWindow(limit, offset, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }
}
