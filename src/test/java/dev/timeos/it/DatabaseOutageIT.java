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
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness follows the database (issue 11): a server whose PostgreSQL is reached through a {@link TcpProxy} the test
 * controls. While the proxy drops every connection, {@code /health/ready} is 503 with {@code database} DOWN, liveness
 * stays UP (an outage is no reason to restart), and {@code GET /api/health} says {@code degraded}; once connections
 * pass again, readiness is UP without a restart and a new job runs. The machine's PostgreSQL is never stopped.
 * <p>
 * Starts its own server (with {@link ClusterNode}) on ports, a server name and a schema of its own: its own failsafe
 * execution ({@code it-postgresql-outage}).
 */
class DatabaseOutageIT {

    private static final Path WLP = Path.of(System.getProperty("timeos.wlp.home", "target/liberty/wlp"));
    private static final Path LIBERTY_CONFIG = Path.of(System.getProperty("timeos.liberty.config", "liberty"));
    private static final Path WORK = Path.of(System.getProperty("timeos.outage.dir", "target/outage"));
    private static final String SCHEMA = System.getProperty("timeos.test.outage.schema", "timeos_outage");
    private static final int HTTP_PORT = Integer.getInteger("timeos.outage.http.port", 9471);
    private static final int HTTPS_PORT = Integer.getInteger("timeos.outage.https.port", 9831);
    private static final String SERVER = System.getProperty("timeos.outage.server", "outage-node");

    private static TcpProxy proxy;
    private static Map<String, String> configuration;
    private static ClusterNode node;
    private static Thread lastResort;

    @BeforeAll
    static void startBehindAProxy() throws Exception {
        if (!Files.isExecutable(WLP.resolve("bin/server"))) {
            throw new IllegalStateException(WLP + " has no Liberty: the build lays it out in pre-integration-test");
        }
        node = new ClusterNode("outage", SERVER, HTTP_PORT, HTTPS_PORT, WLP, WORK);
        node.checkNothingInTheWay();
        try (Connection c = DriverManager.getConnection(TestPostgres.url());
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
        }
        proxy = new TcpProxy(TestPostgres.HOST, TestPostgres.PORT);
        Files.createDirectories(WORK);
        Path war = WORK.resolve("timeos.war");
        Deployments.timeos().as(ZipExporter.class).exportTo(war.toFile(), true);
        lastResort = new Thread(node::forceKill, "database-outage-it-last-resort");
        Runtime.getRuntime().addShutdownHook(lastResort);
        String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?user=postgres&currentSchema=" + SCHEMA
                // A dropped connection fails in seconds, not after the driver's default of never.
                + "&connectTimeout=3&socketTimeout=10";
        node.create(LIBERTY_CONFIG, war);
        configuration = Map.of("TIMEOS_DB_URL", url, "TIMEOS_WORKERS", "2",
                "TIMEOS_ADMIN_USER", Api.adminUser(), "TIMEOS_ADMIN_PASSWORD", Api.adminPassword());
        node.start(configuration);
        node.awaitReady(Duration.ofMinutes(4));
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.restore();
        }
        if (node != null) {
            node.awaitStopped(node.requestStop(), Duration.ofSeconds(60));
        }
        if (proxy != null) {
            proxy.close();
        }
        if (lastResort != null) {
            Runtime.getRuntime().removeShutdownHook(lastResort);
        }
    }

    private static Api.Reply probe(String path) {
        return new Api("http://localhost:" + HTTP_PORT + "/", null, null).get(path);
    }

    private static Optional<JsonObject> check(Api.Reply probe, String name) {
        return probe.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> name.equals(c.getString("name"))).findFirst();
    }

    private static String databaseStatus() {
        Api.Reply r = probe("/health/ready");
        return check(r, "database").map(c -> c.getString("status")).orElse("missing") + " " + r.status();
    }

    @Test
    void readinessIsDownWhileTheDatabaseIsAwayAndUpAgainWhenItReturns() {
        assertThat(databaseStatus()).isEqualTo("UP 200");

        Instant cut = Instant.now();
        proxy.cut();
        await("readiness DOWN after the database went away").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> databaseStatus().equals("DOWN 503"));
        System.out.println("DatabaseOutageIT: readiness DOWN " + Duration.between(cut, Instant.now()).toMillis()
                + " ms after the cut");
        JsonObject down = check(probe("/health/ready"), "database").orElseThrow();
        assertThat(down.getJsonObject("data").getString("error")).startsWith("the job store did not answer")
                .doesNotContain(String.valueOf(TestPostgres.PORT)).doesNotContain("postgres");
        // Not a reason to restart: liveness stays UP.
        Api.Reply live = probe("/health/live");
        assertThat(live.status()).as(live.toString()).isEqualTo(200);
        JsonObject health = node.api.get("/api/health").expect(200).json();
        assertThat(health.getString("status")).isEqualTo("degraded");
        assertThat(health.getJsonObject("components").getJsonObject("database").getString("status")).isEqualTo("unhealthy");

        Instant back = Instant.now();
        proxy.restore();
        await("readiness UP after the database came back").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> databaseStatus().equals("UP 200"));
        System.out.println("DatabaseOutageIT: readiness UP " + Duration.between(back, Instant.now()).toMillis()
                + " ms after the database came back");
        assertThat(node.api.get("/api/health").expect(200).json().getJsonObject("components").getJsonObject("database")
                .getString("status")).isEqualTo("healthy");

        // The engine works again without a restart: a new job runs.
        String id = node.api.post("/api/jobs", "{\"action\": \"noop\"}").expect(201).json().getString("id");
        await("a job created after the outage succeeds").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> node.api.get("/api/jobs/" + id).json().getString("status").equals("SUCCEEDED"));
    }

    private static String probeStatus(String path, String check) {
        try {
            Api.Reply r = probe(path);
            return check(r, check).map(c -> c.getString("status")).orElse("missing") + " " + r.status();
        } catch (RuntimeException e) {
            return "no answer";
        }
    }

    @Test
    void startingWhileTheDatabaseIsAwayDeploysAndStartsTheEngineWhenItReturns() throws Exception {
        node.awaitStopped(node.requestStop(), Duration.ofSeconds(60));
        proxy.cut();
        node.start(configuration);
        try {
            await("the application answering its probes with the database away").atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> probeStatus("/health/started", "scheduler").equals("DOWN 503"));
            assertThat(probeStatus("/health/ready", "database")).isEqualTo("DOWN 503");
            JsonObject started = check(probe("/health/started"), "scheduler").orElseThrow();
            assertThat(started.getJsonObject("data").getBoolean("migrated")).isFalse();
        } finally {
            proxy.restore();
        }
        Instant back = Instant.now();
        await("startup UP once the database is back").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> probeStatus("/health/started", "scheduler").equals("UP 200"));
        System.out.println("DatabaseOutageIT: engine started " + Duration.between(back, Instant.now()).toMillis()
                + " ms after the database came back");
        assertThat(probeStatus("/health/ready", "database")).isEqualTo("UP 200");
        JsonObject data = check(probe("/health/started"), "scheduler").orElseThrow().getJsonObject("data");
        assertThat(data.getBoolean("rulesLoaded")).isTrue();
        assertThat(data.getBoolean("dispatching")).isTrue();
        String id = node.api.post("/api/jobs", "{\"action\": \"noop\"}").expect(201).json().getString("id");
        await("a job created after the late start succeeds").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> node.api.get("/api/jobs/" + id).json().getString("status").equals("SUCCEEDED"));
    }
}
