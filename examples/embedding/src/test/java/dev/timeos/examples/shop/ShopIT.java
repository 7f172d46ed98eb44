package dev.timeos.examples.shop;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.timeos.examples.shop.ShopClient.asAdmin;
import static dev.timeos.examples.shop.ShopClient.jobsByAction;
import static dev.timeos.examples.shop.ShopClient.order;
import static dev.timeos.examples.shop.ShopClient.placeOrder;
import static dev.timeos.examples.shop.ShopClient.send;
import static dev.timeos.examples.shop.ShopClient.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shop as built ({@code target/shop.war}: its classes and TimeOS's classes jar) on a real Liberty with Derby, driven
 * over HTTP as its users would: an order whose transaction rolls back leaves nothing, neither in the shop's table nor
 * in TimeOS; a committed one schedules its jobs and the shop's own action runs one; TimeOS's REST API is left out by
 * configuration (META-INF/microprofile-config.properties) while its engine works. ShopApiKeptIT: the same WAR with the
 * API kept by the environment.
 */
@ExtendWith(ArquillianExtension.class)
class ShopIT {

    @Deployment(testable = false)
    static WebArchive shop() {
        return ShopClient.war();
    }

    @Test
    void aRolledBackOrderLeavesNoRowNoEventAndNoJob() {
        String id = "rollback-" + UUID.randomUUID();
        ShopClient.Reply refused = placeOrder(id, true);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);

        JsonObject shown = order(id);
        assertThat(shown.get("order")).as("the shop's own row").isEqualTo(JsonValue.NULL);
        assertThat(shown.getJsonArray("events")).as("TimeOS's event").isEmpty();
        assertThat(shown.getJsonArray("jobs")).as("TimeOS's jobs").isEmpty();

        // The event never happened: its idempotency key ("order-<id>") is still free, so the same order placed again
        // now is a new event with its own jobs, not a repeat of a rolled-back one.
        ShopClient.Reply placed = placeOrder(id, false);
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        JsonObject again = order(id);
        assertThat(again.getJsonArray("events")).hasSize(1);
        assertThat(jobsByAction(again)).containsOnlyKeys("confirm_order", "log");
    }

    @Test
    void aCommittedOrderSchedulesItsJobsAndTheShopsActionRunsOne() {
        String id = "commit-" + UUID.randomUUID();
        ShopClient.Reply placed = placeOrder(id, false);
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);

        JsonObject shown = order(id);
        assertThat(shown.getJsonObject("order").getString("item")).isEqualTo("a book");
        List<JsonObject> events = shown.getJsonArray("events").getValuesAs(JsonObject.class);
        assertThat(events).hasSize(1);
        Instant occurredAt = Instant.parse(events.get(0).getString("occurredAt"));
        // The event's time is the shop's (its own Clock), and the order's.
        assertThat(occurredAt).isEqualTo(Instant.parse(shown.getJsonObject("order").getString("placedAt")));
        Map<String, JsonObject> jobs = jobsByAction(shown);
        assertThat(jobs).containsOnlyKeys("confirm_order", "log");
        // The review request waits three days after the order.
        assertThat(jobs.get("log").getString("status")).isEqualTo("SCHEDULED");
        assertThat(Instant.parse(jobs.get("log").getString("performAt"))).isEqualTo(occurredAt.plus(Duration.ofDays(3)));

        // The confirmation is due at once: TimeOS's workers run the shop's @Action, which confirms the order.
        String confirmJob = jobs.get("confirm_order").getString("id");
        await("the shop's confirm_order action ran").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> order(id).getJsonObject("order").getString("status").equals("CONFIRMED"));
        JsonObject confirmed = order(id);
        assertThat(confirmed.getJsonObject("order").getString("confirmedByJob")).isEqualTo(confirmJob);
        await("TimeOS recorded the job's success").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> jobsByAction(order(id)).get("confirm_order").getString("status").equals("SUCCEEDED"));
    }

    @Test
    void timeOSsRestApiIsLeftOutByConfigurationWhileItsEngineWorks() {
        for (String path : List.of("/api/jobs", "/api/events", "/api/rules", "/api/health")) {
            ShopClient.Reply r = send(asAdmin(to(path)).GET());
            assertThat(r.status()).as("GET " + path + " as an admin: " + r.body()).isEqualTo(404);
            assertThat(r.contentType()).as("GET " + path).startsWith("application/problem+json");
            assertThat(r.json().getInt("status")).isEqualTo(404);
        }
        ShopClient.Reply emit = send(asAdmin(to("/api/events")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"order_placed\", \"payload\": {}}")));
        assertThat(emit.status()).as(emit.body()).isEqualTo(404);
        assertThat(emit.contentType()).startsWith("application/problem+json");
        // The login in front of it stays (web.xml): whoever turns the API on gets it protected.
        assertThat(send(to("/api/jobs").GET()).status()).isEqualTo(401);

        // The engine is there: its health checks answer, ready.
        ShopClient.Reply ready = send(to("/health/ready").GET());
        assertThat(ready.status()).as(ready.body()).isEqualTo(200);
        assertThat(ready.json().getString("status")).isEqualTo("UP");
    }

    @Test
    void theShopKeepsItsOwnStaticFilesAndRequestsTimeOSsWebXmlWouldRefuse() {
        // TimeOS's WAR registers a default servlet (an unknown path is a 404 problem) and a Content-Type check in its
        // own web.xml; the classes jar brings neither, so the host's files and its own request rules stay its own.
        ShopClient.Reply page = send(to("/").GET());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("The shop");
        ShopClient.Reply latin1 = send(to("/").header("Content-Type", "text/plain; charset=ISO-8859-1").GET());
        assertThat(latin1.status()).as(latin1.body()).isEqualTo(200);
    }
}
