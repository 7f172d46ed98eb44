package dev.timeos.action;

import dev.timeos.json.JsonP;
import dev.timeos.error.FieldError;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Reading a built-in action's options out of a job's args: each action keeps its options under one key
 * ({@code http}, {@code kafka}) and sends the rest as data. Bad values are collected as {@link FieldError}s named
 * from the request's field, so a job is refused at creation with the same words its run would have failed with.
 */
public final class ActionArgs {

    /** A job's args field: the name a job's request gives them ({@code args} for a rule). */
    public static final String JOB_ARGS = "payload";

    private ActionArgs() {
    }

    /** The object under {@code key}, empty when absent; anything else is an error naming {@code field}. */
    public static JsonObject options(JsonObject args, String key, String field, String shape, List<FieldError> errors) {
        JsonValue v = args.get(key);
        if (v instanceof JsonObject o) {
            return o;
        }
        if (v != null && v != JsonValue.NULL) {
            errors.add(new FieldError(field, "must be an object: " + shape));
        }
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    /** The string under {@code key}, or null when absent; another type is an error naming {@code field}. */
    public static String string(JsonObject o, String key, String field, List<FieldError> errors) {
        JsonValue v = o.get(key);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        errors.add(new FieldError(field, "must be a string"));
        return null;
    }

    /** The args without the action's options: what is sent. */
    public static JsonObject without(JsonObject args, String key) {
        JsonObjectBuilder b = JsonP.createObjectBuilder(args);
        b.remove(key);
        return b.build();
    }

    /** At run time, args that would have been refused at creation (a rule's job, an older job): dead at once. */
    public static PermanentFailure invalid(List<FieldError> errors) {
        return new PermanentFailure(errors.stream().map(e -> e.field() + " " + e.message())
                .collect(Collectors.joining("; ")));
    }
}
