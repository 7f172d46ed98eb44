package dev.timeos.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13, on the real WAR: conditions that see the event on every path, one answer per event, reloads that never
 * delete, rule history and dry runs.
 */
@ExtendWith(ArquillianExtension.class)
class RulesTrustIT {

    private final Api api = Api.local();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.timeos();
    }

    private static String unique(String type) {
        return type + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private JsonObject post(String path, String json, int expected) {
        return api.post(path, json).expect(expected).json();
    }

    private JsonObject get(String path) {
        return api.get(path).expect(200).json();
    }

    /** The {@code rule_registry} check of MicroProfile Health's readiness answer (open, no login). */
    private JsonObject ruleRegistryCheck() {
        Api.Reply r = Api.anonymous().get("/health/ready");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> "rule_registry".equals(c.getString("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no rule_registry check in " + r));
    }

    private JsonArray getArray(String path) {
        return api.get(path).expect(200).array();
    }

    private String rule(String json) {
        return post("/api/rules", json, 201).getString("id");
    }

    private static void assertProblem(Api.Reply r, int status, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(r.json().getJsonArray("errors").getValuesAs(JsonObject.class))
                    .extracting(e -> e.getString("field")).as(r.toString()).contains(field);
        }
    }

    /**
     * How many jobs, events and rules exist: what a request that stores nothing must leave as it was (jobs by total, not
     * by status: jobs of other tests may run meanwhile).
     */
    private List<Long> counts() {
        JsonObject s = get("/api/stats");
        long jobs = s.getJsonObject("jobs").values().stream().mapToLong(v -> ((jakarta.json.JsonNumber) v).longValue()).sum();
        return List.of(jobs, s.getJsonNumber("events").longValue(), s.getJsonNumber("rules").longValue());
    }

    @Test
    void conditionsSeeTheEventThroughRestBatchCdiReplayAndDryRun() {
        String type = unique("probe");
        // From the clock, never a calendar date that will pass.
        Instant occurred = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String ruleId = rule("{\"trigger\": {\"event\": \"" + type + "\", \"offset\": \"1h\"}, \"action\": \"noop\", \"when\": "
                + "\"event.type == '" + type + "' && event.id != null && event.occurredAt == '" + occurred + "' && payload.n == 1\"}");
        String event = "{\"type\": \"" + type + "\", \"payload\": {\"n\": 1}, \"occurredAt\": \"" + occurred + "\"}";

        JsonObject rest = post("/api/events", event, 201);
        assertThat(rest.getJsonArray("jobIds")).as("REST").hasSize(1);
        assertThat(rest.getJsonArray("rules").getJsonObject(0).getString("ruleId")).isEqualTo(ruleId);
        assertThat(rest.getJsonArray("rules").getJsonObject(0).getBoolean("matched")).isTrue();
        // Another occurredAt: the same rule sees it and does not match.
        assertThat(post("/api/events", "{\"type\": \"" + type + "\", \"payload\": {\"n\": 1}, \"occurredAt\": \""
                + occurred.minusSeconds(1) + "\"}", 201).getJsonArray("jobIds")).isEmpty();

        Api.Reply batch = api.post("/api/events/batch", "[" + event + "]");
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertThat(batch.array().getJsonObject(0).getJsonArray("jobIds")).as("batch").hasSize(1);

        assertThat(post("/api/events/" + rest.getString("id") + "/replay", "", 200).getJsonArray("jobIds")).as("replay").hasSize(1);

        assertThat(api.post("/api/test-support/fire?type=" + type + "&occurredAt=" + occurred, "{\"n\": 1}").status()).isEqualTo(200);
        assertThat(get("/api/jobs?ruleId=" + ruleId).getInt("total")).as("REST, batch, replay and CDI").isEqualTo(4);

        JsonObject dry = post("/api/rules/dry-run", "{\"rule\": {\"trigger\": {\"event\": \"" + type + "\"}, \"action\": \"noop\", "
                + "\"when\": \"event.type == '" + type + "' && event.id != null && event.occurredAt == '" + occurred + "'\"}, "
                + "\"from\": \"" + occurred.minusSeconds(60) + "\", \"to\": \"" + occurred.plusSeconds(60) + "\"}", 200);
        assertThat(dry.getJsonArray("events").getValuesAs(JsonObject.class)).extracting(e -> e.getBoolean("matched"))
                .as("dry run: the three stored events at 'occurred' match, the one a second earlier does not")
                .containsExactlyInAnyOrder(true, true, true, false);
    }

    @Test
    void anEventSaysWhyEachRuleOfItsTypeDidOrDidNotMakeAJobAndARefusedJobIsItsRulesReason() {
        String type = unique("why");
        String matching = rule("{\"trigger\": {\"event\": \"" + type + "\", \"offset\": \"1h\"}, \"action\": \"noop\"}");
        String conditional = rule("{\"trigger\": {\"event\": \"" + type + "\"}, \"action\": \"noop\", \"when\": \"payload.vip == true\"}");
        String disabled = rule("{\"trigger\": {\"event\": \"" + type + "\"}, \"action\": \"noop\", \"enabled\": false}");
        // A rule whose action's bean has left the application since the rule was stored: the job store refuses its job.
        String refused = rule("{\"trigger\": {\"event\": \"" + type + "\"}, \"action\": \"noop\", "
                + "\"when\": \"payload.big != null\"}");
        assertThat(api.post("/api/test-support/rule-action?id=" + refused + "&action=gone", "").status()).isEqualTo(204);

        JsonObject small = post("/api/events", "{\"type\": \"" + type + "\", \"payload\": {\"vip\": false}}", 201);
        JsonObject answer = post("/api/events", "{\"type\": \"" + type + "\", \"payload\": {\"big\": \"yes\"}}", 201);
        assertThat(answer.getJsonArray("jobIds")).hasSize(1);
        JsonObject event = get("/api/events/" + answer.getString("id"));
        assertThat(event.getJsonArray("rules")).isEqualTo(answer.getJsonArray("rules"));
        List<JsonObject> rules = event.getJsonArray("rules").getValuesAs(JsonObject.class);
        assertThat(rules).extracting(r -> r.getString("ruleId")).containsExactlyInAnyOrder(matching, conditional, disabled, refused);
        JsonObject made = byRule(rules, matching);
        assertThat(made.getBoolean("matched")).isTrue();
        assertThat(made.getString("jobId")).isEqualTo(answer.getJsonArray("jobIds").getString(0));
        assertThat(byRule(rules, conditional).getBoolean("matched")).isFalse();
        assertThat(byRule(rules, conditional).getString("reason")).isEqualTo("condition false: payload.vip == true");
        assertThat(byRule(rules, disabled).getString("reason")).isEqualTo("disabled");
        JsonObject refusal = byRule(rules, refused);
        assertThat(refusal.getBoolean("matched")).isTrue();
        assertThat(refusal.get("jobId")).isEqualTo(JsonValue.NULL);
        assertThat(refusal.getString("reason")).startsWith("job refused: action").contains("gone");

        assertThat(byRule(get("/api/events/" + small.getString("id")).getJsonArray("rules").getValuesAs(JsonObject.class), refused)
                .getString("reason")).isEqualTo("condition false: payload.big != null");
    }

    private static JsonObject byRule(List<JsonObject> rules, String id) {
        return rules.stream().filter(r -> id.equals(r.getString("ruleId"))).findFirst().orElseThrow();
    }

    /**
     * The Java API, called in the container by an application bean: a rule REST would refuse is refused by the same
     * field and never stored, and a list's window is checked as REST's is (before, any limit reached JPA).
     */
    @Test
    void theJavaApiRefusesWhatRestRefusesByTheSameFieldsAndStoresNothing() {
        String name = unique("java-api");
        Api.Reply r = api.post("/api/test-support/java-api/refusals?name=" + name, "");
        assertThat(r.status()).isEqualTo(200);
        JsonObject answers = r.json();
        assertThat(answers.get("createRule")).hasToString("[\"maxAttempts\"]");
        assertThat(answers.get("jobsNegativeLimit")).hasToString("[\"limit\"]");
        assertThat(answers.get("jobsMillion")).hasToString("[\"limit\"]");
        assertThat(answers.get("deadLettersNegativeOffset")).hasToString("[\"offset\"]");
        assertThat(answers.get("eventsZeroLimit")).hasToString("[\"limit\"]");
        assertThat(answers.get("rulesMillion")).hasToString("[\"limit\"]");
        assertThat(answers.get("jobsFirstPage")).hasToString("\"accepted\"");
        // Nothing stored half-way: no rule of that name exists.
        assertThat(get("/api/rules?limit=1000").getJsonArray("items").getValuesAs(JsonObject.class))
                .noneMatch(rule -> name.equals(rule.getString("name", "")));
    }

    /**
     * A number at the requests' bound (1,000 characters) written back in BigDecimal's plain form (1,001) stays within
     * JSON-P's default bound (1,100), for TimeOS and for this client. A review found a rule with a number at JSON-P's
     * own bound unreadable once stored (written back 1,101 characters long): its events, the rule list and the planner
     * all answered 500. One digit more is the client's error.
     */
    @Test
    void aNumberAtTheRequestsLengthBoundReadsBackFromEveryStoredRuleAndEvent() {
        String type = unique("long-number");
        String atTheBound = "1".repeat(995) + "e-999";
        String id = rule("{\"trigger\": {\"event\": \"" + type + "\"}, \"action\": \"noop\", \"args\": {\"n\": "
                + atTheBound + "}}");
        assertThat(api.get("/api/rules/" + id).status()).isEqualTo(200);
        Api.Reply event = api.post("/api/events", "{\"type\": \"" + type + "\", \"payload\": {\"m\": " + atTheBound + "}}");
        assertThat(event.status()).as(event.toString()).isEqualTo(201);
        assertThat(event.json().getJsonArray("jobIds")).hasSize(1);
        assertThat(api.get("/api/events?type=" + type).status()).isEqualTo(200);
        assertThat(api.get("/api/rules?limit=1000").status()).isEqualTo(200);
        assertThat(api.get("/api/jobs/" + event.json().getJsonArray("jobIds").getString(0)).status()).isEqualTo(200);

        assertProblem(api.post("/api/rules", "{\"trigger\": {\"event\": \"" + type + "\"}, \"action\": \"noop\", "
                + "\"args\": {\"n\": 1" + atTheBound + "}}"), 400, "body");
    }

    /** {"name": null} removes the name, as a merge patch says: the rule is named as an unnamed new one (was a 500). */
    @Test
    void aPatchRemovingTheNameGivesTheRuleTheNameOfAnUnnamedOne() {
        String type = unique("renamed");
        String id = rule("{\"name\": \"named " + type + "\", \"trigger\": {\"event\": \"" + type + "\"}, \"action\": \"noop\"}");
        Api.Reply patched = api.patch("/api/rules/" + id, "{\"name\": null}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().getString("name")).isEqualTo(type + " -> noop");
        assertThat(getArray("/api/rules/" + id + "/history")).hasSize(2);
    }

    @Test
    void everyChangeOfARuleIsInItsHistoryOldestFirstAndKeptAfterItsDeletion() {
        String type = unique("history");
        String id = rule("{\"name\": \"" + type + "\", \"trigger\": {\"event\": \"" + type + "\"}, \"action\": \"noop\"}");
        assertThat(api.patch("/api/rules/" + id, "{\"priority\": 5, \"when\": \"payload.a == 1\"}").status()).isEqualTo(200);
        assertThat(api.patch("/api/rules/" + id, "{\"enabled\": false}").status()).isEqualTo(200);
        assertThat(api.patch("/api/rules/" + id, "{\"enabled\": true}").status()).isEqualTo(200);
        assertProblem(api.patch("/api/rules/" + id, "{\"status\": \"orphaned\"}"), 400, "status");
        assertThat(api.delete("/api/rules/" + id).status()).isEqualTo(204);

        List<JsonObject> history = getArray("/api/rules/" + id + "/history").getValuesAs(JsonObject.class);
        assertThat(history).extracting(h -> h.getString("change")).containsExactly("create", "patch", "disable", "enable", "delete");
        // The authenticated user who made each change.
        assertThat(history).extracting(h -> h.getString("by")).containsOnly(Api.adminUser());
        assertThat(history).extracting(h -> Instant.parse(h.getString("at"))).isSorted();
        assertThat(history.get(0).get("before")).isEqualTo(JsonValue.NULL);
        assertThat(history.get(0).getJsonObject("after").getInt("priority")).isZero();
        JsonObject patch = history.get(1);
        assertThat(patch.getJsonObject("before").getInt("priority")).isZero();
        assertThat(patch.getJsonObject("before").get("when")).isEqualTo(JsonValue.NULL);
        assertThat(patch.getJsonObject("after").getInt("priority")).isEqualTo(5);
        assertThat(patch.getJsonObject("after").getString("when")).isEqualTo("payload.a == 1");
        assertThat(history.get(2).getJsonObject("after").getBoolean("enabled")).isFalse();
        assertThat(history.get(4).getJsonObject("before").getString("id")).isEqualTo(id);
        assertThat(history.get(4).get("after")).isEqualTo(JsonValue.NULL);

        assertProblem(api.get("/api/rules/no-such-rule/history"), 404, null);
    }

    @Test
    void aDryRunShowsWhatARuleWouldHaveMadeOfStoredEventsAndStoresNothing() {
        String type = unique("dry");
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String big = post("/api/events", "{\"type\": \"" + type + "\", \"payload\": {\"amount\": 500}, \"occurredAt\": \"" + t + "\"}", 201).getString("id");
        String small = post("/api/events", "{\"type\": \"" + type + "\", \"payload\": {\"amount\": 5}, \"occurredAt\": \"" + t.plusSeconds(1) + "\"}", 201).getString("id");
        post("/api/events", "{\"type\": \"" + type + "\", \"payload\": {\"amount\": 900}, \"occurredAt\": \"" + t.plusSeconds(3600) + "\"}", 201);

        List<Long> before = counts();
        JsonObject dry = post("/api/rules/dry-run", "{\"rule\": {\"trigger\": {\"event\": \"" + type + "\", \"offset\": \"P1D\"}, "
                + "\"action\": \"noop\", \"args\": {\"tier\": \"gold\"}, \"when\": \"payload.amount > 100\", \"enabled\": false}, "
                + "\"from\": \"" + t + "\", \"to\": \"" + t.plusSeconds(60) + "\"}", 200);
        List<JsonObject> events = dry.getJsonArray("events").getValuesAs(JsonObject.class);
        assertThat(events).extracting(e -> e.getString("id")).containsExactly(big, small);
        assertThat(events.get(0).getBoolean("matched")).isTrue();
        assertThat(events.get(1).getBoolean("matched")).isFalse();
        assertThat(events.get(1).getString("reason")).isEqualTo("condition false: payload.amount > 100");
        JsonArray jobs = dry.getJsonArray("jobs");
        assertThat(jobs).hasSize(1);
        assertThat(jobs.getJsonObject(0).getString("performAt")).isEqualTo(t.plus(Duration.ofDays(1)).toString());
        assertThat(jobs.getJsonObject(0).getJsonObject("args").getInt("amount")).isEqualTo(500);
        assertThat(jobs.getJsonObject(0).getJsonObject("args").getString("tier")).isEqualTo("gold");

        JsonObject hourly = post("/api/rules/dry-run", "{\"rule\": {\"trigger\": {\"every\": \"PT1H\"}, \"action\": \"noop\"}, "
                + "\"from\": \"" + t + "\", \"to\": \"" + t.plus(Duration.ofHours(5)) + "\"}", 200);
        assertThat(hourly.getJsonArray("events")).isEmpty();
        assertThat(hourly.getJsonArray("jobs").getValuesAs(JsonObject.class)).extracting(j -> j.getString("performAt"))
                .containsExactly(t.toString(), t.plusSeconds(3600).toString(), t.plusSeconds(7200).toString(),
                        t.plusSeconds(10800).toString(), t.plusSeconds(14400).toString());

        assertProblem(api.post("/api/rules/dry-run", "{\"rule\": {\"trigger\": {\"cron\": \"61 * * * *\"}, \"action\": \"noop\"}, "
                + "\"from\": \"" + t + "\", \"to\": \"" + t.plusSeconds(60) + "\"}"), 400, "rule.trigger.cron");
        assertProblem(api.post("/api/rules/dry-run", "{\"rule\": {\"trigger\": {\"event\": \"x\"}, \"action\": \"no_such_action\"}, "
                + "\"from\": \"" + t + "\", \"to\": \"" + t.plusSeconds(60) + "\"}"), 400, "rule.action");
        assertProblem(api.post("/api/rules/dry-run", "{\"rule\": {\"trigger\": {\"event\": \"x\"}, \"action\": \"noop\"}, "
                + "\"to\": \"" + t + "\"}"), 400, "from");
        assertProblem(api.post("/api/rules/dry-run", "{\"rule\": {\"trigger\": {\"event\": \"x\"}, \"action\": \"noop\"}, "
                + "\"from\": \"" + t + "\", \"to\": \"" + t.minusSeconds(1) + "\"}"), 400, "to");
        assertProblem(api.post("/api/rules/dry-run", "{\"from\": \"" + t + "\", \"to\": \"" + t.plusSeconds(1) + "\"}"), 400, "rule");

        // No job, event or rule was written by any of these.
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void aFailingRuleSetKeepsItsRulesAndJobsAndAnOrphanedRuleWaitsForAnOperator() {
        try {
            setSwitch("fail=false&extra=true");
            assertThat(post("/api/rules/reload", "", 200).getJsonObject("problems")).isEmpty();
            String job = post("/api/events", "{\"type\": \"it_switch\"}", 201).getJsonArray("jobIds").getString(0);
            String extraJob = post("/api/events", "{\"type\": \"it_switch_extra\"}", 201).getJsonArray("jobIds").getString(0);
            assertProblem(api.delete("/api/rules/code:switch-extra"), 409, null);

            // The RuleSet throws: its rules stay as they were, jobs and all, and the problem is visible.
            setSwitch("fail=true&extra=true");
            JsonObject reload = post("/api/rules/reload", "", 200);
            assertThat(reload.getJsonObject("problems").keySet()).containsExactly(TestSupport.SwitchableRules.class.getName());
            assertThat(reload.getJsonObject("problems").getString(TestSupport.SwitchableRules.class.getName()))
                    .contains("a definition mistake, on purpose");
            assertThat(get("/api/test-support/rule-problems").getJsonObject("problems").keySet())
                    .containsExactly(TestSupport.SwitchableRules.class.getName());
            // Health says so too, naming the RuleSet, and the node stays ready: its last good rules serve.
            JsonObject registry = ruleRegistryCheck();
            assertThat(registry.getString("status")).isEqualTo("UP");
            assertThat(registry.getJsonObject("data").getString("state")).isEqualTo("degraded");
            assertThat(registry.getJsonObject("data").getString("problem: " + TestSupport.SwitchableRules.class.getName()))
                    .contains("a definition mistake, on purpose");
            assertThat(get("/api/rules/code:switch-rule").getString("status")).isEqualTo("active");
            assertThat(get("/api/rules/code:switch-extra").getString("status")).isEqualTo("active");
            assertThat(get("/api/jobs/" + job).getString("status")).isEqualTo("SCHEDULED");
            assertThat(get("/api/jobs/" + extraJob).getString("status")).isEqualTo("SCHEDULED");

            // It no longer defines the extra rule, and no other node does: orphaned, kept with its job.
            setSwitch("fail=false&extra=false");
            assertThat(post("/api/rules/reload", "", 200).getJsonObject("problems")).isEmpty();
            assertThat(get("/api/test-support/rule-problems").getJsonObject("problems")).isEmpty();
            assertThat(ruleRegistryCheck().getJsonObject("data").getString("state")).isEqualTo("healthy");
            assertThat(get("/api/rules/code:switch-extra").getString("status")).isEqualTo("orphaned");
            assertThat(get("/api/rules?status=orphaned&limit=1000").getJsonArray("items").getValuesAs(JsonObject.class))
                    .extracting(r -> r.getString("id")).contains("code:switch-extra").doesNotContain("code:switch-rule");
            assertThat(get("/api/jobs/" + extraJob).getString("status")).isEqualTo("SCHEDULED");
            assertProblem(api.get("/api/rules?status=lost"), 400, "status");

            // An operator deletes it: its jobs are cancelled, its history stays.
            assertThat(api.delete("/api/rules/code:switch-extra").status()).isEqualTo(204);
            assertThat(get("/api/jobs/" + extraJob).getString("status")).isEqualTo("CANCELLED");
            assertThat(get("/api/jobs/" + job).getString("status")).isEqualTo("SCHEDULED");
            List<JsonObject> history = getArray("/api/rules/code:switch-extra/history").getValuesAs(JsonObject.class);
            JsonObject orphaned = history.get(history.size() - 2);
            assertThat(orphaned.getString("change")).isEqualTo("reload");
            assertThat(orphaned.getString("by")).isEqualTo("code");
            assertThat(orphaned.getJsonObject("after").getString("status")).isEqualTo("orphaned");
            assertThat(history.get(history.size() - 1).getString("change")).isEqualTo("delete");
        } finally {
            setSwitch("fail=false&extra=false");
            api.post("/api/rules/reload", "");
        }
    }

    private void setSwitch(String query) {
        assertThat(api.post("/api/test-support/switchable-rules?" + query, "").status()).isEqualTo(204);
    }
}
