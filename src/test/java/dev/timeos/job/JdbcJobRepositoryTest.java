package dev.timeos.job;

import dev.timeos.store.Dialect;
import dev.timeos.store.Jdbc;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The job repository on both real databases, with time passed in (no clock, no sleeping): the hot path (claim,
 * end, leases), fencing (a writer whose claim was superseded changes nothing), and clients' conditional changes.
 */
class JdbcJobRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final String NODE = "node-a";

    static List<Dialect> dialects() {
        return TestDatabases.dialects();
    }

    private DataSource ds;
    private JdbcJobRepository repo;
    private Dialect dialect;

    private void open(Dialect d) {
        ds = TestDatabases.fresh(d);
        dialect = d;
        repo = new JdbcJobRepository(d);
    }

    private <T> T tx(Jdbc.Work<T> work) {
        return Jdbc.inTransaction(ds, work);
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
            DependentsSqlTest.listIfWaiting(c, id, status, dependsOn);
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

    private List<Attempt> claim(Instant now, int limit) {
        return claim(NODE, now, limit, now.plusSeconds(60), Set.of());
    }

    private List<Attempt> claim(String node, Instant now, int limit, Instant leaseUntil, Set<String> skipped) {
        return tx(c -> repo.claim(c, node, now, now, limit, leaseUntil, skipped));
    }

    /** The attempts, begun by their worker at {@code at} and recorded so. */
    private List<Attempt> start(List<Attempt> claimed, Instant at) {
        List<Attempt> started = claimed.stream().map(a -> a.startedAt(at)).toList();
        tx(c -> {
            repo.markStarted(c, started);
            return null;
        });
        return started;
    }

    private JobRepository.Ended end(List<AttemptEnd> ends, Instant now) {
        return tx(c -> repo.end(c, ends, now));
    }

    private Optional<Instant> nextDue() {
        return tx(c -> repo.nextDue(c, Set.of()));
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

        List<Attempt> claimed = claim(T0, 10);
        assertThat(claimed).extracting(Attempt::id).containsExactly("high", "early-low", "late-low", "due-now");
        assertThat(claimed).allSatisfy(j -> {
            assertThat(j.attempt()).isEqualTo(1);
            assertThat(j.startedAt()).as("claimed, not started").isNull();
            assertThat(j.node()).isEqualTo(NODE);
        });
        assertThat(status("high")).isEqualTo("RUNNING");
        assertThat(column("high", "lease_owner")).isEqualTo(NODE);
        assertThat(status("future")).isEqualTo("SCHEDULED");
        assertThat(claim(T0, 10)).isEmpty();
        assertThat(nextDue()).contains(T0.plusMillis(1));
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aClaimAheadTakesJobsDueByItsBoundButStampsTheClaimWithNow(Dialect d) throws SQLException {
        open(d);
        insert("due", T0.minusMillis(5), 0);
        insert("soon", T0.plusMillis(20), 0);
        insert("later", T0.plusMillis(21), 0);

        List<Attempt> claimed = tx(c -> repo.claim(c, NODE, T0, T0.plusMillis(20), 10, T0.plusSeconds(60), Set.of()));
        assertThat(claimed).extracting(Attempt::id).containsExactly("due", "soon");
        assertThat(claimed).extracting(Attempt::performAt).as("each keeps its due time: it starts then")
                .containsExactly(T0.minusMillis(5), T0.plusMillis(20));
        assertThat(column("soon", "updated_at")).isEqualTo(String.valueOf(T0.toEpochMilli()));
        assertThat(status("later")).isEqualTo("SCHEDULED");
        assertThat(nextDue()).contains(T0.plusMillis(21));
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void claimHonoursTheLimitAndLeavesTheRestForTheNextClaim(Dialect d) throws SQLException {
        open(d);
        for (int i = 0; i < 5; i++) {
            insert("j" + i, T0.minusSeconds(5 - i), 0);
        }
        assertThat(claim(T0, 2)).extracting(Attempt::id).containsExactly("j0", "j1");
        assertThat(claim(T0, 2)).extracting(Attempt::id).containsExactly("j2", "j3");
        assertThat(claim(T0, 2)).extracting(Attempt::id).containsExactly("j4");
    }

    /**
     * The claim's two shapes (few due: all of them, found by due time; more due than the batch: read in priority
     * order) answer in the same order, and neither takes a future job, however many of higher priority wait.
     */
    @ParameterizedTest
    @MethodSource("dialects")
    void aBacklogLargerThanTheBatchIsClaimedByPriorityAndASmallOneWhole(Dialect d) throws SQLException {
        open(d);
        for (int i = 0; i < 20; i++) {
            insert("future-" + i, T0.plusSeconds(60 + i), 9);
        }
        insert("low-old", T0.minusSeconds(9), 0);
        insert("low-new", T0.minusSeconds(1), 0);
        insert("mid", T0.minusSeconds(3), 5);
        insert("failed", T0.minusSeconds(2), 7, "FAILED", 3, null);
        insert("high", T0.minusSeconds(5), 8);

        // More due (5) than the batch (3): the three first in the claim's order, across both claimable statuses.
        assertThat(claim(T0, 3)).extracting(Attempt::id).containsExactly("high", "failed", "mid");
        // Two left, a batch of 3: both, still in order; no future job.
        assertThat(claim(T0, 3)).extracting(Attempt::id).containsExactly("low-old", "low-new");
        assertThat(claim(T0, 3)).isEmpty();
        assertThat(nextDue()).contains(T0.plusSeconds(60));
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void successIsRecordedWithItsExecutionAndReleasesWaitingDependents(Dialect d) throws SQLException {
        open(d);
        insert("parent", T0, 0);
        insert("child", T0, 0, "WAITING", 3, "parent");
        Attempt parent = claim(T0, 10).get(0);

        JobRepository.Ended w = end(List.of(start(List.of(parent), T0).get(0).succeeded(T0.plusMillis(5))), T0.plusMillis(6));
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
        Attempt first = claim(T0, 1).get(0);
        JobRepository.Ended w = end(List.of(first.startedAt(T0).failed("boom", false, T0.plusMillis(10))), T0.plusMillis(10));
        assertThat(w.retried()).containsExactly("j");
        assertThat(status("j")).isEqualTo("FAILED");
        assertThat(column("j", "last_error")).isEqualTo("boom");
        // base 1 s after attempt 1
        assertThat(w.earliestFollowUp()).isEqualTo(T0.plusMillis(1010));
        assertThat(claim(T0.plusMillis(1009), 1)).isEmpty();

        Attempt second = claim(T0.plusMillis(1010), 1).get(0);
        assertThat(second.attempt()).isEqualTo(2);
        JobRepository.Ended w2 = end(List.of(second.startedAt(T0).failed("boom", false, T0.plusSeconds(2))), T0.plusSeconds(2));
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
        Attempt j = claim(T0, 1).get(0);
        JobRepository.Ended w = end(List.of(j.startedAt(T0).failed("boom", false, T0.plusMillis(1))), T0.plusMillis(1));
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
        Attempt j = claim(T0, 1).get(0);
        end(List.of(j.startedAt(T0).failed("404", true, T0)), T0);
        assertThat(status("j")).isEqualTo("DEAD");
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aJobCancelledWhileRunningStaysCancelledAndTheFencedOutEndIsRecordedStale(Dialect d) throws SQLException {
        open(d);
        insert("j", T0, 0);
        Attempt j = start(claim(T0, 1), T0).get(0);
        JobRepository.Cancelled cancelled = tx(c -> repo.cancel(c, List.of("j"), null, T0.plusMillis(1)));
        assertThat(cancelled.cancelled()).containsExactly("j");
        // Finding 6: a cancel that comes after a success commits is refused, never overwrites it.
        JobRepository.Ended w = end(List.of(j.succeeded(T0.plusMillis(3))), T0.plusMillis(3));
        assertThat(w.succeeded()).isEmpty();
        assertThat(w.stale()).containsExactly(j.lease());
        assertThat(status("j")).isEqualTo("CANCELLED");
        assertThat(outcomes("j")).containsExactly("STALE");
        // The performer saw the cancellation: recorded as what it is.
        insert("k", T0, 0);
        Attempt k = start(claim(T0, 1), T0).get(0);
        tx(c -> repo.cancel(c, List.of("k"), null, T0.plusMillis(1)));
        end(List.of(k.cancelled(T0.plusMillis(2))), T0.plusMillis(2));
        assertThat(outcomes("k")).containsExactly("CANCELLED");
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aCancelAfterSuccessIsRefusedAndARescheduleOfARunningJobConflicts(Dialect d) throws SQLException {
        open(d);
        insert("j", T0, 0);
        Attempt j = start(claim(T0, 1), T0).get(0);
        JobRepository.Change running = tx(c -> repo.reschedule(c, "j", T0.plusSeconds(60), T0));
        assertThat(running).isEqualTo(JobRepository.Change.CONFLICT);
        end(List.of(j.succeeded(T0.plusMillis(2))), T0.plusMillis(2));
        JobRepository.Cancelled r = tx(c -> repo.cancel(c, List.of("j", "nope"), null, T0.plusMillis(3)));
        assertThat(r.notCancellable()).containsExactly("j");
        assertThat(r.notFound()).containsExactly("nope");
        assertThat(status("j")).isEqualTo("SUCCEEDED");
        JobRepository.Change missing = tx(c -> repo.reschedule(c, "nope", T0, T0));
        assertThat(missing).isEqualTo(JobRepository.Change.NOT_FOUND);
        JobRepository.Change notDead = tx(c -> repo.retryDead(c, "j", T0));
        assertThat(notDead).isEqualTo(JobRepository.Change.CONFLICT);
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void expiredLeasesOfOtherNodesAreReapedLostIfStartedAndUncountedIfTheyOnlyWaited(Dialect d) throws SQLException {
        open(d);
        insert("ran", T0, 0);
        insert("waited", T0.plusMillis(1), 0);
        List<Attempt> claimed = claim("dead-node", T0.plusMillis(1), 10, T0.plusSeconds(30), Set.of());
        assertThat(claimed).hasSize(2);
        start(List.of(claimed.get(0)), T0.plusMillis(2));
        assertThat(this.<Set<Lease>>tx(c -> repo.renew(c, claimed.stream().map(Attempt::lease).toList(), T0.plusSeconds(40)))).isEmpty();

        assertThat(this.<List<String>>tx(c -> repo.reapExpired(c, NODE, T0.plusSeconds(39)))).isEmpty();
        // Finding 1: a node never reaps its own jobs; it knows what it holds.
        assertThat(this.<List<String>>tx(c -> repo.reapExpired(c, "dead-node", T0.plusSeconds(41)))).isEmpty();
        assertThat(this.<List<String>>tx(c -> repo.reapExpired(c, NODE, T0.plusSeconds(41)))).containsExactlyInAnyOrder("ran", "waited");
        assertThat(status("ran")).isEqualTo("SCHEDULED");
        assertThat(outcomes("ran")).containsExactly("LOST");
        // Finding 8: claimed ahead and never started: back as not attempted, no execution.
        assertThat(outcomes("waited")).isEmpty();
        assertThat(column("waited", "attempt")).isEqualTo("0");
        assertThat(claim(T0.plusSeconds(41), 10)).extracting(Attempt::id, Attempt::attempt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ran", 2), org.assertj.core.groups.Tuple.tuple("waited", 1));
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aStaleEndAfterReapAndReclaimNeverClosesTheNextAttempt(Dialect d) throws SQLException {
        open(d);
        insert("j", T0, 0);
        // Node A claims and starts attempt 1, then stalls past its lease.
        Attempt first = start(claim("node-a", T0, 1, T0.plusSeconds(10), Set.of()), T0).get(0);
        assertThat(this.<List<String>>tx(c -> repo.reapExpired(c, "node-b", T0.plusSeconds(11)))).containsExactly("j");
        Attempt second = start(claim("node-b", T0.plusSeconds(11), 1, T0.plusSeconds(21), Set.of()), T0.plusSeconds(11)).get(0);
        assertThat(second.attempt()).isEqualTo(2);

        // Finding 1: attempt 1's late success, heartbeat and hand-back change nothing of attempt 2.
        assertThat(this.<Set<Lease>>tx(c -> repo.renew(c, List.of(first.lease()), T0.plusSeconds(30)))).containsExactly(first.lease());
        JobRepository.Ended late = end(List.of(first.succeeded(T0.plusSeconds(12))), T0.plusSeconds(12));
        assertThat(late.succeeded()).isEmpty();
        assertThat(late.stale()).containsExactly(first.lease());
        assertThat(status("j")).isEqualTo("RUNNING");
        assertThat(column("j", "lease_owner")).isEqualTo("node-b");
        assertThat(column("j", "attempt")).isEqualTo("2");

        assertThat(end(List.of(second.succeeded(T0.plusSeconds(13))), T0.plusSeconds(13)).succeeded()).containsExactly("j");
        // One row per attempt: attempt 1's LOST row became STALE (what it really did), attempt 2 SUCCEEDED.
        assertThat(outcomes("j")).containsExactly("STALE", "SUCCEEDED");
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aRestartedNodeTakesBackItsOwnJobsAtOnce(Dialect d) throws SQLException {
        open(d);
        insert("a", T0, 0);
        insert("b", T0, 0);
        claim("other", T0, 1, T0.plusSeconds(60), Set.of());
        start(claim(T0, 1), T0);
        assertThat(this.<List<String>>tx(c -> repo.recoverNode(c, NODE, T0.plusSeconds(1)))).containsExactly("b");
        assertThat(status("a")).isEqualTo("RUNNING");
        assertThat(status("b")).isEqualTo("SCHEDULED");
        assertThat(outcomes("b")).containsExactly("LOST");
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void heartbeatsRenewExactlyTheHeldLeasesAndAClaimedRowNotHeldGoesBackAtOnce(Dialect d) throws SQLException {
        open(d);
        insert("held", T0, 0);
        insert("orphan", T0.plusMillis(1), 0);
        List<Attempt> claimed = claim(NODE, T0.plusMillis(1), 2, T0.plusSeconds(10), Set.of());
        Attempt held = claimed.get(0);
        // Finding 2: only the held lease is renewed; the other row was claimed but is held by nobody.
        assertThat(this.<Set<Lease>>tx(c -> repo.renew(c, List.of(held.lease()), T0.plusSeconds(12)))).isEmpty();
        assertThat(column("held", "lease_expires_at")).isEqualTo(Long.toString(T0.plusSeconds(12).toEpochMilli()));
        assertThat(column("orphan", "lease_expires_at")).isEqualTo(Long.toString(T0.plusSeconds(10).toEpochMilli()));
        // Claimed within the last beat: too fresh to judge (its claim may not be registered yet).
        assertThat(this.<List<String>>tx(c -> repo.handBackUnheld(c, NODE, Set.of(held.lease()), T0.plusSeconds(10), T0.plusSeconds(2)))).isEmpty();
        assertThat(this.<List<String>>tx(c -> repo.handBackUnheld(c, NODE, Set.of(held.lease()), T0.plusSeconds(11), T0.plusSeconds(2))))
                .containsExactly("orphan");
        assertThat(status("orphan")).isEqualTo("SCHEDULED");
        assertThat(column("orphan", "attempt")).isEqualTo("0");
        assertThat(status("held")).isEqualTo("RUNNING");
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void releasedAtShutdownTheUnfinishedAttemptDoesNotCount(Dialect d) throws SQLException {
        open(d);
        insert("j", T0, 0);
        Attempt j = start(claim(T0, 1), T0).get(0);
        end(List.of(j.released(T0.plusSeconds(1))), T0.plusSeconds(1));
        assertThat(status("j")).isEqualTo("SCHEDULED");
        assertThat(column("j", "attempt")).isEqualTo("0");
        assertThat(outcomes("j")).containsExactly("RELEASED");
        assertThat(nextDue()).contains(T0);
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
        List<Attempt> claimed = start(claim(T0, 300), T0);
        assertThat(claimed).hasSize(300);
        List<AttemptEnd> done = new ArrayList<>();
        for (Attempt j : claimed) {
            done.add(j.succeeded(T0.plus(Duration.ofMillis(1))));
        }
        JobRepository.Ended w = end(done, T0.plusMillis(2));
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

        assertThat(this.<Optional<Instant>>tx(c -> repo.nextDue(c, Set.of("busy")))).contains(T0.minusSeconds(1));
        List<Attempt> claimed = claim(NODE, T0, 1, T0.plusSeconds(60), Set.of("busy", "x"));
        assertThat(claimed).extracting(Attempt::id).containsExactly("other");
        assertThat(this.<Optional<Instant>>tx(c -> repo.nextDue(c, Set.of("busy")))).isEmpty();
        assertThat(nextDue()).contains(T0.minusSeconds(5));
        assertThat(this.<Long>tx(c -> repo.countDue(c, T0))).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aJobHandedBackUnstartedIsScheduledAgainWithItsAttemptUndoneAndNoExecution(Dialect d) throws SQLException {
        open(d);
        insert("limited", T0.minusSeconds(1), 0);
        Attempt j = claim(T0, 1).get(0);
        assertThat(j.attempt()).isEqualTo(1);

        Instant slot = T0.plusSeconds(42);
        end(List.of(j.notStarted(slot, T0)), T0);
        assertThat(status("limited")).isEqualTo("SCHEDULED");
        assertThat(column("limited", "attempt")).isEqualTo("0");
        assertThat(column("limited", "perform_at")).isEqualTo(Long.toString(slot.toEpochMilli()));
        assertThat(column("limited", "lease_owner")).isNull();
        assertThat(outcomes("limited")).isEmpty();
        assertThat(claim(slot.minusMillis(1), 1)).isEmpty();
        Attempt again = claim(slot, 1).get(0);
        assertThat(again.attempt()).isEqualTo(1);
        // The same attempt number, but not the same claim: the first claim's late hand-back changes nothing.
        assertThat(end(List.of(j.notStarted(slot, T0)), T0).stale()).containsExactly(j.lease());
        assertThat(status("limited")).isEqualTo("RUNNING");
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void overlapSeesTheRunningPreviousOccurrenceAndNeverALaterOne(Dialect d) throws SQLException {
        open(d);
        for (int i = 1; i <= 3; i++) {
            insert("o" + i, T0.plusMillis(i), 0);
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "UPDATE timeos_job SET rule_id = 'r', occurrence_at = ? WHERE id = ?")) {
                ps.setLong(1, T0.plusMillis(i).toEpochMilli());
                ps.setString(2, "o" + i);
                ps.executeUpdate();
            }
        }
        // Finding 4: o1 and o2 claimed together (a fire-all misfire): o2 sees o1 running, o1 sees nothing.
        List<Attempt> both = claim(T0.plusMillis(2), 2);
        assertThat(this.<Optional<String>>tx(c -> repo.runningPreviousOccurrence(c, "r", T0.plusMillis(1)))).isEmpty();
        assertThat(this.<Optional<String>>tx(c -> repo.runningPreviousOccurrence(c, "r", T0.plusMillis(2)))).contains("o1");
        // o3's previous run is the latest earlier one still running: o2, then, once o2 is skipped (cancelled), o1.
        assertThat(this.<Optional<String>>tx(c -> repo.runningPreviousOccurrence(c, "r", T0.plusMillis(3)))).contains("o2");
        tx(c -> repo.cancel(c, List.of("o2"), "skipped", T0));
        assertThat(this.<Optional<String>>tx(c -> repo.runningPreviousOccurrence(c, "r", T0.plusMillis(3)))).contains("o1");
        // Once o1 has ended, nothing earlier runs.
        Attempt o1 = both.stream().filter(a -> a.id().equals("o1")).findFirst().orElseThrow();
        end(List.of(start(List.of(o1), T0).get(0).succeeded(T0.plusMillis(5))), T0.plusMillis(6));
        assertThat(this.<Optional<String>>tx(c -> repo.runningPreviousOccurrence(c, "r", T0.plusMillis(3)))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aJobRescheduledBetweenTheClaimsReadAndItsUpdateIsNotClaimedEarly(Dialect d) throws SQLException {
        open(d);
        insert("j", T0, 0);
        org.junit.jupiter.api.Assumptions.assumeTrue(d == Dialect.DERBY, "PostgreSQL claims in one statement");
        Instant later = T0.plusSeconds(3600);
        // Finding 5: on Derby the claim reads then updates; a client reschedules in between (on its own connection).
        repo = new JdbcJobRepository(d) {
            @Override
            void betweenReadAndClaim() {
                JobRepository.Change change = Jdbc.inTransaction(ds, c -> new JdbcJobRepository(d).reschedule(c, "j", later, T0));
                assertThat(change).isEqualTo(JobRepository.Change.DONE);
            }
        };
        assertThat(claim(T0, 1)).isEmpty();
        assertThat(status("j")).isEqualTo("SCHEDULED");
        assertThat(column("j", "perform_at")).isEqualTo(Long.toString(later.toEpochMilli()));
    }

    /**
     * The stall, on the real PostgreSQL: node A's end of attempt 1 is held by a row lock while node B, in an open
     * transaction, takes the job back and claims attempt 2. When B commits, A's statement goes through its
     * WHERE again and changes nothing: attempt 1's completion never closes attempt 2's row.
     */
    @org.junit.jupiter.api.Test
    void onPostgreSqlAnEndHeldPastItsLeaseByARowLockNeverClosesTheNextAttempt() throws Exception {
        open(Dialect.POSTGRESQL);
        insert("j", T0, 0);
        Attempt first = start(claim("node-a", T0, 1, T0.plusSeconds(10), Set.of()), T0).get(0);
        try (Connection b = ds.getConnection()) {
            b.setAutoCommit(false);
            assertThat(repo.reapExpired(b, "node-b", T0.plusSeconds(11))).containsExactly("j");
            java.util.concurrent.ExecutorService nodeA = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                java.util.concurrent.Future<JobRepository.Ended> lateEnd =
                        nodeA.submit(() -> end(List.of(first.succeeded(T0.plusSeconds(12))), T0.plusSeconds(12)));
                awaitBlockedOnALock();
                List<Attempt> second = repo.claim(b, "node-b", T0.plusSeconds(11), T0.plusSeconds(11), 1, T0.plusSeconds(21), Set.of());
                assertThat(second).extracting(Attempt::attempt).containsExactly(2);
                b.commit();
                JobRepository.Ended ended = lateEnd.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(ended.succeeded()).isEmpty();
                assertThat(ended.stale()).containsExactly(first.lease());
            } finally {
                nodeA.shutdownNow();
            }
        }
        assertThat(status("j")).isEqualTo("RUNNING");
        assertThat(column("j", "lease_owner")).isEqualTo("node-b");
        assertThat(column("j", "attempt")).isEqualTo("2");
        assertThat(outcomes("j")).containsExactly("STALE");
    }

    /**
     * Two writers that lock the same jobs must take them in one order, or each can hold the row the other waits for
     * (PostgreSQL then aborts one of them). Another transaction holds job "a" while a client cancels [b, a]; then that
     * transaction wants "b" too. A cancel that locked in its caller's order would hold "b" while waiting for "a": a
     * deadlock. In id order it holds nothing while it waits, and both go through.
     */
    @org.junit.jupiter.api.Test
    void onPostgreSqlACancelTakesItsJobsInIdOrderSoItCannotDeadlockWithAnotherWriter() throws Exception {
        open(Dialect.POSTGRESQL);
        insert("a", T0.plusSeconds(60), 0);
        insert("b", T0.plusSeconds(60), 0);
        insert("c", T0.plusSeconds(60), 0);
        JobRepository.Cancelled answer = whileAnotherWriterHolds("a",
                () -> tx(c -> repo.cancel(c, List.of("c", "b", "missing", "a"), "by test", T0)), "b");
        // The answer keeps the caller's order.
        assertThat(answer.cancelled()).containsExactly("c", "b", "a");
        assertThat(answer.notFound()).containsExactly("missing");
        assertThat(List.of(status("a"), status("b"), status("c"))).containsOnly("CANCELLED");
    }

    /**
     * A batch of new jobs locks their dependencies (JobService), and must take them in one order with every other
     * writer of those rows. The end of job "d" writes "d", then releases "x", which waits on "d". A batch naming "x"
     * and then "d" as dependencies, locked in its request's order, would hold "x" while waiting for "d", and the end
     * would wait for "x": a deadlock, which PostgreSQL breaks by failing one of them. Taken in id order, the batch holds
     * nothing while it waits for "d", because a dependent is made after its dependency and ids are made in creation
     * order ({@code Ids.newId}). Two batches naming the same dependencies in opposite orders are the same race.
     */
    @org.junit.jupiter.api.Test
    void onPostgreSqlABatchLocksItsDependenciesInIdOrderSoItCannotDeadlockWithTheirEnd() throws Exception {
        open(Dialect.POSTGRESQL);
        insert("d", T0.plusSeconds(60), 0);
        insert("x", T0.plusSeconds(60), 0, "WAITING", 3, "d");
        // "d"'s end is played by another writer of the same rows, in the same order.
        Map<String, JobStatus> locked = whileAnotherWriterHolds("d",
                () -> tx(c -> repo.lockAll(c, List.of("x", "missing", "d", "x"))), "x");
        assertThat(locked).containsOnly(Map.entry("d", JobStatus.SCHEDULED), Map.entry("x", JobStatus.WAITING));
    }

    private boolean insertOccurrence(String id, String ruleId, Instant at) {
        return tx(c -> repo.insertOccurrence(c, new NewJob(id, ruleId, null, "noop", null, "{}", at, 0,
                JobStatus.SCHEDULED, 3, Duration.ofSeconds(1), null, null, at, T0)));
    }

    /**
     * A rule paused and resumed within the planner's lookahead (or given a new schedule) plans the same instants again.
     * The pause cancelled their jobs; had the cancelled rows kept their occurrence keys, the new plan would collide with
     * them, read the collision as "another node planned it first", and move past the instant: a run lost without a word.
     */
    @ParameterizedTest
    @MethodSource("dialects")
    void aRulesCancelledOccurrencesFreeTheirInstantsForItsNextPlan(Dialect d) throws SQLException {
        open(d);
        Instant at = T0.plusSeconds(5);
        assertThat(insertOccurrence("first", "rule-1", at)).isTrue();
        JobRepository.Cancelled paused = tx(c -> repo.cancelPendingOfRule(c, "rule-1", "paused", T0));
        assertThat(paused.cancelled()).containsExactly("first");
        assertThat(insertOccurrence("again", "rule-1", at)).as("the resumed rule plans the instant again").isTrue();
        assertThat(insertOccurrence("twice", "rule-1", at)).as("still once per instant").isFalse();
        assertThat(status("first")).isEqualTo("CANCELLED");
        assertThat(status("again")).isEqualTo("SCHEDULED");
    }

    /**
     * An overlap policy's cancel-previous decides from a read that the previous run is running; if that run failed
     * since (its retry due later), the cancel, conditional on RUNNING, leaves the retry alone.
     */
    @ParameterizedTest
    @MethodSource("dialects")
    void aCancelOfRunningJobsLeavesOneThatFailedMeanwhile(Dialect d) throws SQLException {
        open(d);
        insert("j", T0, 0);
        Attempt running = start(claim(T0, 1), T0).get(0);
        end(List.of(running.failed("boom", false, T0.plusMillis(5))), T0.plusMillis(5));
        assertThat(status("j")).isEqualTo("FAILED");
        JobRepository.Cancelled answer = tx(c -> repo.cancel(c, List.of("j"), java.util.EnumSet.of(JobStatus.RUNNING),
                "cancel-previous", T0.plusMillis(6)));
        assertThat(answer.cancelled()).isEmpty();
        assertThat(answer.notCancellable()).containsExactly("j");
        assertThat(status("j")).isEqualTo("FAILED");
    }

    /**
     * A rule's pause cancels the jobs that have not started. One the dispatcher claims between the pause's read of the
     * rule's jobs and its write is running by then: it is left running, not cancelled (and interrupted) mid-perform.
     */
    @org.junit.jupiter.api.Test
    void onPostgreSqlARulesPauseLeavesAJobClaimedMeanwhileRunning() throws Exception {
        open(Dialect.POSTGRESQL);
        assertThat(insertOccurrence("j", "rule-1", T0)).isTrue();
        JobRepository.Cancelled paused;
        try (Connection dispatcher = ds.getConnection()) {
            dispatcher.setAutoCommit(false);
            assertThat(repo.claim(dispatcher, NODE, T0, T0, 1, T0.plusSeconds(60), Set.of())).hasSize(1);
            java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                java.util.concurrent.Future<JobRepository.Cancelled> pause =
                        thread.submit(() -> tx(c -> repo.cancelPendingOfRule(c, "rule-1", "paused", T0)));
                awaitBlockedOnALock();
                dispatcher.commit();
                paused = pause.get(30, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                thread.shutdownNow();
            }
        }
        assertThat(paused.cancelled()).isEmpty();
        assertThat(status("j")).isEqualTo("RUNNING");
    }

    /**
     * The race of two writers on two rows: another transaction writes job {@code first}; {@code client} runs in its own
     * transaction until it waits for a row lock; then the other transaction writes {@code second} as well, and commits.
     * If the client held {@code second} by then, the two would deadlock and PostgreSQL would fail one of them.
     *
     * @return the client's answer
     */
    private <T> T whileAnotherWriterHolds(String first, java.util.concurrent.Callable<T> client, String second)
            throws Exception {
        try (Connection other = ds.getConnection()) {
            other.setAutoCommit(false);
            assertThat(repo.reschedule(other, first, T0.plusSeconds(120), T0)).isEqualTo(JobRepository.Change.DONE);
            java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                java.util.concurrent.Future<T> answer = thread.submit(client);
                awaitBlockedOnALock();
                assertThat(repo.reschedule(other, second, T0.plusSeconds(120), T0)).isEqualTo(JobRepository.Change.DONE);
                other.commit();
                return answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                thread.shutdownNow();
            }
        }
    }

    /** Waits (bounded, polling PostgreSQL's own view, no sleeping guesswork) until a session waits for a row lock. */
    private void awaitBlockedOnALock() throws SQLException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE timeos_job%'")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.onSpinWait();
            }
        }
        throw new AssertionError("node A's end never waited for the row lock");
    }

    /**
     * Clients and the engine race on the same jobs: one thread ends 100 claimed attempts as succeeded while
     * another cancels them. Every answer matches the final state: a job the cancel answered as cancelled is
     * CANCELLED (its end was stale), one it refused is SUCCEEDED, and nothing is both or neither.
     */
    @ParameterizedTest
    @MethodSource("dialects")
    void aCancelRacingAnEndAlwaysAnswersWhatHappened(Dialect d) throws Exception {
        open(d);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add("r" + i);
            insert("r" + i, T0, 0);
        }
        List<Attempt> claimed = start(claim(T0, 100), T0);
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        try {
            java.util.concurrent.Future<List<Lease>> stale = two.submit(() -> {
                go.await();
                List<Lease> refused = new ArrayList<>();
                for (Attempt a : claimed) {
                    refused.addAll(end(List.of(a.succeeded(T0.plusMillis(5))), T0.plusMillis(5)).stale());
                }
                return refused;
            });
            java.util.concurrent.Future<List<String>> cancelled = two.submit(() -> {
                go.await();
                List<String> yes = new ArrayList<>();
                for (String id : ids) {
                    yes.addAll(this.<JobRepository.Cancelled>tx(c -> repo.cancel(c, List.of(id), null, T0.plusMillis(5))).cancelled());
                }
                return yes;
            });
            go.countDown();
            List<String> cancelledIds = cancelled.get(60, java.util.concurrent.TimeUnit.SECONDS);
            List<String> staleIds = stale.get(60, java.util.concurrent.TimeUnit.SECONDS).stream().map(Lease::jobId).toList();
            assertThat(staleIds).containsExactlyInAnyOrderElementsOf(cancelledIds);
            for (String id : ids) {
                assertThat(status(id)).as(id).isEqualTo(cancelledIds.contains(id) ? "CANCELLED" : "SUCCEEDED");
                assertThat(outcomes(id)).as(id).containsExactly(cancelledIds.contains(id) ? "STALE" : "SUCCEEDED");
            }
        } finally {
            two.shutdownNow();
        }
    }
}
