package dev.timeos.job;

import dev.timeos.store.Dialect;
import dev.timeos.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Derby's job inserts take turns on a node (OneWriterAtATime). The race that could make that a deadlock Derby cannot
 * see: a writer holding the turn waits in Derby for a row lock of a transaction whose next insert is queued for the
 * turn. Here that transaction inserted job "x" and has not committed; another inserts "x" too (Derby waits to see
 * whether the first commits) while holding the turn; the first then inserts "y". With turns only, "y" would wait for
 * the turn and the turn for "y"'s transaction until Derby's lock timeout failed the second writer (40XL1); with the
 * turn's patience, "y" goes in, the first commits, and the second writer gets the answer its insert deserves: a
 * duplicate key.
 */
class DerbyInsertTurnsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private final ExecutorService other = Executors.newSingleThreadExecutor();
    private DataSource ds;
    private JdbcJobRepository repo;

    @BeforeEach
    void open() {
        ds = TestDatabases.fresh(Dialect.DERBY);
        repo = new JdbcJobRepository(Dialect.DERBY);
    }

    @AfterEach
    void close() {
        other.shutdownNow();
    }

    private static NewJob job(String id) {
        return new NewJob(id, null, null, "noop", null, "{}", T0, 0, JobStatus.SCHEDULED, 3, Duration.ofSeconds(1), null,
                null, null, T0);
    }

    @Test
    void aWriterWaitingInDerbyForTheTransactionQueuedBehindItIsNoDeadlock() throws Exception {
        try (Connection first = ds.getConnection(); Connection second = ds.getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            repo.insert(first, List.of(job("x")));
            Thread[] secondThread = new Thread[1];
            Future<Void> secondInsert = other.submit(() -> {
                secondThread[0] = Thread.currentThread();
                repo.insert(second, List.of(job("x")));
                return null;
            });
            awaitWaitingInDerby(secondThread);

            long before = System.nanoTime();
            repo.insert(first, List.of(job("y")));
            first.commit();
            assertThat(Duration.ofNanos(System.nanoTime() - before)).as("the first waited for the turn at most its patience")
                    .isLessThan(Duration.ofSeconds(10));

            Throwable refused = catchThrowable(() -> secondInsert.get(60, TimeUnit.SECONDS));
            assertThat(refused).isInstanceOf(ExecutionException.class).cause().isInstanceOf(SQLException.class);
            assertThat(((SQLException) refused.getCause()).getSQLState()).as("a duplicate key, not a lock timeout")
                    .isEqualTo("23505");
            second.rollback();
        }
        try (Connection c = ds.getConnection()) {
            assertThat(repo.status(c, "x")).contains(JobStatus.SCHEDULED);
            assertThat(repo.status(c, "y")).contains(JobStatus.SCHEDULED);
        }
    }

    /** Until the second writer's thread waits (in Derby's lock manager: it holds the turn, so not for the turn). */
    private static void awaitWaitingInDerby(Thread[] thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (thread[0] == null || !isWaiting(thread[0])) {
            assertThat(System.nanoTime()).as("the second insert waits for the first's lock").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static boolean isWaiting(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }
}
