package dev.timeos.it;

import dev.timeos.action.Action;
import dev.timeos.action.JobContext;
import dev.timeos.action.Performer;
import dev.timeos.event.TemporalEvent;
import dev.timeos.rule.RuleSet;
import dev.timeos.rule.Rules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.timeos.rule.Rules.days;
import static dev.timeos.rule.Rules.hours;
import static dev.timeos.rule.Rules.minutes;

/**
 * What an application embedding TimeOS writes, deployed beside the real WAR for the container tests: a
 * bean that fires CDI events inside its own transaction, a RuleSet with the examples of the TimeOS README,
 * and performers for them that remember what they ran.
 */
public final class TestSupport {

    private TestSupport() {
    }

    /** The application's business bean: fires a TemporalEvent in its transaction, then commits or rolls back. */
    @ApplicationScoped
    public static class SignupService {
        @Inject
        Event<TemporalEvent> events;

        @Transactional
        public void signUp(String userId, String key, boolean fail) {
            events.fire(TemporalEvent.of("it_signup", Map.of("user_id", userId)).idempotencyKey(key));
            if (fail) {
                throw new IllegalStateException("business failure after the event: everything rolls back");
            }
        }

        public void signUpAsync(String userId, String key) {
            events.fireAsync(TemporalEvent.of("it_signup", Map.of("user_id", userId)).idempotencyKey(key));
        }
    }

    /** Drives SignupService over HTTP (the tests run as clients). */
    @Path("/test-support")
    @RequestScoped
    @Produces(MediaType.APPLICATION_JSON)
    public static class Resource {
        @Inject
        SignupService signups;

        @Inject
        Event<TemporalEvent> cdiEvents;

        @Inject
        dev.timeos.rule.RuleLoadProblems problems;

        @POST
        @Path("/signup")
        public Response signup(@QueryParam("user") String user, @QueryParam("key") String key,
                               @QueryParam("fail") boolean fail, @QueryParam("async") boolean async) {
            try {
                if (async) {
                    signups.signUpAsync(user, key);
                } else {
                    signups.signUp(user, key, fail);
                }
                return Response.noContent().build();
            } catch (RuntimeException e) {
                return Response.status(409).entity(Json.createObjectBuilder().add("rolledBack", e.toString()).build()).build();
            }
        }

        /** Fires a CDI event of any type, with the JSON body as its payload (conditions through the CDI path). */
        @POST
        @Path("/fire")
        @jakarta.ws.rs.Consumes(MediaType.WILDCARD)
        public JsonObject fire(@QueryParam("type") String type, @QueryParam("occurredAt") String occurredAt, String body) {
            JsonObject payload = body == null || body.isBlank() ? JsonObject.EMPTY_JSON_OBJECT
                    : Json.createReader(new java.io.StringReader(body)).readObject();
            TemporalEvent e = TemporalEvent.of(type, payload);
            if (occurredAt != null) {
                e = e.occurredAt(java.time.Instant.parse(occurredAt));
            }
            cdiEvents.fire(e);
            return Json.createObjectBuilder().add("fired", type).build();
        }

        /** Makes {@link SwitchableRules} throw, or define its extra rule, at the next reload. */
        @POST
        @Path("/switchable-rules")
        public Response switchRules(@QueryParam("fail") boolean fail, @QueryParam("extra") boolean extra) {
            SwitchableRules.fail = fail;
            SwitchableRules.extra = extra;
            return Response.noContent().build();
        }

        @Inject
        dev.timeos.store.Database database;

        /**
         * Plays an application redeployed without one of its @Action beans: the stored rule now names an action
         * this deployment does not have (the job store then refuses the rule's jobs).
         */
        @POST
        @Path("/rule-action")
        public Response ruleAction(@QueryParam("id") String id, @QueryParam("action") String action) throws java.sql.SQLException {
            return setRuleColumn("action_name", action, id);
        }

        /** Writes one column of a stored rule behind TimeOS's back: 204, or 404 when there is no such rule. */
        private Response setRuleColumn(String column, String value, String id) throws java.sql.SQLException {
            try (var c = database.dataSource().getConnection();
                 var ps = c.prepareStatement("UPDATE timeos_rule SET " + column + " = ? WHERE id = ?")) {
                ps.setString(1, value);
                ps.setString(2, id);
                return ps.executeUpdate() == 1 ? Response.noContent().build() : Response.status(404).build();
            }
        }

        @Inject
        dev.timeos.TimeOS timeos;

        /**
         * The Java API as an embedding application calls it, with values REST would refuse: what each call answers
         * (the fields an InvalidInputException names, or the exception it threw instead, or "accepted").
         */
        @POST
        @Path("/java-api/refusals")
        public JsonObject javaApiRefusals(@QueryParam("name") String name) {
            dev.timeos.rule.Rule tooManyAttempts = new dev.timeos.rule.Rule(null, name,
                    new dev.timeos.rule.Trigger.OnEvent(name, java.time.Duration.ofHours(1)), "noop",
                    JsonObject.EMPTY_JSON_OBJECT, null, null, 0, null, 200, java.time.Duration.ofSeconds(30), null,
                    dev.timeos.dispatch.OverlapPolicy.DEFAULT, dev.timeos.schedule.MisfirePolicy.DEFAULT, true,
                    dev.timeos.rule.Rule.Source.API);
            dev.timeos.job.JobQuery all = dev.timeos.job.JobQuery.all();
            return Json.createObjectBuilder()
                    .add("createRule", answer(() -> timeos.createRule(tooManyAttempts)))
                    .add("jobsNegativeLimit", answer(() -> timeos.jobs(all.page(-1, 0))))
                    .add("jobsMillion", answer(() -> timeos.jobs(all.page(1_000_000, 0))))
                    .add("deadLettersNegativeOffset", answer(() -> timeos.deadLetters(null, 10, -1)))
                    .add("eventsZeroLimit", answer(() -> timeos.events(null, null, 0, 0)))
                    .add("rulesMillion", answer(() -> timeos.rules(1_000_000, 0)))
                    .add("jobsFirstPage", answer(() -> timeos.jobs(all.page(1, 0))))
                    .build();
        }

