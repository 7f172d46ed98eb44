package dev.timeos.job;

import dev.timeos.store.BoundedDelete;
import dev.timeos.store.DerbyStatistics;
import dev.timeos.store.Dialect;
import dev.timeos.store.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention's batch is found through an index (PostgreSQL's partial V6 one, Derby's timeos_job_due since V12), on a
 * table where the removable rows are a minority among pending, running and dead ones: a cleanup never reads the whole
 * job table to pick its batch.
 */
class RetentionPlanTest {

    private static final int ROWS = 20_000;
    private static final String[] STATUSES = {"SCHEDULED", "RUNNING", "FAILED", "DEAD", "SUCCEEDED", "CANCELLED",
            "SCHEDULED", "SCHEDULED", "RUNNING", "SCHEDULED"};

    /** Plan text of the batch's SELECT, as a generic plan (the one a long-lived prepared statement ends up with). */
    @Test
    void postgresqlPicksTheBatchThroughThePartialIndexWithAGenericPlan() throws SQLException {
        DataSource ds = TestDatabases.fresh(Dialect.POSTGRESQL);
        long now = Instant.now().toEpochMilli();
        fill(ds, now);
        BoundedDelete batch = EndedJobs.batch(Dialect.POSTGRESQL, JobStatus.SUCCEEDED);
        String select = numbered(batch.selectOldest(500));
        String delete = numbered(batch.deletePicked(3));
        String pick;
        String remove;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("ANALYZE timeos_job");
            s.execute("SET plan_cache_mode = force_generic_plan");
            s.execute("PREPARE ended_batch(bigint) AS " + select);
            s.execute("PREPARE ended_delete(bigint, varchar, varchar, varchar) AS " + delete);
            pick = explain(s, "EXPLAIN EXECUTE ended_batch(" + now + ")");
            remove = explain(s, "EXPLAIN EXECUTE ended_delete(" + now + ", 'job-4', 'job-14', 'job-24')");
        }
        // The generic plan guesses a third of the ended rows are old enough, and may sort that part: it still reads
        // only old rows of the status, through the index, never the table.
        assertThat(pick).contains("timeos_job_ended").contains("Limit").doesNotContain("Seq Scan on timeos_job ");
        // The delete finds its few picked rows by key or by the same index, never by reading the table.
        assertThat(remove).containsAnyOf("timeos_job_pkey", "timeos_job_ended").doesNotContain("Seq Scan on timeos_job ");
    }

    /** JDBC's {@code ?} as PREPARE's {@code $1, $2, ...}. */
    private static String numbered(String sql) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            out.append(ch == '?' ? "$" + ++n : String.valueOf(ch));
        }
        return out.toString();
    }

    private static String explain(Statement s, String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    /**
     * Derby's runtime statistics of the batch's SELECT name the index it read: the status's rows oldest due first from
     * timeos_job_due (V12 dropped Derby's index on finished_at), in the index's order.
     */
    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"SUCCEEDED", "CANCELLED"})
    void derbyPicksTheBatchInIndexOrderWithoutSorting(JobStatus status) throws SQLException {
        DataSource ds = TestDatabases.fresh(Dialect.DERBY);
        long now = Instant.now().toEpochMilli();
        fill(ds, now);
        String stats;
        try (Connection c = ds.getConnection()) {
            DerbyStatistics.collect(c);
            BoundedDelete batch = EndedJobs.batch(Dialect.DERBY, status);
            // Succeeded jobs were due before they finished: the select reads no further than the cutoff.
            assertThat(batch.pickBound()).isEqualTo(status == JobStatus.SUCCEEDED ? "AND perform_at < ?" : null);
            try (PreparedStatement ps = c.prepareStatement(batch.selectOldest(500))) {
                EndedJobs.before(Instant.ofEpochMilli(now)).bind(ps, batch.pickBound() != null);
                List<String> picked = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        picked.add(rs.getString(1));
                    }
                }
                // The oldest: fill() gives job-i the instants now - (ROWS - i) s, and every tenth row of a kind.
                int first = List.of(STATUSES).indexOf(status.name());
                assertThat(picked).hasSize(500).startsWith("job-" + first, "job-" + (first + STATUSES.length));
            }
            stats = DerbyStatistics.ofLast(c);
        }
        assertThat(stats).contains("using index TIMEOS_JOB_DUE").doesNotContain("Sort ResultSet")
                .doesNotContain("Table Scan ResultSet for TIMEOS_JOB ");
        // The delete finds its few picked rows by key, not through the status's range (every old ended row). Its first
        // scan of the table is that one; the waiting-dependants check that follows may read any index of its own.
        String delete = deletePlan(ds, status, now);
        assertThat(delete.substring(delete.indexOf("Index Scan ResultSet for TIMEOS_JOB ")))
                .startsWith("Index Scan ResultSet for TIMEOS_JOB using index TIMEOS_JOB_ID");
        assertThat(delete).doesNotContain("Table Scan ResultSet for TIMEOS_JOB ");
    }

    /** Derby's runtime statistics of the batch's DELETE of three picked rows (rolled back). */
    private static String deletePlan(DataSource ds, JobStatus status, long now) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            DerbyStatistics.collect(c);
            try (PreparedStatement ps = c.prepareStatement(EndedJobs.batch(Dialect.DERBY, status).deletePicked(3))) {
                int i = EndedJobs.before(Instant.ofEpochMilli(now)).bind(ps, false);
                ps.setString(i, "job-4");
                ps.setString(i + 1, "job-14");
                ps.setString(i + 2, "job-24");
                ps.executeUpdate();
            }
            String stats = DerbyStatistics.ofLast(c);
            c.rollback();
            return stats;
        }
    }

    /** Every tenth row of each status kind; ended rows finished over the last ROWS seconds, pending ones not. */
    private static void fill(DataSource ds, long now) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO timeos_job (id, action_name, args, perform_at, "
                    + "priority, status, attempt, max_attempts, backoff_ms, created_at, updated_at, finished_at) "
                    + "VALUES (?, 'noop', '{}', ?, 0, ?, 1, 3, 1000, ?, ?, ?)")) {
                for (int i = 0; i < ROWS; i++) {
                    String status = STATUSES[i % STATUSES.length];
                    boolean ended = status.equals("SUCCEEDED") || status.equals("CANCELLED") || status.equals("DEAD")
                            || status.equals("FAILED");
                    long at = now - (ROWS - i) * 1000L;
                    ps.setString(1, "job-" + i);
                    ps.setLong(2, at);
                    ps.setString(3, status);
                    ps.setLong(4, at);
                    ps.setLong(5, at);
                    if (ended) {
                        ps.setLong(6, at);
                    } else {
                        ps.setNull(6, java.sql.Types.BIGINT);
                    }
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
