package dev.timeos.rule.condition;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;

/**
 * What a condition can see: the event's JSON payload ({@code payload...}) and three facts about the
 * event itself ({@code event.type}, {@code event.occurredAt}, {@code event.id}). Nothing else is reachable
 * from a condition, which is the point of passing a record rather than the event entity.
 *
 * @param payload    the event payload; {@code null} is read as an empty object
 * @param eventType  the event type, or {@code null} when unknown (then {@code event.type} is null)
 * @param occurredAt when the event happened, or {@code null} (then {@code event.occurredAt} is null)
 * @param eventId    the stored event's id, or {@code null} (then {@code event.id} is null)
 */
public record ConditionContext(JsonObject payload, String eventType, Instant occurredAt, String eventId) {

    public ConditionContext {
        // Missing paths evaluate to null anyway; an empty object keeps the evaluator free of null checks.
        if (payload == null) {
            payload = JsonValue.EMPTY_JSON_OBJECT;
        }
    }

    /** An event without an id (not stored yet): {@code event.id} is null. */
    public ConditionContext(JsonObject payload, String eventType, Instant occurredAt) {
        this(payload, eventType, occurredAt, null);
    }

    /**
     * A context with only a payload, for conditions that do not look at {@code event.*}.
     *
     * @param payload the event payload, or {@code null}
     * @return a context whose event type, time and id are null
     */
    public static ConditionContext of(JsonObject payload) {
        return new ConditionContext(payload, null, null, null);
    }
}
