package dev.timeos.json;

import dev.timeos.error.FieldError;
import dev.timeos.error.InvalidInputException;
import dev.timeos.schedule.Durations;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.Set;

/**
 * Reads one JSON object of a request, field by field, gathering every problem (with the field's name)
 * instead of stopping at the first; {@link #check()} throws them all at once.
 */
public final class JsonFields {

    private final JsonObject json;
    private final String prefix;
    private final List<FieldError> errors;

    public JsonFields(JsonObject json, String prefix) {
        this(json, prefix, new ArrayList<>());
    }

    private JsonFields(JsonObject json, String prefix, List<FieldError> errors) {
        this.json = json;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** The fields of a nested object, named {@code outer.inner} in errors, gathered with this one's. */
    public JsonFields nested(JsonObject inner, String field) {
        return new JsonFields(inner, prefix + field + ".", errors);
    }

    public java.util.Set<String> keys() {
        return json.keySet();
    }

    /** Parses a request body that must be JSON of the given kind. */
    public static JsonStructure parse(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidInputException("body", "is empty; a JSON body is required");
        }
        // Refused before parsing: the parser builds the tree recursively, and a body thousands of levels deep
        // overflowed its stack (a 500 with a thousand-line trace in the log per request).
        int maxDepth = Limits.get().jsonDepth();
        if (Limits.depth(body, maxDepth) > maxDepth) {
            throw new InvalidInputException("body", "is nested deeper than " + maxDepth + " levels of arrays and objects");
        }
        try (JsonReader r = JsonP.createReader(new StringReader(body))) {
            return r.read();
        } catch (JsonParsingException e) {
            // The parser's message names the offending character and its position, nothing of the server.
            throw new InvalidInputException("body", "is not valid JSON: " + clip(e.getMessage()));
        } catch (UnsupportedOperationException e) {
            // The bound on a number's length (JsonP.REQUEST_NUMBER_CHARS): a client's input, not a server fault.
            throw new InvalidInputException("body", "has a number of more than " + JsonP.REQUEST_NUMBER_CHARS
                    + " characters");
        } catch (JsonException | IllegalStateException | NumberFormatException e) {
            throw new InvalidInputException("body", "is not valid JSON");
        }
    }

    /** A client's text quoted in an answer, cut short: a megabyte of input must not come back twice. */
    public static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    public static JsonObject parseObject(String body) {
        JsonStructure s = parse(body);
        if (!(s instanceof JsonObject o)) {
            throw new InvalidInputException("body", "must be a JSON object");
        }
        return o;
    }

    /** An array of at most {@code timeos.limits.batch-items} items. */
    public static JsonArray parseArray(String body) {
        return parseArray(body, Limits.get().batchItems());
    }

