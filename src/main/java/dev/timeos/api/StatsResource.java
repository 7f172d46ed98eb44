package dev.timeos.api;

import dev.timeos.json.JsonP;
import dev.timeos.Stats;
import dev.timeos.TimeOS;
import dev.timeos.job.JobStatus;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/stats}: counts for dashboards. */
@Tag(name = "Operations")
@Path("/stats")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    @Inject
    TimeOS timeos;

    @GET
    @Operation(summary = "Counts of jobs by status, events and rules", description = "{jobs: {SCHEDULED: n, ...}, events, rules}")
    public JsonObject stats() {
        Stats s = timeos.stats();
        JsonObjectBuilder jobs = JsonP.createObjectBuilder();
        for (JobStatus status : JobStatus.values()) {
            jobs.add(status.name(), s.jobs().getOrDefault(status, 0L));
        }
        return JsonP.createObjectBuilder().add("jobs", jobs).add("events", s.events()).add("rules", s.rules()).build();
    }
}
