package dev.timeos.api;

import dev.timeos.error.FieldError;
import dev.timeos.error.InvalidInputException;
import dev.timeos.job.Page;
import dev.timeos.json.Limits;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code limit} and {@code offset} of list endpoints, read from the query; their bounds are {@link Page}'s. */
record Paging(int limit, int offset) {

    static Paging of(String limit, String offset) {
        List<FieldError> errors = new ArrayList<>();
        int l = parse("limit", limit, Page.defaultLimit(), 1, Limits.get().listLimit(), errors);
        int o = parse("offset", offset, 0, 0, Integer.MAX_VALUE, errors);
        // A field that did not parse took its default, which is in range: each field is named once.
        Page.checkWindow(l, o, errors);
        errors.sort(Comparator.comparing(e -> e.field().equals("limit") ? 0 : 1));
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Paging(l, o);
    }

    /** An integer, or an error naming the field with the range the caller may use. */
    private static int parse(String name, String raw, int dflt, int min, int max, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            errors.add(new FieldError(name, "must be an integer between " + min + " and " + max));
            return dflt;
        }
    }
}
