package dev.timeos.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three TimeOS nodes (three Liberty JVMs, one PostgreSQL schema) share 5,000 short jobs; one node is killed with
 * {@code kill -9} a third of the way through. With the engine's DEFAULT lease, heartbeat and reaper settings (none is
 * configured here), the killed node's jobs must run again elsewhere within 15 s, and only those: a job runs twice only
 * when its first run was cut by the kill (or had finished but its outcome was not committed yet), and never on two
 * nodes at once.
 * <p>
 * Not an Arquillian test: Arquillian manages one server, and this test needs three that it can kill. It starts them
 * itself from the Liberty the build laid out ({@code target/liberty/wlp}), deploys the real WAR plus
 * {@link ClusterWork}, and always stops them (graceful, then SIGKILL) however the test ends. Runs in its own failsafe
 * execution ({@code it-postgresql-cluster}), on ports and a schema of its own.
 * <p>
 * What it knows comes from two sources that do not depend on each other: {@link ClusterWork}'s own table (one row per
 * run, written by the performer as it starts and ends, so a run cut by the kill shows as started and never finished),
 * and TimeOS's tables ({@code timeos_job}, {@code timeos_execution}), read with JDBC.
 */
class ClusterKillIT {

    private static final int JOBS = 5_000;
    private static final int BATCH = 1_000;
    private static final int MIN_MILLIS = 50;
    private static final int MAX_MILLIS = 200;
    /** Each node's {@code timeos.workers}: jobs running at once on a node. */
    private static final int WORKERS = 8;
    /**
     * The most jobs a killed node may leave to run a second time: the ones it was running (one per worker), plus the
     * runs that had finished but whose outcomes were not committed yet, at most one completion flush (outcomes are
     * written right after each run ends, so about one per worker gathers while a write commits). Jobs it had claimed
     * but not started do not count: they run once, elsewhere.
     */
    private static final int MAX_RERUNS = 2 * WORKERS;
    /** The product's promise for a dead node: its jobs run again elsewhere within this time, with default settings. */
    private static final Duration ORPHANS_RESUME_WITHIN = Duration.ofSeconds(15);
    /**
     * A run of the killed node that finished this shortly before the kill may not have had its outcome committed
     * (outcomes are written in batches right after the runs end): running it again is allowed. An earlier one is not.
     */
    private static final Duration OUTCOME_COMMIT_MARGIN = Duration.ofSeconds(1);
    private static final Duration NODE_START = Duration.ofMinutes(3);
    /** From the kill: the old 60 s lease plus a reaper period fits, with room for a loaded machine. */
    private static final Duration ALL_DONE = Duration.ofMinutes(3);
    private static final Duration NODE_STOP = Duration.ofSeconds(60);
    private static final long SEED = 20_260_101L;

    private static final String KILLED = "node-b";

    private static final Path WLP = Path.of(System.getProperty("timeos.wlp.home", "target/liberty/wlp"));
    private static final Path LIBERTY_CONFIG = Path.of(System.getProperty("timeos.liberty.config", "liberty"));
    private static final Path WORK = Path.of(System.getProperty("timeos.cluster.dir", "target/cluster"));
    private static final String SCHEMA = System.getProperty("timeos.test.cluster.schema", "timeos_cluster");
    private static final String DB_URL = System.getProperty("timeos.test.cluster.url",
            TestPostgres.url(SCHEMA));
    private static final int HTTP_PORT = Integer.getInteger("timeos.cluster.http.port", 9181);
    private static final int HTTPS_PORT = Integer.getInteger("timeos.cluster.https.port", 9541);
    private static final String SERVER_PREFIX = System.getProperty("timeos.cluster.server.prefix", "cluster-");

    private static final List<ClusterNode> nodes = new ArrayList<>();
    private static Thread lastResort;
    /** Holds this run's claim on the schema (a session advisory lock) until the servers are stopped. */
    private static Connection schemaClaim;

