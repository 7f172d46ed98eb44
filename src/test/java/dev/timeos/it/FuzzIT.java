package dev.timeos.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input on every endpoint, as an attacker would send it: malformed JSON, wrong types, huge and odd strings,
 * unicode, negative and overflowing numbers, bad ids, times, time zones, crons and conditions, deep nesting, wrong
 * content types. Whatever the request: never a 5xx, every error a problem without internals, nothing stored by a
 * refused request, and no stack trace or FFDC incident in the server's logs.
 * <p>
 * {@code -Dtimeos.fuzz.count} requests (CI: 1,500, well under a minute; the {@code fuzz} Maven profile: 10,000), from
 * the seed {@code -Dtimeos.fuzz.seed} (printed, so a failure can be replayed).
 */
@ExtendWith(ArquillianExtension.class)
class FuzzIT {

    private static final int COUNT = Integer.getInteger("timeos.fuzz.count", 1_500);
    private static final long SEED = Long.getLong("timeos.fuzz.seed", System.nanoTime());

    private final Api admin = Api.local();
    private final Random random = new Random(SEED);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.timeos();
    }

    private record Request(String method, String path, String contentType, byte[] body) {
        boolean changes() {
            return !method.equals("GET") && !method.equals("HEAD");
        }

        @Override
        public String toString() {
            String b = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return method + " " + clip(path) + " [" + contentType + "] " + clip(b);
        }
    }

    @Test
    void hostileRequestsNeverFailTheServerNorStoreAnything() {
        ServerLog log = ServerLog.mark();
        List<String> paused = pauseTimeRules();
        List<String> failures = new ArrayList<>();
        int refused = 0;
        int inconclusive = 0;
        int[] byClass = new int[6];
        long start = System.nanoTime();
        try {
            long total = SecurityIT.total(admin.get("/api/stats").json());
            for (int i = 0; i < COUNT && failures.size() < 20; i++) {
                Request q = request();
                Api.Reply r = admin.raw(q.method(), q.path(), q.contentType(), q.body());
                byClass[Math.min(5, r.status() / 100)]++;
                String problem = check(r);
                if (problem != null) {
                    failures.add("#" + i + " " + q + " -> " + problem + ": " + clip(r.toString()));
                }
                if (r.status() >= 400) {
                    refused++;
                }
                if (!q.changes()) {
                    continue;
                }
                long after = SecurityIT.total(admin.get("/api/stats").json());
                if (r.status() >= 400 && after != total) {
                    // The store changed: this request, or the engine on its own (a job of another suite)? Look again.
                    long again = SecurityIT.total(admin.get("/api/stats").json());
                    sleep(300);
                    long later = SecurityIT.total(admin.get("/api/stats").json());
                    if (later == again) {
                        failures.add("#" + i + " " + q + " -> refused with " + r.status() + " but stored " + (after - total) + " rows");
                    } else {
                        inconclusive++;
                    }
                    after = later;
                }
                cleanUp(q, r);
                total = SecurityIT.total(admin.get("/api/stats").json());
            }
        } finally {
            paused.forEach(id -> admin.patch("/api/rules/" + id, "{\"enabled\": true}"));
        }
        String newLog = log.newMessages();
        long stackFrames = log.newStackFrames();
        long newFfdc = log.newFfdcIncidents();
        System.out.printf("FuzzIT: %d requests (seed %d) in %.1f s: %d 2xx, %d 3xx, %d 4xx, %d 5xx; %d refused; "
                        + "%d inconclusive store checks; %d new log lines, %d stack frames, %d FFDC incidents; %d failures%n",
                COUNT, SEED, (System.nanoTime() - start) / 1e9, byClass[2], byClass[3], byClass[4], byClass[5], refused,
                inconclusive, newLog.lines().count(), stackFrames, newFfdc, failures.size());
        assertThat(failures).as("seed " + SEED).isEmpty();
        assertThat(stackFrames).as("stack frames in messages.log:\n" + clip(newLog, 4000)).isZero();
        // A refusal is an answer, not a server failure: no FFDC incident (Liberty writes one when an exception leaves a
        // @Transactional method; the services answer refusals as dev.timeos.error.Outcome instead).
        assertThat(newFfdc).as("FFDC incidents; messages.log:\n" + clip(newLog, 4000)).isZero();
    }

    /** Why the answer is wrong, or null. */
    private static String check(Api.Reply r) {
        if (r.status() >= 500) {
            return "a " + r.status();
        }
        if (r.status() >= 400) {
            if (!r.contentType().startsWith("application/problem+json")) {
                return "not problem+json";
            }
            try {
                JsonObject p = r.json();
                if (p.getInt("status") != r.status() || p.getString("title").isBlank() || p.getString("detail").isBlank()) {
                    return "an incomplete problem";
                }
            } catch (RuntimeException e) {
                return "an unreadable problem";
            }
        }
        java.util.regex.Matcher m = SecurityIT.INTERNALS.matcher(r.body());
        if (m.find()) {
            return "internals in the answer (" + m.group() + ")";
        }
        return null;
    }

    /** What an accepted request created goes again, so that it changes neither later checks nor other suites. */
    private void cleanUp(Request q, Api.Reply r) {
        if (r.status() == 201 && q.path().startsWith("/api/rules") && r.body().startsWith("{")) {
            admin.delete("/api/rules/" + r.json().getString("id"));
        }
    }

    /** Time rules left by other suites would plan jobs while this test counts what is stored. */
    private List<String> pauseTimeRules() {
        List<String> paused = new ArrayList<>();
        for (int offset = 0; ; offset += 1000) {
            JsonObject page = admin.get("/api/rules?limit=1000&offset=" + offset).json();
            for (JsonObject rule : page.getJsonArray("items").getValuesAs(JsonObject.class)) {
                if (rule.getBoolean("enabled") && !rule.getJsonObject("trigger").containsKey("event")) {
                    if (admin.patch("/api/rules/" + rule.getString("id"), "{\"enabled\": false}").status() == 200) {
                        paused.add(rule.getString("id"));
                    }
                }
            }
            if (page.getJsonArray("items").size() < 1000) {
                return paused;
            }
        }
    }

    // ---- the requests --------------------------------------------------------------------------------------------

    private Request request() {
        return switch (random.nextInt(10)) {
            case 0, 1 -> jobRequest();
            case 2, 3 -> eventRequest();
            case 4, 5 -> ruleRequest();
            case 6 -> new Request(pick("GET", "DELETE", "PATCH", "POST"), pick("/api/jobs/", "/api/events/", "/api/rules/",
                    "/api/dead-letters/") + badId() + pick("", "/retry", "/replay", "/history"), json(), bytes(anyJson()));
            case 7 -> new Request("GET", pick("/api/jobs", "/api/events", "/api/rules", "/api/dead-letters", "/api/stats")
                    + "?" + pick("limit", "offset", "status", "processed", "type", "ruleId", "eventId", "action", "x")
                    + "=" + urlEncoded(oddString()) + "&" + pick("limit", "offset") + "=" + urlEncoded(number()), null, null);
            case 8 -> new Request(pick("POST", "PATCH", "PUT", "DELETE", "OPTIONS", "TRACE", "FOO"), pick("/api/jobs",
                    "/api/jobs/batch", "/api/jobs/cancel", "/api/events", "/api/events/batch", "/api/rules", "/api/rules/reload",
                    "/api", "/", "/api/stats", "/nothing/" + badId()), contentType(), body());
            default -> new Request("POST", pick("/api/jobs/batch", "/api/events/batch", "/api/jobs/cancel"), json(),
                    bytes(batch()));
        };
    }

    private Request jobRequest() {
        String time = "\"time\": " + quoted(pick(instant(), instant(), oddString()));
        String body = pick(
                "{\"action\": " + value(() -> quoted(pick("noop", "log", "nope", oddString()))) + ", " + time + "}",
                "{\"action\": \"noop\", " + time + ", \"payload\": " + anyJson() + ", \"priority\": " + value(this::number)
                        + ", \"maxAttempts\": " + value(this::number) + ", \"backoff\": " + value(() -> quoted(duration()))
                        + ", \"timeout\": " + value(() -> quoted(duration())) + ", \"dependsOn\": " + value(() -> quoted(badId())) + "}",
                "{\"action\": \"noop\", \"target\": " + value(() -> quoted(oddString())) + ", \"args\": " + anyJson() + "}",
                "{\"tme\": \"" + instant() + "\", \"action\": \"noop\"}");
        if (random.nextInt(4) == 0) {
            return new Request("PATCH", "/api/jobs/" + badId(), contentType(), bytes("{\"time\": " + value(() -> quoted(instant())) + "}"));
        }
        return new Request("POST", "/api/jobs", contentType(), bytes(mutate(body)));
    }

    private Request eventRequest() {
        String body = "{\"type\": " + value(() -> quoted(pick("fuzz_event", oddString()))) + ", \"payload\": " + anyJson()
                + ", \"idempotencyKey\": " + value(() -> quoted(oddString())) + ", \"occurredAt\": " + value(() -> quoted(instant())) + "}";
        return new Request("POST", "/api/events", contentType(), bytes(mutate(body)));
    }

    private Request ruleRequest() {
        String trigger = pick(
                "{\"event\": " + value(() -> quoted(oddString())) + ", \"offset\": " + value(() -> quoted(duration())) + "}",
                "{\"every\": " + value(() -> quoted(duration())) + ", \"initialDelay\": " + value(() -> quoted(duration()))
                        + ", \"mode\": " + value(() -> quoted(pick("fixed-rate", "fixed-delay", oddString()))) + "}",
                "{\"cron\": " + value(() -> quoted(cron())) + ", \"timezone\": " + value(() -> quoted(zone())) + "}",
                "{\"weekly\": " + value(() -> quoted(pick("MONDAY", "FUNDAY", oddString()))) + ", \"at\": "
                        + value(() -> quoted(pick("09:00", "25:61", "9", oddString()))) + ", \"timezone\": " + value(() -> quoted(zone())) + "}",
                "{\"at\": " + value(() -> quoted(instant())) + "}",
                "{\"immediate\": " + value(() -> pick("true", "false", "1")) + "}",
                "{}", "{\"event\": \"a\", \"cron\": \"* * * * *\"}");
        String body = "{\"name\": " + value(() -> quoted(pick("fuzz-rule", oddString()))) + ", \"trigger\": " + trigger
                + ", \"action\": " + value(() -> quoted(pick("noop", oddString()))) + ", \"args\": " + anyJson()
                + ", \"when\": " + value(() -> quoted(condition())) + ", \"priority\": " + value(this::number)
                + ", \"rateLimitPerMinute\": " + value(this::number) + ", \"overlap\": " + value(() -> quoted(pick("run", "skip", oddString())))
                + ", \"misfire\": " + value(() -> quoted(pick("skip", "fire-all", oddString()))) + ", \"enabled\": false}";
        if (random.nextInt(4) == 0) {
            return new Request("PATCH", "/api/rules/" + pick(badId(), "code:no-such"), contentType(), bytes(mutate(
                    "{\"when\": " + value(() -> quoted(condition())) + ", \"priority\": " + value(this::number) + "}")));
        }
        return new Request("POST", "/api/rules", contentType(), bytes(mutate(body)));
    }

    private String batch() {
        StringBuilder b = new StringBuilder("[");
        int n = pickInt(0, 1, 3, 1001, 1500);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(pick("{\"action\": \"nope\"}", "{\"type\": \"\"}", "1", "null", "\"x\"", "[]"));
        }
        return pick(b + "]", "{\"ids\": " + b + "]}", "{\"ids\": [" + quoted(badId()) + ", 1, null]}");
    }

    /** One of: the value itself, another JSON type, or a hostile value. */
    private String value(Supplier<String> good) {
        return switch (random.nextInt(8)) {
            case 0 -> number();
            case 1 -> pick("true", "null", "[]", "{}", "[1, \"a\"]", "{\"a\": {}}");
            case 2 -> quoted(oddString());
            default -> good.get();
        };
    }

    private String mutate(String json) {
        return switch (random.nextInt(10)) {
            case 0 -> json.substring(0, random.nextInt(json.length() + 1));
            case 1 -> json.replaceFirst(",", random.nextBoolean() ? ",," : ":");
            case 2 -> json + pick("}", "]", "x", " {}", "\u0000");
            case 3 -> "[".repeat(pickInt(33, 100, 20_000)) + json;
            case 4 -> nested(pickInt(33, 64, 5_000));
            default -> json;
        };
    }

    private String anyJson() {
        return switch (random.nextInt(8)) {
            case 0 -> nested(pickInt(5, 31, 33, 3_000));
            case 1 -> "{\"big\": \"" + "x".repeat(pickInt(100, 16_001, 40_000)) + "\"}";
            case 2 -> "{\"password\": \"s3cret\", \"n\": " + number() + ", \"s\": " + quoted(oddString()) + "}";
            case 3 -> pick("[]", "1", "\"payload\"", "null", "true");
            case 4 -> "{\"" + oddString().replace("\"", "") + "\": " + number() + "}";
            default -> "{\"user_id\": \"123\"}";
        };
    }

    private String nested(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    private String oddString() {
        return switch (random.nextInt(16)) {
            case 0 -> "";
            case 1 -> " ";
            case 2 -> "x".repeat(pickInt(199, 200, 201, 2_001, 100_000));
            case 3 -> "\\u0000nul";
            case 4 -> "é中文🎉\\u202e\\ud800";
            case 5 -> "' OR 1=1 --";
            case 6 -> "${jndi:ldap://127.0.0.1/a}";
            case 7 -> "#{7*7}${7*7}";
            case 8 -> "../../etc/passwd";
            case 9 -> "<script>alert(1)</script>";
            case 10 -> "\\n\\r\\t\\b\\f";
            case 11 -> "%00%2F%25";
            case 12 -> "T(Runtime).getRuntime().exec('id')";
            case 13 -> "\\\\\\\"";
            case 14 -> "a".repeat(random.nextInt(64));
            default -> Long.toString(random.nextLong());
        };
    }

    private String number() {
        return pick("-1", "0", "1", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
                "9223372036854775808", "-9223372036854775809", "1e309", "-1e309", "1.5", "1e-400", "0.0", "-0",
                "99999999999999999999999999999999999999", "1E+2147483647");
    }

    private String instant() {
        return pick(Instant.now().plusSeconds(random.nextInt(7_200)).toString(), "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
                "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
                "9999-12-31T23:59:59Z", "10000-01-01T00:00:00Z", "2026-06-30T23:59:60Z", "2026-01-01T00:00:00+25:00",
                "2026-01-01T00:00:00", "2026-01-01", "now", "1700000000000");
    }

    private String duration() {
        return pick("PT30S", "30s", "0s", "1ms", "999ms", "P-1D", "PT-1S", "-5s", "P99999999D", "PT2562047788015215H",
                "999999999999d", "P1Y", "PT", "P", "1 s", "1w", "PT0.0000000001S", "P106751991167300D");
    }

    private String zone() {
        return pick("UTC", "America/New_York", "Australia/Lord_Howe", "Mars/Olympus", "", "UTC+99", "+25:00",
                "../../etc/localtime", "GMT0", "Z", "SystemV/EST5");
    }

    private String cron() {
        return pick("0 9 * * 1", "* * * * *", "* * *", "61 * * * *", "0 0 30 2 *", "0 0 L W *", "0 0 * * 5#6",
                "*/0 * * * *", "0-99999999999 * * * *", "1,".repeat(500) + "1 * * * *", "? ? ? ? ?", "@reboot",
                "0 0 29 2 *", "0 0 * * MON-FUN", "* * * * * * *");
    }

    private String condition() {
        return pick("payload.amount > 1000", "payload.a ==", "T(Runtime).getRuntime().exec('id')",
                "${1+1}", "payload.getClass().forName('x')", "(".repeat(1_000) + "1" + ")".repeat(1_000),
                "not ".repeat(600) + "true", "!".repeat(1_900) + "true", "payload.items[99999999999999].x",
                "payload.a in [" + "1,".repeat(900) + "1]", "'" + "a".repeat(1_990) + "'", "payload.x = 1",
                "1 / 0 == 1", "payload['a']['b']['c']", "''' ");
    }

    private String badId() {
        return pick("no-such-id", "", "%2e%2e", "..", "x".repeat(pickInt(37, 300, 2_000)), "%C3%A9%E4%B8%AD", "'%20OR%201=1",
                "-1", "99999999999999999999", "%25", "a;b", "code:x", "file:..", "%E2%80%AE");
    }

    /** At most 2,000 characters: a longer request line is refused by Liberty's HTTP channel (README: what is left). */
    private String urlEncoded(String s) {
        String t = s.replace("\\u0000", "").replace("\\", "");
        return java.net.URLEncoder.encode(t.length() > 2_000 ? t.substring(0, 2_000) : t, StandardCharsets.UTF_8);
    }

    private String contentType() {
        return random.nextInt(5) != 0 ? json() : pick(null, "text/plain", "application/xml", "multipart/form-data",
                "application/json; charset=EBCDIC", "application/json; charset=utf-16", "garbage", "*/*", "application/problem+json");
    }

    private String json() {
        return "application/json";
    }

    private byte[] body() {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> new byte[0];
            case 2 -> {
                byte[] b = new byte[random.nextInt(2_000)];
                random.nextBytes(b);
                yield b;
            }
            case 3 -> bytes("{\"a\": \"\\ud800\"}");
            case 4 -> new byte[]{(byte) 0xC3, (byte) 0x28, '{', '}'};
            default -> bytes(anyJson());
        };
    }

    private static String quoted(String s) {
        // Escapes already in the odd strings (\\u0000) stay JSON escapes; a bare quote is escaped.
        return "\"" + s.replace("\"", "\\\"") + "\"";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private int pickInt(int... options) {
        return options[random.nextInt(options.length)];
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String clip(String s) {
        return clip(s, 300);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...(" + s.length() + " chars)";
    }
}
