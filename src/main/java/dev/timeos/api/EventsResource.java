package dev.timeos.api;

import dev.timeos.json.JsonP;
import dev.timeos.TimeOS;
import dev.timeos.error.InvalidInputException;
import dev.timeos.event.Emitted;
import dev.timeos.event.EventService;
import dev.timeos.event.RuleDecision;
import dev.timeos.event.StoredEvent;
import dev.timeos.event.TemporalEvent;
import dev.timeos.json.JsonFields;
import dev.timeos.json.Limits;
import dev.timeos.json.Secrets;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/events}: something happened; rules decide what follows. */
@Tag(name = "Events", description = "Something happened: rules decide what must be done and when")
@Path("/events")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class EventsResource {

    private static final Set<String> FIELDS = Set.of("type", "payload", "idempotencyKey", "occurredAt");

    @Inject
    TimeOS timeos;

    @POST
    @Operation(summary = "Emit an event", description = "201 {id, type, duplicate, jobIds, rules}; a known idempotency key: 200 with the first event")
    public Response emit(@RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "example", value = "{\"type\": \"user_signup\", \"payload\": {\"user_id\": \"123\"}, \"idempotencyKey\": \"signup-123\"}"))) String body) {
        Emitted e = timeos.emit(toEvent(JsonFields.parseObject(body)));
        return Response.status(e.duplicate() ? Response.Status.OK : Response.Status.CREATED).entity(emitted(e).build()).build();
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Emit up to 1000 events", description = "200 [{id, duplicate, jobIds, rules} or {error: problem}]")
    @APIResponse(responseCode = "200", description = "One answer per input, in order", content = @Content(mediaType = "application/json",
            schema = @Schema(type = SchemaType.ARRAY, implementation = JsonObject.class)))
    public JsonArray emitBatch(@RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "example", value = "[{\"type\": \"order_placed\", \"payload\": {\"order\": 1}}, {\"type\": \"order_placed\", \"payload\": {\"order\": 2}}]"))) String body) {
        return Batches.run(JsonFields.parseArray(body), EventsResource::toEvent,
                valid -> timeos.emitAll(valid).stream()
                        .map(r -> new Batches.Outcome(r.emitted() == null ? null : JsonP.createObjectBuilder()
                                .add("id", r.emitted().id()).add("duplicate", r.emitted().duplicate())
                                .add("jobIds", JsonP.createArrayBuilder(r.emitted().jobIds()))
                                .add("rules", rules(r.emitted().rules())).build(), r.error()))
                        .toList());
    }

    @GET
    @Operation(summary = "List events, newest first", description = "{items, total}; filters type, processed")
    public JsonObject list(@QueryParam("type") String type, @QueryParam("processed") String processed,
                           @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        Paging paging = Paging.of(limit, offset);
        Boolean p = null;
        if (processed != null && !processed.isBlank()) {
            if (!processed.equals("true") && !processed.equals("false")) {
                throw new InvalidInputException("processed", "must be true or false");
            }
            p = Boolean.valueOf(processed);
        }
        return JobJson.page(timeos.events(JobsResource.blankToNull(type), p, paging.limit(), paging.offset()),
                e -> event(e).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "An event with each rule's decision", description = "rules: [{ruleId, matched, reason, jobId, rateLimited}]: why each rule of its type did or did not make a job; a rate limit that deferred the job is named first in reason (rate_limited: ...) and in rateLimited {limitedBy, limitPerMinute, deferredTo}")
    public JsonObject get(@PathParam("id") String id) {
        StoredEvent e = timeos.event(id);
        return event(e).add("jobIds", JsonP.createArrayBuilder(e.jobIds())).add("rules", rules(timeos.eventRules(id))).build();
    }

    @POST
    @Path("/{id}/replay")
    @Operation(summary = "Evaluate a stored event against today's rules", description = "{id, jobIds, rules}")
    public JsonObject replay(@PathParam("id") String id) {
        Emitted e = timeos.replay(id);
        return JsonP.createObjectBuilder().add("id", e.id()).add("jobIds", JsonP.createArrayBuilder(e.jobIds()))
                .add("rules", rules(e.rules())).build();
    }

    static TemporalEvent toEvent(JsonObject json) {
        JsonFields f = new JsonFields(json, "");
        f.rejectUnknown(FIELDS);
        Limits limits = Limits.get();
        String type = f.string("type", limits.nameChars());
        if (type == null && !f.has("type")) {
            f.error("type", "is required");
        }
        TemporalEvent e = new TemporalEvent(type, f.payload("payload"), f.string("idempotencyKey", limits.nameChars()),
                f.instant("occurredAt"));
        f.check();
        return e;
    }

    private static JsonObjectBuilder emitted(Emitted e) {
        return JsonP.createObjectBuilder().add("id", e.id()).add("type", e.type()).add("duplicate", e.duplicate())
                .add("jobIds", JsonP.createArrayBuilder(e.jobIds())).add("rules", rules(e.rules()));
    }

    /**
     * Why each rule of the event's type did or did not make a job: {@code [{"ruleId", "matched", "reason", "jobId",
     * "rateLimited"}]}; {@code rateLimited} ({@code {"limitedBy", "limitPerMinute", "deferredTo"}}) once a rate limit
     * deferred the job, else null.
     */
    static JsonArray rules(List<RuleDecision> decisions) {
        JsonArrayBuilder a = JsonP.createArrayBuilder();
        for (RuleDecision d : decisions) {
            RuleDecision.RateLimit l = d.rateLimited();
            a.add(JsonP.createObjectBuilder().add("ruleId", d.ruleId()).add("matched", d.matched()).add("reason", d.reason())
                    .add("jobId", d.jobId() == null ? JsonValue.NULL : JsonP.createValue(d.jobId()))
                    .add("rateLimited", l == null ? JsonValue.NULL : JsonP.createObjectBuilder().add("limitedBy", l.limitedBy())
                            .add("limitPerMinute", l.limitPerMinute()).add("deferredTo", l.deferredTo().toString()).build()));
        }
        return a.build();
    }

    private static JsonObjectBuilder event(StoredEvent e) {
        JsonObjectBuilder b = JsonP.createObjectBuilder().add("id", e.id()).add("type", e.type()).add("payload", Secrets.mask(e.payload()));
        b.add("idempotencyKey", e.idempotencyKey() == null ? JsonValue.NULL : JsonP.createValue(e.idempotencyKey()));
        b.add("occurredAt", e.occurredAt().toString()).add("createdAt", e.createdAt().toString());
        b.add("processed", e.processedAt() != null);
        b.add("processedAt", e.processedAt() == null ? JsonValue.NULL : JsonP.createValue(e.processedAt().toString()));
        return b;
    }

}
