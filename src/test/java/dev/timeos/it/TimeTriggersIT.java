package dev.timeos.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Time rules end to end: each occurrence becomes one job, due exactly at the occurrence. */
@ExtendWith(ArquillianExtension.class)
class TimeTriggersIT {

    private final Api api = Api.local();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.timeos();
    }

    private JsonObject get(String path) {
        return api.get(path).expect(200).json();
    }

    private JsonObject rule(String json) {
        Api.Reply r = api.post("/api/rules", json);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    private List<JsonObject> jobs(String ruleId, String status) {
        return get("/api/jobs?limit=1000&ruleId=" + ruleId + (status == null ? "" : "&status=" + status))
                .getJsonArray("items").getValuesAs(JsonObject.class);
    }

    private static Instant at(JsonObject job, String field) {
        return Instant.parse(job.getString(field));
    }

    @Test
    void anIntervalRuleRunsEachOccurrenceOnceOnTimeAndStopsWhenPaused() {
        JsonObject rule = rule("{\"trigger\": {\"every\": \"1s\"}, \"action\": \"noop\"}");
        String id = rule.getString("id");
        List<Instant> next = rule.getJsonArray("nextFireTimes").getValuesAs(JsonString.class).stream()
                .map(s -> Instant.parse(s.getString())).toList();
        assertThat(next).hasSize(5);
        assertThat(Duration.between(next.get(0), next.get(1))).isEqualTo(Duration.ofSeconds(1));

        List<JsonObject> done = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> jobs(id, "SUCCEEDED"), l -> l.size() >= 3);
        List<Instant> due = done.stream().map(j -> at(j, "performAt")).sorted().toList();
        assertThat(due).doesNotHaveDuplicates();
        for (int i = 1; i < due.size(); i++) {
            assertThat(Duration.between(due.get(i - 1), due.get(i))).isEqualTo(Duration.ofSeconds(1));
        }
        assertThat(done).allSatisfy(j -> assertThat(at(j, "startedAt")).isAfterOrEqualTo(at(j, "performAt")));

        Api.Reply paused = api.patch("/api/rules/" + id, "{\"enabled\": false}");
        assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
        assertThat(jobs(id, "SCHEDULED")).isEmpty();
        int succeeded = jobs(id, "SUCCEEDED").size();
        // Paused: no further run throughout 2.5 s.
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> jobs(id, "SUCCEEDED").size() == succeeded);

        // Resumed, it keeps its schedule: occurrences stay on the original one-second grid, from the first second after
        // the resume. The pause cancelled what was planned ahead of it (10 s by default): those instants are planned
        // again, none skipped because a cancelled job once held it.
        Instant resumedAt = Instant.now();
        api.patch("/api/rules/" + id, "{\"enabled\": true}");
        Instant resumedBy = Instant.now();
        List<Instant> resumed = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> jobs(id, "SUCCEEDED").stream().map(j -> at(j, "performAt")).filter(t -> t.isAfter(resumedAt))
                        .sorted().toList(), l -> l.size() >= 3);
        assertThat(Duration.between(next.get(0), resumed.get(0)).toMillis() % 1000).isZero();
        // The server resumed it before its answer: its next second on the grid is at most a second after that answer.
        assertThat(resumed.get(0)).as("the first occurrence after the resume").isBeforeOrEqualTo(resumedBy.plusSeconds(1));
        for (int i = 1; i < resumed.size(); i++) {
            assertThat(Duration.between(resumed.get(i - 1), resumed.get(i))).isEqualTo(Duration.ofSeconds(1));
        }
        api.delete("/api/rules/" + id);
        assertThat(jobs(id, "SCHEDULED")).isEmpty();
    }

    @Test
    void aSixFieldCronRunsOnItsSeconds() {
        String id = rule("{\"trigger\": {\"cron\": \"*/2 * * * * *\", \"timezone\": \"Asia/Kolkata\"}, \"action\": \"noop\"}").getString("id");
        List<JsonObject> done = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> jobs(id, "SUCCEEDED"), l -> l.size() >= 2);
        assertThat(done).allSatisfy(j -> {
            Instant due = at(j, "performAt");
            assertThat(due.getNano()).isZero();
            assertThat(due.getEpochSecond() % 2).isZero();
        });
        api.delete("/api/rules/" + id);
    }

    @Test
    void oneTimeAndImmediateRulesRunOnce() {
        Instant when = Instant.now().plusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String once = rule("{\"trigger\": {\"at\": \"" + when + "\"}, \"action\": \"noop\"}").getString("id");
        String now = rule("{\"trigger\": {\"immediate\": true}, \"action\": \"noop\"}").getString("id");
        JsonObject onceJob = await().atMost(Duration.ofSeconds(10)).until(() -> jobs(once, "SUCCEEDED"), l -> l.size() == 1).get(0);
        assertThat(at(onceJob, "performAt")).isEqualTo(when);
        assertThat(at(onceJob, "startedAt")).isAfterOrEqualTo(when);
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs(now, "SUCCEEDED"), l -> l.size() == 1);
        // One job each, and no second throughout a second.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> jobs(once, null).size() == 1 && jobs(now, null).size() == 1);
        assertThat(get("/api/rules/" + once).getJsonArray("nextFireTimes")).isEmpty();
    }

    /**
     * A time rule whose stored trigger no longer reads (an older version checked less) is left out of planning, and
     * every other rule is planned as before: it once failed the whole pass, so no time rule ran on any node.
     */
    @Test
    void aTimeRuleThatNoLongerReadsDoesNotStopTheOthersPlanning() {
        String broken = rule("{\"trigger\": {\"every\": \"1s\"}, \"action\": \"noop\"}").getString("id");
        String healthy = rule("{\"trigger\": {\"every\": \"1s\"}, \"action\": \"noop\"}").getString("id");
        try {
            Api.Reply corrupted = api.post("/api/test-support/rule-trigger?id=" + broken + "&json="
                    + java.net.URLEncoder.encode("{\"cron\": \"not a cron\"}", java.nio.charset.StandardCharsets.UTF_8), "");
            assertThat(corrupted.status()).isEqualTo(204);
            int before = jobs(healthy, null).size();
            // The planner looks ahead 10 s every few seconds: the healthy rule's occurrences keep coming.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                    .until(() -> jobs(healthy, null).size() >= before + 5);
        } finally {
            api.post("/api/test-support/rule-trigger?id=" + broken + "&json="
                    + java.net.URLEncoder.encode("{\"every\": \"PT1S\"}", java.nio.charset.StandardCharsets.UTF_8), "");
            api.delete("/api/rules/" + broken);
            api.delete("/api/rules/" + healthy);
        }
    }

    @Test
    void weeklyRulesFireAtTheirLocalTime() {
        JsonObject rule = rule("{\"trigger\": {\"weekly\": \"MONDAY\", \"at\": \"09:00\", \"timezone\": \"America/New_York\"}, \"action\": \"noop\"}");
        JsonArray next = rule.getJsonArray("nextFireTimes");
        assertThat(next).hasSize(5);
        for (JsonString s : next.getValuesAs(JsonString.class)) {
            var local = Instant.parse(s.getString()).atZone(ZoneId.of("America/New_York"));
            assertThat(local.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
            assertThat(local.toLocalTime()).hasToString("09:00");
        }
        api.delete("/api/rules/" + rule.getString("id"));
    }

    private List<JsonObject> executions(String jobId) {
        return get("/api/jobs/" + jobId).getJsonArray("executions").getValuesAs(JsonObject.class);
    }

    /** Deletes the rule and stops what it still runs: a failed test must not leave busy workers to the next ones. */
    private void removeRule(String id) {
        api.delete("/api/rules/" + id);
        jobs(id, "RUNNING").forEach(j -> api.delete("/api/jobs/" + j.getString("id")));
    }

    @Test
    void overlapSkipRecordsTheSkippedOccurrencesAndRunsNeverOverlap() {
        String id = rule("{\"trigger\": {\"every\": \"1s\"}, \"action\": \"test-slow\", "
                + "\"args\": {\"millis\": 2500, \"always\": true}, \"overlap\": \"skip\", \"maxAttempts\": 1}").getString("id");
        try {
            List<JsonObject> skipped = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> jobs(id, "CANCELLED"), l -> l.size() >= 2);
            assertThat(skipped).allSatisfy(j -> assertThat(j.getString("lastError")).startsWith("skipped"));
            assertThat(executions(skipped.get(0).getString("id"))).extracting(x -> x.getString("outcome")).containsExactly("SKIPPED");
            List<JsonObject> ran = await().atMost(Duration.ofSeconds(20)).until(() -> jobs(id, "SUCCEEDED"), l -> l.size() >= 2);
            List<JsonObject> spans = ran.stream().map(j -> executions(j.getString("id")).get(0))
                    .sorted((a, b) -> at(a, "startedAt").compareTo(at(b, "startedAt"))).toList();
            for (int i = 1; i < spans.size(); i++) {
                assertThat(at(spans.get(i), "startedAt")).isAfterOrEqualTo(at(spans.get(i - 1), "finishedAt"));
            }
        } finally {
            removeRule(id);
        }
    }

    @Test
    void overlapCancelPreviousInterruptsTheRunningOccurrence() {
        String id = rule("{\"trigger\": {\"every\": \"1s\"}, \"action\": \"test-slow\", "
                + "\"args\": {\"millis\": 60000, \"always\": true}, \"overlap\": \"cancel-previous\", \"maxAttempts\": 1}").getString("id");
        try {
            List<JsonObject> cancelled = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> jobs(id, "CANCELLED"), l -> l.stream()
                            .filter(j -> !executions(j.getString("id")).isEmpty()).count() >= 2);
            assertThat(cancelled.stream().map(j -> executions(j.getString("id"))).filter(x -> !x.isEmpty()))
                    .allSatisfy(x -> assertThat(x.get(0).getString("outcome")).isEqualTo("CANCELLED"));
            // Each says what cancelled it: the next occurrence, by the rule's policy.
            assertThat(cancelled.stream().filter(j -> !executions(j.getString("id")).isEmpty()))
                    .allSatisfy(j -> assertThat(j.getString("lastError"))
                            .startsWith("cancelled: overlap policy cancel-previous: the next occurrence of rule " + id));
            // Never more than one run at a time.
            assertThat(jobs(id, "RUNNING")).hasSizeLessThanOrEqualTo(1);
        } finally {
            removeRule(id);
        }
    }

    @Test
    void aRulesTimeoutAppliesToItsJobs() {
        String id = rule("{\"trigger\": {\"immediate\": true}, \"action\": \"test-slow\", "
                + "\"args\": {\"millis\": 60000, \"always\": true}, \"timeout\": \"300ms\", \"maxAttempts\": 1}").getString("id");
        JsonObject dead = await().atMost(Duration.ofSeconds(10)).until(() -> jobs(id, "DEAD"), l -> l.size() == 1).get(0);
        assertThat(dead.getString("lastError")).contains("timeout");
        assertThat(executions(dead.getString("id")).get(0).getString("outcome")).isEqualTo("TIMEOUT");
    }
}
