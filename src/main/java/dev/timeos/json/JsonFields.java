package dev.timeos.json;

import dev.timeos.error.FieldError;
import dev.timeos.error.InvalidInputException;
import dev.timeos.schedule.Durations;
import jakarta.json.Json;
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
        try (JsonReader r = Json.createReader(new StringReader(body))) {
            return r.read();
        } catch (JsonParsingException e) {
            throw new InvalidInputException("body", "is not valid JSON: " + e.getMessage());
        } catch (JsonException e) {
            throw new InvalidInputException("body", "is not valid JSON");
        }
    }

    public static JsonObject parseObject(String body) {
        JsonStructure s = parse(body);
        if (!(s instanceof JsonObject o)) {
            throw new InvalidInputException("body", "must be a JSON object");
        }
        return o;
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
            return s.getString();
        }
        error(field, "must be a string");
        return null;
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
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            error(field, "'" + s + "' is not an ISO-8601 instant such as 2026-11-22T09:00:00Z");
            return null;
        }
    }

    public Duration duration(String field) {
        String s = string(field);
        if (s == null) {
            return null;
        }
        try {
            return Durations.parse(s);
        } catch (IllegalArgumentException e) {
            error(field, e.getMessage());
            return null;
        }
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
                out.add(s.getString());
            } else {
                error(field, "must be an array of strings");
                return List.of();
            }
        }
        return out;
    }
}
