package dev.timeos.api;

import dev.timeos.json.JsonP;
import dev.timeos.TimeOS;
import dev.timeos.health.HealthReport;
import dev.timeos.job.JobStatus;
import dev.timeos.metrics.StoreCounts;
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

/**
 * {@code GET /api/health}: the operator's summary. Always {@code 200} when TimeOS can answer at all: a degraded
 * component is in the body, not in the status (the probes under {@code /health} are for orchestrators). The counts are
 * cached ({@code timeos.metrics.count-cache}); {@code countsAt} says when they were read, and they are null when the
 * store has never answered this node.
 */
@Tag(name = "Operations")
@Path("/health")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    @Inject
    TimeOS timeos;

    @GET
    @Operation(summary = "Health summary", description = "{status: healthy|degraded, components: {name: {status, message}}, metrics: {...}}")
    public JsonObject health() {
        HealthReport.Report r = timeos.health();
        JsonObjectBuilder components = JsonP.createObjectBuilder();
        r.components().forEach((name, c) -> components.add(name,
                JsonP.createObjectBuilder().add("status", c.status()).add("message", c.message())));
        JsonObjectBuilder metrics = JsonP.createObjectBuilder();
        if (r.counts().isPresent()) {
            StoreCounts.Counts c = r.counts().get();
            metrics.add("pendingJobs", r.pending())
                    .add("runningJobs", c.jobs(JobStatus.RUNNING))
                    .add("failedJobs", c.jobs(JobStatus.FAILED))
                    .add("deadLetterJobs", c.jobs(JobStatus.DEAD))
                    .add("totalRules", c.rules())
                    .add("enabledRules", c.enabledRules())
                    .add("countsAt", c.at().toString());
        } else {
            for (String name : new String[]{"pendingJobs", "runningJobs", "failedJobs", "deadLetterJobs", "totalRules",
                    "enabledRules", "countsAt"}) {
                metrics.addNull(name);
            }
        }
        return JsonP.createObjectBuilder().add("status", r.status()).add("components", components)
                .add("metrics", metrics).build();
    }
}
