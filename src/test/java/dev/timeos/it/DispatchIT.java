package dev.timeos.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher under pressure, on the real WAR in a real Liberty. The test server's configuration (failsafe
 * environment in pom.xml): 8 workers, action {@code test-limited} at 60 starts per minute, action
 * {@code test-narrow} at most 2 at once, the lease reaper every second.
 */
@ExtendWith(ArquillianExtension.class)
class DispatchIT {

    private static final int WORKERS = 8;

    private final Api api = Api.local();
    private final Jobs jobs = new Jobs(api);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.timeos();
    }

    /** A value from the Prometheus output of /metrics, e.g. {@code timeos_jobs_started_total{mp_scope="application",} 3.0}. */
    private double metric(String name) {
        Api.Reply r = api.get("/metrics?scope=application");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body().lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not in /metrics:\n" + r.body()));
    }

    private static Instant startedAt(JsonObject job) {
        return Instant.parse(job.getJsonArray("executions").getJsonObject(0).getString("startedAt"));
    }

    @Test
    void whenEveryWorkerIsBusyTheHigherPriorityRunsFirst() {
        List<String> fillers = IntStream.range(0, WORKERS).mapToObj(i -> jobs.create(
                "{\"action\": \"test-slow\", \"payload\": {\"millis\": 30000, \"always\": true}}")).toList();
        try {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> fillers.stream().allMatch(id -> "RUNNING".equals(jobs.get(id).getString("status"))));
            // Low priority first and due earlier: only the priority puts the high ones ahead.
            List<String> low = IntStream.range(0, 3).mapToObj(i -> jobs.create(
                    "{\"action\": \"test-slow\", \"priority\": 0, \"payload\": {\"millis\": 100, \"always\": true}}")).toList();
            List<String> high = IntStream.range(0, 3).mapToObj(i -> jobs.create(
                    "{\"action\": \"test-slow\", \"priority\": 5, \"payload\": {\"millis\": 100, \"always\": true}}")).toList();
            assertThat(jobs.get(low.get(0)).getString("status")).as("no worker was free for it").isEqualTo("SCHEDULED");

            // One worker comes free: the six waiting jobs go through it one by one.
            assertThat(api.delete("/api/jobs/" + fillers.get(0)).status()).isEqualTo(204);
            List<JsonObject> lows = low.stream().map(id -> jobs.awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(15))).toList();
            List<JsonObject> highs = high.stream().map(id -> jobs.awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(15))).toList();
            Instant lastHigh = highs.stream().map(DispatchIT::startedAt).max(Comparator.naturalOrder()).orElseThrow();
            Instant firstLow = lows.stream().map(DispatchIT::startedAt).min(Comparator.naturalOrder()).orElseThrow();
            assertThat(lastHigh).isBefore(firstLow);
        } finally {
            api.post("/api/jobs/cancel", "{\"ids\": [" + fillers.stream().map(id -> "\"" + id + "\"")
                    .collect(Collectors.joining(", ")) + "]}");
        }
    }

    /** The jobs of {@code ids} by status, read one by one. */
    private Map<String, List<JsonObject>> byStatus(List<String> ids) {
        return ids.stream().map(jobs::get).collect(Collectors.groupingBy(j -> j.getString("status")));
    }

    @Test
    void aRateLimitOf60PerMinuteHoldsOverABurstOf200() {
        String burst = IntStream.range(0, 200).mapToObj(i -> "{\"action\": \"test-limited\"}")
                .collect(Collectors.joining(", ", "[", "]"));
        Api.Reply accepted = api.post("/api/jobs/batch", burst);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        List<String> ids = accepted.array().getValuesAs(JsonObject.class).stream().map(j -> j.getString("id")).toList();

        // The first 60 run at once; the other 140 wait for the minute of the first start to pass, and keep waiting.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> byStatus(ids).getOrDefault("SUCCEEDED", List.of()).size() >= 60);
        // No 61st start may come: still 60 throughout three seconds (each look reads 200 jobs, a second or more).
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> byStatus(ids).getOrDefault("SUCCEEDED", List.of()).size() == 60);
        Map<String, List<JsonObject>> states = byStatus(ids);
        assertThat(states.keySet()).containsExactlyInAnyOrder("SUCCEEDED", "SCHEDULED");
        List<JsonObject> ran = states.get("SUCCEEDED");
        List<JsonObject> waiting = states.get("SCHEDULED");
        assertThat(ran).hasSize(60);
        // The limit counts the instants the dispatcher admits jobs; a worker begins each at most one recently-finished
        // window (2 x 25 ms) later when one is free, and that is the job's startedAt.
        Instant firstStart = ran.stream().map(j -> Instant.parse(j.getString("startedAt"))).min(Comparator.naturalOrder())
                .orElseThrow().minusMillis(50);
        // Deferred, not failed: no attempt counted, no execution. Those the dispatcher claimed and handed back are
        // due when the first start leaves the minute; the others were never claimed (the action was left out).
        assertThat(waiting).allSatisfy(j -> {
            assertThat(j.getInt("attempt")).isZero();
            assertThat(j.getJsonArray("executions")).isEmpty();
            Instant due = Instant.parse(j.getString("performAt"));
            if (!due.equals(Instant.parse(j.getString("createdAt")))) {
                assertThat(due).isAfterOrEqualTo(firstStart.plusSeconds(60));
            }
        });
        assertThat(waiting).anySatisfy(j -> assertThat(j.getString("performAt")).isNotEqualTo(j.getString("createdAt")));
        assertThat(metric("timeos_jobs_rate_limited_total")).isPositive();
        // Do not leave them to the next test class.
        api.post("/api/jobs/cancel", waiting.stream().map(j -> "\"" + j.getString("id") + "\"")
                .collect(Collectors.joining(", ", "{\"ids\": [", "]}")));
    }

    @Test
    void anActionAtItsConcurrencyLimitDoesNotHoldBackOtherActions() {
        List<String> narrow = IntStream.range(0, 6).mapToObj(i -> jobs.create(
                "{\"action\": \"test-narrow\", \"payload\": {\"millis\": 400}}")).toList();
        String other = jobs.create("{\"action\": \"noop\"}");
        jobs.awaitStatus(other, "SUCCEEDED", Duration.ofSeconds(10));
        List<JsonObject> done = narrow.stream().map(id -> jobs.awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(20))).toList();
        assertThat(startedAt(jobs.get(other))).isBefore(done.stream().map(DispatchIT::startedAt).max(Comparator.naturalOrder()).orElseThrow());

        // At no instant did more than 2 run: count overlapping [start, end) intervals.
        List<Instant[]> spans = done.stream().map(j -> {
            JsonObject x = j.getJsonArray("executions").getJsonObject(0);
            return new Instant[]{Instant.parse(x.getString("startedAt")), Instant.parse(x.getString("finishedAt"))};
        }).toList();
        for (Instant[] s : spans) {
            long concurrent = spans.stream().filter(o -> !o[0].isAfter(s[0]) && o[1].isAfter(s[0])).count();
            assertThat(concurrent).as("running at " + s[0]).isLessThanOrEqualTo(2);
        }
        assertThat(done).allSatisfy(j -> assertThat(j.getJsonArray("executions")).hasSize(1));
    }

    @Test
    void aJobWhoseNodeDiedRunsAgainAfterItsLeaseExpires() {
        Api.Reply r = api.post("/api/test/dead-node-job", "");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        String id = r.body().trim();

        JsonObject rerun = jobs.awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(15));
        List<JsonObject> attempts = rerun.getJsonArray("executions").getValuesAs(JsonObject.class);
        assertThat(attempts).extracting(x -> x.getString("outcome")).containsExactly("LOST", "SUCCEEDED");
        assertThat(attempts.get(0).getString("node")).isEqualTo("dead-node");
        assertThat(attempts).extracting(x -> x.getInt("attempt")).containsExactly(1, 2);
    }

    /**
     * Jobs due a few milliseconds apart are claimed ahead of their due time (timeos.dispatcher.claim-ahead) and held
     * in memory: each must still start on or after its due millisecond, never before.
     */
    @Test
    void jobsClaimedAheadStartOnTheirDueMillisecondNeverBefore() {
        // The server's now, from its own clock: the due times below are relative to it.
        Instant serverNow = Instant.parse(jobs.get(jobs.create("{\"action\": \"noop\"}")).getString("createdAt"));
        Instant first = serverNow.plusSeconds(6);
        String batch = IntStream.range(0, 40).mapToObj(i -> "{\"action\": \"noop\", \"time\": \""
                + first.plusMillis(i * 7L) + "\"}").collect(Collectors.joining(", ", "[", "]"));
        Api.Reply accepted = api.post("/api/jobs/batch", batch);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        List<String> ids = accepted.array().getValuesAs(JsonObject.class).stream().map(j -> j.getString("id")).toList();
        // Stored well before their due time, or this would not test the claim ahead.
        assertThat(Instant.parse(jobs.get(ids.get(ids.size() - 1)).getString("createdAt"))).isBefore(first.minusSeconds(1));

        List<JsonObject> done = ids.stream().map(id -> jobs.awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(20))).toList();
        assertThat(done).allSatisfy(j -> {
            Instant due = Instant.parse(j.getString("performAt"));
            assertThat(startedAt(j)).as("job " + j.getString("id") + " due " + due).isAfterOrEqualTo(due)
                    .isBefore(due.plusSeconds(5));
            assertThat(j.getJsonArray("executions")).hasSize(1);
        });
    }
}
