package dev.timeos.api;

import dev.timeos.json.JsonP;
import dev.timeos.TimeOS;
import dev.timeos.error.InvalidInputException;
import dev.timeos.event.DryRun;
import dev.timeos.rule.RuleChange;
import dev.timeos.json.JsonFields;
import dev.timeos.json.Secrets;
import dev.timeos.rule.Rule;
import dev.timeos.rule.RuleJson;
import dev.timeos.rule.RuleRegistry;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/rules}: what happens, when. */
@Tag(name = "Rules", description = "Triggers (event, every, cron, weekly, at) with an action and options")
@Path("/rules")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class RulesResource {

    static final int NEXT_FIRE_TIMES = 5;

    private static final Set<String> DRY_RUN_FIELDS = Set.of("rule", "from", "to");

    @Inject
    TimeOS timeos;

    /** Who calls, for the rules' history: the authenticated user when the server has authentication. */
    @Context
    SecurityContext security;

    @GET
    @Operation(summary = "List rules", description = "{items, total}; status=orphaned lists code and file rules no node defines")
    public JsonObject list(@QueryParam("status") String status, @QueryParam("limit") String limit,
                           @QueryParam("offset") String offset) {
        Paging paging = Paging.of(limit, offset);
        Rule.Status s = null;
        if (status != null && !status.isBlank()) {
            try {
                s = Rule.Status.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("status", "must be active or orphaned");
            }
        }
        return JobJson.page(timeos.rules(s, paging.limit(), paging.offset()), r -> shown(RuleJson.write(r)).build());
    }

    @POST
    @Operation(summary = "Create a rule", description = "201: the rule. 400 names trigger.cron, trigger.timezone, when, action, ...")
    public Response create(@RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "example", value = "{\"name\": \"welcome\", \"trigger\": {\"event\": \"user_signup\", \"offset\": \"P2D\"}, \"action\": \"send_welcome_email\", \"when\": \"payload.plan == 'pro'\", \"rateLimitPerMinute\": 60}"))) String body) {
        JsonFields f = new JsonFields(JsonFields.parseObject(body), "");
        Rule draft = RuleJson.read(f);
        f.check();
        Rule rule = timeos.createRule(draft, caller());
        return Response.status(Response.Status.CREATED).entity(withNextFireTimes(rule)).build();
    }

    /** {@code {"rule": rule, "from", "to"}}: what the rule (not stored) would have done in the range; stores nothing. */
    @POST
    @Path("/dry-run")
    @Operation(summary = "Try a rule without storing anything", description = "{events: [{id, matched, reason}], jobs: [{performAt, args}], truncated}")
    public JsonObject dryRun(@RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "example", value = "{\"rule\": {\"name\": \"weekly\", \"trigger\": {\"weekly\": \"MONDAY\", \"at\": \"09:00\", \"timezone\": \"America/New_York\"}, \"action\": \"log\"}, \"from\": \"2030-01-01T00:00:00Z\", \"to\": \"2030-02-01T00:00:00Z\"}"))) String body) {
        JsonFields f = new JsonFields(JsonFields.parseObject(body), "");
        f.rejectUnknown(DRY_RUN_FIELDS);
        JsonObject ruleJson = f.object("rule");
        Rule draft = null;
        if (ruleJson == null && !f.has("rule")) {
            f.error("rule", "is required: a rule in the shape of POST /api/rules");
        } else if (ruleJson != null) {
            draft = RuleJson.read(f.nested(ruleJson, "rule"));
        }
        Instant from = f.instant("from");
        if (from == null && !f.has("from")) {
            f.error("from", "is required");
        }
        Instant to = f.instant("to");
        if (to == null && !f.has("to")) {
            f.error("to", "is required");
        }
        f.check();
        DryRun.Result r = timeos.dryRun(draft, from, to);
        JsonArrayBuilder events = JsonP.createArrayBuilder();
        r.events().forEach(e -> events.add(JsonP.createObjectBuilder().add("id", e.id()).add("matched", e.matched())
                .add("reason", e.reason())));
        JsonArrayBuilder jobs = JsonP.createArrayBuilder();
        r.jobs().forEach(j -> jobs.add(JsonP.createObjectBuilder().add("performAt", j.performAt().toString()).add("args", j.args())));
        return JsonP.createObjectBuilder().add("events", events).add("jobs", jobs).add("truncated", r.truncated()).build();
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "A rule's changes, oldest first", description = "[{at, by, change, before, after}], kept after a delete")
    @APIResponse(responseCode = "200", description = "The rule's changes, oldest first", content = @Content(mediaType = "application/json",
            schema = @Schema(type = SchemaType.ARRAY, implementation = JsonObject.class)))
    public JsonArray history(@PathParam("id") String id) {
        JsonArrayBuilder a = JsonP.createArrayBuilder();
        for (RuleChange c : timeos.ruleHistory(id)) {
            a.add(JsonP.createObjectBuilder().add("at", c.at().toString()).add("by", c.by()).add("change", c.change())
                    .add("before", c.before() == null ? JsonValue.NULL : c.before())
                    .add("after", c.after() == null ? JsonValue.NULL : c.after()));
        }
        return a.build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A rule with its next fire times", description = "nextFireTimes: the next 5 occurrences of a time rule")
    public JsonObject get(@PathParam("id") String id) {
        return withNextFireTimes(timeos.rule(id));
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a rule (JSON merge patch)", description = "The changed rule")
    public JsonObject patch(@PathParam("id") String id, 
            @RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "example", value = "{\"enabled\": false}"))) String body) {
        return withNextFireTimes(timeos.updateRule(id, JsonFields.parseObject(body), caller()));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a rule", description = "204; its pending jobs are cancelled")
    public Response delete(@PathParam("id") String id) {
        timeos.deleteRule(id, caller());
        return Response.noContent().build();
    }

    @POST
    @Path("/reload")
    @Operation(summary = "Reload code and file rules", description = "{codeRules, fileRules, file, problems}")
    public JsonObject reload() {
        RuleRegistry.Reloaded r = timeos.reloadRules();
        JsonObjectBuilder problems = JsonP.createObjectBuilder();
        r.problems().forEach(problems::add);
        JsonObjectBuilder b = JsonP.createObjectBuilder().add("codeRules", r.codeRules()).add("fileRules", r.fileRules());
        if (r.file() == null) {
            b.addNull("file");
        } else {
            b.add("file", r.file());
        }
        return b.add("problems", problems).build();
    }

    private String caller() {
        return Callers.name(security);
    }

    /**
     * A rule as answered: credentials in its args masked. Here, not in RuleJson.write, which also feeds the merge of
     * a PATCH: masking there would store the mask.
     */
    private static JsonObjectBuilder shown(JsonObjectBuilder rule) {
        JsonObject r = rule.build();
        JsonObjectBuilder b = JsonP.createObjectBuilder(r);
        if (r.get("args") instanceof JsonObject args) {
            b.add("args", Secrets.mask(args));
        }
        return b;
    }

    private JsonObject withNextFireTimes(Rule rule) {
        List<Instant> next = rule.trigger().isTimeBased() ? timeos.nextFireTimes(rule.id(), NEXT_FIRE_TIMES) : List.of();
        return shown(RuleJson.write(rule)).add("nextFireTimes", JsonP.createArrayBuilder(next.stream().map(Instant::toString).toList())).build();
    }
}