        private static jakarta.json.JsonValue answer(Runnable call) {
            try {
                call.run();
                return Json.createValue("accepted");
            } catch (dev.timeos.error.InvalidInputException e) {
                JsonArrayBuilder fields = Json.createArrayBuilder();
                e.errors().forEach(f -> fields.add(f.field()));
                return fields.build();
            } catch (RuntimeException e) {
                return Json.createValue(e.toString());
            }
        }

        /**
         * Plays a rule stored by an older version that checked less: its stored trigger no longer reads (the planner
         * must plan every other rule all the same).
         */
        @POST
        @Path("/rule-trigger")
        public Response ruleTrigger(@QueryParam("id") String id, @QueryParam("json") String json) throws java.sql.SQLException {
            return setRuleColumn("trigger_json", json, id);
        }

        /** What the rule_registry health check will read: the problems of this node's latest rule load. */
        @GET
        @Path("/rule-problems")
        public JsonObject ruleProblems() {
            var b = Json.createObjectBuilder();
            problems.current().forEach(b::add);
            return Json.createObjectBuilder().add("problems", b).build();
        }

        @GET
        @Path("/failing-observer")
        public JsonObject failingObserver() {
            JsonArrayBuilder a = Json.createArrayBuilder();
            FailingObserver.THROWN_FOR.forEach(a::add);
            return Json.createObjectBuilder().add("thrownFor", a).build();
        }

        @GET
        @Path("/performed")
        public JsonObject performed() {
            JsonArrayBuilder a = Json.createArrayBuilder();
            Recorder.RUNS.forEach(a::add);
            return Json.createObjectBuilder().add("runs", a).build();
        }
    }

    /** The examples of the TimeOS README, in Java. */
    @ApplicationScoped
    public static class ExampleRules implements RuleSet {
        @Override
        public void define(Rules rules) {
            rules.onEvent("user_signup").after(days(2)).perform("send_welcome_email");
            rules.onEvent("payment_received").after(hours(24))
                    .when(payload -> payload.getJsonNumber("amount").doubleValue() > 1000)
                    .perform("send_premium_receipt");
            rules.onEvent("order_placed").after(minutes(15)).perform("send_order_confirmation");
            rules.onEvent("order_placed").after(hours(24)).perform("send_review_request");
            rules.onEvent("it_signup").perform("send_welcome_email");
        }
    }

    /**
     * A RuleSet an operator's deployment might get wrong: at a reload it can throw (its rules stored before must stay,
     * with their jobs), or define one rule more (which becomes orphaned when it stops defining it).
     */
    @ApplicationScoped
    public static class SwitchableRules implements RuleSet {
        static volatile boolean fail;
        static volatile boolean extra;

        @Override
        public void define(Rules rules) {
            rules.onEvent("it_switch").after(hours(1)).named("switch-rule").perform("noop");
            if (fail) {
                throw new IllegalStateException("a definition mistake, on purpose");
            }
            if (extra) {
                rules.onEvent("it_switch_extra").after(hours(1)).named("switch-extra").perform("noop");
            }
        }
    }

    /**
     * An application observer that fails for jobs due at an instant whose millisecond is {@link #FAILS_AT_MILLISECOND}
     * (a mark no other test's job carries; a year would pass): TimeOS must not let it undo the job.
     */
    @ApplicationScoped
    public static class FailingObserver {
        static final int FAILS_AT_MILLISECOND = 987;
        /** The jobs it threw for, so that a test knows the failure it survived really happened. */
        static final List<String> THROWN_FOR = new CopyOnWriteArrayList<>();

        void onScheduled(@jakarta.enterprise.event.Observes dev.timeos.lifecycle.JobScheduled e) {
            if (e.performAt().getNano() == FAILS_AT_MILLISECOND * 1_000_000) {
                THROWN_FOR.add(e.jobId());
                throw new IllegalStateException("observer failure, on purpose");
            }
        }
    }

    /** Remembers "action:jobId:attempt" of every run, for the tests to read back. */
    public abstract static class Recorder implements Performer {
        static final List<String> RUNS = new CopyOnWriteArrayList<>();

        @Override
        public void perform(JobContext job) {
            RUNS.add(job.action() + ":" + job.jobId() + ":" + job.attempt() + ":" + job.args());
        }
    }

    @Action("send_welcome_email")
    @ApplicationScoped
    public static class WelcomeEmail extends Recorder {
    }

    @Action("send_premium_receipt")
    @ApplicationScoped
    public static class PremiumReceipt extends Recorder {
    }

    @Action("send_order_confirmation")
    @ApplicationScoped
    public static class OrderConfirmation extends Recorder {
    }

    @Action("send_review_request")
    @ApplicationScoped
    public static class ReviewRequest extends Recorder {
    }
}
