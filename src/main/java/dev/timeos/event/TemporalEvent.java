package dev.timeos.event;

import dev.timeos.json.JsonP;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.Map;

/**
 * Something that happened. Fire it as a CDI event, inside your transaction if you have one:
 * {@code events.fire(TemporalEvent.of("user_signup", Map.of("user_id", "123")))}; or POST it to
 * {@code /api/events}.
 *
 * @param idempotencyKey optional: a second event with the same key is the first one again and creates nothing
 * @param occurredAt     optional: defaults to now; event rules count their offsets from it
 */
public record TemporalEvent(String type, JsonObject payload, String idempotencyKey, Instant occurredAt) {

    public TemporalEvent {
        payload = payload == null ? JsonObject.EMPTY_JSON_OBJECT : payload;
    }

    public static TemporalEvent of(String type, JsonObject payload) {
        return new TemporalEvent(type, payload, null, null);
    }

    /** Values are converted as JSON-P does: strings, numbers, booleans, nulls, maps and collections. */
    public static TemporalEvent of(String type, Map<String, ?> payload) {
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) payload;
        return of(type, JsonP.createObjectBuilder(values).build());
    }

    public static TemporalEvent of(String type) {
        return of(type, JsonObject.EMPTY_JSON_OBJECT);
    }

    public TemporalEvent idempotencyKey(String key) {
        return new TemporalEvent(type, payload, key, occurredAt);
    }

    public TemporalEvent occurredAt(Instant at) {
        return new TemporalEvent(type, payload, idempotencyKey, at);
    }
}
