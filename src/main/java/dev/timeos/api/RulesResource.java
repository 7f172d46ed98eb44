package dev.timeos.api;

import dev.timeos.TimeOS;
import dev.timeos.json.JsonFields;
import dev.timeos.json.Secrets;
import dev.timeos.rule.Rule;
import dev.timeos.rule.RuleJson;
import dev.timeos.rule.RuleRegistry;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;

/** {@code /api/rules}: what happens, when. */
@Path("/rules")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class RulesResource {

    static final int NEXT_FIRE_TIMES = 5;

    @Inject
    TimeOS timeos;

    @GET
    public JsonObject list(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        Paging paging = Paging.of(limit, offset);
        return JobJson.page(timeos.rules(paging.limit(), paging.offset()), r -> shown(RuleJson.write(r)).build());
    }

    @POST
    public Response create(String body) {
        JsonFields f = new JsonFields(JsonFields.parseObject(body), "");
        Rule draft = RuleJson.read(f);
        f.check();
        Rule rule = timeos.createRule(draft);
        return Response.status(Response.Status.CREATED).entity(withNextFireTimes(rule)).build();
    }

    @GET
    @Path("/{id}")
    public JsonObject get(@PathParam("id") String id) {
        return withNextFireTimes(timeos.rule(id));
    }

    @PATCH
    @Path("/{id}")
    public JsonObject patch(@PathParam("id") String id, String body) {
        return withNextFireTimes(timeos.updateRule(id, JsonFields.parseObject(body)));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        timeos.deleteRule(id);
        return Response.noContent().build();
    }

    @POST
    @Path("/reload")
    public JsonObject reload() {
        RuleRegistry.Reloaded r = timeos.reloadRules();
        JsonObjectBuilder problems = Json.createObjectBuilder();
        r.problems().forEach(problems::add);
        JsonObjectBuilder b = Json.createObjectBuilder().add("codeRules", r.codeRules()).add("fileRules", r.fileRules());
        if (r.file() == null) {
            b.addNull("file");
        } else {
            b.add("file", r.file());
        }
        return b.add("problems", problems).build();
    }

    /**
     * A rule as answered: credentials in its args masked. Here, not in RuleJson.write, which also feeds the merge of
     * a PATCH: masking there would store the mask.
     */
    private static JsonObjectBuilder shown(JsonObjectBuilder rule) {
        JsonObject r = rule.build();
        JsonObjectBuilder b = Json.createObjectBuilder(r);
        if (r.get("args") instanceof JsonObject args) {
            b.add("args", Secrets.mask(args));
        }
        return b;
    }

    private JsonObject withNextFireTimes(Rule rule) {
        List<Instant> next = rule.trigger().isTimeBased() ? timeos.nextFireTimes(rule.id(), NEXT_FIRE_TIMES) : List.of();
        return shown(RuleJson.write(rule)).add("nextFireTimes", Json.createArrayBuilder(next.stream().map(Instant::toString).toList())).build();
    }
}
