package dev.timeos.job;

import dev.timeos.job.Execution.Outcome;

import java.time.Instant;

/**
 * How an attempt ended and what its job becomes: made by {@link Attempt}'s transitions, written by
 * {@link JobRepository#end} fenced by the attempt's lease.
 *
 * @param outcome    the execution row's outcome; null when nothing ran (no row)
 * @param next       the job's new status; null when someone else already set it (a cancellation)
 * @param nextDue    the job's due time from now on
 * @param uncounted  the attempt is given back: the next claim reuses its number
 */
public record AttemptEnd(Attempt attempt, Outcome outcome, String error, JobStatus next, Instant nextDue,
                         boolean uncounted, Instant finishedAt) {

    public boolean retries() {
        return next == JobStatus.FAILED;
    }
}
