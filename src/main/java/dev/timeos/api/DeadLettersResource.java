package dev.timeos.api;

import dev.timeos.TimeOS;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/dead-letters}: jobs that ran out of attempts (status DEAD). */
@Tag(name = "Dead letters", description = "Jobs that failed for the last time")
@Path("/dead-letters")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class DeadLettersResource {

    @Inject
    TimeOS timeos;

    @GET
    @Operation(summary = "List dead jobs", description = "{items, total}; filter ruleId")
    public JsonObject list(@QueryParam("ruleId") String ruleId, @QueryParam("limit") String limit,
                           @QueryParam("offset") String offset) {
        Paging paging = Paging.of(limit, offset);
        return JobJson.page(timeos.deadLetters(JobsResource.blankToNull(ruleId), paging.limit(), paging.offset()), JobJson::of);
    }

    @POST
    @Path("/{id}/retry")
    @Operation(summary = "Retry a dead job now", description = "The job, back to SCHEDULED with its attempts reset")
    public JsonObject retry(@PathParam("id") String id) {
        return JobJson.of(timeos.retryDeadLetter(id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove a dead job for good", description = "204")
    public Response delete(@PathParam("id") String id) {
        timeos.deleteDeadLetter(id);
        return Response.noContent().build();
    }
}