    @BeforeAll
    static void startCluster() throws Exception {
        for (String id : List.of("node-a", KILLED, "node-c")) {
            int i = nodes.size();
            nodes.add(new ClusterNode(id, SERVER_PREFIX + id, HTTP_PORT + i, HTTPS_PORT + i, WLP, WORK));
        }
        if (!Files.isExecutable(WLP.resolve("bin/server"))) {
            throw new IllegalStateException(WLP + " has no Liberty: the build lays it out in pre-integration-test (mvn verify)");
        }
        claimSchema();
        nodes.forEach(ClusterNode::checkNothingInTheWay);
        resetSchema();

        Files.createDirectories(WORK);
        Path war = WORK.resolve("timeos.war");
        Deployments.timeos().addClass(ClusterWork.class).as(ZipExporter.class).exportTo(war.toFile(), true);

        // Whatever happens to this JVM short of SIGKILL (Ctrl-C of the build included), no server outlives it.
        lastResort = new Thread(() -> nodes.forEach(ClusterNode::forceKill), "cluster-kill-it-last-resort");
        Runtime.getRuntime().addShutdownHook(lastResort);

        // The database and the worker count only (each node adds its ports and node id): lease, heartbeat and reaper
        // stay at the engine's defaults, which are what this test checks.
        // The admin's credentials too (the nodes' environment is emptied of TIMEOS_*): the clients log in with them.
        Map<String, String> configuration = Map.of("TIMEOS_DB_URL", DB_URL, "TIMEOS_WORKERS", Integer.toString(WORKERS),
                "TIMEOS_ADMIN_USER", Api.adminUser(), "TIMEOS_ADMIN_PASSWORD", Api.adminPassword());
        long start = System.nanoTime();
        for (ClusterNode node : nodes) {
            node.create(LIBERTY_CONFIG, war);
            node.start(configuration);
        }
        // Started side by side: the deadline is shared, not per node.
        Instant deadline = Instant.now().plus(NODE_START);
        for (ClusterNode node : nodes) {
            Duration left = Duration.between(Instant.now(), deadline);
            node.awaitReady(left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left);
        }
        System.out.printf("ClusterKillIT: 3 nodes up in %.1f s (logs in %s)%n", seconds(System.nanoTime() - start), WORK);
    }

    @AfterAll
    static void stopCluster() {
        // Side by side, each bounded: a hung stop must not keep the build, nor leave a JVM behind.
        Map<ClusterNode, Process> stoppers = new LinkedHashMap<>();
        nodes.forEach(n -> stoppers.put(n, n.requestStop()));
        CompletableFuture.allOf(stoppers.entrySet().stream()
                .map(e -> CompletableFuture.runAsync(() -> e.getKey().awaitStopped(e.getValue(), NODE_STOP)))
                .toArray(CompletableFuture[]::new)).join();
        if (lastResort != null) {
            Runtime.getRuntime().removeShutdownHook(lastResort);
        }
        if (schemaClaim != null) {
            try {
                schemaClaim.close();
            } catch (SQLException e) {
                System.err.println("clean-up: releasing the claim on schema " + SCHEMA + ": " + e);
            }
        }
    }

    @Test
    void aKilledNodesJobsRunAgainElsewhereWithin15sOnlyThoseAndNeverOnTwoNodesAtOnce() throws Exception {
        long testStart = System.nanoTime();
        ClusterNode survivor = node("node-a");
        ClusterNode victim = node(KILLED);

        List<String> ids = load();
        assertThat(ids).hasSize(JOBS).doesNotHaveDuplicates();

        await("a third of the jobs finished").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> count("SELECT COUNT(*) FROM " + ClusterWork.TABLE + " WHERE finished_at_ms IS NOT NULL") >= JOBS / 3);
        // The kill instant is taken before the signal (the resume time is measured from it: never shorter than the
        // truth); a cut run ends when the JVM is seen dead (overlaps are checked against it: never shorter either).
        Instant killAt = Instant.now();
        victim.kill();
        Instant deadAt = Instant.now();
        long finishedAtKill = count("SELECT COUNT(*) FROM " + ClusterWork.TABLE + " WHERE finished_at_ms IS NOT NULL");
        System.out.printf("ClusterKillIT: %s killed (kill -9) at %s, %.0f ms to die, %d runs finished then%n",
                KILLED, killAt, millis(killAt, deadAt), finishedAtKill);

        boolean allSucceeded = allSucceeded(survivor);
        Duration afterKill = Duration.between(killAt, Instant.now());

        Evidence evidence = Evidence.read(ids);
        Findings f = new Findings(evidence, killAt.toEpochMilli(), deadAt.toEpochMilli());
        System.out.println(f.report(afterKill, seconds(System.nanoTime() - testStart)));

