package dev.timeos.event;

import dev.timeos.json.JsonP;
import dev.timeos.action.Action;
import dev.timeos.action.ActionArgs;
import dev.timeos.action.JobContext;
import dev.timeos.action.PermanentFailure;
import dev.timeos.action.Performer;
import dev.timeos.error.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.List;

/**
 * Emits a new event: how one rule's job triggers other rules (chains). The event type is the job's
 * {@code target}, or its {@code args.type}; the payload is {@code args.payload} when that is an object, or
 * else the args without {@code type}. The job id is the new event's idempotency key, so that a retried or
 * re-run job (at-least-once) emits the event once.
 * <p>
 * It lives with events, not with the other built-in actions: the action package is the performer SPI that the
 * engine and the event intake both use, and a built-in that calls back into the event intake would make it a cycle.
 */
@Action("event")
@ApplicationScoped
public class EmitEventAction implements Performer {

    @Inject
    EventService events;

    /**
     * A job must name its event type; a rule need not, since its jobs' args also carry each matching event's payload,
     * which may hold {@code type}.
     */
    @Override
    public List<FieldError> check(String target, JsonObject args, String argsField) {
        boolean isJob = ActionArgs.JOB_ARGS.equals(argsField);
        JsonValue type = args.get("type");
        boolean named = (target != null && !target.isBlank())
                || (type instanceof JsonString s && !s.getString().isBlank());
        return isJob && !named ? List.of(new FieldError("target",
                "the event action needs an event type: the job's target, or payload.type")) : List.of();
    }

    @Override
    public void perform(JobContext job) throws PermanentFailure {
        String type = job.target() != null ? job.target() : job.args().getString("type", null);
        if (type == null || type.isBlank()) {
            throw new PermanentFailure("the event action needs an event type: the job's target, or args.type");
        }
        JsonValue nested = job.args().get("payload");
        JsonObject payload;
        if (nested instanceof JsonObject o) {
            payload = o;
        } else {
            JsonObjectBuilder b = JsonP.createObjectBuilder(job.args());
            b.remove("type");
            payload = b.build();
        }
        events.emit(new TemporalEvent(type, payload, "job:" + job.jobId(), null)).orThrow();
    }
}
