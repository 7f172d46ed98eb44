package dev.timeos.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.ContainerController;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Occurrences missed while TimeOS was down follow each rule's misfire policy. The server is stopped, its
 * clock moved an hour ahead (TestClock), and started again: a rule every ten minutes missed five
 * occurrences (the sixth is due now, within the misfire threshold, and simply runs).
 */
@ExtendWith(ArquillianExtension.class)
class MisfireIT {

    private static final String CONTAINER = "liberty-restart";
    private static final String DEPLOYMENT = "timeos-misfire";

    @ArquillianResource
    ContainerController controller;

    @ArquillianResource
    Deployer deployer;

    private final Api api = Api.local();

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    @TargetsContainer(CONTAINER)
    static WebArchive deployment() {
        return Deployments.timeos();
    }

    private String rule(String misfire) {
        Api.Reply r = api.post("/api/rules", "{\"trigger\": {\"every\": \"10m\"}, \"action\": \"noop\", \"misfire\": \"" + misfire + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().getString("id");
    }

    private List<JsonObject> jobs(String ruleId) {
        return api.get("/api/jobs?limit=1000&ruleId=" + ruleId).json().getJsonArray("items").getValuesAs(JsonObject.class);
    }

    private int succeeded(String ruleId) {
        return (int) jobs(ruleId).stream().filter(j -> "SUCCEEDED".equals(j.getString("status"))).count();
    }

    @Test
    void missedOccurrencesFollowTheRulesMisfirePolicy() throws Exception {
        Path clockFile = Path.of(System.getProperty("timeos.test.clock.file"));
        Files.deleteIfExists(clockFile);
        controller.start(CONTAINER);
        deployer.deploy(DEPLOYMENT);
        List<String> rules = new java.util.ArrayList<>();
        try {
            String all = rule("fire-all");
            String once = rule("fire-once");
            String skip = rule("skip");
            rules.addAll(List.of(all, once, skip));
            // The first occurrence is at creation.
            await().atMost(Duration.ofSeconds(20)).until(() -> succeeded(all) == 1 && succeeded(once) == 1 && succeeded(skip) == 1);

            controller.stop(CONTAINER);
            Files.writeString(clockFile, "PT1H");
            controller.start(CONTAINER);
            await().atMost(Duration.ofMinutes(3)).ignoreExceptions().until(() -> api.get("/api/stats").status() == 200);

            // initial + missed (per policy) + the occurrence due now
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> succeeded(all) == 7 && succeeded(once) == 3 && succeeded(skip) == 2);
            // And no more: the same counts throughout two seconds.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(250))
                    .until(() -> jobs(all).size() == 7 && jobs(once).size() == 3 && jobs(skip).size() == 2);
            assertThat(jobs(all)).hasSize(7);
            assertThat(jobs(once)).hasSize(3);
            assertThat(jobs(skip)).hasSize(2);
        } finally {
            Files.deleteIfExists(clockFile);
            try {
                // Later tests share this database, on the real clock again.
                rules.forEach(id -> api.delete("/api/rules/" + id));
            } catch (RuntimeException e) {
                System.err.println("clean-up: " + e);
            }
            ManualServer.undeployAndStop(deployer, controller, DEPLOYMENT);
        }
    }
}
