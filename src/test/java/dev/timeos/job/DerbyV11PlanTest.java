package dev.timeos.job;

import dev.timeos.store.DerbyStatistics;
import dev.timeos.store.Dialect;
import dev.timeos.store.Jdbc;
import dev.timeos.store.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Derby's V11: the running-occurrence index is keyed by a generated column that is NULL for every job but a running
 * occurrence, so claims and ends of other jobs leave it alone (Derby skips an index whose key an update leaves as it
 * was), and the overlap lookup still reads only the rule's running occurrences, newest first.
 */
class DerbyV11PlanTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final String NODE = "node-a";
    private static final String RUNNING_OCCURRENCE = "TIMEOS_JOB_RUNNING_OCCURRENCE";

    private DataSource ds;
    private final JdbcJobRepository repo = new JdbcJobRepository(Dialect.DERBY);

    @BeforeEach
    void open() {
        ds = TestDatabases.fresh(Dialect.DERBY);
    }

    private <T> T tx(Jdbc.Work<T> work) {
        return Jdbc.inTransaction(ds, work);
    }

    private static NewJob job(String id, Instant due) {
        return new NewJob(id, null, null, "noop", null, "{}", due, 0, JobStatus.SCHEDULED, 3, Duration.ofSeconds(1),
                null, null, null, T0);
    }

    /** The occurrence of rule "r" at {@code at}, due then. */
    private static NewJob occurrenceOfR(String id, Instant at) {
        return new NewJob(id, "r", null, "noop", null, "{}", at, 0, JobStatus.SCHEDULED, 3, Duration.ofSeconds(1),
                null, null, null, T0).occurrence(at);
    }

    private List<Attempt> claim(Instant now, int limit) {
        return tx(c -> repo.claim(c, NODE, now, now, limit, now.plusSeconds(60), Set.of()));
    }

    @Test
    void theOverlapLookupReadsTheRulesRunningOccurrencesNewestFirstFromTheirIndex() throws SQLException {
        // Many finished occurrences of the rule and other jobs around them, then three running ones.
        List<NewJob> others = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            others.add(job("other-" + i, T0.plusMillis(i)));
        }
        tx(c -> {
            repo.insert(c, others);
            for (int i = 0; i < 500; i++) {
                repo.insertOccurrence(c, occurrenceOfR("done-" + i, T0.plusMillis(i)));
            }
            return null;
        });
        Instant late = T0.plusSeconds(10);
        List<Attempt> claimed = claim(late, 5_000);
        tx(c -> repo.end(c, claimed.stream().map(a -> a.startedAt(late).succeeded(late)).toList(), late));
        tx(c -> {
            for (int i = 1; i <= 3; i++) {
                repo.insertOccurrence(c, occurrenceOfR("run-" + i, late.plusMillis(i)));
            }
            return null;
        });
        assertThat(claim(late.plusMillis(3), 10)).hasSize(3);

        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            DerbyStatistics.collect(c);
            assertThat(repo.runningPreviousOccurrence(c, "r", late.plusMillis(3))).contains("run-2");
            String stats = DerbyStatistics.ofLast(c);
            assertThat(stats).contains("running_occurrence_of")
                    .contains("Index Scan ResultSet for TIMEOS_JOB using index " + RUNNING_OCCURRENCE)
                    .doesNotContain("Sort ResultSet").doesNotContain("Table Scan");
            assertThat(repo.runningPreviousOccurrence(c, "r", late.plusMillis(1))).isEmpty();
            assertThat(repo.runningPreviousOccurrence(c, "other-rule", late.plusMillis(3))).isEmpty();
            c.rollback();
        }
    }

    /**
     * Without V11 each claim and each end moved a job's entry in an index led by (rule_id, status): with nothing
     * purged (another transaction in the table, as on a busy node), the index grew with every job run. Now a job that
     * is no occurrence keeps its one entry: the index does not grow, while the due index, which must move, does.
     */
    @Test
    void runningJobsThatAreNoOccurrenceNeverRewriteTheRunningOccurrenceIndex() throws SQLException {
        int jobs = 3_000;
        List<NewJob> many = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            many.add(job("j" + i, T0.plusMillis(i)));
        }
        many.add(job("later", T0.plusSeconds(3_600)));
        tx(c -> {
            repo.insert(c, many);
            return null;
        });
        long occurrenceBefore = allocatedPages(RUNNING_OCCURRENCE);
        long dueBefore = allocatedPages("TIMEOS_JOB_DUE");
        try (Connection busy = ds.getConnection()) {
            busy.setAutoCommit(false);
            try (PreparedStatement ps = busy.prepareStatement("UPDATE timeos_job SET version = version WHERE id = 'later'")) {
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            Instant at = T0.plusMillis(jobs);
            for (int run = 0; run < jobs; run += 100) {
                List<Attempt> batch = claim(at, 100);
                assertThat(batch).hasSize(100);
                tx(c -> repo.end(c, batch.stream().map(a -> a.startedAt(at).succeeded(at)).toList(), at));
            }
            busy.commit();
        }
        assertThat(count("SUCCEEDED")).isEqualTo(jobs);
        assertThat(allocatedPages("TIMEOS_JOB_DUE")).as("the due index, moved by every claim and end")
                .isGreaterThan(dueBefore);
        assertThat(allocatedPages(RUNNING_OCCURRENCE)).as("the running-occurrence index").isEqualTo(occurrenceBefore);
    }

    private long allocatedPages(String index) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT NUMALLOCATEDPAGES "
                + "FROM TABLE (SYSCS_DIAG.SPACE_TABLE('APP', 'TIMEOS_JOB')) t WHERE CONGLOMERATENAME = ?")) {
            ps.setString(1, index);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as(index).isTrue();
                return rs.getLong(1);
            }
        }
    }

    private int count(String status) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM timeos_job WHERE status = ?")) {
            ps.setString(1, status);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
