package dev.timeos.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 11: lifecycle events on GET /api/stream, to several clients at once, each with its own filter. */
@ExtendWith(ArquillianExtension.class)
class StreamIT {

    private final Api api = Api.local();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.timeos();
    }

    /** One server-sent event as a client parses it. */
    record Received(String name, String id, String data) {
        JsonObject json() {
            return Json.createReader(new StringReader(data)).readObject();
        }
    }

    /** A stream client reading on a thread of its own (the HTTP client's), as a dashboard would. */
    static final class Client implements AutoCloseable {
        final List<Received> events = new CopyOnWriteArrayList<>();
        private final CompletableFuture<HttpResponse<Stream<String>>> response;
        private volatile int status;
        private volatile Throwable failure;

        Client(String query) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String auth = "Basic " + Base64.getEncoder().encodeToString(
                    (Api.viewerUser() + ":" + Api.viewerPassword()).getBytes(StandardCharsets.UTF_8));
            HttpRequest req = HttpRequest.newBuilder(URI.create(Api.localBase() + "api/stream" + query))
                    .header("Authorization", auth).header("Accept", "text/event-stream").GET().build();
            response = http.sendAsync(req, HttpResponse.BodyHandlers.ofLines());
            response.thenAccept(r -> {
                status = r.statusCode();
                List<String> lines = new ArrayList<>();
                r.body().forEach(line -> {
                    if (!line.isEmpty()) {
                        lines.add(line);
                        return;
                    }
                    String name = null, id = null;
                    StringBuilder data = new StringBuilder();
                    for (String l : lines) {
                        if (l.startsWith("event:")) {
                            name = l.substring(6).trim();
                        } else if (l.startsWith("id:")) {
                            id = l.substring(3).trim();
                        } else if (l.startsWith("data:")) {
                            data.append(l.substring(5).trim());
                        }
                    }
                    if (name != null) {
                        events.add(new Received(name, id, data.toString()));
                    }
                    lines.clear();
                });
            }).whenComplete((ok, e) -> failure = e);
        }

        void awaitSubscribed() {
            await("subscribed").atMost(Duration.ofSeconds(30)).failFast(() -> failure != null)
                    .until(() -> events.stream().anyMatch(e -> e.name().equals("Subscribed")) || (status != 0 && status != 200));
            assertThat(status).isEqualTo(200);
        }

        List<Received> about(String key, String value) {
            return events.stream().filter(e -> !e.name().equals("Subscribed") && !e.name().equals("Dropped"))
                    .filter(e -> value.equals(e.json().getString(key, null))).toList();
        }

        @Override
        public void close() {
            response.cancel(true);
            response.thenAccept(r -> r.body().close());
        }
    }

    @Test
    void clientsReceiveTheLifecycleEventsTheyAskedFor() {
        try (Client all = new Client(""); Client jobs = new Client("?types=JobScheduled,JobSucceeded");
             Client rules = new Client("?types=RuleMatched&types=RateLimited")) {
            all.awaitSubscribed();
            jobs.awaitSubscribed();
            rules.awaitSubscribed();
            assertThat(jobs.events.get(0).json().getJsonArray("types").getValuesAs(jakarta.json.JsonString.class))
                    .extracting(jakarta.json.JsonString::getString).containsExactly("JobScheduled", "JobSucceeded");

            String job = api.post("/api/jobs", "{\"action\": \"noop\"}").expect(201).json().getString("id");
            await("the job's events on the unfiltered stream").atMost(Duration.ofSeconds(30)).until(() ->
                    all.about("jobId", job).stream().map(Received::name).toList()
                            .containsAll(List.of("JobScheduled", "JobStarted", "JobSucceeded")));
            await("the job's events on the filtered stream").atMost(Duration.ofSeconds(30)).until(() ->
                    jobs.about("jobId", job).size() == 2);
            assertThat(jobs.about("jobId", job)).extracting(Received::name).containsExactly("JobScheduled", "JobSucceeded");
            Received succeeded = jobs.about("jobId", job).get(1);
            assertThat(succeeded.json().getString("action")).isEqualTo("noop");
            assertThat(Long.parseLong(succeeded.id())).isGreaterThan(Long.parseLong(jobs.about("jobId", job).get(0).id()));

            // A rule limited to one start a minute: two matching events make two matches and one deferral.
            String type = "stream_" + UUID.randomUUID().toString().substring(0, 8);
            String rule = api.post("/api/rules", "{\"name\": \"" + type + "\", \"trigger\": {\"event\": \"" + type + "\"}, "
                    + "\"action\": \"noop\", \"rateLimitPerMinute\": 1}").expect(201).json().getString("id");
            api.post("/api/events", "{\"type\": \"" + type + "\"}").expect(201);
            api.post("/api/events", "{\"type\": \"" + type + "\"}").expect(201);
            await("two rule matches and a rate limit on the rules stream").atMost(Duration.ofSeconds(30)).until(() ->
                    rules.about("ruleId", rule).stream().filter(e -> e.name().equals("RuleMatched")).count() == 2
                            && rules.about("ruleId", rule).stream().anyMatch(e -> e.name().equals("RateLimited")));
            assertThat(rules.events).extracting(Received::name).doesNotContain("JobScheduled", "JobStarted", "JobSucceeded");
            Received limited = rules.about("ruleId", rule).stream().filter(e -> e.name().equals("RateLimited")).findFirst().orElseThrow();
            assertThat(limited.json().getString("limitedBy")).isEqualTo("rule");
            assertThat(jobs.events).extracting(Received::name).doesNotContain("RuleMatched", "RateLimited");
            api.delete("/api/rules/" + rule).expect(204);
        }
    }

    @Test
    void anUnknownTypeIsRefusedNamingTheField() {
        Api.Reply r = api.get("/api/stream?types=JobScheduled,Nope");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("types");
    }

    @Test
    void theStreamNeedsALogin() {
        assertThat(Api.anonymous().get("/api/stream").status()).isEqualTo(401);
    }

    @Test
    void theStreamsMetricsAreScraped() {
        String metrics = Api.anonymous().get("/metrics?scope=application").expect(200).body();
        assertThat(metrics).contains("timeos_stream_clients", "timeos_stream_dropped_total", "timeos_stream_sent_total");
    }
}
