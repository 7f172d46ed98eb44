package dev.timeos.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what (401 anonymous or with a wrong password, 403 a viewer changing anything, 200 a viewer reading and an
 * admin changing) on every endpoint group; the limits; and the shape of every error answer, including the ones the
 * container gives itself. The users are the ones failsafe sets in the environment (pom.xml), on purpose not the defaults.
 */
@ExtendWith(ArquillianExtension.class)
class SecurityIT {

    private final Api admin = Api.local();
    private final Api viewer = Api.local(Api.viewerUser(), Api.viewerPassword());
    private final Api anonymous = Api.anonymous();
    private final Api wrongPassword = Api.local(Api.adminUser(), Api.adminPassword() + "-wrong");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.timeos();
    }

    /** Every error: problem+json with the RFC 9457 members, and nothing of the server's inside. */
    static void assertProblem(Api.Reply r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).as(r.toString()).startsWith("application/problem+json");
        JsonObject p = r.json();
        assertThat(p.getInt("status")).isEqualTo(status);
        assertThat(p.getString("type")).isNotBlank();
        assertThat(p.getString("title")).isNotBlank();
        assertThat(p.getString("detail")).isNotBlank();
        assertNoInternals(r);
    }

    static void assertProblem(Api.Reply r, int status, String field) {
        assertProblem(r, status);
        assertThat(r.json().getJsonArray("errors").getValuesAs(JsonObject.class))
                .as(r.toString()).extracting(e -> e.getString("field")).contains(field);
    }

    /** Class names, stack frames, SQL, Liberty message codes, HTML error pages. */
    static final java.util.regex.Pattern INTERNALS = java.util.regex.Pattern.compile(
            "Exception|Error:|\\tat |\\bat [a-z]+\\.[a-z]+\\.[a-zA-Z.]+\\(|\\bjava\\.(lang|io|sql|util|time)\\.|jakarta\\.|com\\.ibm"
                    + "|org\\.eclipse|org\\.apache|dev\\.timeos\\.|SRVE\\d{4}|CWW[A-Z]{2}\\d{4}|RESTEASY\\d|SQLState|SQLSTATE"
                    + "|timeos_(job|event|rule|execution)|<html|<HTML|<h1|<H1");

    static void assertNoInternals(Api.Reply r) {
        assertThat(r.body()).as(r.toString()).doesNotContainPattern(INTERNALS);
    }

    private record Call(String method, String path, String body) {
    }

    /** One call of each endpoint group that changes something; their targets need not exist (404 is an answer too). */
    private static List<Call> changes() {
        String due = Instant.now().plusSeconds(3600).toString();
        return List.of(
                new Call("POST", "/api/jobs", "{\"action\": \"noop\", \"time\": \"" + due + "\"}"),
                new Call("POST", "/api/jobs/batch", "[{\"action\": \"noop\", \"time\": \"" + due + "\"}]"),
                new Call("PATCH", "/api/jobs/no-such-job", "{\"time\": \"" + due + "\"}"),
                new Call("DELETE", "/api/jobs/no-such-job", null),
                new Call("POST", "/api/jobs/cancel", "{\"ids\": [\"no-such-job\"]}"),
                new Call("POST", "/api/events", "{\"type\": \"security_it\"}"),
                new Call("POST", "/api/events/batch", "[{\"type\": \"security_it\"}]"),
                new Call("POST", "/api/events/no-such-event/replay", null),
                new Call("POST", "/api/rules", "{\"name\": \"security-it\", \"trigger\": {\"event\": \"security_it_never\"}, \"action\": \"noop\"}"),
                new Call("PATCH", "/api/rules/no-such-rule", "{\"enabled\": false}"),
                new Call("DELETE", "/api/rules/no-such-rule", null),
                new Call("POST", "/api/rules/reload", null),
                new Call("POST", "/api/dead-letters/no-such-job/retry", null),
                new Call("DELETE", "/api/dead-letters/no-such-job", null));
    }

    private static final List<String> READS = List.of("/api/jobs", "/api/jobs/no-such-job", "/api/events",
            "/api/events/no-such-event", "/api/rules", "/api/rules/no-such-rule", "/api/dead-letters", "/api/stats");

    private static Api.Reply send(Api api, Call c) {
        return api.raw(c.method(), c.path(), c.body() == null ? null : "application/json",
                c.body() == null ? null : c.body().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anonymousAndWrongPasswordGet401OnEveryEndpointGroup() {
        for (Api api : List.of(anonymous, wrongPassword)) {
            for (String path : READS) {
                Api.Reply r = api.get(path);
                assertProblem(r, 401);
            }
            for (Call c : changes()) {
                assertProblem(send(api, c), 401);
            }
        }
        assertThat(anonymous.get("/api/stats").body()).contains("timeos-admin");
    }

    @Test
    void viewerReadsEverythingButChangesNothing() {
        long before = total(admin.get("/api/stats").json());
        for (String path : READS) {
            Api.Reply r = viewer.get(path);
            assertThat(r.status()).as(path + ": " + r).isIn(200, 404);
            if (r.status() == 404) {
                assertProblem(r, 404);
            }
        }
        for (Call c : changes()) {
            assertProblem(send(viewer, c), 403);
        }
        assertThat(total(admin.get("/api/stats").json())).as("nothing stored by refused requests").isEqualTo(before);
    }

    @Test
    void adminChangesEveryEndpointGroup() {
        ServerLog log = ServerLog.mark();
        for (Call c : changes()) {
            Api.Reply r = send(admin, c);
            // Reached the resource: its own answer (a missing target is a 404 problem, a dead-letter retry of a live job too).
            assertThat(r.status()).as(c + ": " + r).isIn(200, 201, 204, 404);
            if (r.status() == 404) {
                assertProblem(r, 404);
            }
        }
        Api.Reply rules = admin.get("/api/rules");
        rules.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(r -> r.getString("name").equals("security-it"))
                .forEach(r -> assertThat(admin.delete("/api/rules/" + r.getString("id")).status()).isEqualTo(204));
        assertThat(log.newFfdcIncidents()).as("a 404 is an answer, not an FFDC incident: " + log.newMessages()).isZero();
    }

    @Test
    void healthStaysOpen() {
        for (String path : List.of("/health", "/health/live", "/health/ready", "/health/started")) {
            assertThat(anonymous.get(path).status()).as(path).isIn(200, 503);
        }
    }

    @Test
    void containerErrorsAreProblems() {
        assertProblem(admin.get("/no/such/path"), 404);
        assertProblem(anonymous.get("/no/such/path"), 404);
        assertProblem(admin.get("/api/no/such/path"), 404);
        assertProblem(admin.get("/problem"), 404);
        assertProblem(admin.raw("PUT", "/api/jobs", "application/json", "{}".getBytes(StandardCharsets.UTF_8)), 405);
        assertProblem(admin.raw("DELETE", "/api/jobs/..%2F..%2Fetc", null, null), 400);
        assertProblem(admin.raw("GET", "/api/jobs/%2e%2e%2f%2e%2e%2fetc", null, null), 400);
        assertProblem(admin.raw("GET", "/api/jobs?status=%00", null, null), 400, "status");
        assertProblem(admin.raw("GET", "/api/jobs?limit=abc", null, null), 400, "limit");
    }

    /**
     * Requests the container refuses before TimeOS sees them: still a problem, and not one line of stack trace in the
     * server's log (anonymous requests that did write one could fill the disk from outside).
     */
    @Test
    void requestsRefusedByTheContainerAreProblemsAndLeaveNoTrace() {
        ServerLog log = ServerLog.mark();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String unknownCharset = "application/json; charset=EBCDIC";
        assertProblem(anonymous.raw("POST", "/api/jobs", unknownCharset, body), 401);
        assertProblem(viewer.raw("POST", "/api/jobs", unknownCharset, body), 403);
        assertProblem(anonymous.raw("TRACE", "/api/jobs", null, null), 401);
        assertProblem(admin.raw("TRACE", "/api/jobs", null, null), 405);
        assertProblem(anonymous.raw("TRACE", "/no/such/path", null, null), 404);
        // Methods HttpServlet does not know, on a path no resource serves: not found, whoever asks.
        assertProblem(admin.raw("PATCH", "/no/such/path", "application/json", body), 404);
        assertProblem(admin.raw("PATCH", "/no/such/path", unknownCharset, body), 415);
        assertProblem(anonymous.raw("FOO", "/no/such/path", "application/json", body), 404);
        assertThat(log.newStackFrames()).as(log.newMessages()).isZero();
    }

    @Test
    void limitsAreProblemsNamingWhatWasTooBig() {
        String due = Instant.now().plusSeconds(3600).toString();
        long before = total(admin.get("/api/stats").json());
        assertProblem(admin.raw("POST", "/api/events", "application/json", new byte[2 * 1024 * 1024]), 413, "body");
        assertProblem(admin.post("/api/events", "[".repeat(20_000)), 400, "body");
        assertProblem(admin.post("/api/events", "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)), 400, "body");
        assertProblem(admin.post("/api/events", "{\"type\": \"" + "t".repeat(201) + "\"}"), 400, "type");
        assertProblem(admin.post("/api/events", "{\"type\": \"x\", \"idempotencyKey\": \"" + "k".repeat(201) + "\"}"), 400, "idempotencyKey");
        assertProblem(admin.post("/api/events", "{\"type\": \"x\", \"payload\": {\"p\": \"" + "p".repeat(16_001) + "\"}}"), 400, "payload");
        assertProblem(admin.post("/api/events", "{\"type\": \"a\\u0000b\"}"), 400, "type");
        assertProblem(admin.post("/api/jobs", "{\"action\": \"noop\", \"target\": \"" + "t".repeat(2_001) + "\"}"), 400, "target");
        assertProblem(admin.post("/api/jobs", "{\"action\": \"noop\", \"args\": {\"p\": \"" + "p".repeat(16_001) + "\"}}"), 400, "args");
        assertProblem(admin.post("/api/jobs", "{\"action\": \"noop\", \"time\": \"+999999999-12-31T23:59:59Z\"}"), 400, "time");
        assertProblem(admin.post("/api/jobs", "{\"action\": \"noop\", \"time\": \"-999999999-01-01T00:00:00Z\"}"), 400, "time");
        assertProblem(admin.post("/api/jobs", "{\"action\": \"noop\", \"backoff\": \"PT2562047788015215H\"}"), 400, "backoff");
        assertProblem(admin.post("/api/jobs", "{\"action\": \"noop\", \"timeout\": \"999999999999d\"}"), 400, "timeout");
        assertProblem(admin.post("/api/jobs", "{\"action\": \"noop\", \"priority\": 99999999999999999999}"), 400, "priority");
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 1_001; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"action\": \"noop\", \"time\": \"").append(due).append("\"}");
        }
        assertProblem(admin.post("/api/jobs/batch", batch + "]"), 400, "body");
        assertProblem(admin.post("/api/events/batch", batch.toString().replace("\"action\": \"noop\", \"time\": \"" + due + "\"", "\"type\": \"x\"") + "]"), 400, "body");
        assertProblem(admin.get("/api/jobs?limit=1001"), 400, "limit");
        assertProblem(admin.get("/api/events?limit=0"), 400, "limit");
        assertProblem(admin.post("/api/rules", rule("{\"every\": \"1ms\"}")), 400, "trigger.every");
        assertProblem(admin.post("/api/rules", rule("{\"every\": \"999ms\"}")), 400, "trigger.every");
        assertProblem(admin.post("/api/rules", rule("{\"event\": \"" + "e".repeat(201) + "\"}")), 400, "trigger.event");
        assertProblem(admin.post("/api/rules", rule("{\"event\": \"x\", \"offset\": \"P99999999D\"}")), 400, "trigger.offset");
        assertProblem(admin.post("/api/rules", rule("{\"cron\": \"" + "* ".repeat(1_000) + "\"}")), 400, "trigger");
        assertProblem(admin.post("/api/rules", rule("{\"at\": \"+10000-01-01T00:00:00Z\"}")), 400, "trigger.at");
        assertProblem(admin.post("/api/rules", "{\"name\": \"n\", \"trigger\": {\"event\": \"x\"}, \"action\": \"noop\", \"when\": \"payload.a == '"
                + "w".repeat(2_000) + "'\"}"), 400, "when");
        assertProblem(admin.post("/api/rules", "{\"name\": \"n\", \"trigger\": {\"event\": \"x\"}, \"action\": \"noop\", \"args\": {\"a\": \""
                + "a".repeat(16_001) + "\"}}"), 400, "args");
        assertProblem(admin.post("/api/rules", "{\"name\": \"n\", \"trigger\": {\"event\": \"x\"}, \"action\": \"" + "a".repeat(201) + "\"}"), 400, "action");
        assertThat(total(admin.get("/api/stats").json())).as("nothing stored by refused requests").isEqualTo(before);
    }

    @Test
    void secretsAreMaskedInAnswers() {
        Api.Reply r = admin.post("/api/jobs", "{\"action\": \"noop\", \"time\": \"" + Instant.now().plusSeconds(3600)
                + "\", \"args\": {\"user\": \"u\", \"password\": \"hunter2\", \"nested\": {\"apiKey\": \"k-123\", \"Authorization\": \"Bearer x\"}}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        for (String body : List.of(r.body(), admin.get("/api/jobs/" + r.json().getString("id")).body())) {
            assertThat(body).contains("\"user\":\"u\"").doesNotContain("hunter2", "k-123", "Bearer x").contains("****");
        }
        Api.Reply e = admin.post("/api/events", "{\"type\": \"security_it_secret\", \"payload\": {\"token\": \"t-456\"}}");
        assertThat(admin.get("/api/events/" + e.json().getString("id")).body()).doesNotContain("t-456").contains("****");
    }

    private static String rule(String trigger) {
        return "{\"name\": \"limit\", \"trigger\": " + trigger + ", \"action\": \"noop\"}";
    }

    /** Everything stored: jobs of every status, events and rules. */
    static long total(JsonObject stats) {
        long jobs = stats.getJsonObject("jobs").values().stream().mapToLong(v -> ((jakarta.json.JsonNumber) v).longValue()).sum();
        return jobs + stats.getJsonNumber("events").longValue() + stats.getJsonNumber("rules").longValue();
    }
}