    public static JsonArray parseArray(String body, int maxItems) {
        JsonStructure s = parse(body);
        if (!(s instanceof JsonArray a)) {
            throw new InvalidInputException("body", "must be a JSON array");
        }
        if (a.size() > maxItems) {
            throw new InvalidInputException("body", "has " + a.size() + " items; at most " + maxItems + " are accepted");
        }
        return a;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** An error on a field; an empty field name means the object itself (of a nested object: its own name). */
    public void error(String field, String message) {
        String name = field.isEmpty() && prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix + field;
        errors.add(new FieldError(name.isEmpty() ? "body" : name, message));
    }

    public void check() {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    public void rejectUnknown(Set<String> known) {
        for (String key : json.keySet()) {
            if (!known.contains(key)) {
                error(key, "unknown field; known fields are " + known);
            }
        }
    }

    private JsonValue value(String field) {
        JsonValue v = json.get(field);
        return v == null || v.getValueType() == JsonValue.ValueType.NULL ? null : v;
    }

    public boolean has(String field) {
        return value(field) != null;
    }

    public String string(String field) {
        JsonValue v = value(field);
        if (v == null) {
            return null;
        }
        if (v instanceof JsonString s) {
            String problem = textProblem(s.getString());
            if (problem != null) {
                error(field, problem);
                return null;
            }
            return s.getString();
        }
        error(field, "must be a string");
        return null;
    }

    /**
     * Why a client's text cannot be stored as it is, or null. No column, and no PostgreSQL text, can hold NUL: refused
     * here rather than failing in the database (a 500). An unpaired UTF-16 surrogate is no character at all: PostgreSQL's
     * driver writes it as '?', so two different idempotency keys became one and the second event was answered as a
     * duplicate, its jobs never made.
     */
    public static String textProblem(String s) {
        if (s.indexOf('\u0000') >= 0) {
            return "must not contain the NUL character (\\u0000)";
        }
        if (hasUnpairedSurrogate(s)) {
            return "must be valid Unicode text: it has an unpaired surrogate (\\ud800-\\udfff alone)";
        }
        return null;
    }

    /** Reports {@link #textProblem} of {@code text} as {@code field}'s, if any (null text has none). */
    public static void checkText(String text, String field, BiConsumer<String, String> error) {
        String problem = text == null ? null : textProblem(text);
        if (problem != null) {
            error.accept(field, problem);
        }
    }

    /**
     * Why a payload's JSON text cannot be stored as it is, or null: a NUL in it is written escaped, but an unpaired
     * surrogate is not (see {@link #textProblem}).
     */
    public static String payloadTextProblem(String json) {
        return hasUnpairedSurrogate(json) ? "must be valid Unicode text: a string or key in it has an unpaired surrogate" : null;
    }

    /** Whether {@code s} has a UTF-16 surrogate that is not half of a pair (JSON text may escape one alone). */
    public static boolean hasUnpairedSurrogate(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** A string of at most {@code maxChars} characters (the size of the column it is stored in, or less). */
    public String string(String field, int maxChars) {
        String s = string(field);
        if (s != null && s.length() > maxChars) {
            error(field, "is " + s.length() + " characters long; at most " + maxChars + " are accepted");
            return null;
        }
        return s;
    }

    /** A JSON object whose text is at most {@code timeos.limits.payload-chars} characters (payloads, args). */
    public JsonObject payload(String field) {
        JsonObject o = object(field);
        int max = Limits.get().payloadChars();
        if (o == null) {
            return null;
        }
        String text = o.toString();
        if (text.length() > max) {
            error(field, "is " + text.length() + " characters of JSON; at most " + max + " are accepted");
            return null;
        }
        String problem = payloadTextProblem(text);
        if (problem != null) {
            error(field, problem);
            return null;
        }
        return o;
    }

    public Boolean bool(String field) {
        JsonValue v = value(field);
        if (v == null) {
            return null;
        }
        if (v.getValueType() == JsonValue.ValueType.TRUE || v.getValueType() == JsonValue.ValueType.FALSE) {
            return v.getValueType() == JsonValue.ValueType.TRUE;
        }
        error(field, "must be true or false");
        return null;
    }

    public Integer integer(String field) {
        JsonValue v = value(field);
        if (v == null) {
            return null;
        }
        if (v instanceof JsonNumber n && n.isIntegral()) {
            try {
                return n.intValueExact();
            } catch (ArithmeticException e) {
                error(field, "is out of range");
                return null;
            }
        }
        error(field, "must be an integer");
        return null;
    }

    public Instant instant(String field) {
        String s = string(field);
        if (s == null) {
            return null;
        }
        return instant(field, s);
    }

    public Instant instant(String field, String s) {
        Instant t;
        try {
            t = OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            error(field, "'" + clip(s) + "' is not an ISO-8601 instant such as 2026-11-22T09:00:00Z");
            return null;
        }
        // Instants are stored as epoch milliseconds and offsets are added to them: far ones would overflow.
        Limits limits = Limits.get();
        if (t.isBefore(limits.earliestInstant()) || t.isAfter(limits.latestInstant())) {
            error(field, "must be between " + limits.earliestInstant() + " and " + limits.latestInstant());
            return null;
        }
        return t;
    }

    public Duration duration(String field) {
        String s = string(field);
        if (s == null) {
            return null;
        }
        Duration d;
        try {
            d = Durations.parse(s);
        } catch (IllegalArgumentException | ArithmeticException e) {
            error(field, "'" + clip(s) + "' is not a duration: use ISO-8601 (PT30S, P2D) or 30s, 15m, 2h, 7d");
            return null;
        }
        // Durations are added to instants and kept as milliseconds: a huge one would overflow.
        Duration longest = Limits.get().longestDuration();
        if (d.compareTo(longest) > 0 || d.compareTo(longest.negated()) < 0) {
            error(field, "must not be longer than " + longest);
            return null;
        }
        return d;
    }

    public JsonObject object(String field) {
        JsonValue v = value(field);
        if (v == null) {
            return null;
        }
        if (v instanceof JsonObject o) {
            return o;
        }
        error(field, "must be a JSON object");
        return null;
    }

    public List<String> strings(String field) {
        JsonValue v = value(field);
        if (v == null) {
            error(field, "is required");
            return List.of();
        }
        if (!(v instanceof JsonArray a)) {
            error(field, "must be an array of strings");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonValue item : a) {
            if (item instanceof JsonString s) {
                String problem = textProblem(s.getString());
                if (problem != null) {
                    error(field, "has an item that " + problem);
                    return List.of();
                }
                out.add(s.getString());
            } else {
                error(field, "must be an array of strings");
                return List.of();
            }
        }
        return out;
    }
}
