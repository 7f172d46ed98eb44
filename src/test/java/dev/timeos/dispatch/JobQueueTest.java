package dev.timeos.dispatch;

import dev.timeos.job.Execution.Outcome;
import dev.timeos.store.Dialect;
import dev.timeos.store.Migrations;
import dev.timeos.store.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dispatcher's hot-path SQL on both real databases, with time passed in (no clock, no sleeping). */
class JobQueueTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final String NODE = "node-a";

    static List<Dialect> dialects() {
        return TestDatabases.dialects();
    }

    private DataSource ds;
    private JobQueue queue;

    private void open(Dialect d) {
        ds = TestDatabases.fresh(d);
        queue = new JobQueue(ds, d);
    }

    private void insert(String id, Instant due, int priority, String status, int maxAttempts, String dependsOn) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO timeos_job (id, action_name, args, perform_at, priority, status, attempt, max_attempts, backoff_ms, "
                        + "depends_on, created_at, updated_at) VALUES (?, 'noop', '{}', ?, ?, ?, 0, ?, 1000, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setLong(2, due.toEpochMilli());
            ps.setInt(3, priority);
            ps.setString(4, status);
            ps.setInt(5, maxAttempts);
            ps.setString(6, dependsOn);
            ps.setLong(7, T0.toEpochMilli());
            ps.setLong(8, T0.toEpochMilli());
            ps.executeUpdate();
        }
    }

    private void insert(String id, Instant due, int priority) throws SQLException {
        insert(id, due, priority, "SCHEDULED", 3, null);
    }

    private String status(String id) throws SQLException {
        return column(id, "status");
    }

    private String column(String id, String column) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM timeos_job WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private List<String> outcomes(String id) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT outcome FROM timeos_execution WHERE job_id = ? ORDER BY id")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private List<ClaimedJob> claim(Instant now, int limit) {
        return queue.claim(NODE, now, limit, now.plusSeconds(60));
    }

    private static Completion failed(ClaimedJob j, Instant at) {
        return new Completion(j, Outcome.FAILED, "boom", false, at);
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void migratingAgainChangesNothing(Dialect d) {
        open(d);
        assertThat(Migrations.migrate(ds)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void anEditedAppliedMigrationStopsStartup(Dialect d) throws SQLException {
        open(d);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE timeos_schema_version SET checksum = 'edited' WHERE version = 1");
        }
        assertThatThrownBy(() -> Migrations.migrate(ds)).hasMessageContaining("never edit an applied migration");
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void claimTakesDueJobsByPriorityThenDueTimeAndNeverFutureOnes(Dialect d) throws SQLException {
        open(d);
        insert("late-low", T0.minusSeconds(1), 0);
        insert("early-low", T0.minusSeconds(10), 0);
        insert("high", T0.minusMillis(1), 9);
        insert("due-now", T0, 0);
        insert("future", T0.plusMillis(1), 100);

        List<ClaimedJob> claimed = claim(T0, 10);
        assertThat(claimed).extracting(ClaimedJob::id).containsExactly("high", "early-low", "late-low", "due-now");
        assertThat(claimed).allSatisfy(j -> {
            assertThat(j.attempt()).isEqualTo(1);
            assertThat(j.startedAt()).isEqualTo(T0);
        });
        assertThat(status("high")).isEqualTo("RUNNING");
        assertThat(column("high", "lease_owner")).isEqualTo(NODE);
        assertThat(status("future")).isEqualTo("SCHEDULED");
        assertThat(claim(T0, 10)).isEmpty();
        assertThat(queue.nextDue()).contains(T0.plusMillis(1));
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void claimHonoursTheLimitAndLeavesTheRestForTheNextClaim(Dialect d) throws SQLException {
        open(d);
        for (int i = 0; i < 5; i++) {
            insert("j" + i, T0.minusSeconds(5 - i), 0);
        }
        assertThat(claim(T0, 2)).extracting(ClaimedJob::id).containsExactly("j0", "j1");
        assertThat(claim(T0, 2)).extracting(ClaimedJob::id).containsExactly("j2", "j3");
        assertThat(claim(T0, 2)).extracting(ClaimedJob::id).containsExactly("j4");
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void successIsRecordedWithItsExecutionAndReleasesWaitingDependents(Dialect d) throws SQLException {
        open(d);
        insert("parent", T0, 0);
        insert("child", T0, 0, "WAITING", 3, "parent");
        ClaimedJob parent = claim(T0, 10).get(0);

        JobQueue.Written w = queue.complete(NODE, List.of(Completion.succeeded(parent, T0.plusMillis(5))), T0.plusMillis(6));
        assertThat(w.succeeded()).containsExactly("parent");
        assertThat(w.earliestFollowUp()).isEqualTo(T0.plusMillis(6));
        assertThat(status("parent")).isEqualTo("SUCCEEDED");
        assertThat(column("parent", "lease_owner")).isNull();
        assertThat(outcomes("parent")).containsExactly("SUCCEEDED");
        assertThat(status("child")).isEqualTo("SCHEDULED");
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aFailureWithAttemptsLeftIsRetriedAfterExponentialBackoff(Dialect d) throws SQLException {
        open(d);
        insert("j", T0, 0);
        ClaimedJob first = claim(T0, 1).get(0);
        JobQueue.Written w = queue.complete(NODE, List.of(failed(first, T0.plusMillis(10))), T0.plusMillis(10));
        assertThat(w.retried()).containsExactly("j");
        assertThat(status("j")).isEqualTo("FAILED");
        assertThat(column("j", "last_error")).isEqualTo("boom");
        // base 1 s after attempt 1
        assertThat(w.earliestFollowUp()).isEqualTo(T0.plusMillis(1010));
        assertThat(claim(T0.plusMillis(1009), 1)).isEmpty();

        ClaimedJob second = claim(T0.plusMillis(1010), 1).get(0);
        assertThat(second.attempt()).isEqualTo(2);
        JobQueue.Written w2 = queue.complete(NODE, List.of(failed(second, T0.plusSeconds(2))), T0.plusSeconds(2));
        // base 1 s doubled after attempt 2
        assertThat(w2.earliestFollowUp()).isEqualTo(T0.plusSeconds(4));
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void theLastFailedAttemptIsDeadAndCancelsTheWholeChainWaitingOnIt(Dialect d) throws SQLException {
        open(d);
        insert("j", T0, 0, "SCHEDULED", 1, null);
        insert("child", T0, 0, "WAITING", 3, "j");
        insert("grandchild", T0, 0, "WAITING", 3, "child");
        ClaimedJob j = claim(T0, 1).get(0);
        JobQueue.Written w = queue.complete(NODE, List.of(failed(j, T0.plusMillis(1))), T0.plusMillis(1));
        assertThat(w.dead()).containsExactly("j");
        assertThat(status("j")).isEqualTo("DEAD");
        assertThat(status("child")).isEqualTo("CANCELLED");
        assertThat(status("grandchild")).isEqualTo("CANCELLED");
        assertThat(column("child", "last_error")).contains("j");
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aPermanentFailureIsDeadAtOnce(Dialect d) throws SQLException {
        open(d);
        insert("j", T0, 0, "SCHEDULED", 5, null);
        ClaimedJob j = claim(T0, 1).get(0);
        queue.complete(NODE, List.of(new Completion(j, Outcome.FAILED, "404", true, T0)), T0);
        assertThat(status("j")).isEqualTo("DEAD");
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aJobCancelledWhileRunningStaysCancelledButItsAttemptIsRecorded(Dialect d) throws SQLException {
        open(d);
        insert("j", T0, 0);
        ClaimedJob j = claim(T0, 1).get(0);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE timeos_job SET status = 'CANCELLED' WHERE id = 'j'");
        }
        JobQueue.Written w = queue.complete(NODE, List.of(Completion.succeeded(j, T0.plusMillis(3))), T0.plusMillis(3));
        assertThat(w.succeeded()).isEmpty();
        assertThat(status("j")).isEqualTo("CANCELLED");
        assertThat(outcomes("j")).containsExactly("SUCCEEDED");
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void expiredLeasesAreReapedAndTheLostAttemptIsRecorded(Dialect d) throws SQLException {
        open(d);
        insert("mine", T0, 0);
        insert("theirs", T0, 0);
        List<ClaimedJob> claimed = queue.claim("dead-node", T0, 10, T0.plusSeconds(30));
        assertThat(claimed).hasSize(2);
        assertThat(queue.heartbeat("dead-node", T0.plusSeconds(40), T0.plusSeconds(10))).isEqualTo(2);

        assertThat(queue.recover(null, T0.plusSeconds(39), Outcome.LOST, "lease expired")).isEmpty();
        assertThat(queue.recover(null, T0.plusSeconds(41), Outcome.LOST, "lease expired")).containsExactlyInAnyOrder("mine", "theirs");
        assertThat(status("mine")).isEqualTo("SCHEDULED");
        assertThat(outcomes("mine")).containsExactly("LOST");
        // It runs again, as attempt 2.
        assertThat(claim(T0.plusSeconds(41), 10)).extracting(ClaimedJob::attempt).containsOnly(2);
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aRestartedNodeTakesBackItsOwnJobsAtOnce(Dialect d) throws SQLException {
        open(d);
        insert("a", T0, 0);
        insert("b", T0, 0);
        queue.claim("other", T0, 1, T0.plusSeconds(60));
        claim(T0, 1);
        assertThat(queue.recover(NODE, T0.plusSeconds(1), Outcome.LOST, "restarted")).containsExactly("b");
        assertThat(status("a")).isEqualTo("RUNNING");
        assertThat(status("b")).isEqualTo("SCHEDULED");
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void releasedAtShutdownTheUnfinishedAttemptDoesNotCount(Dialect d) throws SQLException {
        open(d);
        insert("j", T0, 0);
        ClaimedJob j = claim(T0, 1).get(0);
        assertThat(queue.release(NODE, List.of(j), T0.plusSeconds(1))).containsExactly("j");
        assertThat(status("j")).isEqualTo("SCHEDULED");
        assertThat(column("j", "attempt")).isEqualTo("0");
        assertThat(outcomes("j")).containsExactly("RELEASED");
        assertThat(queue.nextDue()).contains(T0.plusSeconds(1));
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aBatchOfCompletionsIsOneTransaction(Dialect d) throws SQLException {
        open(d);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add("j" + i);
            insert("j" + i, T0, 0);
        }
        List<ClaimedJob> claimed = claim(T0, 300);
        assertThat(claimed).hasSize(300);
        List<Completion> done = new ArrayList<>();
        for (ClaimedJob j : claimed) {
            done.add(Completion.succeeded(j, T0.plus(Duration.ofMillis(1))));
        }
        JobQueue.Written w = queue.complete(NODE, done, T0.plusMillis(2));
        assertThat(w.succeeded()).containsExactlyInAnyOrderElementsOf(ids);
    }

    private void setAction(String id, String action) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE timeos_job SET action_name = ? WHERE id = ?")) {
            ps.setString(1, action);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aClaimSkippingSaturatedActionsTakesOtherActionsJobsBehindThem(Dialect d) throws SQLException {
        open(d);
        insert("busy-high", T0.minusSeconds(5), 9);
        insert("busy-low", T0.minusSeconds(5), 0);
        insert("other", T0.minusSeconds(1), 0);
        setAction("busy-high", "busy");
        setAction("busy-low", "busy");

        assertThat(queue.nextDue(java.util.Set.of("busy"))).contains(T0.minusSeconds(1));
        List<ClaimedJob> claimed = queue.claim(NODE, T0, 1, T0.plusSeconds(60), java.util.Set.of("busy", "x"));
        assertThat(claimed).extracting(ClaimedJob::id).containsExactly("other");
        assertThat(queue.nextDue(java.util.Set.of("busy"))).isEmpty();
        assertThat(queue.nextDue()).contains(T0.minusSeconds(5));
        assertThat(queue.countDue(T0)).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aDeferredJobIsScheduledAgainWithItsAttemptUndoneAndNoExecution(Dialect d) throws SQLException {
        open(d);
        insert("limited", T0.minusSeconds(1), 0);
        ClaimedJob j = claim(T0, 1).get(0);
        assertThat(j.attempt()).isEqualTo(1);

        Instant slot = T0.plusSeconds(42);
        assertThat(queue.defer(NODE, List.of(new Deferral(j, slot)), T0)).containsExactly("limited");
        assertThat(status("limited")).isEqualTo("SCHEDULED");
        assertThat(column("limited", "attempt")).isEqualTo("0");
        assertThat(column("limited", "perform_at")).isEqualTo(Long.toString(slot.toEpochMilli()));
        assertThat(column("limited", "lease_owner")).isNull();
        assertThat(outcomes("limited")).isEmpty();
        assertThat(claim(slot.minusMillis(1), 1)).isEmpty();
        assertThat(claim(slot, 1)).extracting(ClaimedJob::attempt).containsExactly(1);
        // Not ours any more (e.g. reaped): a late deferral changes nothing.
        assertThat(queue.defer("other-node", List.of(new Deferral(j, slot)), T0)).isEmpty();
    }
}
