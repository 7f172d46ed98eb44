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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Restart safety on a real Liberty that the test stops, kills and starts itself (a manual container, run in
 * its own failsafe execution): jobs due while the server was down run after it starts, a job left RUNNING
 * by a crash runs again, and a graceful stop loses nothing.
 */
@ExtendWith(ArquillianExtension.class)
class RestartIT {

    private static final String CONTAINER = "liberty-restart";
    private static final String DEPLOYMENT = "timeos";

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

    private JsonObject job(String id) {
        Api.Reply r = api.get("/api/jobs/" + id);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private String create(String json) {
        Api.Reply r = api.post("/api/jobs", json);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().getString("id");
    }

    private JsonObject awaitStatus(String id, String status, Duration within) {
        return await().atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> job(id), j -> status.equals(j.getString("status")));
    }

    /** This checkout's server JVM, found by its launcher jar under this build's Liberty (not another checkout's). */
    private static Optional<ProcessHandle> libertyProcess() {
        String launcher = new java.io.File(System.getProperty("timeos.wlp.home", "target/liberty/wlp"), "bin/tools/ws-server.jar")
                .getAbsolutePath();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(launcher)).orElse(false))
                .findFirst();
    }

    private void awaitApplication() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> api.get("/api/stats").status() == 200);
    }

    @Test
    void jobsSurviveACrashAndAGracefulRestart() {
        controller.start(CONTAINER);
        deployer.deploy(DEPLOYMENT);
        try {
            // A job that will be running when the server dies, and one that falls due while it is down.
            String running = create("{\"action\": \"test-slow\", \"payload\": {\"millis\": 600000}}");
            awaitStatus(running, "RUNNING", Duration.ofSeconds(10));
            Instant dueWhileDown = Instant.now().plusSeconds(1);
            String overdue = create("{\"action\": \"noop\", \"time\": \"" + dueWhileDown + "\"}");

            ProcessHandle server = libertyProcess().orElseThrow(() -> new AssertionError("Liberty JVM not found"));
            server.destroyForcibly();
            await().atMost(Duration.ofSeconds(30)).until(() -> !server.isAlive());
            try {
                controller.stop(CONTAINER);
            } catch (Exception alreadyDead) {
                // The container notices that its server is gone; nothing to stop.
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(dueWhileDown));

            // The WAR is still in dropins: the server starts it with itself.
            controller.start(CONTAINER);
            awaitApplication();

            JsonObject overdueDone = awaitStatus(overdue, "SUCCEEDED", Duration.ofSeconds(30));
            assertThat(Instant.parse(overdueDone.getString("startedAt"))).isAfter(dueWhileDown);

            // Its first attempt was lost with the server; the second (quick) attempt succeeds.
            JsonObject rerun = awaitStatus(running, "SUCCEEDED", Duration.ofSeconds(30));
            List<JsonObject> attempts = rerun.getJsonArray("executions").getValuesAs(JsonObject.class);
            assertThat(attempts).extracting(x -> x.getString("outcome")).containsExactly("LOST", "SUCCEEDED");
            assertThat(attempts).extracting(x -> x.getInt("attempt")).containsExactly(1, 2);

            // Graceful: a job running at stop finishes within the grace period; a pending one runs after start.
            String finishing = create("{\"action\": \"test-slow\", \"payload\": {\"millis\": 2000, \"always\": true}}");
            awaitStatus(finishing, "RUNNING", Duration.ofSeconds(10));
            String pending = create("{\"action\": \"noop\", \"time\": \"" + Instant.now().plusSeconds(3) + "\"}");
            controller.stop(CONTAINER);
            controller.start(CONTAINER);
            awaitApplication();

            JsonObject finished = job(finishing);
            assertThat(finished.getString("status")).isEqualTo("SUCCEEDED");
            assertThat(finished.getJsonArray("executions")).hasSize(1);
            awaitStatus(pending, "SUCCEEDED", Duration.ofSeconds(30));
        } finally {
            ManualServer.undeployAndStop(deployer, controller, DEPLOYMENT);
        }
    }
}
