package dev.timeos.job;

import dev.timeos.event.EventRetention;
import dev.timeos.store.Dialect;
import dev.timeos.store.Jdbc;
import dev.timeos.store.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retention's deletes on both real databases: bounded, conditional on ended statuses, dead letters never. */
class RetentionSqlTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant CUTOFF = T0.plusSeconds(3600);

    static List<Dialect> dialects() {
        return TestDatabases.dialects();
    }

    private DataSource ds;
    private JdbcJobRepository repo;

    private void open(Dialect d) {
        ds = TestDatabases.fresh(d);
        repo = new JdbcJobRepository(d);
    }

    private void job(String id, String status, Instant finishedAt, String dependsOn, String eventId) throws SQLException {
        job(id, status, finishedAt, dependsOn, eventId, T0);
    }

    private void job(String id, String status, Instant finishedAt, String dependsOn, String eventId, Instant performAt)
            throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO timeos_job (id, action_name, args, perform_at, priority, status, attempt, max_attempts, backoff_ms, "
                        + "depends_on, event_id, created_at, updated_at, finished_at) VALUES (?, 'noop', '{}', ?, 0, ?, 1, 3, 1000, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setLong(2, performAt.toEpochMilli());
            ps.setString(3, status);
            ps.setString(4, dependsOn);
            ps.setString(5, eventId);
            ps.setLong(6, T0.toEpochMilli());
            ps.setLong(7, T0.toEpochMilli());
            if (finishedAt == null) {
                ps.setNull(8, java.sql.Types.BIGINT);
            } else {
                ps.setLong(8, finishedAt.toEpochMilli());
            }
            ps.executeUpdate();
            DependentsSqlTest.listIfWaiting(c, id, status, dependsOn);
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO timeos_execution (job_id, attempt, node, started_at, finished_at, outcome) VALUES (?, 1, 'n', ?, ?, 'SUCCEEDED')")) {
            ps.setString(1, id);
            ps.setLong(2, T0.toEpochMilli());
            ps.setLong(3, T0.toEpochMilli());
            ps.executeUpdate();
        }
    }

    private void event(String id, Instant createdAt) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO timeos_event (id, type, payload, occurred_at, created_at) VALUES (?, 't', '{}', ?, ?)")) {
            ps.setString(1, id);
            ps.setLong(2, createdAt.toEpochMilli());
            ps.setLong(3, createdAt.toEpochMilli());
            ps.executeUpdate();
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO timeos_event_rule (event_id, rule_id, matched, reason, evaluated_at) VALUES (?, 'r', false, 'disabled', ?)")) {
            ps.setString(1, id);
            ps.setLong(2, createdAt.toEpochMilli());
            ps.executeUpdate();
        }
    }

    private List<String> ids(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void oldSucceededJobsGoInBoundedBatchesWithTheirExecutionsAndNothingElseDoes(Dialect d) throws SQLException {
        open(d);
        for (int i = 0; i < 5; i++) {
            job("old-" + i, "SUCCEEDED", T0, null, null);
        }
        job("recent", "SUCCEEDED", CUTOFF.plusSeconds(1), null, null);
        job("dead", "DEAD", T0, null, null);
        job("failed", "FAILED", T0, null, null);
        job("cancelled", "CANCELLED", T0, null, null);
        job("scheduled", "SCHEDULED", null, null, null);

        assertThat((long) Jdbc.inTransaction(ds, c -> repo.countEnded(c, JobStatus.SUCCEEDED, CUTOFF))).isEqualTo(5);
        assertThat((int) Jdbc.inTransaction(ds, c -> repo.deleteEnded(c, JobStatus.SUCCEEDED, CUTOFF, 2))).isEqualTo(2);
        assertThat((int) Jdbc.inTransaction(ds, c -> repo.deleteEnded(c, JobStatus.SUCCEEDED, CUTOFF, 2))).isEqualTo(2);
        assertThat((int) Jdbc.inTransaction(ds, c -> repo.deleteEnded(c, JobStatus.SUCCEEDED, CUTOFF, 2))).isEqualTo(1);
        assertThat((int) Jdbc.inTransaction(ds, c -> repo.deleteEnded(c, JobStatus.SUCCEEDED, CUTOFF, 2))).isZero();

        assertThat(ids("SELECT id FROM timeos_job ORDER BY id"))
                .containsExactly("cancelled", "dead", "failed", "recent", "scheduled");
        assertThat(ids("SELECT DISTINCT job_id FROM timeos_execution ORDER BY job_id"))
                .containsExactly("cancelled", "dead", "failed", "recent", "scheduled");

        assertThat((int) Jdbc.inTransaction(ds, c -> repo.deleteEnded(c, JobStatus.CANCELLED, CUTOFF, 10))).isEqualTo(1);
        assertThat(ids("SELECT id FROM timeos_job ORDER BY id")).containsExactly("dead", "failed", "recent", "scheduled");
    }

    /**
     * Derby's batch reads succeeded jobs no further than the cutoff by due time (V12): a job that succeeded was due
     * before it finished. A cancelled job may have been due long after it was cancelled; it goes all the same.
     */
    @ParameterizedTest
    @MethodSource("dialects")
    void aJobCancelledLongBeforeItWasDueGoesWithTheOthers(Dialect d) throws SQLException {
        open(d);
        job("cancelled-early", "CANCELLED", T0, null, null, CUTOFF.plus(java.time.Duration.ofDays(365)));
        job("cancelled", "CANCELLED", T0, null, null);
        job("succeeded-late", "SUCCEEDED", T0.plusSeconds(60), null, null, T0.plusSeconds(59));
        job("succeeded-recently", "SUCCEEDED", CUTOFF.plusSeconds(2), null, null, CUTOFF.plusSeconds(1));

        assertThat((long) Jdbc.inTransaction(ds, c -> repo.countEnded(c, JobStatus.CANCELLED, CUTOFF))).isEqualTo(2);
        assertThat((int) Jdbc.inTransaction(ds, c -> repo.deleteEnded(c, JobStatus.CANCELLED, CUTOFF, 1))).isEqualTo(1);
        assertThat((int) Jdbc.inTransaction(ds, c -> repo.deleteEnded(c, JobStatus.CANCELLED, CUTOFF, 1))).isEqualTo(1);
        assertThat((long) Jdbc.inTransaction(ds, c -> repo.countEnded(c, JobStatus.SUCCEEDED, CUTOFF))).isEqualTo(1);
        assertThat((int) Jdbc.inTransaction(ds, c -> repo.deleteEnded(c, JobStatus.SUCCEEDED, CUTOFF, 10))).isEqualTo(1);
        assertThat(ids("SELECT id FROM timeos_job ORDER BY id")).containsExactly("succeeded-recently");
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void deadLettersAndJobsNotYetEndedCanNeverBeAskedFor(Dialect d) {
        open(d);
        for (JobStatus s : List.of(JobStatus.DEAD, JobStatus.FAILED, JobStatus.RUNNING, JobStatus.SCHEDULED, JobStatus.WAITING)) {
            assertThatThrownBy(() -> Jdbc.inTransaction(ds, c -> repo.deleteEnded(c, s, CUTOFF, 10)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aSucceededJobThatAWaitingJobDependsOnStays(Dialect d) throws SQLException {
        open(d);
        job("parent", "SUCCEEDED", T0, null, null);
        job("child", "WAITING", null, "parent", null);
        assertThat((long) Jdbc.inTransaction(ds, c -> repo.countEnded(c, JobStatus.SUCCEEDED, CUTOFF))).isZero();
        assertThat((int) Jdbc.inTransaction(ds, c -> repo.deleteEnded(c, JobStatus.SUCCEEDED, CUTOFF, 10))).isZero();
        assertThat(ids("SELECT id FROM timeos_job ORDER BY id")).containsExactly("child", "parent");
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void oldEventsGoWithTheirDecisionsOnlyOnceNoJobRefersToThem(Dialect d) throws SQLException {
        open(d);
        event("old-free", T0);
        event("old-with-dead-job", T0);
        event("recent", CUTOFF.plusSeconds(1));
        job("dead", "DEAD", T0, null, "old-with-dead-job");

        assertThat((long) Jdbc.inTransaction(ds, c -> EventRetention.count(c, CUTOFF))).isEqualTo(1);
        assertThat((int) Jdbc.inTransaction(ds, c -> EventRetention.delete(c, CUTOFF, 10))).isEqualTo(1);
        assertThat(ids("SELECT id FROM timeos_event ORDER BY id")).containsExactly("old-with-dead-job", "recent");
        assertThat(ids("SELECT event_id FROM timeos_event_rule ORDER BY event_id")).containsExactly("old-with-dead-job", "recent");
    }
}
