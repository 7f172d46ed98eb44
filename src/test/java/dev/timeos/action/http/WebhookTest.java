package dev.timeos.action.http;

import dev.timeos.error.FieldError;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookTest {

    private static JsonObject json(String s) {
        return Json.createReader(new StringReader(s)).readObject();
    }

    @Test
    void theBodyIsTheArgsWithoutTheHttpOptions() {
        Webhook.Parsed p = Webhook.parse("https://hooks.example.com/a",
                json("{\"user_id\": \"123\", \"method\": \"card\", \"http\": {\"method\": \"put\", \"headers\": {\"X-Env\": \"prod\"}}}"),
                "payload");
        assertThat(p.errors()).isEmpty();
        Webhook w = p.webhook();
        assertThat(w.method()).isEqualTo("PUT");
        assertThat(w.headers()).containsEntry("X-Env", "prod");
        assertThat(json(new String(w.body(), StandardCharsets.UTF_8)))
                .isEqualTo(json("{\"user_id\": \"123\", \"method\": \"card\"}"));
        assertThat(p.targetField()).isEqualTo("target");
    }

    @Test
    void aRuleGivesItsTargetInTheArgs() {
        Webhook.Parsed p = Webhook.parse(null, json("{\"http\": {\"target\": \"https://hooks.example.com/b\"}}"), "args");
        assertThat(p.errors()).isEmpty();
        assertThat(p.webhook().target()).isEqualTo(URI.create("https://hooks.example.com/b"));
        assertThat(p.webhook().method()).isEqualTo("POST");
        assertThat(p.targetField()).isEqualTo("args.http.target");
    }

    @Test
    void badOptionsAreNamed() {
        Webhook.Parsed p = Webhook.parse(null, json("{\"http\": {\"method\": \"TRACE\", \"headers\": "
                + "{\"Host\": \"evil\", \"X-Ok\": 5, \"Bad Name\": \"v\", \"Idempotency-Key\": \"mine\"}}}"), "args");
        assertThat(p.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("args.http.target",
                "args.http.method", "args.http.headers.Host", "args.http.headers.X-Ok", "args.http.headers.Bad Name",
                "args.http.headers.Idempotency-Key");
    }

    @Test
    void aRelativeOrMalformedTargetIsRefused() {
        assertThat(Webhook.parse("/relative", JsonObject.EMPTY_JSON_OBJECT, "payload").errors())
                .extracting(FieldError::field).containsExactly("target");
        assertThat(Webhook.parse("http://exa mple.com", JsonObject.EMPTY_JSON_OBJECT, "payload").errors())
                .extracting(FieldError::field).containsExactly("target");
    }

    @Test
    void getAndDeleteSendNoBody() {
        Webhook w = Webhook.parse("https://x.example.com/", json("{\"a\": 1, \"http\": {\"method\": \"GET\"}}"), "payload")
                .webhook();
        assertThat(w.hasBody()).isFalse();
        assertThat(w.body()).isEmpty();
    }

    @Test
    void aRedirectAfterAPostContinuesAsAGetExceptTemporaryAndPermanentRedirects() {
        Webhook post = Webhook.parse("https://x.example.com/", json("{\"a\": 1}"), "payload").webhook();
        URI next = URI.create("https://y.example.com/");
        assertThat(post.redirectedTo(next, 302).method()).isEqualTo("GET");
        assertThat(post.redirectedTo(next, 303).body()).isEmpty();
        assertThat(post.redirectedTo(next, 307).method()).isEqualTo("POST");
        assertThat(post.redirectedTo(next, 308).body()).isEqualTo(post.body());
        assertThat(post.redirectedTo(next, 308).target()).isEqualTo(next);
    }

    /** A header value the JDK's HTTP client would refuse at every attempt is refused when the job is made. */
    @Test
    void headerValuesAreWhatTheHttpClientCanSendAndNamedOtherwise() {
        for (String value : new String[]{"plain", "tab\there", "caf\u00e9", "\u00ff", " ", "", "\u4e2d", "x\u0001y",
                "del\u007f", "\u0100", "\ud83d\ude00"}) {
            boolean jdkSends;
            try {
                java.net.http.HttpRequest.newBuilder(URI.create("https://hooks.example.com/")).header("X-V", value);
                jdkSends = true;
            } catch (IllegalArgumentException e) {
                jdkSends = false;
            }
            assertThat(Webhook.sendable(value)).as("'%s'", value).isEqualTo(jdkSends);
        }
        Webhook.Parsed p = Webhook.parse("https://hooks.example.com/", json("{\"http\": {\"headers\": "
                + "{\"X-Name\": \"\u4e2d\", \"X-Ok\": \"caf\u00e9\"}}}"), "payload");
        assertThat(p.errors()).extracting(dev.timeos.error.FieldError::field).containsExactly("payload.http.headers.X-Name");
    }
}
