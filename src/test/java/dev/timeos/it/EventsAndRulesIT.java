package dev.timeos.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The rule engine through REST and CDI, on the real WAR in a real Liberty. */
@ExtendWith(ArquillianExtension.class)
class EventsAndRulesIT {

    private final Api api = Api.local();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.timeos();
    }

    /** Event types of their own per test, so that tests (and reruns on one database) do not see each other. */
    private static String unique(String type) {
        return type + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private JsonObject post(String path, String json, int expected) {
        return api.post(path, json).expect(expected).json();
    }

    private JsonObject get(String path) {
        return api.get(path).expect(200).json();
    }

    private String rule(String json) {
        return post("/api/rules", json, 201).getString("id");
    }

    private static List<String> strings(JsonArray a) {
        return a.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private JsonObject awaitJob(String id, String status) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/api/jobs/" + id), j -> status.equals(j.getString("status")));
    }

    private static void assertProblem(Api.Reply r, int status, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(r.json().getJsonArray("errors").getValuesAs(JsonObject.class))
                    .extracting(e -> e.getString("field")).as(r.toString()).contains(field);
        }
    }

    @Test
    void anEventRuleMakesAJobDueAfterItsOffsetWithThePayloadAndTheRuleArgs() {
        String type = unique("signup");
        String ruleId = rule("{\"trigger\": {\"event\": \"" + type + "\", \"offset\": \"1s\"}, \"action\": \"log\", "
                + "\"args\": {\"template\": \"welcome\"}, \"priority\": 3, \"maxAttempts\": 5}");
        // From the clock, never a calendar date that will pass: the job must be due a second after the event.
        Instant occurred = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JsonObject emitted = post("/api/events", "{\"type\": \"" + type + "\", \"payload\": {\"user_id\": \"123\"}, "
                + "\"occurredAt\": \"" + occurred + "\"}", 201);
        assertThat(emitted.getBoolean("duplicate")).isFalse();
        List<String> jobIds = strings(emitted.getJsonArray("jobIds"));
        assertThat(jobIds).hasSize(1);
        JsonObject job = get("/api/jobs/" + jobIds.get(0));
        assertThat(job.getString("ruleId")).isEqualTo(ruleId);
        assertThat(job.getString("eventId")).isEqualTo(emitted.getString("id"));
        assertThat(job.getString("performAt")).isEqualTo(occurred.plusSeconds(1).toString());
        assertThat(job.getInt("priority")).isEqualTo(3);
        assertThat(job.getInt("maxAttempts")).isEqualTo(5);
        assertThat(job.getJsonObject("args").getString("user_id")).isEqualTo("123");
        assertThat(job.getJsonObject("args").getString("template")).isEqualTo("welcome");
        awaitJob(jobIds.get(0), "SUCCEEDED");

        JsonObject event = get("/api/events/" + emitted.getString("id"));
        assertThat(strings(event.getJsonArray("jobIds"))).containsExactlyElementsOf(jobIds);
        assertThat(event.getBoolean("processed")).isTrue();
        assertThat(event.getString("occurredAt")).isEqualTo(occurred.toString());
    }

    @Test
    void aWhenConditionDecidesWhetherTheRuleMatches() {
        String type = unique("payment");
        rule("{\"trigger\": {\"event\": \"" + type + "\"}, \"action\": \"noop\", \"when\": \"payload.amount > 1000 && payload.currency == 'EUR'\"}");
        assertThat(post("/api/events", "{\"type\": \"" + type + "\", \"payload\": {\"amount\": 1500, \"currency\": \"EUR\"}}", 201)
                .getJsonArray("jobIds")).hasSize(1);
        assertThat(post("/api/events", "{\"type\": \"" + type + "\", \"payload\": {\"amount\": 1000, \"currency\": \"EUR\"}}", 201)
                .getJsonArray("jobIds")).isEmpty();
        assertThat(post("/api/events", "{\"type\": \"" + type + "\", \"payload\": {\"amount\": 5000}}", 201)
                .getJsonArray("jobIds")).isEmpty();
    }

    @Test
    void anEventSaysWhichRuleItsConditionRefusedAndWhichRuleARateLimitHeldBack() {
        String type = unique("order");
        String limited = rule("{\"trigger\": {\"event\": \"" + type + "\"}, \"action\": \"noop\", \"rateLimitPerMinute\": 1}");
        String big = rule("{\"trigger\": {\"event\": \"" + type + "\"}, \"action\": \"noop\", \"when\": \"payload.amount > 1000\"}");
        // Two jobs of a rule allowing one start a minute, both due now: one runs, the other is deferred by a minute.
        List<String> events = List.of(post("/api/events", "{\"type\": \"" + type + "\", \"payload\": {\"amount\": 5}}", 201).getString("id"),
                post("/api/events", "{\"type\": \"" + type + "\", \"payload\": {\"amount\": 7}}", 201).getString("id"));
        JsonObject heldBack = await("an event whose job the rate limit deferred").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> events.stream().map(id -> get("/api/events/" + id))
                        .filter(e -> !decision(e, limited).isNull("rateLimited")).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();

        JsonObject byLimit = decision(heldBack, limited);
        assertThat(byLimit.getBoolean("matched")).isTrue();
        assertThat(byLimit.getString("reason")).startsWith("rate_limited: the rule's limit of 1 per minute deferred the job to ")
                .endsWith("; no condition");
        JsonObject limit = byLimit.getJsonObject("rateLimited");
        assertThat(limit.getString("limitedBy")).isEqualTo("rule");
        assertThat(limit.getInt("limitPerMinute")).isEqualTo(1);
        String deferred = byLimit.getString("jobId");
        JsonObject job = get("/api/jobs/" + deferred);
        assertThat(job.getString("status")).isEqualTo("SCHEDULED");
        assertThat(Instant.parse(limit.getString("deferredTo"))).isEqualTo(Instant.parse(job.getString("performAt")))
                .isAfter(Instant.parse(heldBack.getString("createdAt")));

        JsonObject byCondition = decision(heldBack, big);
        assertThat(byCondition.getBoolean("matched")).isFalse();
        assertThat(byCondition.getString("reason")).isEqualTo("condition false: payload.amount > 1000");
        assertThat(byCondition.isNull("jobId")).isTrue();
        assertThat(byCondition.isNull("rateLimited")).isTrue();

        // The other event's job started: its decision says why the rule matched, and nothing of a limit.
        JsonObject ran = get("/api/events/" + events.stream().filter(id -> !id.equals(heldBack.getString("id"))).findFirst().orElseThrow());
        assertThat(decision(ran, limited).getString("reason")).isEqualTo("no condition");
        assertThat(decision(ran, limited).isNull("rateLimited")).isTrue();
        // The deferred job would run in a minute: not in this suite's way.
        api.delete("/api/rules/" + limited).expect(204);
    }

    private static JsonObject decision(JsonObject event, String ruleId) {
        return event.getJsonArray("rules").getValuesAs(JsonObject.class).stream()
                .filter(d -> d.getString("ruleId").equals(ruleId)).findFirst().orElseThrow();
    }

    @Test
    void theSameIdempotencyKeyReturnsTheFirstEventAndCreatesNothing() {
        String type = unique("dup");
        rule("{\"trigger\": {\"event\": \"" + type + "\", \"offset\": \"1h\"}, \"action\": \"noop\"}");
        String body = "{\"type\": \"" + type + "\", \"idempotencyKey\": \"" + type + "-key\"}";
        JsonObject first = post("/api/events", body, 201);
        JsonObject again = post("/api/events", body, 200);
        assertThat(again.getString("id")).isEqualTo(first.getString("id"));
        assertThat(again.getBoolean("duplicate")).isTrue();
        assertThat(get("/api/jobs?eventId=" + first.getString("id")).getInt("total")).isEqualTo(1);
    }

    @Test
    void concurrentDuplicateEmitsCreateExactlyOneEventAndOneJob() throws Exception {
        String type = unique("race");
        rule("{\"trigger\": {\"event\": \"" + type + "\", \"offset\": \"1h\"}, \"action\": \"noop\"}");
        String body = "{\"type\": \"" + type + "\", \"idempotencyKey\": \"" + type + "-key\"}";
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Callable<Api.Reply>> calls = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                calls.add(() -> api.post("/api/events", body));
            }
            List<Api.Reply> replies = new ArrayList<>();
            for (Future<Api.Reply> f : pool.invokeAll(calls)) {
                replies.add(f.get());
            }
            assertThat(replies).extracting(Api.Reply::status).as(replies.toString()).containsOnly(200, 201);
            assertThat(replies.stream().filter(r -> r.status() == 201)).hasSize(1);
            assertThat(replies.stream().map(r -> r.json().getString("id")).distinct()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(get("/api/events?type=" + type).getInt("total")).isEqualTo(1);
        String eventId = get("/api/events?type=" + type).getJsonArray("items").getJsonObject(0).getString("id");
        assertThat(get("/api/jobs?eventId=" + eventId).getInt("total")).isEqualTo(1);
    }

    @Test
    void aBatchAnswersEachEventAndABadOneDoesNotStopTheOthers() {
        String type = unique("batch");
        rule("{\"trigger\": {\"event\": \"" + type + "\", \"offset\": \"1h\"}, \"action\": \"noop\"}");
        Api.Reply r = api.post("/api/events/batch", "[{\"type\": \"" + type + "\"}, {\"payload\": {}}, \"x\", "
                + "{\"type\": \"" + type + "\", \"idempotencyKey\": \"" + type + "\"}, {\"type\": \"" + type + "\", \"idempotencyKey\": \"" + type + "\"}]");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonArray items = r.array();
        assertThat(items).hasSize(5);
        assertThat(items.getJsonObject(0).getJsonArray("jobIds")).hasSize(1);
        assertThat(items.getJsonObject(1).getJsonObject("error").getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("type");
        assertThat(items.getJsonObject(2)).containsKey("error");
        assertThat(items.getJsonObject(3).getBoolean("duplicate")).isFalse();
        assertThat(items.getJsonObject(4).getBoolean("duplicate")).isTrue();
        assertThat(items.getJsonObject(4).getString("id")).isEqualTo(items.getJsonObject(3).getString("id"));
        assertThat(get("/api/events?type=" + type).getInt("total")).isEqualTo(2);
    }

    @Test
    void aBatchOfEventsWithoutKeysIsStoredWithEveryJobAndDecisionInTheAnswersOrder() {
        String type = unique("setbased");
        String every = rule("{\"trigger\": {\"event\": \"" + type + "\", \"offset\": \"1h\"}, \"action\": \"noop\"}");
        String big = rule("{\"trigger\": {\"event\": \"" + type + "\", \"offset\": \"1h\"}, \"action\": \"noop\", "
                + "\"when\": \"payload.n > 2\"}");
        // Unkeyed events (stored together) around a keyed one and a refused one: each answer in its place.
        StringBuilder batch = new StringBuilder("[");
        for (int n = 1; n <= 5; n++) {
            batch.append("{\"type\": \"").append(type).append("\", \"payload\": {\"n\": ").append(n).append("}}, ");
        }
        batch.append("{\"type\": \"").append(type).append("\", \"idempotencyKey\": \"").append(type)
                .append("\", \"payload\": {\"n\": 6}}, {\"payload\": {}}, ");
        batch.append("{\"type\": \"").append(type).append("\", \"payload\": {\"n\": 7}}]");
        Api.Reply r = api.post("/api/events/batch", batch.toString());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonArray items = r.array();
        assertThat(items).hasSize(8);
        assertThat(items.getJsonObject(6).getJsonObject("error").getJsonArray("errors").getJsonObject(0).getString("field"))
                .isEqualTo("type");
        for (int i : new int[]{0, 1, 2, 3, 4, 5, 7}) {
            int n = i == 7 ? 7 : i + 1;
            JsonObject answer = items.getJsonObject(i);
            assertThat(answer.getBoolean("duplicate")).isFalse();
            // Rule "every" matches each event, rule "big" only n > 2; each job carries its own event's payload.
            List<String> jobIds = answer.getJsonArray("jobIds").getValuesAs(jakarta.json.JsonString.class).stream()
                    .map(jakarta.json.JsonString::getString).toList();
            assertThat(jobIds).as("event n=%d", n).hasSize(n > 2 ? 2 : 1);
            for (String jobId : jobIds) {
                JsonObject job = get("/api/jobs/" + jobId);
                assertThat(job.getJsonObject("args").getInt("n")).isEqualTo(n);
                assertThat(job.getString("eventId")).isEqualTo(answer.getString("id"));
            }
            // Stored as answered: processed, its payload, each rule's decision.
            JsonObject stored = get("/api/events/" + answer.getString("id"));
            assertThat(stored.isNull("processedAt")).isFalse();
            assertThat(stored.getJsonObject("payload").getInt("n")).isEqualTo(n);
            assertThat(stored.getJsonArray("jobIds")).hasSize(jobIds.size());
            assertThat(decision(stored, every).getBoolean("matched")).isTrue();
            assertThat(decision(stored, big).getBoolean("matched")).isEqualTo(n > 2);
            if (n <= 2) {
                assertThat(decision(stored, big).getString("reason")).isEqualTo("condition false: payload.n > 2");
            }
        }
        assertThat(get("/api/events?type=" + type).getInt("total")).isEqualTo(7);
        assertThat(get("/api/events?type=" + type + "&processed=false").getInt("total")).isZero();
    }

    @Test
    void eventsAreListedNewestFirstAndCanBeReplayedAgainstTodaysRules() {
        String type = unique("replay");
        String firstId = post("/api/events", "{\"type\": \"" + type + "\", \"payload\": {\"n\": 1}}", 201).getString("id");
        String secondId = post("/api/events", "{\"type\": \"" + type + "\", \"payload\": {\"n\": 2}}", 201).getString("id");
        JsonObject page = get("/api/events?type=" + type + "&processed=true&limit=1");
        assertThat(page.getInt("total")).isEqualTo(2);
        assertThat(page.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(secondId);
        assertThat(get("/api/events?type=" + type + "&processed=false").getInt("total")).isZero();

        // No rule existed when it happened; one does now.
        rule("{\"trigger\": {\"event\": \"" + type + "\", \"offset\": \"1h\"}, \"action\": \"noop\"}");
        JsonObject replayed = post("/api/events/" + firstId + "/replay", "", 200);
        assertThat(replayed.getString("id")).isEqualTo(firstId);
        assertThat(replayed.getJsonArray("jobIds")).hasSize(1);
        assertThat(get("/api/jobs/" + replayed.getJsonArray("jobIds").getString(0)).getJsonObject("args").getInt("n")).isEqualTo(1);

        assertProblem(api.post("/api/events/no-such-event/replay", ""), 404, null);
        assertProblem(api.get("/api/events/no-such-event"), 404, null);
        assertProblem(api.get("/api/events?processed=maybe"), 400, "processed");
        assertProblem(api.post("/api/events", "{\"type\": \"x\", \"occurredAt\": \"yesterday\"}"), 400, "occurredAt");
        assertProblem(api.post("/api/events", "{\"payload\": {}}"), 400, "type");
        assertProblem(api.post("/api/events", "{\"type\": \"x\", \"payload\": [1]}"), 400, "payload");
    }

    @Test
    void badRulesAreRefusedNamingTheFieldAndNothingIsStored() {
        long before = get("/api/rules?limit=1").getInt("total");
        assertProblem(api.post("/api/rules", "{\"trigger\": {\"cron\": \"61 * * * *\"}, \"action\": \"noop\"}"), 400, "trigger.cron");
        assertProblem(api.post("/api/rules", "{\"trigger\": {\"cron\": \"0 9 * *\"}, \"action\": \"noop\"}"), 400, "trigger.cron");
        assertProblem(api.post("/api/rules", "{\"trigger\": {\"cron\": \"0 9 * * *\", \"timezone\": \"Mars/Olympus\"}, \"action\": \"noop\"}"), 400, "trigger.timezone");
        assertProblem(api.post("/api/rules", "{\"trigger\": {\"weekly\": \"MONDAY\", \"at\": \"9:00\"}, \"action\": \"noop\"}"), 400, "trigger.at");
        assertProblem(api.post("/api/rules", "{\"trigger\": {\"weekly\": \"MOONDAY\"}, \"action\": \"noop\"}"), 400, "trigger.weekly");
        assertProblem(api.post("/api/rules", "{\"trigger\": {\"every\": \"PT0S\"}, \"action\": \"noop\"}"), 400, "trigger.every");
        assertProblem(api.post("/api/rules", "{\"trigger\": {\"every\": \"-5s\"}, \"action\": \"noop\"}"), 400, "trigger.every");
        assertProblem(api.post("/api/rules", "{\"trigger\": {\"event\": \"x\", \"offset\": \"two days\"}, \"action\": \"noop\"}"), 400, "trigger.offset");
        assertProblem(api.post("/api/rules", "{\"trigger\": {\"event\": \"x\", \"every\": \"1m\"}, \"action\": \"noop\"}"), 400, "trigger");
        assertProblem(api.post("/api/rules", "{\"trigger\": {}, \"action\": \"noop\"}"), 400, "trigger");
        assertProblem(api.post("/api/rules", "{\"action\": \"noop\"}"), 400, "trigger");
        assertProblem(api.post("/api/rules", "{\"trigger\": {\"event\": \"x\"}, \"action\": \"no_such_action\"}"), 400, "action");
        assertProblem(api.post("/api/rules", "{\"trigger\": {\"event\": \"x\"}, \"action\": \"noop\", \"when\": \"payload.name.length() > 3\"}"), 400, "when");
        assertProblem(api.post("/api/rules", "{\"trigger\": {\"event\": \"x\"}, \"action\": \"noop\", \"when\": \"T(java.lang.Runtime).getRuntime()\"}"), 400, "when");
        assertProblem(api.post("/api/rules", "{\"trigger\": {\"event\": \"x\"}, \"action\": \"noop\", \"overlap\": \"sometimes\"}"), 400, "overlap");
        assertProblem(api.post("/api/rules", "{\"trigger\": {\"event\": \"x\"}, \"action\": \"noop\", \"misfire\": \"never\"}"), 400, "misfire");
        assertProblem(api.post("/api/rules", "{\"trigger\": {\"event\": \"x\"}, \"action\": \"noop\", \"priority\": -1}"), 400, "priority");
        assertProblem(api.post("/api/rules", "{\"trigger\": {\"event\": \"x\"}, \"action\": \"noop\", \"rateLimitPerMinute\": 0}"), 400, "rateLimitPerMinute");
        assertThat(get("/api/rules?limit=1").getInt("total")).isEqualTo(before);
    }

    @Test
    void rulesCanBeReadChangedPausedAndDeletedWhichCancelsTheirPendingJobs() {
        String type = unique("crud");
        String id = rule("{\"name\": \"crud rule\", \"trigger\": {\"event\": \"" + type + "\", \"offset\": \"1h\"}, \"action\": \"noop\"}");
        JsonObject rule = get("/api/rules/" + id);
        assertThat(rule.getString("name")).isEqualTo("crud rule");
        assertThat(rule.getString("source")).isEqualTo("api");
        assertThat(rule.getJsonArray("nextFireTimes")).isEmpty();

        Api.Reply patched = api.patch("/api/rules/" + id, "{\"priority\": 7, \"rateLimitPerMinute\": 30, \"when\": \"payload.vip == true\"}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().getInt("priority")).isEqualTo(7);
        assertThat(patched.json().getInt("rateLimitPerMinute")).isEqualTo(30);
        assertThat(patched.json().getString("when")).isEqualTo("payload.vip == true");
        assertThat(post("/api/events", "{\"type\": \"" + type + "\", \"payload\": {\"vip\": false}}", 201).getJsonArray("jobIds")).isEmpty();
        String jobId = post("/api/events", "{\"type\": \"" + type + "\", \"payload\": {\"vip\": true}}", 201).getJsonArray("jobIds").getString(0);
        assertThat(get("/api/jobs/" + jobId).getInt("priority")).isEqualTo(7);
        assertProblem(api.patch("/api/rules/" + id, "{\"when\": \"payload.x(\"}"), 400, "when");

        assertThat(api.patch("/api/rules/" + id, "{\"enabled\": false}").json().getBoolean("enabled")).isFalse();
        assertThat(post("/api/events", "{\"type\": \"" + type + "\", \"payload\": {\"vip\": true}}", 201).getJsonArray("jobIds")).isEmpty();

        assertThat(api.delete("/api/rules/" + id).status()).isEqualTo(204);
        assertThat(get("/api/jobs/" + jobId).getString("status")).isEqualTo("CANCELLED");
        assertProblem(api.get("/api/rules/" + id), 404, null);
        assertProblem(api.delete("/api/rules/" + id), 404, null);
    }

    @Test
    void aJobOfTheEventActionTriggersOtherRules() {
        String placed = unique("placed");
        String confirmed = unique("confirmed");
        rule("{\"trigger\": {\"event\": \"" + placed + "\"}, \"action\": \"event\", \"args\": {\"type\": \"" + confirmed + "\"}}");
        String second = rule("{\"trigger\": {\"event\": \"" + confirmed + "\"}, \"action\": \"noop\"}");
        post("/api/events", "{\"type\": \"" + placed + "\", \"payload\": {\"order\": \"o-1\"}}", 201);
        JsonObject chained = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/api/jobs?ruleId=" + second), p -> p.getInt("total") == 1
                        && "SUCCEEDED".equals(p.getJsonArray("items").getJsonObject(0).getString("status")));
        assertThat(chained.getJsonArray("items").getJsonObject(0).getJsonObject("args").getString("order")).isEqualTo("o-1");
        JsonObject event = get("/api/events?type=" + confirmed);
        assertThat(event.getInt("total")).isEqualTo(1);
        assertThat(event.getJsonArray("items").getJsonObject(0).getString("idempotencyKey")).startsWith("job:");
    }

    @Test
    void theReadmeExamplesWorkAsWrittenInJava() {
        JsonObject rules = get("/api/rules?limit=1000");
        assertThat(rules.getJsonArray("items").getValuesAs(JsonObject.class))
                .filteredOn(r -> "code".equals(r.getString("source")))
                .extracting(r -> r.getString("name"))
                .contains("user_signup -> send_welcome_email", "payment_received -> send_premium_receipt",
                        "order_placed -> send_order_confirmation", "order_placed -> send_review_request");

        // A week ahead of the clock, on a whole hour: every job stays due in the future while the test looks at it.
        Instant t = Instant.now().plus(java.time.Duration.ofDays(7)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        String signupJob = post("/api/events", "{\"type\": \"user_signup\", \"payload\": {\"user_id\": \"123\"}, \"occurredAt\": \"" + t + "\"}", 201)
                .getJsonArray("jobIds").getString(0);
        JsonObject welcome = get("/api/jobs/" + signupJob);
        assertThat(welcome.getString("action")).isEqualTo("send_welcome_email");
        assertThat(welcome.getString("performAt")).isEqualTo(t.plus(java.time.Duration.ofDays(2)).toString());

        JsonArray premium = post("/api/events", "{\"type\": \"payment_received\", \"payload\": {\"amount\": 1500}, \"occurredAt\": \"" + t + "\"}", 201)
                .getJsonArray("jobIds");
        assertThat(premium).hasSize(1);
        assertThat(get("/api/jobs/" + premium.getString(0)).getString("performAt")).isEqualTo(t.plus(java.time.Duration.ofDays(1)).toString());
        assertThat(post("/api/events", "{\"type\": \"payment_received\", \"payload\": {\"amount\": 999}}", 201).getJsonArray("jobIds")).isEmpty();

        List<String> order = strings(post("/api/events", "{\"type\": \"order_placed\", \"payload\": {\"order_id\": \"o-9\"}, \"occurredAt\": \"" + t + "\"}", 201)
                .getJsonArray("jobIds"));
        assertThat(order).hasSize(2);
        assertThat(order.stream().map(id -> get("/api/jobs/" + id)).map(j -> j.getString("action") + "@" + j.getString("performAt")))
                .containsExactlyInAnyOrder("send_order_confirmation@" + t.plus(java.time.Duration.ofMinutes(15)),
                        "send_review_request@" + t.plus(java.time.Duration.ofDays(1)));

        // The performer bean runs when the job is due: bring the welcome email forward.
        assertThat(api.patch("/api/jobs/" + signupJob, "{\"time\": \"" + Instant.now() + "\"}").status()).isEqualTo(200);
        awaitJob(signupJob, "SUCCEEDED");
        assertThat(strings(get("/api/test-support/performed").getJsonArray("runs")))
                .anyMatch(run -> run.startsWith("send_welcome_email:" + signupJob + ":1:") && run.contains("\"user_id\":\"123\""));
    }

    @Test
    void theRulesFileIsLoadedAndReloadable() {
        JsonObject rules = get("/api/rules?limit=1000");
        assertThat(rules.getJsonArray("items").getValuesAs(JsonObject.class))
                .filteredOn(r -> "file".equals(r.getString("source")))
                .extracting(r -> r.getString("id"))
                .contains("file:file-audit", "file:file-nightly");
        JsonObject nightly = get("/api/rules/file:file-nightly");
        assertThat(nightly.getJsonArray("nextFireTimes")).hasSize(5);
        assertThat(nightly.getJsonArray("nextFireTimes").getString(0)).matches(".*T0[23]:00:00Z");
        assertProblem(api.patch("/api/rules/file:file-nightly", "{\"action\": \"log\"}"), 400, "action");
        assertProblem(api.delete("/api/rules/file:file-audit"), 409, null);

        JsonObject reloaded = post("/api/rules/reload", "", 200);
        assertThat(reloaded.getInt("fileRules")).isEqualTo(2);
        assertThat(reloaded.getInt("codeRules")).isGreaterThanOrEqualTo(5);
        assertThat(reloaded.getJsonObject("problems")).isEmpty();
        JsonArray jobs = post("/api/events", "{\"type\": \"it_audit\"}", 201).getJsonArray("jobIds");
        assertThat(get("/api/jobs/" + jobs.getString(0)).getJsonObject("args").getString("from")).isEqualTo("file");
    }

    @Test
    void aCdiEventFiredInATransactionCommitsOrRollsBackWithIt() {
        String committedUser = unique("u");
        String committedKey = unique("commit");
        assertThat(api.post("/api/test-support/signup?user=" + committedUser + "&key=" + committedKey, "").status()).isEqualTo(204);
        JsonObject events = get("/api/events?type=it_signup&limit=1000");
        JsonObject committed = events.getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(e -> committedKey.equals(e.getString("idempotencyKey", null))).findFirst().orElseThrow();
        assertThat(get("/api/jobs?eventId=" + committed.getString("id")).getInt("total")).isEqualTo(1);

        long eventsBefore = get("/api/stats").getJsonNumber("events").longValue();
        long jobsBefore = get("/api/jobs?action=send_welcome_email&limit=1").getInt("total");
        String rolledBackKey = unique("rollback");
        Api.Reply failed = api.post("/api/test-support/signup?user=x&fail=true&key=" + rolledBackKey, "");
        assertThat(failed.status()).as(failed.toString()).isEqualTo(409);
        assertThat(get("/api/stats").getJsonNumber("events").longValue()).isEqualTo(eventsBefore);
        assertThat(get("/api/jobs?action=send_welcome_email&limit=1").getInt("total")).isEqualTo(jobsBefore);
        // The key was never used: the same event can happen for real later.
        assertThat(api.post("/api/test-support/signup?user=x&key=" + rolledBackKey, "").status()).isEqualTo(204);

        String asyncKey = unique("async");
        assertThat(api.post("/api/test-support/signup?user=y&async=true&key=" + asyncKey, "").status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/events?type=it_signup&limit=1000").getJsonArray("items")
                .getValuesAs(JsonObject.class).stream().anyMatch(e -> asyncKey.equals(e.getString("idempotencyKey", null))));
    }

    @Test
    void statsCountEventsAndRules() {
        JsonObject stats = get("/api/stats");
        assertThat(stats.getJsonNumber("rules").longValue()).isGreaterThanOrEqualTo(7);
        long events = stats.getJsonNumber("events").longValue();
        Api.Reply stored = api.post("/api/events", "{\"type\": \"stats_probe\"}");
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        // Other tests may store events meanwhile: at least this one more.
        assertThat(get("/api/stats").getJsonNumber("events").longValue()).isGreaterThan(events);
    }
}
