package dev.timeos.examples.shop;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static dev.timeos.examples.shop.ShopClient.asAdmin;
import static dev.timeos.examples.shop.ShopClient.jobsByAction;
import static dev.timeos.examples.shop.ShopClient.order;
import static dev.timeos.examples.shop.ShopClient.placeOrder;
import static dev.timeos.examples.shop.ShopClient.send;
import static dev.timeos.examples.shop.ShopClient.to;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same shop WAR with TimeOS's REST API kept by configuration alone: {@code TIMEOS_API_ENABLED=true} in the
 * server's environment (failsafe execution {@code api-kept}) wins over the WAR's {@code timeos.api.enabled=false}.
 * The API then answers behind the shop's login, beside the shop's own.
 */
@ExtendWith(ArquillianExtension.class)
class ShopApiKeptIT {

    @Deployment(testable = false)
    static WebArchive shop() {
        return ShopClient.war();
    }

    @Test
    void timeOSsRestApiAnswersBehindTheLoginWhenTheEnvironmentKeepsIt() {
        String id = "api-kept-" + UUID.randomUUID();
        ShopClient.Reply placed = placeOrder(id, false);
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        String confirmJob = jobsByAction(order(id)).get("confirm_order").getString("id");

        ShopClient.Reply job = send(asAdmin(to("/api/jobs/" + confirmJob)).GET());
        assertThat(job.status()).as(job.body()).isEqualTo(200);
        JsonObject json = job.json();
        assertThat(json.getString("action")).isEqualTo("confirm_order");
        assertThat(json.getJsonObject("args").getString("order_id")).isEqualTo(id);

        assertThat(send(to("/api/jobs/" + confirmJob).GET()).status()).as("anonymous").isEqualTo(401);
    }
}
