package dev.timeos.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A small HTTP client for the REST contract, as a client application would use it. */
public final class Api {

    public record Reply(int status, String contentType, String body) {
        /** This reply, after checking its status (the whole reply in the failure message). */
        public Reply expect(int expected) {
            org.assertj.core.api.Assertions.assertThat(status).as(toString()).isEqualTo(expected);
            return this;
        }

        public JsonObject json() {
            return (JsonObject) structure();
        }

        public jakarta.json.JsonArray array() {
            return (jakarta.json.JsonArray) structure();
        }

        private JsonStructure structure() {
            try (JsonReader r = Json.createReader(new StringReader(body))) {
                return r.read();
            }
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }

    private final URI base;
    /** The {@code Authorization} header sent with every request, or null for an anonymous client. */
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** A client logged in as the admin of the environment (failsafe sets it: pom.xml), as every suite's client is. */
    public Api(String base) {
        this(base, adminUser(), adminPassword());
    }

    /** A client of the given user, or an anonymous one when {@code user} is null. */
    public Api(String base, String user, String password) {
        this.base = URI.create(base.endsWith("/") ? base : base + "/");
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static Api local() {
        return new Api(localBase());
    }

    public static Api local(String user, String password) {
        return new Api(localBase(), user, password);
    }

    public static Api anonymous() {
        return new Api(localBase(), null, null);
    }

    public static String localBase() {
        return "http://localhost:" + Integer.getInteger("timeos.http.port", 9080) + "/";
    }

    public static String adminUser() {
        return env("TIMEOS_ADMIN_USER", "admin");
    }

    public static String adminPassword() {
        return env("TIMEOS_ADMIN_PASSWORD", "timeos-dev-admin");
    }

    public static String viewerUser() {
        return env("TIMEOS_VIEWER_USER", "viewer");
    }

    public static String viewerPassword() {
        return env("TIMEOS_VIEWER_PASSWORD", "timeos-dev-viewer");
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? dflt : v;
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Reply post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply patch(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    private URI uri(String path) {
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    /** Any request: a method, a raw path (sent as given, not re-encoded), headers and a body. */
    public Reply raw(String method, String rawPath, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.toString() + (rawPath.startsWith("/") ? rawPath.substring(1) : rawPath)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    private Reply send(HttpRequest.Builder b) {
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
