package dev.timeos.api;

import dev.timeos.json.JsonP;
import dev.timeos.TimeOS;
import dev.timeos.error.InvalidInputException;
import dev.timeos.job.Job;
import dev.timeos.job.JobQuery;
import dev.timeos.job.JobRequest;
import dev.timeos.job.JobStatus;
import dev.timeos.json.JsonFields;
import dev.timeos.json.Limits;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.time.Instant;
import java.util.Arrays;
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

/** {@code /api/jobs}: direct jobs. */
@Tag(name = "Jobs", description = "One planned execution of an action: create, list, reschedule, cancel")
@Path("/jobs")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class JobsResource {

    /** Job ids are UUIDs (VARCHAR(36)). */
    private static final int ID_CHARS = 36;
    private static final Set<String> JOB_FIELDS = Set.of("action", "target", "time", "payload", "args", "priority",
            "maxAttempts", "backoff", "timeout", "dependsOn");

    @Inject
    TimeOS timeos;

    /** Who cancels: a cancelled job's lastError names them. */
    @Context
    SecurityContext security;

    @POST
    @Operation(summary = "Create a job", description = "201: the job. 400: a problem naming each bad field")
    public Response create(@RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "example", value = "{\"action\": \"http\", \"target\": \"https://example.com/hooks/welcome\", \"time\": \"2030-01-01T09:00:00Z\", \"payload\": {\"user_id\": \"123\"}, \"priority\": 5, \"maxAttempts\": 3, \"backoff\": \"PT1M\"}"))) String body) {
        JobRequest request = toRequest(JsonFields.parseObject(body), "");
        Job job = timeos.schedule(request);
        return Response.status(Response.Status.CREATED).entity(JobJson.of(job)).build();
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Create up to 1000 jobs in one transaction", description = "200: [{id} or {error: problem}] in input order")
    @APIResponse(responseCode = "200", description = "One answer per input, in order", content = @Content(mediaType = "application/json",
            schema = @Schema(type = SchemaType.ARRAY, implementation = JsonObject.class)))
    public JsonArray createBatch(@RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "example", value = "[{\"action\": \"log\", \"payload\": {\"n\": 1}}, {\"action\": \"noop\", \"time\": \"2030-01-01T09:00:00Z\"}]"))) String body) {
        return Batches.run(JsonFields.parseArray(body), o -> toRequest(o, ""),
                valid -> timeos.scheduleAll(valid).stream()
                        .map(c -> new Batches.Outcome(c.job() == null ? null : JsonP.createObjectBuilder().add("id", c.job().id()).build(), c.error()))
                        .toList());
    }

    @GET
    @Operation(summary = "List jobs, newest first", description = "{items, total}; filters status, ruleId, eventId, action")
    public JsonObject list(@QueryParam("status") String status, @QueryParam("ruleId") String ruleId,
                           @QueryParam("eventId") String eventId, @QueryParam("action") String action,
                           @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        Paging paging = Paging.of(limit, offset);
        JobQuery q = new JobQuery(status(status), blankToNull(ruleId), blankToNull(eventId), blankToNull(action),
                paging.limit(), paging.offset());
        return JobJson.page(timeos.jobs(q), JobJson::of);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A job with its executions", description = "The job and executions: [{attempt, node, startedAt, finishedAt, outcome, error}]")
    public JsonObject get(@PathParam("id") String id) {
        return JobJson.of(timeos.job(id));
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Reschedule a job", description = "Only while SCHEDULED, WAITING or FAILED; otherwise 409")
    public JsonObject reschedule(@PathParam("id") String id, 
            @RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "example", value = "{\"time\": \"2030-01-02T09:00:00Z\"}"))) String body) {
        JsonFields b = new JsonFields(JsonFields.parseObject(body), "");
        b.rejectUnknown(Set.of("time"));
        Instant time = b.instant("time");
        if (!b.has("time") && b.errors().isEmpty()) {
            b.error("time", "is required");
        }
        b.check();
        return JobJson.of(timeos.reschedule(id, time));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Cancel a job", description = "204; a running job is interrupted; a finished one is 409")
    public Response cancel(@PathParam("id") String id) {
        timeos.cancel(id, Callers.name(security));
        return Response.noContent().build();
    }

    @POST
    @Path("/cancel")
    @Operation(summary = "Cancel several jobs", description = "{cancelled, notFound, notCancellable}")
    public JsonObject cancelMany(@RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "example", value = "{\"ids\": [\"0190a1b2-...\", \"0190a1b3-...\"]}"))) String body) {
        JsonFields b = new JsonFields(JsonFields.parseObject(body), "");
        b.rejectUnknown(Set.of("ids"));
        List<String> ids = b.strings("ids");
        int max = Limits.get().batchItems();
        if (ids.size() > max) {
            b.error("ids", "has " + ids.size() + " ids; at most " + max + " are accepted");
        }
        b.check();
        dev.timeos.Cancellation r = timeos.cancel(ids, Callers.name(security));
        return JsonP.createObjectBuilder()
                .add("cancelled", JsonP.createArrayBuilder(r.cancelled()))
                .add("notFound", JsonP.createArrayBuilder(r.notFound()))
                .add("notCancellable", JsonP.createArrayBuilder(r.notCancellable()))
                .build();
    }

    static JobRequest toRequest(JsonObject json, String prefix) {
        JsonFields b = new JsonFields(json, prefix);
        b.rejectUnknown(JOB_FIELDS);
        if (b.has("payload") && b.has("args")) {
            b.error("args", "give either payload or args (the same thing), not both");
        }
        Limits limits = Limits.get();
        String action = b.string("action", limits.nameChars());
        if (action == null && !b.has("action")) {
            b.error("action", "is required");
        }
        JsonObject payload = b.has("payload") ? b.payload("payload") : b.payload("args");
        JobRequest r = new JobRequest(action, b.string("target", limits.textChars()), b.instant("time"), payload,
                b.integer("priority"), b.integer("maxAttempts"), b.duration("backoff"), b.duration("timeout"),
                b.string("dependsOn", ID_CHARS), null, null);
        b.check();
        return r;
    }

    static JobStatus status(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return JobStatus.valueOf(raw.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("status", "must be one of " + Arrays.toString(JobStatus.values()));
        }
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
