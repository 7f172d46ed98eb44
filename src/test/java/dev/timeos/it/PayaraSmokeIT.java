package dev.timeos.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same WAR on Payara Micro 6, started by the test as a user would ({@code java -jar payara-micro.jar --deploy
 * timeos.war}, the JDBC drivers with {@code --addLibs}), driven over REST: not Arquillian, nothing of Liberty. Once
 * on the embedded Derby default, once on PostgreSQL chosen by the environment alone ({@code TIMEOS_DB_URL}). Each run checks that a rule every second keeps firing for 15 s (the planner once stopped
 * after its first pass on Payara), that an event rule makes its job and the job runs, that a direct job succeeds,
 * and that health answers (metrics: see {@link #smoke}). The users come from a post-boot command file that creates them in Payara's
 * file realm (README, "Payara"); the data source needs no file at all.
 * <p>
 * Run by the {@code payara} profile ({@code .ci/run}): {@code mvn -B verify -Ppayara}; alone, after
 * {@code mvn -B package -DskipTests -Ppayara}: {@code mvn -B failsafe:integration-test@it-payara -Ppayara}.
 */
class PayaraSmokeIT {

    private static final Path WAR = Path.of(System.getProperty("timeos.war", "target/timeos.war"));
    private static final Path PAYARA = Path.of(System.getProperty("timeos.payara.jar", "target/payara/payara-micro.jar"));
    private static final Path LIBS = Path.of(System.getProperty("timeos.payara.libs", "target/payara/lib"));
    private static final Path DIR = Path.of(System.getProperty("timeos.payara.dir", "target/payara"));
    private static final int PORT = Integer.getInteger("timeos.payara.port", 9581);
    private static final String PG_URL = System.getProperty("timeos.test.payara.postgresql.url");
    private static final String PG_SCHEMA = System.getProperty("timeos.test.payara.postgresql.schema", "timeos_payara");
    private static final String USER = "smoke-admin";
    private static final String PASSWORD = "smoke-admin-password";

    private Process payara;
    private Path log;

    @Test
    void derbyByDefault() throws Exception {
        start("derby", Map.of());
        smoke();
    }

    @Test
    void postgresqlByConfigurationAlone() throws Exception {
        assertThat(PG_URL).as("timeos.test.payara.postgresql.url (pom.xml, profile payara)").isNotBlank();
        try (Connection c = DriverManager.getConnection(PG_URL.replaceAll("currentSchema=[^&]*&?", ""));
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + PG_SCHEMA);
        }
        start("postgresql", Map.of("TIMEOS_DB_URL", PG_URL));
        smoke();
        // The jobs are in PostgreSQL, in the schema the URL named: the configuration chose the store.
        try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + PG_SCHEMA + ".timeos_job WHERE status = 'SUCCEEDED'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(15);
        }
    }

    private void smoke() {
        Api api = new Api("http://localhost:" + PORT + "/", USER, PASSWORD);
        Api anonymous = new Api("http://localhost:" + PORT + "/", null, null);

        // Health and metrics answer, without login (as Kubernetes and Prometheus call them). Metrics answered 500 on
        // every scrape while the data source was a glassfish-resources.xml pool (payara/Payara#6041); README, "Payara".
        await("health UP").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> anonymous.get("/health/ready").status() == 200);
        assertThat(anonymous.get("/health").json().getString("status")).isEqualTo("UP");
        assertThat(anonymous.get("/metrics").status()).isEqualTo(200);
        // The management API belongs to the realm.
        assertThat(anonymous.get("/api/stats").status()).isEqualTo(401);

        // A rule every second: it keeps firing (one planning pass is not enough: the planner runs every 5 s).
        String tick = api.post("/api/rules", "{\"name\": \"tick\", \"trigger\": {\"every\": \"PT1S\"}, \"action\": \"noop\"}")
                .expect(201).json().getString("id");
        Instant ruleCreated = Instant.now();

        // An event rule makes its job, and the job runs.
        api.post("/api/rules", "{\"name\": \"welcome\", \"trigger\": {\"event\": \"user_signup\"}, \"action\": \"log\"}")
                .expect(201);
        JsonObject emitted = api.post("/api/events", "{\"type\": \"user_signup\", \"payload\": {\"user_id\": \"123\"}}")
                .expect(201).json();
        assertThat(emitted.getJsonArray("jobIds")).hasSize(1);
        awaitSucceeded(api, emitted.getJsonArray("jobIds").getString(0));

        // A direct job succeeds.
        String job = api.post("/api/jobs", "{\"action\": \"noop\"}").expect(201).json().getString("id");
        awaitSucceeded(api, job);

        // 15 s of the rule: about one run a second, the last ones recent (it did not stop after the first passes).
        List<Long> counts = new ArrayList<>();
        await("15 s of the every-second rule").atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    counts.add(succeeded(api, tick));
                    return Duration.between(ruleCreated, Instant.now()).toSeconds() >= 16;
                });
        long total = succeeded(api, tick);
        System.out.println("PayaraSmokeIT: rule every 1 s ran " + total + " times in "
                + Duration.between(ruleCreated, Instant.now()).toSeconds() + " s; counts per second " + counts);
        assertThat(total).isGreaterThanOrEqualTo(13);
        // Still firing at the end: more runs in the last 4 s.
        assertThat(counts.get(counts.size() - 1) - counts.get(Math.max(0, counts.size() - 5))).isGreaterThanOrEqualTo(3);
        // Still 200 once the pool has served hundreds of transactions, and TimeOS's own figures are in it.
        Api.Reply metrics = anonymous.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("timeos_");
    }

    private static long succeeded(Api api, String ruleId) {
        return api.get("/api/jobs?status=SUCCEEDED&ruleId=" + ruleId + "&limit=1").expect(200).json()
                .getJsonNumber("total").longValue();
    }

    private static void awaitSucceeded(Api api, String jobId) {
        await("job " + jobId + " SUCCEEDED").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/api/jobs/" + jobId).json().getString("status"), "SUCCEEDED"::equals);
    }

    private void start(String name, Map<String, String> environment) throws IOException {
        assertThat(PAYARA).as("Payara Micro (the payara profile copies it)").isRegularFile();
        assertThat(WAR).as("the WAR (mvn package)").isRegularFile();
        Path root = DIR.resolve("root-" + name);
        deleteTree(root);
        Files.createDirectories(root);
        Path work = DIR.resolve("work-" + name);
        deleteTree(work);
        Files.createDirectories(work);
        // Payara's file realm: a user in the group that glassfish-web.xml maps to timeos-admin.
        Path password = work.resolve("password.txt");
        Files.writeString(password, "AS_ADMIN_USERPASSWORD=" + PASSWORD + "\n", StandardCharsets.UTF_8);
        Path postBoot = work.resolve("post-boot.asadmin");
        Files.writeString(postBoot, "create-file-user --groups timeos-admin --passwordfile " + password.toAbsolutePath()
                + " " + USER + "\n", StandardCharsets.UTF_8);
        log = DIR.resolve("payara-" + name + ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", PAYARA.toAbsolutePath().toString(),
                "--nocluster", "--port", Integer.toString(PORT),
                "--rootdir", root.toAbsolutePath().toString(),
                "--addLibs", LIBS.toAbsolutePath().toString(),
                "--postbootcommandfile", postBoot.toAbsolutePath().toString(),
                "--deploy", WAR.toAbsolutePath().toString())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        // Only what this run says: none of the other suites' TIMEOS_* settings.
        pb.environment().keySet().removeIf(k -> k.startsWith("TIMEOS_") || k.equals("JAVA_TOOL_OPTIONS"));
        pb.environment().putAll(environment);
        payara = pb.start();
        payara.getOutputStream().close();
        Api api = new Api("http://localhost:" + PORT + "/", USER, PASSWORD);
        try {
            await("Payara Micro serving TimeOS on port " + PORT).atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .failFast("Payara Micro exited", () -> !payara.isAlive())
                    .until(() -> api.get("/api/stats").status() == 200);
        } catch (RuntimeException e) {
            throw new AssertionError(e.getMessage() + "; log: " + log + "\n" + tail(), e);
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (payara == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(payara.descendants().toList());
        all.add(payara.toHandle());
        payara.destroy();
        if (!payara.waitFor(30, TimeUnit.SECONDS)) {
            all.forEach(ProcessHandle::destroyForcibly);
            payara.waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.readString(log);
        // The planner's failure on Payara, before the fix: every pass after the first failed with this.
        assertThat(text).doesNotContain("closed EntityManager").doesNotContain("planning time rules failed");
        payara = null;
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
