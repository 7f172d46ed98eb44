package dev.timeos.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Direct jobs through the REST contract, on the real WAR in a real Liberty. */
@ExtendWith(ArquillianExtension.class)
class JobsApiIT {

    /** Far enough ahead that these jobs never run during the test; from the clock, never a date that will pass. */
    private static final String LATER = Instant.now().plus(Duration.ofDays(365)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();

    private final Api api = Api.local();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.timeos();
    }

    private JsonObject create(String json) {
        Api.Reply r = api.post("/api/jobs", json);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    private JsonObject job(String id) {
        Api.Reply r = api.get("/api/jobs/" + id);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private JsonObject awaitStatus(String id, String status, Duration within) {
        return await().atMost(within).pollInterval(Duration.ofMillis(50))
                .until(() -> job(id), j -> status.equals(j.getString("status")));
    }

    private static void assertProblem(Api.Reply r, int status, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonObject p = r.json();
        assertThat(p.getInt("status")).isEqualTo(status);
        assertThat(p.getString("type")).isNotBlank();
        assertThat(p.getString("title")).isNotBlank();
        assertThat(p.getString("detail")).isNotBlank();
        if (field != null) {
            assertThat(p.getJsonArray("errors").getValuesAs(JsonObject.class))
                    .extracting(e -> e.getString("field")).contains(field);
        }
    }

    private long totalJobs() {
        JsonObject jobs = api.get("/api/stats").json().getJsonObject("jobs");
        return jobs.values().stream().mapToLong(v -> ((jakarta.json.JsonNumber) v).longValue()).sum();
    }

    @Test
    void jobDueInTwoSecondsSucceedsWithinThreeWithOneExecution() {
        Instant due = Instant.now().plusSeconds(2);
        JsonObject created = create("{\"action\": \"noop\", \"time\": \"" + due + "\"}");
        assertThat(created.getString("status")).isEqualTo("SCHEDULED");
        assertThat(created.getString("performAt")).isEqualTo(due.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());

        JsonObject done = awaitStatus(created.getString("id"), "SUCCEEDED", Duration.ofSeconds(3));
        JsonArray executions = done.getJsonArray("executions");
        assertThat(executions).hasSize(1);
        JsonObject x = executions.getJsonObject(0);
        assertThat(x.getString("outcome")).isEqualTo("SUCCEEDED");
        assertThat(x.getInt("attempt")).isEqualTo(1);
        // Never before its due time.
        assertThat(Instant.parse(x.getString("startedAt"))).isAfterOrEqualTo(due.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(done.getInt("attempt")).isEqualTo(1);
    }

    @Test
    void jobWithoutTimeRunsNowAndEchoesTheContractFields() {
        JsonObject created = create("{\"action\": \"log\", \"payload\": {\"user_id\": \"123\"}, \"priority\": 5, "
                + "\"maxAttempts\": 4, \"backoff\": \"2s\", \"timeout\": \"PT30S\"}");
        for (String field : List.of("id", "ruleId", "eventId", "action", "target", "args", "performAt", "priority", "status",
                "attempt", "maxAttempts", "lastError", "dependsOn", "createdAt", "startedAt", "finishedAt")) {
            assertThat(created).containsKey(field);
        }
        assertThat(created.getJsonObject("args").getString("user_id")).isEqualTo("123");
        assertThat(created.getInt("priority")).isEqualTo(5);
        assertThat(created.getInt("maxAttempts")).isEqualTo(4);
        assertThat(created.getString("backoff")).isEqualTo("PT2S");
        awaitStatus(created.getString("id"), "SUCCEEDED", Duration.ofSeconds(5));
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndStoresNothing() {
        long before = totalJobs();
        assertProblem(api.post("/api/jobs", "{\"action\": \"no_such_action\"}"), 400, "action");
        assertProblem(api.post("/api/jobs", "{\"action\": \"noop\", \"time\": \"tomorrow\"}"), 400, "time");
        assertProblem(api.post("/api/jobs", "{\"action\": \"noop\", \"priority\": -1}"), 400, "priority");
        assertProblem(api.post("/api/jobs", "{\"action\": \"noop\", \"priority\": \"high\"}"), 400, "priority");
        assertProblem(api.post("/api/jobs", "{\"action\": \"noop\", \"maxAttempts\": 0}"), 400, "maxAttempts");
        assertProblem(api.post("/api/jobs", "{\"action\": \"noop\", \"backoff\": \"soon\"}"), 400, "backoff");
        assertProblem(api.post("/api/jobs", "{\"action\": \"noop\", \"tme\": \"2026-01-01T00:00:00Z\"}"), 400, "tme");
        assertProblem(api.post("/api/jobs", "{\"action\": \"noop\", \"dependsOn\": \"no-such-job\"}"), 400, "dependsOn");
        assertProblem(api.post("/api/jobs", "{\"time\": \"2026-01-01T00:00:00Z\"}"), 400, "action");
        assertProblem(api.post("/api/jobs", "this is not json"), 400, "body");
        assertProblem(api.post("/api/jobs", "[1, 2]"), 400, "body");
        assertProblem(api.post("/api/jobs", ""), 400, "body");
        // Several bad fields at once are all named: malformed values first, then values that are well formed but refused.
        Api.Reply malformed = api.post("/api/jobs", "{\"action\": \"noop\", \"priority\": \"high\", \"time\": \"x\"}");
        assertProblem(malformed, 400, "time");
        assertThat(malformed.json().getJsonArray("errors")).hasSize(2);
        Api.Reply refused = api.post("/api/jobs", "{\"action\": \"nope\", \"priority\": -3}");
        assertProblem(refused, 400, "priority");
        assertThat(refused.json().getJsonArray("errors")).hasSize(2);
        assertThat(totalJobs()).isEqualTo(before);
    }

    @Test
    void batchAnswersEachItemInOrderAndABadItemDoesNotStopTheOthers() {
        String future = Instant.now().plusSeconds(3600).toString();
        Api.Reply r = api.post("/api/jobs/batch", "[{\"action\": \"noop\", \"time\": \"" + future + "\"}, "
                + "{\"action\": \"nope\"}, 42, {\"action\": \"noop\", \"priority\": -1}, "
                + "{\"action\": \"log\", \"time\": \"" + future + "\"}]");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonArray items = r.array();
        assertThat(items).hasSize(5);
        assertThat(items.getJsonObject(0).getString("id")).isNotBlank();
        assertThat(items.getJsonObject(1).getJsonObject("error").getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("action");
        assertThat(items.getJsonObject(2)).containsKey("error");
        assertThat(items.getJsonObject(3).getJsonObject("error").getInt("status")).isEqualTo(400);
        String last = items.getJsonObject(4).getString("id");
        assertThat(job(last).getString("status")).isEqualTo("SCHEDULED");
        api.post("/api/jobs/cancel", "{\"ids\": [\"" + items.getJsonObject(0).getString("id") + "\", \"" + last + "\"]}");
    }

    @Test
    void batchOverAThousandIsRefusedWhole() {
        long before = totalJobs();
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"action\": \"noop\", \"time\": \"" + LATER + "\"}");
        }
        assertProblem(api.post("/api/jobs/batch", sb.append("]").toString()), 400, "body");
        assertThat(totalJobs()).isEqualTo(before);
    }

    @Test
    void listFiltersByStatusAndActionAndPages() {
        String future = Instant.now().plusSeconds(3600).toString();
        String a = create("{\"action\": \"log\", \"time\": \"" + future + "\"}").getString("id");
        String b = create("{\"action\": \"log\", \"time\": \"" + future + "\"}").getString("id");
        JsonObject page = api.get("/api/jobs?status=SCHEDULED&action=log&limit=1").json();
        assertThat(page.getJsonArray("items")).hasSize(1);
        assertThat(page.getJsonNumber("total").longValue()).isGreaterThanOrEqualTo(2);
        // Newest first.
        assertThat(page.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(b);
        JsonObject second = api.get("/api/jobs?status=SCHEDULED&action=log&limit=1&offset=1").json();
        assertThat(second.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(a);

        assertProblem(api.get("/api/jobs?status=SLEEPING"), 400, "status");
        assertProblem(api.get("/api/jobs?limit=1001"), 400, "limit");
        assertProblem(api.get("/api/jobs?limit=0"), 400, "limit");
        assertProblem(api.get("/api/jobs?offset=-1"), 400, "offset");
        api.post("/api/jobs/cancel", "{\"ids\": [\"" + a + "\", \"" + b + "\"]}");
    }

    @Test
    void unknownJobIsNotFound() {
        assertProblem(api.get("/api/jobs/00000000-0000-0000-0000-000000000000"), 404, null);
        assertProblem(api.patch("/api/jobs/nope", "{\"time\": \"2030-01-01T00:00:00Z\"}"), 404, null);
        assertProblem(api.delete("/api/jobs/nope"), 404, null);
        assertProblem(api.get("/api/no-such-endpoint"), 404, null);
    }

    @Test
    void rescheduleMovesAPendingJobAndRefusesAFinishedOne() {
        String id = create("{\"action\": \"noop\", \"time\": \"" + LATER + "\"}").getString("id");
        Instant soon = Instant.now().plusMillis(500).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Api.Reply r = api.patch("/api/jobs/" + id, "{\"time\": \"" + soon + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().getString("performAt")).isEqualTo(soon.toString());
        // The dispatcher wakes for the new, sooner time.
        awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(3));
        assertProblem(api.patch("/api/jobs/" + id, "{\"time\": \"" + LATER + "\"}"), 409, null);
        assertProblem(api.patch("/api/jobs/" + id, "{\"time\": \"later\"}"), 400, "time");
        assertProblem(api.patch("/api/jobs/" + id, "{}"), 400, "time");
    }

    @Test
    void cancelOneAndManyReportsWhatHappenedToEach() {
        String a = create("{\"action\": \"noop\", \"time\": \"" + LATER + "\"}").getString("id");
        String b = create("{\"action\": \"noop\", \"time\": \"" + LATER + "\"}").getString("id");
        String done = create("{\"action\": \"noop\"}").getString("id");
        awaitStatus(done, "SUCCEEDED", Duration.ofSeconds(5));

        assertThat(api.delete("/api/jobs/" + a).status()).isEqualTo(204);
        assertThat(job(a).getString("status")).isEqualTo("CANCELLED");
        assertProblem(api.delete("/api/jobs/" + done), 409, null);

        Api.Reply r = api.post("/api/jobs/cancel", "{\"ids\": [\"" + b + "\", \"missing\", \"" + done + "\"]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().getJsonArray("cancelled").getString(0)).isEqualTo(b);
        assertThat(r.json().getJsonArray("notFound").getString(0)).isEqualTo("missing");
        assertThat(r.json().getJsonArray("notCancellable").getString(0)).isEqualTo(done);
        assertProblem(api.post("/api/jobs/cancel", "{\"ids\": \"x\"}"), 400, "ids");
        // PostgreSQL refuses NUL in text: an id carrying one reached it unchecked (a 500), and nothing is cancelled.
        Api.Reply nul = api.post("/api/jobs/cancel", "{\"ids\": [\"" + a + "\", \"x\\u0000y\"]}");
        assertProblem(nul, 400, "ids");
    }

    @Test
    void valuesTimeOSCouldNotKeepAsGivenAreRefusedByName() {
        // Kept in milliseconds: a finer timeout was stored as 0 and every attempt timed out at once.
        assertProblem(api.post("/api/jobs", "{\"action\": \"noop\", \"timeout\": \"PT0.0001S\"}"), 400, "timeout");
        // No character at all: PostgreSQL's driver wrote it as '?', and two keys became one.
        assertProblem(api.post("/api/events", "{\"type\": \"t\", \"idempotencyKey\": \"k\\ud800\"}"), 400,
                "idempotencyKey");
        // Header values the HTTP client cannot send, and a port out of range: jobs that could only fail.
        assertProblem(api.post("/api/jobs", "{\"action\": \"http\", \"target\": \"https://hooks.example.com/\", "
                + "\"payload\": {\"http\": {\"headers\": {\"X-V\": \"\\u4e2d\"}}}}"), 400, "payload.http.headers.X-V");
        assertProblem(api.post("/api/jobs", "{\"action\": \"http\", \"target\": \"https://hooks.example.com:99999/\"}"),
                400, "target");
    }

    @Test
    void aCancelledJobSaysWhoCancelledIt() {
        String byDelete = create("{\"action\": \"noop\", \"time\": \"" + LATER + "\"}").getString("id");
        String byBatch = create("{\"action\": \"noop\", \"time\": \"" + LATER + "\"}").getString("id");
        api.delete("/api/jobs/" + byDelete).expect(204);
        api.post("/api/jobs/cancel", "{\"ids\": [\"" + byBatch + "\"]}").expect(200);
        assertThat(job(byDelete).getString("lastError")).isEqualTo("cancelled by " + Api.adminUser());
        assertThat(job(byBatch).getString("lastError")).isEqualTo("cancelled by " + Api.adminUser());
        // A second cancel changes nothing: the first still says who.
        api.delete("/api/jobs/" + byDelete).expect(204);
        assertThat(job(byDelete).getString("lastError")).isEqualTo("cancelled by " + Api.adminUser());

        String type = "cancel_by_rule_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String rule = api.post("/api/rules", "{\"trigger\": {\"event\": \"" + type + "\", \"offset\": \"P1D\"}, "
                + "\"action\": \"noop\"}").expect(201).json().getString("id");
        String planned = api.post("/api/events", "{\"type\": \"" + type + "\"}").expect(201).json()
                .getJsonArray("jobIds").getString(0);
        String waiting = create("{\"action\": \"noop\", \"dependsOn\": \"" + planned + "\"}").getString("id");
        api.delete("/api/rules/" + rule).expect(204);
        JsonObject cancelled = job(planned);
        assertThat(cancelled.getString("status")).isEqualTo("CANCELLED");
        assertThat(cancelled.getString("lastError")).isEqualTo("cancelled: rule " + rule + " was deleted by " + Api.adminUser());
        assertThat(job(waiting).getString("lastError")).isEqualTo("cancelled: dependency " + planned + " was cancelled");
    }

    @Test
    void failuresAreRetriedWithBackoffThenSucceedAndEveryAttemptIsRecorded() {
        String id = create("{\"action\": \"test-flaky\", \"payload\": {\"failTimes\": 2}, \"maxAttempts\": 3, "
                + "\"backoff\": \"100ms\"}").getString("id");
        JsonObject done = awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(10));
        List<JsonObject> executions = done.getJsonArray("executions").getValuesAs(JsonObject.class);
        assertThat(executions).extracting(x -> x.getString("outcome")).containsExactly("FAILED", "FAILED", "SUCCEEDED");
        assertThat(executions).extracting(x -> x.getInt("attempt")).containsExactly(1, 2, 3);
        assertThat(executions.get(0).getString("error")).contains("planned failure 1");
        // Exponential: the second retry waited at least twice the base.
        Instant firstEnd = Instant.parse(executions.get(0).getString("finishedAt"));
        Instant secondStart = Instant.parse(executions.get(1).getString("startedAt"));
        Instant secondEnd = Instant.parse(executions.get(1).getString("finishedAt"));
        Instant thirdStart = Instant.parse(executions.get(2).getString("startedAt"));
        assertThat(Duration.between(firstEnd, secondStart)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(Duration.between(secondEnd, thirdStart)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aJobThatKeepsFailingIsDeadLetteredAndCanBeRetriedOrDeleted() {
        String id = create("{\"action\": \"test-flaky\", \"maxAttempts\": 2, \"backoff\": \"50ms\"}").getString("id");
        JsonObject dead = awaitStatus(id, "DEAD", Duration.ofSeconds(10));
        assertThat(dead.getJsonArray("executions")).hasSize(2);
        assertThat(dead.getString("lastError")).contains("planned failure 2");

        JsonObject letters = api.get("/api/dead-letters?limit=1000").json();
        assertThat(letters.getJsonArray("items").getValuesAs(JsonObject.class)).extracting(j -> j.getString("id")).contains(id);

        Api.Reply retried = api.post("/api/dead-letters/" + id + "/retry", "");
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.json().getString("status")).isEqualTo("SCHEDULED");
        assertThat(retried.json().getInt("attempt")).isEqualTo(0);
        JsonObject deadAgain = awaitStatus(id, "DEAD", Duration.ofSeconds(10));
        assertThat(deadAgain.getJsonArray("executions")).hasSize(4);

        assertThat(api.delete("/api/dead-letters/" + id).status()).isEqualTo(204);
        assertProblem(api.get("/api/jobs/" + id), 404, null);
        assertProblem(api.post("/api/dead-letters/" + id + "/retry", ""), 404, null);
    }

    @Test
    void aPermanentFailureGoesStraightToTheDeadLetterQueue() {
        String id = create("{\"action\": \"test-permanent\", \"maxAttempts\": 5}").getString("id");
        JsonObject dead = awaitStatus(id, "DEAD", Duration.ofSeconds(5));
        assertThat(dead.getJsonArray("executions")).hasSize(1);
        assertProblem(api.post("/api/dead-letters/" + create("{\"action\": \"noop\", \"time\": \"" + LATER + "\"}")
                .getString("id") + "/retry", ""), 409, null);
    }

    @Test
    void aDependentJobWaitsForItsDependencyAndDiesWithIt() {
        String first = create("{\"action\": \"noop\", \"time\": \"" + Instant.now().plusMillis(800) + "\"}").getString("id");
        JsonObject second = create("{\"action\": \"noop\", \"dependsOn\": \"" + first + "\"}");
        assertThat(second.getString("status")).isEqualTo("WAITING");
        awaitStatus(second.getString("id"), "SUCCEEDED", Duration.ofSeconds(5));
        assertThat(Instant.parse(job(second.getString("id")).getString("startedAt")))
                .isAfterOrEqualTo(Instant.parse(job(first).getString("finishedAt")));

        String doomed = create("{\"action\": \"test-permanent\", \"time\": \"" + Instant.now().plusMillis(500) + "\"}").getString("id");
        String orphan = create("{\"action\": \"noop\", \"dependsOn\": \"" + doomed + "\"}").getString("id");
        String grandOrphan = create("{\"action\": \"noop\", \"dependsOn\": \"" + orphan + "\"}").getString("id");
        awaitStatus(grandOrphan, "CANCELLED", Duration.ofSeconds(5));
        assertThat(job(orphan).getString("status")).isEqualTo("CANCELLED");
        assertThat(job(orphan).getString("lastError")).isEqualTo("cancelled: dependency " + doomed + " is DEAD");
        assertThat(job(grandOrphan).getString("lastError")).isEqualTo("cancelled: dependency " + orphan + " was cancelled");
    }

    @Test
    void aJobRunningPastItsTimeoutIsInterruptedAndRecordedAsTimeout() {
        String id = create("{\"action\": \"test-slow\", \"payload\": {\"millis\": 60000, \"always\": true}, "
                + "\"timeout\": \"300ms\", \"maxAttempts\": 1}").getString("id");
        JsonObject dead = awaitStatus(id, "DEAD", Duration.ofSeconds(5));
        assertThat(dead.getString("lastError")).contains("timeout");
        assertThat(dead.getJsonArray("executions").getJsonObject(0).getString("outcome")).isEqualTo("TIMEOUT");
    }

    @Test
    void cancellingARunningJobStopsIt() {
        String id = create("{\"action\": \"test-slow\", \"payload\": {\"millis\": 60000, \"always\": true}}").getString("id");
        awaitStatus(id, "RUNNING", Duration.ofSeconds(5));
        assertThat(api.delete("/api/jobs/" + id).status()).isEqualTo(204);
        JsonObject cancelled = await().atMost(Duration.ofSeconds(5)).until(() -> job(id),
                j -> j.getJsonArray("executions").size() == 1);
        assertThat(cancelled.getString("status")).isEqualTo("CANCELLED");
        assertThat(cancelled.getJsonArray("executions").getJsonObject(0).getString("outcome")).isEqualTo("CANCELLED");
    }

    @Test
    void statsCountJobsPerStatus() {
        JsonObject stats = api.get("/api/stats").json();
        assertThat(stats.getJsonObject("jobs").keySet())
                .containsExactlyInAnyOrder("SCHEDULED", "WAITING", "RUNNING", "SUCCEEDED", "FAILED", "DEAD", "CANCELLED");
        assertThat(stats).containsKeys("events", "rules");
    }

    @Test
    void aFailingLifecycleObserverDoesNotUndoTheJob() {
        // Due a year from now at the millisecond the application's FailingObserver throws for.
        Instant due = Instant.now().plus(Duration.ofDays(365)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .plusMillis(TestSupport.FailingObserver.FAILS_AT_MILLISECOND);
        String id = create("{\"action\": \"noop\", \"time\": \"" + due + "\"}").getString("id");
        assertThat(job(id).getString("status")).isEqualTo("SCHEDULED");
        // The observer did throw for it: the job survived a real failure, not a missed one.
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/test-support/failing-observer")
                .json().getJsonArray("thrownFor").getValuesAs(jakarta.json.JsonString.class).stream()
                .anyMatch(thrown -> thrown.getString().equals(id)));
        api.delete("/api/jobs/" + id);
    }
}
