package dev.timeos.it;

import jakarta.json.JsonObject;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling deploy: two nodes on one PostgreSQL schema, each with another version of the application's RuleSet
 * ({@link RuleSetVersionOne}, {@link RuleSetVersionTwo}), started side by side and reloaded. Neither deletes the other's
 * rules or their jobs. When the V2 node stops, its rule becomes orphaned at the next reload of the V1 node, still with
 * its job, until an operator deletes it.
 * <p>
 * Starts its own servers from the Liberty the build laid out, like {@link ClusterKillIT} (whose {@link ClusterNode}
 * it uses), on ports and a schema of its own: its own failsafe execution ({@code it-postgresql-rulesets}).
 */
class RuleSetVersionsIT {

    private static final Path WLP = Path.of(System.getProperty("timeos.wlp.home", "target/liberty/wlp"));
    private static final Path LIBERTY_CONFIG = Path.of(System.getProperty("timeos.liberty.config", "liberty"));
    private static final Path WORK = Path.of(System.getProperty("timeos.rulesets.dir", "target/rulesets"));
    private static final String SCHEMA = System.getProperty("timeos.test.rulesets.schema", "timeos_rulesets");
    private static final String DB_URL = TestPostgres.url(SCHEMA);
    private static final int HTTP_PORT = Integer.getInteger("timeos.rulesets.http.port", 9491);
    private static final int HTTPS_PORT = Integer.getInteger("timeos.rulesets.https.port", 9851);
    private static final String SERVER_PREFIX = System.getProperty("timeos.rulesets.server.prefix", "rulesets-");
    private static final Duration NODE_START = Duration.ofMinutes(4);
    private static final Duration NODE_STOP = Duration.ofSeconds(60);

    private static final List<ClusterNode> nodes = new ArrayList<>();
    private static ClusterNode v1;
    private static ClusterNode v2;
    private static Thread lastResort;

    @BeforeAll
    static void startTwoVersions() throws Exception {
        if (!Files.isExecutable(WLP.resolve("bin/server"))) {
            throw new IllegalStateException(WLP + " has no Liberty: the build lays it out in pre-integration-test");
        }
        v1 = new ClusterNode("rules-v1", SERVER_PREFIX + "v1", HTTP_PORT, HTTPS_PORT, WLP, WORK);
        v2 = new ClusterNode("rules-v2", SERVER_PREFIX + "v2", HTTP_PORT + 1, HTTPS_PORT + 1, WLP, WORK);
        nodes.addAll(List.of(v1, v2));
        nodes.forEach(ClusterNode::checkNothingInTheWay);
        try (Connection c = DriverManager.getConnection(TestPostgres.url());
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
        }
        Files.createDirectories(WORK);
        Path war1 = WORK.resolve("timeos-v1.war");
        Path war2 = WORK.resolve("timeos-v2.war");
        Deployments.timeos().addClass(RuleSetVersionOne.class).as(ZipExporter.class).exportTo(war1.toFile(), true);
        Deployments.timeos().addClass(RuleSetVersionTwo.class).as(ZipExporter.class).exportTo(war2.toFile(), true);

        lastResort = new Thread(() -> nodes.forEach(ClusterNode::forceKill), "rule-set-versions-it-last-resort");
        Runtime.getRuntime().addShutdownHook(lastResort);

        // The admin's credentials too (the nodes' environment is emptied of TIMEOS_*): the clients log in with them.
        Map<String, String> configuration = Map.of("TIMEOS_DB_URL", DB_URL, "TIMEOS_WORKERS", "2",
                "TIMEOS_ADMIN_USER", Api.adminUser(), "TIMEOS_ADMIN_PASSWORD", Api.adminPassword());
        v1.create(LIBERTY_CONFIG, war1);
        v2.create(LIBERTY_CONFIG, war2);
        // Side by side: both load their rules into one empty schema at the same time.
        v1.start(configuration);
        v2.start(configuration);
        Instant deadline = Instant.now().plus(NODE_START);
        for (ClusterNode node : nodes) {
            Duration left = Duration.between(Instant.now(), deadline);
            node.awaitReady(left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left);
        }
    }

    @AfterAll
    static void stopNodes() {
        nodes.forEach(n -> n.awaitStopped(n.requestStop(), NODE_STOP));
        if (lastResort != null) {
            Runtime.getRuntime().removeShutdownHook(lastResort);
        }
    }

    private static JsonObject get(ClusterNode node, String path) {
        Api.Reply r = node.api.get(path);
        assertThat(r.status()).as(node + " GET " + path + ": " + r).isEqualTo(200);
        return r.json();
    }

    private static JsonObject post(ClusterNode node, String path, String body, int expected) {
        Api.Reply r = node.api.post(path, body);
        assertThat(r.status()).as(node + " POST " + path + ": " + r).isEqualTo(expected);
        return r.json();
    }

    private static String status(ClusterNode node, String ruleId) {
        return get(node, "/api/rules/" + ruleId).getString("status");
    }

    @Test
    void twoNodesWithDifferentRuleSetVersionsNeverDeleteEachOthersRules() {
        for (ClusterNode node : nodes) {
            for (String id : List.of("code:versions-common", "code:versions-only-v1", "code:versions-only-v2")) {
                assertThat(status(node, id)).as(id + " seen from " + node).isEqualTo("active");
            }
        }
        String jobV1 = post(v2, "/api/events", "{\"type\": \"versions_v1\"}", 201).getJsonArray("jobIds").getString(0);
        String jobV2 = post(v1, "/api/events", "{\"type\": \"versions_v2\"}", 201).getJsonArray("jobIds").getString(0);

        // Each reloads, in turn and again: what only the other defines stays, jobs and all.
        for (int round = 0; round < 2; round++) {
            for (ClusterNode node : nodes) {
                assertThat(post(node, "/api/rules/reload", "", 200).getJsonObject("problems")).as(node.toString()).isEmpty();
                assertThat(status(v1, "code:versions-only-v1")).isEqualTo("active");
                assertThat(status(v1, "code:versions-only-v2")).isEqualTo("active");
                assertThat(get(v1, "/api/jobs/" + jobV1).getString("status")).isEqualTo("SCHEDULED");
                assertThat(get(v1, "/api/jobs/" + jobV2).getString("status")).isEqualTo("SCHEDULED");
            }
        }
        assertThat(v1.api.delete("/api/rules/code:versions-only-v2").status()).as("a rule a running node defines").isEqualTo(409);

        // The V2 node goes away (the rolling deploy went back to V1): its rule is orphaned, not deleted.
        v2.awaitStopped(v2.requestStop(), NODE_STOP);
        post(v1, "/api/rules/reload", "", 200);
        assertThat(status(v1, "code:versions-only-v2")).isEqualTo("orphaned");
        assertThat(status(v1, "code:versions-only-v1")).isEqualTo("active");
        assertThat(status(v1, "code:versions-common")).isEqualTo("active");
        assertThat(get(v1, "/api/jobs/" + jobV2).getString("status")).isEqualTo("SCHEDULED");

        // An operator deletes it.
        assertThat(v1.api.delete("/api/rules/code:versions-only-v2").status()).isEqualTo(204);
        assertThat(get(v1, "/api/jobs/" + jobV2).getString("status")).isEqualTo("CANCELLED");
        assertThat(get(v1, "/api/jobs/" + jobV1).getString("status")).isEqualTo("SCHEDULED");
        assertThat(v1.api.get("/api/rules/code:versions-only-v2/history").array().getValuesAs(JsonObject.class))
                .extracting(h -> h.getString("change")).endsWith("reload", "delete");
    }
}
