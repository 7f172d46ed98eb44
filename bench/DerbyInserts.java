import dev.timeos.store.Migrations;
import org.apache.derby.jdbc.EmbeddedDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Derby's own insert rate into TimeOS's job table (every migration applied, so every index), in-process, no server:
 * what bounds the batch insert on Derby, and why its writers take turns (dev.timeos.store.OneWriterAtATime).
 * Each writer inserts rows like the bench's batch jobs (or, with "events", like the jobs of an event's rules) in JDBC
 * batches of 1,000 with a commit after each; with "turns" the writers take turns around the batch's statement (their
 * commits still side by side). Prints rows/s per round of 50,000 rows (the first rounds are the JIT's).
 *
 *   java -cp "target/classes:target/liberty/wlp/usr/shared/resources/jdbc/*" bench/DerbyInserts.java WRITERS \
 *        [turns] [events] [bare] [without=INDEX,...]
 *
 * after mvn package (the migrations, dev.timeos.store.Migrations, come from target/classes).
 *
 * "bare" drops every index but the one on the id first: the table's own cost; "without=" drops the indexes named (the
 * occurrence constraint by its name, timeos_job_occurrence): what each costs.
 */
public class DerbyInserts {

    private static final int ROWS_PER_ROUND = 50_000;
    private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime());
    private static final ReentrantLock TURN = new ReentrantLock(true);
    private static final String INSERT = "INSERT INTO timeos_job (id, rule_id, event_id, action_name, target, args, "
            + "perform_at, priority, status, attempt, max_attempts, backoff_ms, timeout_ms, depends_on, occurrence_at, "
            + "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, 0)";

    public static void main(String[] args) throws Exception {
        int writers = Integer.parseInt(args[0]);
        List<String> flags = List.of(args).subList(1, args.length);
        Path dir = Files.createTempDirectory("derby-inserts");
        String database = dir.resolve("db").toString();
        String url = "jdbc:derby:" + database;
        List<String> without = flags.stream().filter(f -> f.startsWith("without=")).flatMap(f -> List.of(
                f.substring("without=".length()).split(",")).stream()).toList();
        migrate(database, flags.contains("bare") ? BARE : without);
        System.out.printf("%d writers%s%s%s%n", writers, flags.contains("turns") ? ", taking turns" : ", side by side",
                flags.contains("events") ? ", jobs of events" : "",
                flags.contains("bare") ? ", id index only" : without.isEmpty() ? "" : ", without " + without);
        long due = System.currentTimeMillis() + 86_400_000L;
        for (int round = 0; round < 8; round++) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit(() -> write(url, ROWS_PER_ROUND / writers, due, flags)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            System.out.printf("round %d: %.0f rows/s%n", round, ROWS_PER_ROUND / ((System.nanoTime() - t0) / 1e9));
        }
        try {
            DriverManager.getConnection("jdbc:derby:;shutdown=true");
        } catch (SQLException expected) {
            // Derby answers a shutdown with an exception (XJ015).
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Every index of the job table but the one on its id (the primary key's until V12, a unique index since). */
    private static final List<String> BARE = List.of("timeos_job_due", "timeos_job_event", "timeos_job_claim",
            "timeos_job_running_occurrence", "timeos_job_occurrence");

    /** The schema as TimeOS migrates it (dev.timeos.store.Migrations), less the indexes named. */
    private static void migrate(String database, List<String> dropped) throws Exception {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(database);
        ds.setCreateDatabase("create");
        Migrations.migrate(ds);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String index : dropped) {
                s.execute(index.equals("timeos_job_occurrence") ? "ALTER TABLE timeos_job DROP CONSTRAINT " + index
                        : "DROP INDEX " + index);
            }
        }
    }

    private static Void write(String url, int rows, long due, List<String> flags) throws SQLException {
        boolean events = flags.contains("events");
        boolean turns = flags.contains("turns");
        try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            for (int i = 0; i < rows; i++) {
                long now = System.currentTimeMillis();
                long id = SEQUENCE.incrementAndGet();
                ps.setString(1, String.format("%036d", id));
                ps.setString(2, events ? "rule-" + (i % 3) : null);
                ps.setString(3, events ? String.format("%036d", id / 3) : null);
                ps.setString(4, "log");
                ps.setNull(5, Types.VARCHAR);
                ps.setString(6, "{}");
                ps.setLong(7, due);
                ps.setInt(8, 0);
                ps.setString(9, "SCHEDULED");
                ps.setInt(10, 1);
                ps.setLong(11, 1000);
                ps.setNull(12, Types.BIGINT);
                ps.setNull(13, Types.VARCHAR);
                ps.setNull(14, Types.BIGINT);
                ps.setLong(15, now);
                ps.setLong(16, now);
                ps.addBatch();
                if (i % 1000 == 999) {
                    if (turns) {
                        TURN.lock();
                    }
                    try {
                        ps.executeBatch();
                    } finally {
                        if (turns) {
                            TURN.unlock();
                        }
                    }
                    c.commit();
                }
            }
        }
        return null;
    }
}
