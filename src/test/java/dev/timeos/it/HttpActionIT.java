package dev.timeos.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The http action on the real WAR in a real Liberty, against a real HTTP receiver on 127.0.0.1 (allowed by the
 * pom's TIMEOS_HTTP_ALLOWED_HOSTS; TIMEOS_HTTP_SIGNING_SECRET is {@link #SECRET}). Also the chain
 * event → job (event action) → event → job (http).
 */
@ExtendWith(ArquillianExtension.class)
class HttpActionIT {

    /** The pom's TIMEOS_HTTP_SIGNING_SECRET. */
    private static final String SECRET = "it-webhook-secret";

    private static WebhookReceiver receiver;
    private final Api api = Api.local();
    private final Jobs jobs = new Jobs(api);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.timeos();
    }

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    private static String unique(String path) {
        return path + "-" + UUID.randomUUID();
    }

    private static JsonObject json(String s) {
        return Json.createReader(new StringReader(s)).readObject();
    }

    @Test
    void aWebhookCarriesTheJobIdAsIdempotencyKeyAndAVerifiableSignature() throws Exception {
        String path = unique("/ok");
        String id = jobs.create("{\"action\": \"http\", \"target\": \"" + receiver.url(path) + "\", \"payload\": "
                + "{\"user_id\": \"123\", \"http\": {\"headers\": {\"X-Tenant\": \"acme\"}}}}");
        JsonObject done = jobs.awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(10));
        assertThat(done.getJsonArray("executions")).hasSize(1);

        assertThat(receiver.received(path)).hasSize(1);
        WebhookReceiver.Received r = receiver.received(path).get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.header("Idempotency-Key")).isEqualTo(id);
        assertThat(r.header("X-Tenant")).isEqualTo("acme");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        // The payload without the http options, as JSON.
        assertThat(json(r.text())).isEqualTo(json("{\"user_id\": \"123\"}"));

        // What a receiver does with the documented recipe (README): HMAC-SHA256 of "<timestamp>.<body>".
        String timestamp = r.header("X-TimeOS-Timestamp");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(r.body()));
        assertThat(r.header("X-TimeOS-Signature")).isEqualTo(expected);
        assertThat(Long.parseLong(timestamp) * 1000).isCloseTo(r.atMillis(), org.assertj.core.data.Offset.offset(60_000L));
    }

    @Test
    void a503IsRetriedWithTheJobsBackoffThenSucceeds() {
        String path = unique("/flaky");
        receiver.on(path, n -> n == 0 ? WebhookReceiver.Reply.of(503, "warming up") : WebhookReceiver.Reply.of(200));
        String id = jobs.create("{\"action\": \"http\", \"target\": \"" + receiver.url(path) + "\", "
                + "\"payload\": {\"n\": 1}, \"backoff\": \"PT1S\", \"maxAttempts\": 3}");
        JsonObject done = jobs.awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(15));
        JsonArray executions = done.getJsonArray("executions");
        assertThat(executions).hasSize(2);
        assertThat(executions.getValuesAs(JsonObject.class)).anySatisfy(x -> {
            assertThat(x.getString("outcome")).isEqualTo("FAILED");
            assertThat(x.getString("error")).contains("HTTP 503").contains("warming up");
        });
        assertThat(receiver.received(path)).hasSize(2)
                .allSatisfy(r -> assertThat(r.header("Idempotency-Key")).isEqualTo(id));
        // Never sooner than the backoff.
        assertThat(receiver.received(path).get(1).atMillis() - receiver.received(path).get(0).atMillis())
                .isGreaterThanOrEqualTo(900);
    }

    @Test
    void a429WithRetryAfterIsRetriedNoSoonerThanItSays() {
        String path = unique("/throttled");
        receiver.on(path, n -> n == 0 ? new WebhookReceiver.Reply(429, Map.of("Retry-After", "3"), "slow down")
                : WebhookReceiver.Reply.of(204));
        // A backoff far shorter than Retry-After: the server's answer wins.
        String id = jobs.create("{\"action\": \"http\", \"target\": \"" + receiver.url(path) + "\", "
                + "\"backoff\": \"100ms\", \"maxAttempts\": 3}");
        JsonObject done = jobs.awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(15));
        assertThat(done.getJsonArray("executions")).hasSize(2);
        assertThat(receiver.received(path)).hasSize(2);
        long waited = receiver.received(path).get(1).atMillis() - receiver.received(path).get(0).atMillis();
        assertThat(waited).isGreaterThanOrEqualTo(2_900).isLessThan(10_000);
    }

    @Test
    void aSlowEndpointHoldsTheJobNoLongerThanItsTimeout() {
        String path = unique("/slow");
        receiver.on(path, n -> new WebhookReceiver.Reply(200, Map.of(), "", 8_000));
        long start = System.nanoTime();
        String id = jobs.create("{\"action\": \"http\", \"target\": \"" + receiver.url(path) + "\", "
                + "\"timeout\": \"PT1S\", \"maxAttempts\": 1}");
        JsonObject dead = jobs.awaitStatus(id, "DEAD", Duration.ofSeconds(6));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        assertThat(dead.getJsonArray("executions").getJsonObject(0).getString("outcome")).isIn("TIMEOUT", "FAILED");
        assertThat(dead.getString("lastError")).containsIgnoringCase("timeout");
    }

    @Test
    void a400GoesToTheDeadLetterQueueAtOnceWithStatusAndBody() {
        String path = unique("/strict");
        receiver.on(path, n -> WebhookReceiver.Reply.of(400, "{\"error\": \"user_id is required\"}"));
        String id = jobs.create("{\"action\": \"http\", \"target\": \"" + receiver.url(path) + "\", "
                + "\"backoff\": \"100ms\", \"maxAttempts\": 5}");
        JsonObject dead = jobs.awaitStatus(id, "DEAD", Duration.ofSeconds(10));
        assertThat(dead.getString("lastError")).contains("HTTP 400").contains("user_id is required");
        assertThat(dead.getJsonArray("executions")).hasSize(1);
        assertThat(receiver.received(path)).hasSize(1);
        assertThat(api.get("/api/dead-letters?limit=1000").json().getJsonArray("items").getValuesAs(JsonObject.class))
                .anySatisfy(j -> assertThat(j.getString("id")).isEqualTo(id));
    }

    @Test
    void internalTargetsAreRefusedAtCreationUnlessAllowed() {
        long before = api.get("/api/stats").json().getJsonObject("jobs").values().stream()
                .mapToLong(v -> ((jakarta.json.JsonNumber) v).longValue()).sum();
        // Loopback by another spelling than the allowed 127.0.0.1, the metadata service, a private network.
        for (String target : new String[]{"http://localhost:" + receiver.port() + "/x", "http://[::1]:8080/",
                "http://127.0.0.2/", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/",
                "http://2130706433/"}) {
            Api.Reply r = api.post("/api/jobs", "{\"action\": \"http\", \"target\": \"" + target + "\"}");
            SecurityIT.assertProblem(r, 400, "target");
            assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("message")).contains("refused");
        }
        // A rule has no target: the http options in its args carry it, and are named.
        Api.Reply rule = api.post("/api/rules", "{\"name\": \"" + unique("metadata") + "\", \"trigger\": {\"event\": \""
                + unique("e") + "\"}, \"action\": \"http\", \"args\": {\"http\": {\"target\": \"http://169.254.169.254/\"}}}");
        SecurityIT.assertProblem(rule, 400, "args.http.target");
        // A job without any target, and a bad method.
        SecurityIT.assertProblem(api.post("/api/jobs", "{\"action\": \"http\"}"), 400, "target");
        SecurityIT.assertProblem(api.post("/api/jobs", "{\"action\": \"http\", \"target\": \"" + receiver.url("/m")
                + "\", \"payload\": {\"http\": {\"method\": \"TRACE\"}}}"), 400, "payload.http.method");
        long after = api.get("/api/stats").json().getJsonObject("jobs").values().stream()
                .mapToLong(v -> ((jakarta.json.JsonNumber) v).longValue()).sum();
        assertThat(after).as("nothing stored").isEqualTo(before);
    }

    @Test
    void aRedirectToAnInternalAddressIsDeadLetteredWithTheReason() {
        String path = unique("/moved");
        receiver.on(path, n -> new WebhookReceiver.Reply(307, Map.of("Location", "http://169.254.169.254/latest/"), ""));
        String id = jobs.create("{\"action\": \"http\", \"target\": \"" + receiver.url(path) + "\", \"maxAttempts\": 3}");
        JsonObject dead = jobs.awaitStatus(id, "DEAD", Duration.ofSeconds(10));
        assertThat(dead.getString("lastError")).contains("169.254.169.254").contains("refused");
        assertThat(dead.getJsonArray("executions")).hasSize(1);
    }

    @Test
    void aChainEventJobEventJob() {
        String placed = unique("order_placed");
        String shipped = unique("order_shipped");
        String path = unique("/shipped");
        // Rule 1: an order placed emits an order shipped (the event action), with the order's payload.
        api.post("/api/rules", "{\"name\": \"" + unique("ship") + "\", \"trigger\": {\"event\": \"" + placed + "\"}, "
                + "\"action\": \"event\", \"args\": {\"type\": \"" + shipped + "\"}}").expect(201);
        // Rule 2: an order shipped calls the webhook.
        api.post("/api/rules", "{\"name\": \"" + unique("notify") + "\", \"trigger\": {\"event\": \"" + shipped + "\"}, "
                + "\"action\": \"http\", \"args\": {\"http\": {\"target\": \"" + receiver.url(path) + "\"}}}").expect(201);

        JsonObject first = api.post("/api/events", "{\"type\": \"" + placed + "\", \"payload\": {\"order\": \"o-1\"}}")
                .expect(201).json();
        String emitJob = first.getJsonArray("jobIds").getString(0);
        jobs.awaitStatus(emitJob, "SUCCEEDED", Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == 1);
        WebhookReceiver.Received r = receiver.received(path).get(0);
        assertThat(json(r.text())).isEqualTo(json("{\"order\": \"o-1\"}"));
        JsonArray second = api.get("/api/events?type=" + shipped).json().getJsonArray("items");
        assertThat(second).hasSize(1);
        JsonObject shippedEvent = api.get("/api/events/" + second.getJsonObject(0).getString("id")).json();
        String webhookJob = shippedEvent.getJsonArray("jobIds").getString(0);
        assertThat(r.header("Idempotency-Key")).isEqualTo(webhookJob);
        jobs.awaitStatus(webhookJob, "SUCCEEDED", Duration.ofSeconds(10));
    }
}
