package dev.timeos.api;

import dev.timeos.json.JsonP;
import dev.timeos.TimeOS;
import dev.timeos.cleanup.CleanupResult;
import dev.timeos.cleanup.CleanupStats;
import dev.timeos.cleanup.Retention;
import dev.timeos.json.JsonFields;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Duration;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/cleanup}: retention on demand. {@code GET /stats} says what the configured retention would remove now;
 * {@code POST} removes it now, each retention optionally given in whole days. Dead letters are never removed.
 */
@Tag(name = "Operations")
@Path("/cleanup")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CleanupResource {

    /** A hundred years: longer is surely a typo, and would overflow nothing but still means "keep everything". */
    static final int MAX_DAYS = 36_500;
    private static final Set<String> FIELDS = Set.of("eventsRetentionDays", "successJobsRetentionDays", "failedJobsRetentionDays");

    @Inject
    TimeOS timeos;

    @GET
    @Path("/stats")
    @Operation(summary = "What the configured retention would remove now", description = "{oldEvents, oldSuccessfulJobs, oldFailedJobs, totalCleanable, retention, lastRun}")
    public JsonObject stats() {
        Retention retention = timeos.retention();
        CleanupStats s = timeos.cleanupStats(retention);
        JsonObjectBuilder b = JsonP.createObjectBuilder()
                .add("oldEvents", s.oldEvents())
                .add("oldSuccessfulJobs", s.oldSuccessfulJobs())
                .add("oldFailedJobs", s.oldFailedJobs())
                .add("totalCleanable", s.totalCleanable())
                .add("retention", retention(retention));
        timeos.lastCleanup().ifPresentOrElse(r -> b.add("lastRun", result(r)), () -> b.addNull("lastRun"));
        return b.build();
    }

    @POST
    @Operation(summary = "Remove old events, succeeded and cancelled jobs now", description = "Counts removed; dead letters are never removed. Every retention is optional (default: configuration)")
    public JsonObject cleanup(@RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "example", value = "{\"eventsRetentionDays\": 30, \"successJobsRetentionDays\": 7, \"failedJobsRetentionDays\": 30}"))) String body) {
        JsonFields b = new JsonFields(body == null || body.isBlank() ? JsonObject.EMPTY_JSON_OBJECT : JsonFields.parseObject(body), "");
        b.rejectUnknown(FIELDS);
        Retention configured = timeos.retention();
        Duration events = days(b, "eventsRetentionDays", configured.events());
        Duration succeeded = days(b, "successJobsRetentionDays", configured.successfulJobs());
        Duration failed = days(b, "failedJobsRetentionDays", configured.failedJobs());
        b.check();
        return result(timeos.cleanup(new Retention(events, succeeded, failed)));
    }

    private static Duration days(JsonFields b, String field, Duration configured) {
        Integer days = b.integer(field);
        if (days == null) {
            return configured;
        }
        if (days < 0 || days > MAX_DAYS) {
            b.error(field, "must be a whole number of days from 0 to " + MAX_DAYS);
            return configured;
        }
        return Duration.ofDays(days);
    }

    private static JsonObject result(CleanupResult r) {
        return JsonP.createObjectBuilder()
                .add("removedEvents", r.events())
                .add("removedSuccessfulJobs", r.successfulJobs())
                .add("removedFailedJobs", r.failedJobs())
                .add("totalRemoved", r.total())
                .add("batches", r.batches())
                .add("at", r.at().toString())
                .add("tookMillis", r.took().toMillis())
                .add("retention", retention(r.retention()))
                .build();
    }

    private static JsonObject retention(Retention r) {
        return JsonP.createObjectBuilder().add("events", r.events().toString())
                .add("successfulJobs", r.successfulJobs().toString()).add("failedJobs", r.failedJobs().toString()).build();
    }
}
