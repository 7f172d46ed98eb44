package dev.timeos.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every write of a job row goes through here, each as one conditional statement: a claimed job's writes name
 * its {@link Lease} (job and version), a client's change names the states it may start from. A write that
 * changes no row is an answer (the job moved on), never an accident. Methods run in the caller's transaction on
 * the connection given: the engine's own local transactions, or a client's JTA transaction.
 * <p>
 * Reads for clients (lists, details) stay with JPA ({@link JobEntity}); this is the one writer.
 */
public interface JobRepository {

    // ---- creation

    /** Inserts new jobs in one batch. */
    void insert(Connection c, List<NewJob> jobs) throws SQLException;

    /** Inserts one occurrence of a recurring rule; false when another node planned it first (unique key). */
    boolean insertOccurrence(Connection c, NewJob job) throws SQLException;

    /**
     * Locks the rows of the jobs named until the transaction ends and answers their states (a job not found is left
     * out): the dependencies of a batch of new jobs, which must not end before the new jobs are stored. The rows are
     * taken in id order, so two batches never deadlock, nor a batch and the end of one job. What is left: ids made in
     * one millisecond, or on nodes whose clocks differ, can sort a dependent first; and an end of several jobs at once
     * writes all of them before any dependent. A batch naming both sides of such a pair can then meet an end in a
     * deadlock, which the database breaks by failing one of them: the batch is refused as contention (503, nothing
     * stored) or the end is retried by its writer.
     */
    Map<String, JobStatus> lockAll(Connection c, Collection<String> ids) throws SQLException;

    // ---- dispatching

    /**
     * Claims up to {@code limit} jobs due by {@code dueBy} for {@code node} (highest priority first, then earliest
     * due), leaving out {@code skippedActions}; each becomes RUNNING under a new version, its attempt counted, not yet
     * started. {@code dueBy} may be a little after {@code now}: the dispatcher claims the next milliseconds' jobs
     * ahead and starts each on its due millisecond.
     */
    List<Attempt> claim(Connection c, String node, Instant now, Instant dueBy, int limit, Instant leaseUntil,
                        Set<String> skippedActions) throws SQLException;

    /** The soonest due time among claimable jobs, leaving out {@code skippedActions}. */
    Optional<Instant> nextDue(Connection c, Set<String> skippedActions) throws SQLException;

    /** How many claimable jobs are due at {@code now}. */
    long countDue(Connection c, Instant now) throws SQLException;

    /** Records that workers began these attempts: a reaper then knows they ran (LOST), not just waited. */
    void markStarted(Connection c, Collection<Attempt> started) throws SQLException;

    /** What writing a batch of ends led to. */
    record Ended(List<String> succeeded, List<String> retried, List<String> dead, List<Lease> stale,
                 Instant earliestFollowUp) {
    }

    /**
     * Writes how attempts ended, each fenced by its lease: the job's new state, one execution row per attempt,
     * and what that means for dependent jobs. An end whose lease was superseded changes no job and is recorded
     * as a {@code STALE} execution (over the {@code LOST} row the reaper wrote for it, if any).
     */
    Ended end(Connection c, List<AttemptEnd> ends, Instant now) throws SQLException;

    /** Extends the leases of exactly these attempts. @return the leases that no longer hold (superseded) */
    Set<Lease> renew(Connection c, Collection<Lease> held, Instant leaseUntil) throws SQLException;

    /**
     * Hands back the rows this node claimed but does not hold (a claim whose answer was lost, an error after
     * it): RUNNING under {@code node}, lease not renewed since {@code claimedBefore}, lease not in {@code held}.
     */
    List<String> handBackUnheld(Connection c, String node, Set<Lease> held, Instant claimedBefore, Instant now)
            throws SQLException;

    /**
     * Takes back the jobs of nodes that stopped renewing (lease expired), other than {@code exceptNode}: one that
     * started is LOST (an execution row) and runs again; one that only waited in memory goes back uncounted.
     */
    List<String> reapExpired(Connection c, String exceptNode, Instant now) throws SQLException;

    /** As {@link #reapExpired}, for every RUNNING job of {@code node}: it restarted and holds nothing. */
    List<String> recoverNode(Connection c, String node, Instant now) throws SQLException;

    /** The previous occurrence of a recurring rule, when it is RUNNING (for overlap policies). */
    Optional<String> runningPreviousOccurrence(Connection c, String ruleId, Instant occurrenceAt) throws SQLException;

    // ---- clients

    /** What a client's change did. */
    enum Change { DONE, NOT_FOUND, CONFLICT }

    /** Moves a pending job to a new due time. */
    Change reschedule(Connection c, String id, Instant at, Instant now) throws SQLException;

    record Cancelled(List<String> cancelled, List<String> notFound, List<String> notCancellable, List<String> dependents) {
    }

    /** Cancels jobs that have not ended (a running one's attempt is then fenced out), and their waiting dependents. */
    default Cancelled cancel(Connection c, Collection<String> ids, String reason, Instant now) throws SQLException {
        return cancel(c, ids, JobStatus.CANCELLABLE, reason, now);
    }

    /**
     * The same, for jobs in a status of {@code from} when their own statement runs: a caller that decided from an earlier
     * read (an overlap policy's "the previous run is still running") says which statuses it meant.
     */
    Cancelled cancel(Connection c, Collection<String> ids, Set<JobStatus> from, String reason, Instant now)
            throws SQLException;

    /**
     * Cancels a rule's pending jobs (not started, or failed and waiting for their retry), each only if still pending
     * when it is written, and frees their occurrence keys so that the rule's next plan may take the same instants.
     */
    Cancelled cancelPendingOfRule(Connection c, String ruleId, String reason, Instant now) throws SQLException;

    /** A dead job starts over: due now, attempts reset. */
    Change retryDead(Connection c, String id, Instant now) throws SQLException;

    /** Removes a dead job and its executions for good. */
    Change deleteDead(Connection c, String id) throws SQLException;

    Optional<JobStatus> status(Connection c, String id) throws SQLException;
}
