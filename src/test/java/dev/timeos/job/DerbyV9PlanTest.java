package dev.timeos.job;

import dev.timeos.store.DerbyStatistics;
import dev.timeos.store.Dialect;
import dev.timeos.store.TestDatabases;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Derby's V9 removed indexes that every claim, end or insert rewrote. The reads they served must still go through an
 * index, never read the whole job table (which holds every pending and finished job): the orphan reads (no index on the
 * lease instant) find running rows through the status, a lookup by rule (no (rule_id) index) through an index led by
 * the rule. Retention's batch: RetentionPlanTest.
 */
class DerbyV9PlanTest {

    static final int ROWS = 20_000;
    private static final String NODE = "node-a";

    private final JdbcJobRepository repo = new JdbcJobRepository(Dialect.DERBY);
    private final long now = Instant.now().toEpochMilli();

    /** A connection to a fresh filled database, in a transaction, with Derby's runtime statistics on. */
    private Connection filledWithStatistics() throws SQLException {
        DataSource ds = TestDatabases.fresh(Dialect.DERBY);
        fill(ds, now);
        Connection c = ds.getConnection();
        c.setAutoCommit(false);
        DerbyStatistics.collect(c);
        return c;
    }

    @Test
    void derbyFindsOrphansThroughTheStatusNotByReadingTheTable() throws SQLException {
        try (Connection c = filledWithStatistics()) {
            // Leases of the running rows run to now + 60 s: nothing has expired, so each call runs only its read, the
            // statement whose statistics follow it.
            Instant at = Instant.ofEpochMilli(now);
            assertThat(repo.reapExpired(c, "other-node", at)).isEmpty();
            assertThat(statistics(c)).contains("Index Scan ResultSet for TIMEOS_JOB").doesNotContain("Table Scan");
            assertThat(repo.handBackUnheld(c, NODE, Set.of(), at, at)).isEmpty();
            assertThat(statistics(c)).contains("Index Scan ResultSet for TIMEOS_JOB").doesNotContain("Table Scan");
            c.rollback();
        }
    }

    @Test
    void derbyFindsARulesPendingJobsThroughAnIndexLedByTheRule() throws SQLException {
        try (Connection c = filledWithStatistics()) {
            // rule-7's jobs are all running or succeeded: nothing pending, so the call runs only its read.
            assertThat(repo.cancelPendingOfRule(c, "rule-7", "test", Instant.ofEpochMilli(now)).cancelled()).isEmpty();
            assertThat(statistics(c, "rule_id")).containsPattern("Index Scan ResultSet for TIMEOS_JOB using (index|constraint) "
                    + "TIMEOS_JOB_(RULE_RUNNING|OCCURRENCE)").doesNotContain("Table Scan");
            c.rollback();
        }
    }

    private static String statistics(Connection c) throws SQLException {
        return statistics(c, "lease_owner");
    }

    /** The runtime statistics of the last statement, which must be the one that names {@code column}. */
    private static String statistics(Connection c, String column) throws SQLException {
        String stats = DerbyStatistics.ofLast(c);
        assertThat(stats).contains(column);
        return stats;
    }

    /**
     * One running row in a hundred (leased by NODE until now + 60 s); the rest pending or succeeded. Every fifth row
     * belongs to one of ten rules (rule-7's rows are never pending).
     */
    static void fill(DataSource ds, long now) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO timeos_job (id, action_name, args, perform_at, "
                    + "priority, status, attempt, max_attempts, backoff_ms, created_at, updated_at, finished_at, "
                    + "lease_owner, lease_expires_at, rule_id) VALUES (?, 'noop', '{}', ?, 0, ?, 1, 3, 1000, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < ROWS; i++) {
                    String rule = i % 5 == 0 ? "rule-" + (i / 5) % 10 : null;
                    String status = i % 100 == 0 ? "RUNNING" : i % 2 == 0 && !"rule-7".equals(rule) ? "SCHEDULED" : "SUCCEEDED";
                    long at = now - (ROWS - i) * 1000L;
                    ps.setString(1, "job-" + i);
                    ps.setLong(2, at);
                    ps.setString(3, status);
                    ps.setLong(4, at);
                    ps.setLong(5, at);
                    if (status.equals("SUCCEEDED")) {
                        ps.setLong(6, at);
                    } else {
                        ps.setNull(6, java.sql.Types.BIGINT);
                    }
                    if (status.equals("RUNNING")) {
                        ps.setString(7, NODE);
                        ps.setLong(8, now + 60_000);
                    } else {
                        ps.setNull(7, java.sql.Types.VARCHAR);
                        ps.setNull(8, java.sql.Types.BIGINT);
                    }
                    ps.setString(9, rule);
                    ps.addBatch();
                    if (i % 1000 == 999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }
}
