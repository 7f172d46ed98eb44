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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server stop with jobs running loses none of them. The test server's grace period is 5 s
 * ({@code TIMEOS_SHUTDOWN_GRACE_PERIOD} in pom.xml): a job that ends within it finishes, one that runs longer
 * is handed back (attempt not counted) and runs again after the start. Runs on the manual container, in the
 * restart executions.
 */
@ExtendWith(ArquillianExtension.class)
class ShutdownIT {

    private static final String CONTAINER = "liberty-restart";
    private static final String DEPLOYMENT = "timeos-shutdown";

    @ArquillianResource
    ContainerController controller;

    @ArquillianResource
    Deployer deployer;

    private final Api api = Api.local();
    private final Jobs jobs = new Jobs(api);

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    @TargetsContainer(CONTAINER)
    static WebArchive deployment() {
        return Deployments.timeos();
    }

    private String createUntil(Instant until) {
        return jobs.create("{\"action\": \"test-until\", \"payload\": {\"untilEpochMilli\": " + until.toEpochMilli() + "}}");
    }

    private static List<String> outcomes(JsonObject job) {
        return job.getJsonArray("executions").getValuesAs(JsonObject.class).stream().map(x -> x.getString("outcome")).toList();
    }

    private static String serverLog() throws IOException {
        Path log = Path.of(System.getProperty("timeos.wlp.home", "target/liberty/wlp"), "usr", "servers",
                System.getProperty("timeos.liberty.server", "timeos"), "logs", "messages.log");
        return Files.readString(log);
    }

    @Test
    void aStopWithJobsRunningLosesNone() throws IOException {
        controller.start(CONTAINER);
        deployer.deploy(DEPLOYMENT);
        try {
            // A first call warms the fresh server, so the jobs below start when created, not seconds later.
            jobs.create("{\"action\": \"noop\"}");
            // The grace period is 5 s (pom.xml): one job ends 4 s after its creation, well inside it; one runs past it.
            String withinGrace = createUntil(Instant.now().plusSeconds(4));
            String pastGrace = createUntil(Instant.now().plusSeconds(20));
            jobs.awaitStatus(withinGrace, "RUNNING", Duration.ofSeconds(10));
            jobs.awaitStatus(pastGrace, "RUNNING", Duration.ofSeconds(10));

            controller.stop(CONTAINER);
            // The stop waited for the first (the managed executor did not interrupt it) and handed the second back.
            JsonObject finished;
            String log = serverLog();
            assertThat(log).containsPattern("handed back 1 unfinished job\\(s\\) at shutdown: \\[" + pastGrace + "\\]");

            controller.start(CONTAINER);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> api.get("/api/stats").status() == 200);
            finished = jobs.get(withinGrace);
            assertThat(finished.getString("status")).isEqualTo("SUCCEEDED");
            assertThat(outcomes(finished)).containsExactly("SUCCEEDED");

            JsonObject rerun = jobs.awaitStatus(pastGrace, "SUCCEEDED", Duration.ofSeconds(30));
            assertThat(outcomes(rerun)).containsExactly("RELEASED", "SUCCEEDED");
            // The handed-back attempt does not count against maxAttempts.
            assertThat(rerun.getJsonArray("executions").getValuesAs(JsonObject.class))
                    .extracting(x -> x.getInt("attempt")).containsExactly(1, 1);
            assertThat(rerun.getInt("attempt")).isEqualTo(1);
        } finally {
            ManualServer.undeployAndStop(deployer, controller, DEPLOYMENT);
        }
    }
}
