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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Derby's reads of claimable jobs start at the due floor (DueFloor). Each repository write that can make a job
 * claimable must lower it, or that job would wait for the next read from the front (at most DueFloor.REFRESH later): each
 * test here raises the floor past the job a write then makes claimable, with the time source stopped (no read from the
 * front), and expects the next read to find it. The first test shows the floor is in effect (a row written behind the
 * repository's back is not seen until the net's read), so that each of the others can fail.
 */
class DueFloorRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant LATER = T0.plus(Duration.ofHours(1));
    private static final String NODE = "node-a";

    private final AtomicLong nanos = new AtomicLong();
    private DataSource ds;
    private JdbcJobRepository repo;

    @BeforeEach
    void open() throws SQLException {
        ds = TestDatabases.fresh(Dialect.DERBY);
        repo = new JdbcJobRepository(Dialect.DERBY, new DueFloor(nanos::get, DueFloor.REFRESH));
        insert(job("later", LATER, JobStatus.SCHEDULED, null));
    }

    private <T> T tx(Jdbc.Work<T> work) {
        return Jdbc.inTransaction(ds, work);
    }

    private static NewJob job(String id, Instant due, JobStatus status, String dependsOn) {
        return new NewJob(id, null, null, "noop", null, "{}", due, 0, status, 3, Duration.ofSeconds(1), null, dependsOn,
                null, T0);
    }

    private void insert(NewJob j) {
        tx(c -> {
            repo.insert(c, List.of(j));
            return null;
        });
    }

    private Optional<Instant> nextDue() {
        return tx(c -> repo.nextDue(c, Set.of()));
    }

    private List<Attempt> claim(Instant now) {
        return tx(c -> repo.claim(c, NODE, now, now, 10, now.plusSeconds(60), Set.of()));
    }

    /** Claims the job due at T0, then reads up to the one due LATER: the floor is there. */
    private Attempt claimedAndFloorAtLater(String id) {
        insert(job(id, T0, JobStatus.SCHEDULED, null));
        Attempt a = claim(T0).get(0);
        assertThat(a.id()).isEqualTo(id);
        assertThat(nextDue()).contains(LATER);
        return a;
    }

    private void end(AttemptEnd e, Instant now) {
        tx(c -> repo.end(c, List.of(e), now));
    }

    private void insertBehindTheRepository(String id, Instant due, String status) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO timeos_job (id, "
                + "action_name, args, perform_at, priority, status, attempt, max_attempts, backoff_ms, created_at, updated_at) "
                + "VALUES (?, 'noop', '{}', ?, 0, ?, 3, 3, 1000, ?, ?)")) {
            ps.setString(1, id);
            ps.setLong(2, due.toEpochMilli());
            ps.setString(3, status);
            ps.setLong(4, T0.toEpochMilli());
            ps.setLong(5, T0.toEpochMilli());
            ps.executeUpdate();
        }
    }

    @Test
    void aJobWrittenBehindTheRepositoryWaitsForTheReadFromTheFrontWhichComesWithinTheRefresh() throws SQLException {
        assertThat(nextDue()).contains(LATER);
        insertBehindTheRepository("unseen", T0, "SCHEDULED");

        assertThat(nextDue()).contains(LATER);
        assertThat(claim(T0)).isEmpty();

        nanos.addAndGet(DueFloor.REFRESH.toNanos());
        assertThat(claim(T0)).extracting(Attempt::id).containsExactly("unseen");
    }

    @Test
    void aJobInsertedBelowTheFloorIsTheNextDueAndIsClaimed() {
        assertThat(nextDue()).contains(LATER);
        insert(job("j", T0, JobStatus.SCHEDULED, null));

        assertThat(nextDue()).contains(T0);
        assertThat(claim(T0)).extracting(Attempt::id).containsExactly("j");
    }

    @Test
    void anOccurrenceInsertedBelowTheFloorIsTheNextDue() {
        assertThat(nextDue()).contains(LATER);
        NewJob occurrence = new NewJob("o", "rule-1", null, "noop", null, "{}", T0, 0, JobStatus.SCHEDULED, 3,
                Duration.ofSeconds(1), null, null, T0, T0);
        assertThat(this.<Boolean>tx(c -> repo.insertOccurrence(c, occurrence))).isTrue();

        assertThat(nextDue()).contains(T0);
    }

    @Test
    void aFailedAttemptsRetryBelowTheFloorIsTheNextDue() {
        Attempt a = claimedAndFloorAtLater("j");
        end(a.startedAt(T0).failed("boom", false, T0.plusMillis(10)), T0.plusMillis(10));

        assertThat(nextDue()).contains(T0.plusMillis(1010));
        assertThat(claim(T0.plusMillis(1010))).extracting(Attempt::id).containsExactly("j");
    }

    @Test
    void anAttemptHandedBackUnstartedBelowTheFloorIsTheNextDue() {
        Attempt a = claimedAndFloorAtLater("j");
        end(a.notStarted(T0.plusMillis(200), T0), T0);

        assertThat(nextDue()).contains(T0.plusMillis(200));
    }

    @Test
    void jobsTakenBackFromARestartedNodeAreDueAsTheyWereBelowTheFloor() {
        claimedAndFloorAtLater("j");
        assertThat(this.<List<String>>tx(c -> repo.recoverNode(c, NODE, T0.plusSeconds(1)))).containsExactly("j");

        assertThat(nextDue()).contains(T0);
        assertThat(claim(T0.plusSeconds(1))).extracting(Attempt::id).containsExactly("j");
    }

    @Test
    void aJobRescheduledBelowTheFloorIsTheNextDue() {
        assertThat(nextDue()).contains(LATER);
        assertThat(this.<JobRepository.Change>tx(c -> repo.reschedule(c, "later", T0.plusSeconds(1), T0))).isEqualTo(JobRepository.Change.DONE);

        assertThat(nextDue()).contains(T0.plusSeconds(1));
    }

    @Test
    void aRetriedDeadLetterIsDueNowBelowTheFloor() throws SQLException {
        insertBehindTheRepository("dead", T0, "DEAD");
        assertThat(nextDue()).contains(LATER);
        assertThat(this.<JobRepository.Change>tx(c -> repo.retryDead(c, "dead", T0.plusSeconds(5)))).isEqualTo(JobRepository.Change.DONE);

        assertThat(nextDue()).contains(T0.plusSeconds(5));
    }

    @Test
    void aWaitingJobReleasedByItsParentsSuccessIsDueAsItWasBelowTheFloor() {
        insert(job("child", T0, JobStatus.WAITING, "parent"));
        Attempt parent = claimedAndFloorAtLater("parent");
        end(parent.startedAt(T0).succeeded(T0.plusMillis(5)), T0.plusMillis(6));

        assertThat(nextDue()).contains(T0);
        assertThat(claim(T0.plusMillis(6))).extracting(Attempt::id).containsExactly("child");
    }

    /**
     * Why the floor exists, on Derby itself: while another transaction uses the table, the leaves that claims empty
     * at the front of the due index stay linked, and a read from the front walks them all; a read from the floor does
     * not. (If a Derby release ever frees them, this test says so, and DueFloor can go.)
     */
    @Test
    void derbyKeepsTheLeavesClaimsEmptiedUnderLoadAndOnlyAReadFromTheFloorSkipsThem() throws SQLException {
        int jobs = 20_000;
        List<NewJob> many = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            many.add(job("j" + i, T0.plusMillis(i), JobStatus.SCHEDULED, null));
        }
        tx(c -> {
            repo.insert(c, many);
            return null;
        });
        try (Connection busy = ds.getConnection()) {
            // Another transaction holds a lock in the table throughout, as a busy node always has one.
            busy.setAutoCommit(false);
            try (PreparedStatement ps = busy.prepareStatement("UPDATE timeos_job SET version = version WHERE id = 'later'")) {
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            Instant now = T0;
            for (int claimed = 0; claimed < jobs - 1_000; claimed += 100) {
                now = T0.plusMillis(claimed + 99);
                Instant at = now;
                List<Attempt> batch = tx(c -> repo.claim(c, NODE, at, at, 100, at.plusSeconds(60), Set.of()));
                assertThat(batch).hasSize(100);
                tx(c -> repo.end(c, batch.stream().map(a -> a.startedAt(at).succeeded(at)).toList(), at));
            }
            busy.commit();
        }
        Instant firstLeft = T0.plusMillis(jobs - 1_000);
        try (Connection c = ds.getConnection()) {
            DerbyStatistics.collect(c);
            assertThat(soonestScheduledFrom(c, DueFloor.NONE)).isEqualTo(firstLeft.toEpochMilli());
            int fromTheFront = pagesVisited(DerbyStatistics.ofLast(c));
            assertThat(soonestScheduledFrom(c, firstLeft.toEpochMilli())).isEqualTo(firstLeft.toEpochMilli());
            int fromTheFloor = pagesVisited(DerbyStatistics.ofLast(c));

            assertThat(fromTheFront).as("leaves read from the front").isGreaterThan(100);
            assertThat(fromTheFloor).as("leaves read from the floor").isLessThan(10);
        }
    }

    /** nextDue's statement for one status. */
    private static long soonestScheduledFrom(Connection c, long bound) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(perform_at) FROM timeos_job WHERE status = ? "
                + "AND perform_at >= ?")) {
            ps.setString(1, "SCHEDULED");
            ps.setLong(2, bound);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int pagesVisited(String statistics) {
        Matcher m = Pattern.compile("Number of pages visited=(\\d+)").matcher(statistics);
        assertThat(m.find()).as(statistics).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
