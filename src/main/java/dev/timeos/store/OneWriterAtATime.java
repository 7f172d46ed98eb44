package dev.timeos.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs one statement of a kind at a time on this node, in arrival order, for Derby's batch inserts of jobs, events and
 * rule decisions (issue 9); {@link #executeBatch} decides which stores take turns.
 * Derby inserts a batch row by row, each row into the table and each of its indexes, latching the pages it walks; with
 * the writers side by side they wait on the same pages at the end of each index. Measured in-process on the job table
 * with all its indexes (batches of 1,000, a commit after each): one writer 16-18k rows/s, two or four writers side by
 * side 10-14k, four writers taking turns around the statement (their commits still side by side) 17-20k.
 *
 * <p>Only a speed-up, never a guarantee: the statement still runs in its own transaction under Derby's locks, and a
 * writer that waited {@code patience} runs anyway. So a holder waiting on a row lock of a writer queued here (a
 * cycle Derby cannot see) costs that writer at most {@code patience}, never a deadlock.
 */
public final class OneWriterAtATime {

    /** How long the store's writers wait for their turn before they run anyway. */
    public static final Duration PATIENCE = Duration.ofSeconds(1);

    private final ReentrantLock turn = new ReentrantLock(true);
    private final long patienceNanos;

    public OneWriterAtATime(Duration patience) {
        this.patienceNanos = patience.toNanos();
    }

    @FunctionalInterface
    public interface Statement<T> {
        T run() throws SQLException;
    }

    /**
     * {@code ps.executeBatch()}, taking turns on Derby only: PostgreSQL's writers run side by side (its batch insert
     * meets its target that way, and taking turns there was not measured).
     */
    public int[] executeBatch(PreparedStatement ps, Dialect dialect) throws SQLException {
        return dialect == Dialect.DERBY ? run(ps::executeBatch) : ps.executeBatch();
    }

    /** Runs {@code statement} when no other writer does, or after {@code patience} whatever the others do. */
    public <T> T run(Statement<T> statement) throws SQLException {
        boolean mine = false;
        try {
            mine = turn.tryLock(patienceNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            return statement.run();
        } finally {
            if (mine) {
                turn.unlock();
            }
        }
    }

    /** Whether a writer runs now with its turn (for tests). */
    boolean taken() {
        return turn.isLocked();
    }

    /** Whether a writer waits for its turn (for tests). */
    boolean queued() {
        return turn.hasQueuedThreads();
    }
}