        SoftAssertions.assertSoftly(softly -> {
            // Guards against passing for nothing: the kill must have cut runs for the rest to mean anything.
            softly.assertThat(f.runsCutByTheKill).as("runs of %s cut by the kill", KILLED).isPositive();
            softly.assertThat(allSucceeded).as("every job SUCCEEDED within %s of the kill; job statuses: %s",
                    ALL_DONE, evidence.statusCounts()).isTrue();
            softly.assertThat(f.notSucceeded).as("jobs not SUCCEEDED (%d of %d)", f.notSucceeded.size(), JOBS).isEmpty();
            softly.assertThat(f.neverRan).as("jobs that never ran").isEmpty();
            softly.assertThat(f.unfinishedOnLiveNode).as("runs that never ended on a node that was not killed").isEmpty();
            softly.assertThat(f.unjustifiedReruns).as("jobs that ran more than once without their earlier run being cut "
                            + "by the kill of %s (run on it, started before it died, unfinished or finished less than %s before)",
                    KILLED, OUTCOME_COMMIT_MARGIN).isEmpty();
            softly.assertThat(f.overlaps).as("jobs that ran on two nodes at once (a cut run ends when %s died)", KILLED).isEmpty();
            softly.assertThat(f.reruns.size()).as("jobs that ran twice (%d; at most %d = 2 x %d workers)",
                    f.reruns.size(), MAX_RERUNS, WORKERS).isLessThanOrEqualTo(MAX_RERUNS);
            softly.assertThat(f.resumedAfterMillis).as("time from the kill until the last of %s's %d orphaned jobs started "
                            + "again: %.1f s (last second run: %.1f s; leases reaped after %.1f s; bound %s)",
                    KILLED, f.orphans.size(), f.resumedAfterMillis / 1000.0, f.lastSecondRunAfterMillis / 1000.0,
                    f.reapedAfterMillis / 1000.0, ORPHANS_RESUME_WITHIN)
                    .isLessThanOrEqualTo(ORPHANS_RESUME_WITHIN.toMillis());
            softly.assertThat(f.lostOnLiveNodes).as("attempts TimeOS recorded LOST on a node that was not killed").isEmpty();
            softly.assertThat(f.otherOutcomes).as("executions neither SUCCEEDED nor LOST").isEmpty();
            softly.assertThat(f.disagreements).as("jobs whose SUCCEEDED execution (TimeOS) is not their last run (the test's table)")
                    .isEmpty();
        });
    }

    private static ClusterNode node(String id) {
        return nodes.stream().filter(n -> n.id.equals(id)).findFirst().orElseThrow();
    }

    /** 5,000 jobs in batches of 1,000, each batch to the next node: every node takes a share of the intake. */
    private List<String> load() {
        Random random = new Random(SEED);
        List<String> ids = new ArrayList<>(JOBS);
        for (int b = 0; b * BATCH < JOBS; b++) {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < Math.min(BATCH, JOBS - b * BATCH); i++) {
                int millis = MIN_MILLIS + random.nextInt(MAX_MILLIS - MIN_MILLIS + 1);
                body.append(i == 0 ? "" : ",")
                        .append("{\"action\": \"").append(ClusterWork.ACTION).append("\", \"payload\": {\"millis\": ")
                        .append(millis).append("}}");
            }
            ClusterNode to = nodes.get(b % nodes.size());
            Api.Reply r = to.api.post("/api/jobs/batch", body.append(']').toString());
            assertThat(r.status()).as("batch %d to %s: %s", b, to, r).isEqualTo(200);
            for (JsonValue item : r.array()) {
                JsonObject o = item.asJsonObject();
                assertThat(o.containsKey("id")).as("batch %d to %s: %s", b, to, o).isTrue();
                ids.add(o.getString("id"));
            }
        }
        return ids;
    }

    /** Waits for every job to succeed; false when they did not in time (the figures are still worth printing). */
    private static boolean allSucceeded(ClusterNode survivor) {
        try {
            await("all " + JOBS + " jobs SUCCEEDED").atMost(ALL_DONE).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> succeeded(survivor) == JOBS);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private static int succeeded(ClusterNode node) {
        Api.Reply r = node.api.get("/api/stats");
        return r.status() == 200 ? r.json().getJsonObject("jobs").getInt("SUCCEEDED") : -1;
    }

    /**
     * Another run of this test on the same schema (a checkout beside this one, with the same settings) would have its
     * schema dropped under it: the first run holds a session advisory lock, the second refuses to start. The servers'
     * ports are checked too, but they are bound only a minute after the schema is reset.
     */
    private static void claimSchema() {
        try {
            schemaClaim = DriverManager.getConnection(DB_URL);
            try (PreparedStatement ps = schemaClaim.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
                ps.setString(1, "ClusterKillIT:" + SCHEMA);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        throw new IllegalStateException("another run of ClusterKillIT uses schema " + SCHEMA + ": choose "
                                + "another with -Dtimeos.test.cluster.schema (and other ports, see README)");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + DB_URL + " is needed by this test (skip it with "
                    + "-DskipPostgresIT): " + e.getMessage(), e);
        }
    }

    private static void resetSchema() {
        try (Connection c = DriverManager.getConnection(DB_URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute(ClusterWork.CREATE_TABLE.replace("CREATE TABLE ", "CREATE TABLE " + SCHEMA + "."));
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + DB_URL + " is needed by this test (skip it with "
                    + "-DskipPostgresIT): " + e.getMessage(), e);
        }
    }

    /** On the connection already open (the schema claim's): a poll every 100 ms must not wait for a new connection. */
    private static long count(String sql) throws SQLException {
        try (Statement s = schemaClaim.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    /** One run as the performer recorded it; {@code finishedAt} null: cut (or still running). */
    record Run(String jobId, int attempt, String node, long startedAt, Long finishedAt) {
    }

    /** One attempt as TimeOS recorded it. */
    record Execution(String jobId, int attempt, String node, long startedAt, long finishedAt, String outcome) {
    }

    /** What the database holds once the jobs are done: the test's runs and TimeOS's own rows, for the loaded jobs. */
    record Evidence(List<String> ids, Map<String, List<Run>> runs, Map<String, String> status,
                    Map<String, List<Execution>> executions) {

        static Evidence read(List<String> ids) throws SQLException {
            Map<String, List<Run>> runs = new HashMap<>();
            Map<String, String> status = new HashMap<>();
            Map<String, List<Execution>> executions = new HashMap<>();
            try (Connection c = DriverManager.getConnection(DB_URL)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT job_id, attempt, node, started_at_ms, finished_at_ms FROM "
                        + ClusterWork.TABLE + " ORDER BY started_at_ms, id"); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long finished = rs.getLong(5);
                        Long finishedAt = rs.wasNull() ? null : finished;
                        Run run = new Run(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4), finishedAt);
                        runs.computeIfAbsent(run.jobId(), k -> new ArrayList<>()).add(run);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT id, status FROM timeos_job WHERE action_name = ?")) {
                    ps.setString(1, ClusterWork.ACTION);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            status.put(rs.getString(1), rs.getString(2));
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT e.job_id, e.attempt, e.node, e.started_at, e.finished_at, "
                        + "e.outcome FROM timeos_execution e JOIN timeos_job j ON j.id = e.job_id WHERE j.action_name = ? "
                        + "ORDER BY e.started_at, e.id")) {
                    ps.setString(1, ClusterWork.ACTION);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Execution x = new Execution(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4),
                                    rs.getLong(5), rs.getString(6));
                            executions.computeIfAbsent(x.jobId(), k -> new ArrayList<>()).add(x);
                        }
                    }
                }
            }
            return new Evidence(ids, runs, status, executions);
        }

        Map<String, Long> statusCounts() {
            return ids.stream().collect(Collectors.groupingBy(id -> status.getOrDefault(id, "MISSING"), TreeMap::new,
                    Collectors.counting()));
        }
    }

    /** The checks, computed once; each list names the offending jobs (first few) so a failure says what happened. */
    static final class Findings {

        private static final int SHOWN = 10;

        final List<String> notSucceeded = new ArrayList<>();
        final List<String> neverRan = new ArrayList<>();
        final List<String> unfinishedOnLiveNode = new ArrayList<>();
        final List<String> unjustifiedReruns = new ArrayList<>();
        final List<String> overlaps = new ArrayList<>();
        final List<String> lostOnLiveNodes = new ArrayList<>();
        final List<String> otherOutcomes = new ArrayList<>();
        final List<String> disagreements = new ArrayList<>();
        /** Jobs with more than one run. */
        final Set<String> reruns = new LinkedHashSet<>();
        /** Jobs the killed node held: a run cut or not committed (second run), or claimed and lost (LOST execution). */
        final Set<String> orphans = new LinkedHashSet<>();
        final Map<String, Long> runsPerNode = new TreeMap<>();
        final Map<String, Long> succeededPerNode = new TreeMap<>();
        /** Re-run jobs whose first run was cut by the kill (the others had finished, their outcome not committed). */
        long cutRuns;
        long resumedAfterMillis;
        long lastSecondRunAfterMillis;
        long reapedAfterMillis = -1;
        /** Jobs not orphaned whose run started after the first reap: the queue the orphans joined. */
        long queuedAheadAtReap;
        /** Runs of the killed node that never finished. */
        long runsCutByTheKill;
        /** When the last job that was not orphaned started: orphans reaped earlier queue behind the rest (due sooner). */
        long backlogStartedAfterMillis;
        /** Negative: the run finished after the signal, while the JVM was dying. */
        long earliestUncommittedFinishBeforeKillMillis = Long.MIN_VALUE;

        private final Evidence e;
        private final long killAt;
        private final long deadAt;

        Findings(Evidence e, long killAt, long deadAt) {
            this.e = e;
            this.killAt = killAt;
            this.deadAt = deadAt;
            runsAndReruns();
            timeosRecords();
            resumption();
        }

        private void runsAndReruns() {
            for (String id : e.ids()) {
                if (!"SUCCEEDED".equals(e.status().get(id))) {
                    add(notSucceeded, id + " " + e.status().get(id));
                }
                List<Run> runs = e.runs().getOrDefault(id, List.of());
                if (runs.isEmpty()) {
                    add(neverRan, id);
                    continue;
                }
                runs.forEach(r -> runsPerNode.merge(r.node(), 1L, Long::sum));
                long maxEnd = Long.MIN_VALUE;
                for (int i = 0; i < runs.size(); i++) {
                    Run r = runs.get(i);
                    if (r.finishedAt() == null && KILLED.equals(r.node())) {
                        runsCutByTheKill++;
                    } else if (r.finishedAt() == null) {
                        add(unfinishedOnLiveNode, describe(r));
                    }
                    if (r.startedAt() < maxEnd) {
                        add(overlaps, id + ": " + describe(runs.get(i - 1)) + " and " + describe(r));
                    }
                    maxEnd = Math.max(maxEnd, end(r));
                }
                if (runs.size() > 1) {
                    reruns.add(id);
                    orphans.add(id);
                    if (runs.get(0).finishedAt() == null) {
                        cutRuns++;
                    }
                    for (Run earlier : runs.subList(0, runs.size() - 1)) {
                        boolean cutByTheKill = KILLED.equals(earlier.node()) && earlier.startedAt() <= deadAt
                                && (earlier.finishedAt() == null || earlier.finishedAt() >= killAt - OUTCOME_COMMIT_MARGIN.toMillis());
                        if (!cutByTheKill) {
                            add(unjustifiedReruns, id + ": " + describe(earlier) + ", then " + describe(runs.get(runs.size() - 1)));
                        }
                        if (earlier.finishedAt() != null) {
                            earliestUncommittedFinishBeforeKillMillis = Math.max(earliestUncommittedFinishBeforeKillMillis,
                                    killAt - earlier.finishedAt());
                        }
                    }
                    Run last = runs.get(runs.size() - 1);
                    if (KILLED.equals(last.node()) || last.startedAt() < killAt) {
                        add(unjustifiedReruns, id + ": last run " + describe(last) + " is not after the kill");
                    }
                }
            }
        }

        private void timeosRecords() {
            for (String id : e.ids()) {
                List<Execution> xs = e.executions().getOrDefault(id, List.of());
                List<Execution> ok = xs.stream().filter(x -> "SUCCEEDED".equals(x.outcome())).toList();
                for (Execution x : xs) {
                    if ("LOST".equals(x.outcome())) {
                        orphans.add(id);
                        reapedAfterMillis = reapedAfterMillis < 0 ? x.finishedAt() - killAt
                                : Math.min(reapedAfterMillis, x.finishedAt() - killAt);
                        if (!KILLED.equals(x.node())) {
                            add(lostOnLiveNodes, id + " attempt " + x.attempt() + " on " + x.node());
                        }
                    } else if (!"SUCCEEDED".equals(x.outcome())) {
                        add(otherOutcomes, id + " attempt " + x.attempt() + " on " + x.node() + ": " + x.outcome());
                    }
                }
                ok.forEach(x -> succeededPerNode.merge(x.node(), 1L, Long::sum));
                List<Run> runs = e.runs().getOrDefault(id, List.of());
                if (ok.size() != 1) {
                    add(disagreements, id + ": " + ok.size() + " SUCCEEDED executions");
                } else if (!runs.isEmpty()) {
                    Run last = runs.get(runs.size() - 1);
                    Execution x = ok.get(0);
                    if (!x.node().equals(last.node()) || x.attempt() != last.attempt()) {
                        add(disagreements, id + ": SUCCEEDED attempt " + x.attempt() + " on " + x.node()
                                + ", last run " + describe(last));
                    }
                }
            }
        }

        private void resumption() {
            for (String id : orphans) {
                e.runs().getOrDefault(id, List.of()).stream()
                        .filter(r -> !KILLED.equals(r.node()) && r.startedAt() >= killAt)
                        .findFirst()
                        .ifPresent(r -> resumedAfterMillis = Math.max(resumedAfterMillis, r.startedAt() - killAt));
            }
            for (String id : reruns) {
                List<Run> runs = e.runs().get(id);
                lastSecondRunAfterMillis = Math.max(lastSecondRunAfterMillis, runs.get(1).startedAt() - killAt);
            }
            backlogStartedAfterMillis = e.ids().stream().filter(id -> !orphans.contains(id))
                    .map(id -> e.runs().getOrDefault(id, List.of()))
                    .filter(runs -> !runs.isEmpty())
                    .mapToLong(runs -> runs.get(runs.size() - 1).startedAt() - killAt)
                    .max().orElse(0);
            if (reapedAfterMillis >= 0) {
                long reapAt = killAt + reapedAfterMillis;
                queuedAheadAtReap = e.ids().stream().filter(id -> !orphans.contains(id))
                        .map(id -> e.runs().getOrDefault(id, List.of()))
                        .filter(runs -> !runs.isEmpty() && runs.get(runs.size() - 1).startedAt() >= reapAt)
                        .count();
            }
        }

        /** A run cut by the kill ends when the node died; an unfinished run elsewhere never ends. */
        private long end(Run r) {
            if (r.finishedAt() != null) {
                return r.finishedAt();
            }
            return KILLED.equals(r.node()) ? deadAt : Long.MAX_VALUE;
        }

        private String describe(Run r) {
            return "attempt " + r.attempt() + " on " + r.node() + " from " + (r.startedAt() - killAt) + " ms to "
                    + (r.finishedAt() == null ? "(never finished)" : (r.finishedAt() - killAt) + " ms") + " after the kill";
        }

        private static void add(List<String> list, String what) {
            if (list.size() < SHOWN) {
                list.add(what);
            } else if (list.size() == SHOWN) {
                list.add("...");
            }
        }

        String report(Duration waited, double totalSeconds) {
            Map<String, Long> orphansBy = new TreeMap<>(Map.of(
                    "running (cut)", cutRuns,
                    "finished, not committed", (long) reruns.size() - cutRuns,
                    "claimed, not started", (long) orphans.size() - reruns.size()));
            return String.join("\n",
                    "ClusterKillIT: ==== figures (engine defaults for lease, heartbeat and reaper; " + WORKERS + " workers per node) ====",
                    "ClusterKillIT: re-runs (jobs that ran twice): " + reruns.size() + " (bound " + MAX_RERUNS + ")",
                    "ClusterKillIT: orphans of " + KILLED + ": " + orphans.size() + " " + orphansBy,
                    String.format("ClusterKillIT: orphans resumed %.1f s after the kill (last second run %.1f s; leases "
                                    + "reaped after %.1f s; %d other jobs still queued then; bound %d s)",
                            resumedAfterMillis / 1000.0, lastSecondRunAfterMillis / 1000.0, reapedAfterMillis / 1000.0,
                            queuedAheadAtReap, ORPHANS_RESUME_WITHIN.toSeconds()),
                    String.format("ClusterKillIT: the last job that was not orphaned started %.1f s after the kill",
                            backlogStartedAfterMillis / 1000.0),
                    "ClusterKillIT: first runs that had finished but ran again: " + (reruns.size() - cutRuns)
                            + (reruns.size() == cutRuns ? "" : earliestUncommittedFinishBeforeKillMillis < 0
                            ? ", all ended after the kill signal, while the JVM was dying"
                            : ", the earliest ended " + earliestUncommittedFinishBeforeKillMillis + " ms before the kill")
                            + " (allowed: less than " + OUTCOME_COMMIT_MARGIN.toMillis() + " ms before)",
                    "ClusterKillIT: runs per node " + runsPerNode + "; SUCCEEDED executions per node " + succeededPerNode,
                    "ClusterKillIT: job statuses " + e.statusCounts() + String.format(" %.1f s after the kill", waited.toMillis() / 1000.0),
                    String.format("ClusterKillIT: test took %.1f s (without starting and stopping the nodes)", totalSeconds));
        }
    }
}
