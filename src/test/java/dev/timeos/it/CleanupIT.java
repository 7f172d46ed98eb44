package dev.timeos.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retention (issue 11) on the real WAR: what is old goes, in bounded batches, with its executions and decisions; dead
 * letters, jobs still to run and events that a kept job refers to stay. Retention 0 days makes everything that ended
 * before now "old" without moving any clock (the suite's other classes have finished with their data by then).
 */
@ExtendWith(ArquillianExtension.class)
class CleanupIT {

    private final Api api = Api.local();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.timeos();
    }

    private String job(String json) {
        return api.post("/api/jobs", json).expect(201).json().getString("id");
    }

    private String status(String jobId) {
        return api.get("/api/jobs/" + jobId).expect(200).json().getString("status");
    }

    private void awaitStatus(String jobId, String expected) {
        await(jobId + " " + expected).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> status(jobId).equals(expected));
    }

    @Test
    void oldEndedJobsAndEventsAreRemovedWhileDeadLettersAndPendingWorkStay() {
        String type = "cleanup_" + UUID.randomUUID().toString().substring(0, 8);
        api.post("/api/rules", "{\"name\": \"" + type + "\", \"trigger\": {\"event\": \"" + type + "\"}, "
                + "\"action\": \"test-permanent\", \"when\": \"payload.die == true\"}").expect(201);
        String succeeded = job("{\"action\": \"noop\"}");
        String dead = job("{\"action\": \"test-permanent\", \"maxAttempts\": 1}");
        String cancelled = job("{\"action\": \"noop\", \"time\": \"" + Instant.now().plus(Duration.ofDays(1)) + "\"}");
        String pending = job("{\"action\": \"noop\", \"time\": \"" + Instant.now().plus(Duration.ofDays(1)) + "\"}");
        api.delete("/api/jobs/" + cancelled).expect(204);
        // An event no job refers to (its rule's condition is false), and one whose job goes to the dead letters.
        String freeEvent = api.post("/api/events", "{\"type\": \"" + type + "\", \"payload\": {\"die\": false}}").expect(201)
                .json().getString("id");
        JsonObject withDead = api.post("/api/events", "{\"type\": \"" + type + "\", \"payload\": {\"die\": true}}").expect(201).json();
        String keptEvent = withDead.getString("id");
        String deadOfEvent = withDead.getJsonArray("jobIds").getString(0);
        awaitStatus(succeeded, "SUCCEEDED");
        awaitStatus(dead, "DEAD");
        awaitStatus(deadOfEvent, "DEAD");

        // Configured retention (days): nothing of this test is old yet.
        JsonObject before = api.get("/api/cleanup/stats").expect(200).json();
        for (String n : new String[]{"oldEvents", "oldSuccessfulJobs", "oldFailedJobs", "totalCleanable"}) {
            assertThat(before.getJsonNumber(n).longValue()).as(n).isNotNegative();
        }
        assertThat(before.getJsonNumber("totalCleanable").longValue()).isEqualTo(before.getJsonNumber("oldEvents").longValue()
                + before.getJsonNumber("oldSuccessfulJobs").longValue() + before.getJsonNumber("oldFailedJobs").longValue());
        assertThat(before.getJsonObject("retention").getString("successfulJobs")).isEqualTo("PT168H");

        // Ended before now with a retention of 0 days: old.
        JsonObject removed = api.post("/api/cleanup", "{\"eventsRetentionDays\": 0, \"successJobsRetentionDays\": 0, "
                + "\"failedJobsRetentionDays\": 0}").expect(200).json();
        assertThat(removed.getJsonNumber("removedSuccessfulJobs").longValue()).isPositive();
        assertThat(removed.getJsonNumber("removedFailedJobs").longValue()).isPositive();
        assertThat(removed.getJsonNumber("removedEvents").longValue()).isPositive();
        assertThat(removed.getJsonNumber("totalRemoved").longValue()).isEqualTo(removed.getJsonNumber("removedEvents").longValue()
                + removed.getJsonNumber("removedSuccessfulJobs").longValue() + removed.getJsonNumber("removedFailedJobs").longValue());
        assertThat(removed.getInt("batches")).isGreaterThanOrEqualTo(3);

        api.get("/api/jobs/" + succeeded).expect(404);
        api.get("/api/jobs/" + cancelled).expect(404);
        api.get("/api/events/" + freeEvent).expect(404);
        // Dead letters are never removed, nor what is still to run, nor the event a dead letter came from.
        assertThat(status(dead)).isEqualTo("DEAD");
        assertThat(status(deadOfEvent)).isEqualTo("DEAD");
        assertThat(api.get("/api/jobs/" + dead).json().getJsonArray("executions")).hasSize(1);
        assertThat(status(pending)).isEqualTo("SCHEDULED");
        assertThat(api.get("/api/events/" + keptEvent).expect(200).json().getJsonArray("rules")).hasSize(1);

        // A second pass finds nothing more of it: the stats with the same retention agree.
        JsonObject again = api.post("/api/cleanup", "{\"eventsRetentionDays\": 0, \"successJobsRetentionDays\": 0, "
                + "\"failedJobsRetentionDays\": 0}").expect(200).json();
        assertThat(again.getJsonNumber("removedFailedJobs").longValue()).isZero();
        api.delete("/api/jobs/" + pending).expect(204);
    }

    @Test
    void theTimerRunsPassesWithTheConfiguredRetention() {
        // The suite's server runs the cleanup every 10 s (TIMEOS_CLEANUP_INTERVAL in pom.xml).
        await("a cleanup pass by the timer").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !api.get("/api/cleanup/stats").expect(200).json().isNull("lastRun"));
        JsonObject last = api.get("/api/cleanup/stats").json().getJsonObject("lastRun");
        assertThat(Instant.parse(last.getString("at"))).isAfter(Instant.now().minus(Duration.ofMinutes(10)));
    }

    @Test
    void badRetentionIsRefusedNamingTheFieldAndRemovesNothing() {
        Api.Reply r = api.post("/api/cleanup", "{\"eventsRetentionDays\": -1, \"successJobsRetentionDays\": \"soon\", \"x\": 1}");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().getJsonArray("errors").getValuesAs(JsonObject.class)).extracting(e -> e.getString("field"))
                .contains("eventsRetentionDays", "successJobsRetentionDays", "x");
    }

    @Test
    void aViewerMayReadTheStatsButNotClean() {
        Api viewer = Api.local(Api.viewerUser(), Api.viewerPassword());
        viewer.get("/api/cleanup/stats").expect(200);
        assertThat(viewer.post("/api/cleanup", "{}").status()).isEqualTo(403);
    }
}
