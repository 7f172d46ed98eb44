package dev.timeos.api;

import dev.timeos.error.FieldError;
import dev.timeos.error.InvalidInputException;
import dev.timeos.job.JobQuery;
import dev.timeos.json.Limits;

import java.util.ArrayList;
import java.util.List;

/** {@code limit} (default 100, 1 to {@code timeos.limits.list-limit}, 1000) and {@code offset} (0 or more) of list endpoints. */
record Paging(int limit, int offset) {

    static Paging of(String limit, String offset) {
        List<FieldError> errors = new ArrayList<>();
        int l = parse("limit", limit, Math.min(JobQuery.DEFAULT_LIMIT, Limits.get().listLimit()), 1,
                Limits.get().listLimit(), errors);
        int o = parse("offset", offset, 0, 0, Integer.MAX_VALUE, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Paging(l, o);
    }

    private static int parse(String name, String raw, int dflt, int min, int max, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < min || v > max) {
                errors.add(new FieldError(name, "must be between " + min + " and " + max));
            }
            return v;
        } catch (NumberFormatException e) {
            errors.add(new FieldError(name, "must be an integer between " + min + " and " + max));
            return dflt;
        }
    }
}
