package dev.timeos.job;

import dev.timeos.store.BoundedDelete;
import dev.timeos.store.Dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Retention's statements for ended jobs (issue 11): which succeeded or cancelled jobs are old enough to go, found
 * through each store's own index, removed in bounded batches with their executions. Dead letters never go
 * ({@link JobStatus#REMOVABLE}), nor a job a waiting job depends on. The repository's {@code countEnded} and
 * {@code deleteEnded} run them on the caller's connection ({@link JdbcJobRepository}).
 */
final class EndedJobs {

    private EndedJobs() {
    }

    /**
     * Jobs in an ended {@code status} that finished before a cutoff, and that no waiting job depends on; their
     * executions go with them. Per store, since each finds the batch through its own index.
     */
    private static final Map<Dialect, Map<JobStatus, BoundedDelete>> ENDED = Stream.of(Dialect.values()).collect(
            Collectors.toUnmodifiableMap(d -> d, d -> JobStatus.REMOVABLE.stream().collect(Collectors.toUnmodifiableMap(
                    s -> s, s -> endedDelete(d, s)))));

    /**
     * The status is a literal from {@link JobStatus#REMOVABLE}, not a parameter: PostgreSQL's partial index of removable
     * jobs ({@code timeos_job_ended}, V6) serves only a statement whose status the planner can see, and a prepared
     * statement's generic plan would not see a bound one. Derby has no such index (its V12 dropped the one it had:
     * every insert and every end wrote it); the batch reads the status's rows oldest due first from
     * {@code timeos_job_due}. A job that succeeded started at or after its due time (never early) and finished after
     * it started, so one that finished before the cutoff was due before it: the batch reads no further than the cutoff.
     * (A row that broke this would stay longer, never go early.) A cancelled job may have been due long after it was
     * cancelled, so that batch reads the cancelled rows oldest due first with no bound; cancelled jobs are few, and the
     * cost is one cleanup's, not every job's.
     */
    private static BoundedDelete endedDelete(Dialect dialect, JobStatus status) {
        String from = " FROM timeos_job WHERE status = '" + status.name() + "' AND finished_at < ? AND NOT EXISTS "
                + "(SELECT 1 FROM timeos_job_dependent w WHERE w.depends_on = timeos_job.id)";
        if (dialect == Dialect.POSTGRESQL) {
            return new BoundedDelete(from, "finished_at", "timeos_job_ended", "timeos_execution", "job_id");
        }
        return new BoundedDelete(from, "status, perform_at", "timeos_job_due",
                status == JobStatus.SUCCEEDED ? "AND perform_at < ?" : null, "timeos_execution", "job_id");
    }

    /** How many jobs {@link #delete} would remove with no limit. */
    static long count(Connection c, Dialect dialect, JobStatus status, Instant before) throws SQLException {
        return ended(dialect, status).count(c, before(before));
    }

    /**
     * Removes at most {@code limit} jobs in the ended {@code status} that finished before {@code before}, and their
     * executions: one statement conditional on the status and the finish time (a job is only ever removed in the state
     * it was selected in), then the executions of the jobs that are gone. Bounded, so that a cleanup holds the job
     * table for one short transaction per batch, never for the whole backlog.
     *
     * @return how many jobs were removed (fewer than {@code limit}: nothing more to remove now)
     */
    static int delete(Connection c, Dialect dialect, JobStatus status, Instant before, int limit) throws SQLException {
        return ended(dialect, status).run(c, before(before), limit);
    }

    /** The statements of {@link #delete} on a store for a status (plan checks). */
    static BoundedDelete batch(Dialect dialect, JobStatus status) {
        return ended(dialect, status);
    }

    /**
     * Binds the cutoff to {@link #batch}'s statements: their first parameter, and the second where a statement adds
     * the batch's bound (also for plan checks).
     */
    static BoundedDelete.Condition before(Instant cutoff) {
        return (ps, bounded) -> {
            ps.setLong(1, cutoff.toEpochMilli());
            if (bounded) {
                ps.setLong(2, cutoff.toEpochMilli());
                return 3;
            }
            return 2;
        };
    }

    private static BoundedDelete ended(Dialect dialect, JobStatus status) {
        requireRemovable(status);
        return ENDED.get(dialect).get(status);
    }

    private static void requireRemovable(JobStatus status) {
        if (!JobStatus.REMOVABLE.contains(status)) {
            throw new IllegalArgumentException("retention removes only " + JobStatus.REMOVABLE + " jobs, never " + status);
        }
    }
}
